package dev.boltzmann.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A job's configuration: a properties file ({@code key = value}, {@code #} comments) with {@code --set}
 * overrides, checked against {@link ConfigKeys} before any work starts.
 *
 * <p>Unknown keys, missing required keys and bad values are refused with a message that names the key, the
 * value and what is allowed. {@link #effective()} gives every key with the value in force, defaults included,
 * which is what a model's {@code metadata.json} records.
 */
public final class JobConfig {
    private final String source;
    private final Map<String, String> values;

    private JobConfig(String source, Map<String, String> values) {
        this.source = source;
        this.values = values;
    }

    /**
     * Loads {@code file} and applies {@code overrides} ({@code key=value} each, later ones win).
     *
     * @throws ConfigException on a missing file, an unknown key, a missing required key or a bad value
     */
    public static JobConfig load(Path file, List<String> overrides) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": config file not found");
        }
        return parse(file.toString(), text, overrides);
    }

    /** Parses config text (see {@link #load}); {@code source} names it in messages. */
    public static JobConfig parse(String source, String text, List<String> overrides) {
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(source + ": not a properties file: " + e.getMessage());
        }
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, String> where = new LinkedHashMap<>();
        for (String k : props.stringPropertyNames()) {
            given.put(k.trim(), props.getProperty(k));
            where.put(k.trim(), source);
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + o + ": expected key=value");
            }
            String k = o.substring(0, eq).trim();
            given.put(k, o.substring(eq + 1));
            where.put(k, "--set");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            ConfigKey key = ConfigKeys.get(e.getKey());
            if (key == null) {
                throw new ConfigException(where.get(e.getKey()) + ": unknown key '" + e.getKey()
                    + "'; valid keys: " + String.join(", ", ConfigKeys.all().keySet()));
            }
            values.put(key.name(), key.check(where.get(e.getKey()), e.getValue()));
        }
        Map<String, String> all = new LinkedHashMap<>();
        for (ConfigKey key : ConfigKeys.all().values()) {
            String v = values.get(key.name());
            if (v == null) {
                if (key.required()) {
                    throw new ConfigException(source + ": required key '" + key.name() + "' is missing ("
                        + key.doc() + ")");
                }
                v = key.defaultValue();
            }
            all.put(key.name(), v);
        }
        return new JobConfig(source, all);
    }

    /** Where the config came from (file name). */
    public String source() {
        return source;
    }

    /** The value of {@code key} (defaults applied; "" means decided by the model kind or data). */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no such config key: " + key);
        }
        return v;
    }

    /** The value of {@code key}, or {@code fallback} when it is "". */
    public String getOr(String key, String fallback) {
        String v = get(key);
        return v.isEmpty() ? fallback : v;
    }

    /** An int key. */
    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    /** A long key. */
    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    /** A double key. */
    public double getDouble(String key) {
        return Double.parseDouble(get(key));
    }

    /** A boolean key. */
    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
    }

    /** Every key with the value in force, in table order. */
    public Map<String, String> effective() {
        return Collections.unmodifiableMap(values);
    }

    /** How to read the patterns at {@code path} ({@code data.format}, binarisation, bad records). */
    public dev.boltzmann.spark.PatternSource.Spec dataSpec(String path) {
        return new dev.boltzmann.spark.PatternSource.Spec(path, get("data.format"), getInt("spark.partitions"),
            get("data.binarize"), getDouble("data.threshold"), getLong("train.seed"),
            get("data.onBadRecord").equals("skip"), get("model.visibleUnits").equals("gaussian"));
    }

    /**
     * The simulated-annealing schedule of the {@code anneal.*} keys.
     *
     * @throws ConfigException naming {@code anneal.minTemperature} when it exceeds the initial temperature
     */
    public dev.boltzmann.sampling.AnnealingSchedule annealing() {
        double t0 = getDouble("anneal.initialTemperature");
        double tMin = getDouble("anneal.minTemperature");
        if (tMin > t0) {
            throw invalid("anneal.minTemperature", "the lowest temperature must not exceed anneal.initialTemperature"
                + " = " + get("anneal.initialTemperature"));
        }
        return dev.boltzmann.sampling.AnnealingSchedule.geometric(t0, getDouble("anneal.alpha"), tMin,
            getInt("anneal.sweepsPerTemperature"));
    }

    /** Refuses the config with a message naming {@code key} and its value. */
    public ConfigException invalid(String key, String why) {
        return new ConfigException(source + ": " + key + " = '" + get(key) + "': " + why);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return sb.toString();
    }
}
