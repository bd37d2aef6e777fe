package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.math.Seeds;
import java.time.Instant;
import java.util.Map;

/**
 * The provenance part of a model's {@code metadata.json}: the whole effective config, the seed and its
 * derivation scheme, the data, the epochs completed, the final metrics and the versions of everything that ran.
 * Enough to retrain the same model.
 */
public final class RunMetadata {
    private RunMetadata() {
    }

    /** This library's version, from the jar manifest ("dev" when run from classes). */
    public static String libraryVersion() {
        String v = RunMetadata.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /**
     * A metadata object for a finished run.
     *
     * @param config every config key with the value in force
     * @param seed the run's seed
     * @param dataPath where the patterns came from
     * @param rows how many patterns
     * @param epochs epochs completed
     * @param sparkVersion the Spark version that ran, or null
     * @param started when training started
     */
    public static ObjectNode create(Map<String, String> config, long seed, String dataPath, long rows, int width,
                                    int epochs, String sparkVersion, Instant started) {
        ObjectNode meta = ModelStore.json().createObjectNode();
        ObjectNode conf = meta.putObject("config");
        config.forEach(conf::put);
        meta.put("seed", seed);
        meta.put("seedScheme", Seeds.SCHEME);
        meta.put("epochsCompleted", epochs);
        ObjectNode data = meta.putObject("data");
        data.put("path", dataPath);
        data.put("rows", rows);
        data.put("width", width);
        ObjectNode versions = meta.putObject("versions");
        versions.put("library", libraryVersion());
        if (sparkVersion != null) {
            versions.put("spark", sparkVersion);
        }
        versions.put("java", System.getProperty("java.version"));
        versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        meta.put("startedAt", started.toString());
        meta.put("finishedAt", Instant.now().toString());
        return meta;
    }

    /**
     * Records, under {@code previousRuns}, the run that produced the model a warm start began from: its directory,
     * config, seed, data, epochs and times, and the runs before it (oldest first).
     */
    public static void recordPreviousRun(ObjectNode meta, String dir, ObjectNode previous) {
        com.fasterxml.jackson.databind.node.ArrayNode runs = meta.putArray("previousRuns");
        if (previous.path("previousRuns").isArray()) {
            previous.path("previousRuns").forEach(runs::add);
        }
        ObjectNode run = runs.addObject();
        run.put("model", dir);
        for (String field : new String[] {"config", "seed", "data", "epochsCompleted", "startedAt", "finishedAt",
            "metrics", "versions"}) {
            if (previous.has(field)) {
                run.set(field, previous.get(field));
            }
        }
    }
}
