package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.ModelStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * Persistence of the stages. A fitted model is saved as the project's model directory ({@code metadata.json} and
 * {@code .npy} arrays, {@link ModelStore}) with one more file, {@code metadata/part-00000}: the one JSON line
 * (class, uid, Spark version, params) that Spark's pipeline reader opens to find the stage's class, whose static
 * {@code read()} it then calls. An estimator holds no data and is saved as that file alone.
 *
 * <p>A model directory without {@code metadata/} (written by the CLI) loads as a stage with a new uid and the
 * default params; the CLI ignores the extra directory, so stage and CLI share every model.
 */
final class StageIo {
    /** The directory Spark's {@code DefaultParamsReader} reads a stage's class and params from. */
    static final String SPARK_METADATA = "metadata";
    private static final String PART = SPARK_METADATA + "/part-00000";

    private StageIo() {
    }

    /** A stage's saved uid and the params that were set explicitly (name → JSON value). */
    record Saved(String className, String uid, ObjectNode paramMap) {
    }

    /** Something done on a writer's or reader's session and path. */
    @FunctionalInterface
    interface PathAction<T> {
        T apply(SparkSession spark, String path) throws IOException;
    }

    /** A writer that runs {@code save} (after {@link MLWriter#save} has dealt with an existing path). */
    static MLWriter writer(PathAction<Void> save) {
        return new MLWriter() {
            @Override
            public void saveImpl(String path) {
                try {
                    save.apply(sparkSession(), path);
                } catch (IOException e) {
                    throw new UncheckedIOException(path + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** A reader that runs {@code load}. */
    static <T> MLReader<T> reader(PathAction<T> load) {
        return new MLReader<T>() {
            @Override
            public T load(String path) {
                try {
                    return load.apply(sparkSession(), path);
                } catch (IOException e) {
                    throw new UncheckedIOException(path + ": " + e.getMessage(), e);
                }
            }
        };
    }

    /** Runs a trainer, whose checked exceptions become an {@link IllegalStateException} naming the stage. */
    static <T> T training(String stage, java.util.concurrent.Callable<T> trainer) {
        try {
            return trainer.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(stage + ": training failed: " + e.getMessage(), e);
        }
    }

    /** The Hadoop configuration of {@code spark}. */
    static Configuration hadoop(SparkSession spark) {
        return spark.sparkContext().hadoopConfiguration();
    }

    /** Spark's metadata line of {@code stage}: class, timestamp, Spark version, uid, set and default params. */
    static String sparkMetadata(Params stage, String sparkVersion) {
        ObjectNode node = ModelStore.json().createObjectNode();
        node.put("class", stage.getClass().getName());
        node.put("timestamp", System.currentTimeMillis());
        node.put("sparkVersion", sparkVersion);
        node.put("uid", stage.uid());
        ObjectNode set = node.putObject("paramMap");
        ObjectNode defaults = node.putObject("defaultParamMap");
        for (Param<?> p : stage.params()) {
            if (stage.isSet(p)) {
                set.set(p.name(), parse(encode(p, stage.getOrDefault(p))));
            }
            if (stage.hasDefault(p)) {
                defaults.set(p.name(), parse(encode(p, stage.getDefault(p).get())));
            }
        }
        return node.toString();
    }

    @SuppressWarnings("unchecked")
    private static String encode(Param<?> p, Object value) {
        return ((Param<Object>) p).jsonEncode(value);
    }

    private static JsonNode parse(String json) {
        try {
            return ModelStore.json().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of {@code metadata/part-00000} for {@code stage}, by name, for {@link ModelStore#writeFiles}. */
    static Map<String, byte[]> sparkMetadataFile(Params stage, SparkSession spark) {
        return Map.of(PART, (sparkMetadata(stage, spark.version()) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Saves a params-only stage (an estimator): {@code path/metadata/part-00000}. */
    static void writeParams(Params stage, SparkSession spark, String path) throws IOException {
        Path file = new Path(path, PART);
        FileSystem fs = ModelStore.fileSystem(file, hadoop(spark));
        try (FSDataOutputStream out = fs.create(file, false)) {
            out.write(sparkMetadataFile(stage, spark).get(PART));
        }
    }

    /** The writer of a params-only stage (an estimator). */
    static MLWriter paramsWriter(Params stage) {
        return writer((spark, path) -> {
            writeParams(stage, spark, path);
            return null;
        });
    }

    /**
     * The writer of a fitted model.
     *
     * @param metadata the model's provenance (copied; null for none)
     * @param describe fills in kind, sizes and encoding ({@code RbmStore.describe} and the like)
     */
    static MLWriter modelWriter(Params stage, ObjectNode metadata, java.util.function.Consumer<ObjectNode> describe,
                                Map<String, ModelStore.NamedArray> arrays) {
        return writer((spark, path) -> {
            ObjectNode meta = metadata != null ? metadata.deepCopy() : ModelStore.json().createObjectNode();
            describe.accept(meta);
            writeModel(stage, spark, path, meta, arrays);
            return null;
        });
    }

    /** Saves a fitted model: the model directory with {@code metadata} and {@code arrays}, plus Spark's file. */
    static void writeModel(Params stage, SparkSession spark, String path, ObjectNode metadata,
                           Map<String, ModelStore.NamedArray> arrays) throws IOException {
        ModelStore.writeFiles(hadoop(spark), path, metadata, arrays, sparkMetadataFile(stage, spark), false);
    }

    /**
     * The saved params of the stage at {@code path}, or null when there is no {@code metadata/} (a model
     * directory written by the CLI).
     *
     * @param expected the stage class the caller loads
     * @throws BadInputException if the file is not Spark's metadata or names another class
     */
    static Saved readParams(Configuration conf, String path, Class<?> expected) throws IOException {
        Path dir = new Path(path, SPARK_METADATA);
        FileSystem fs = ModelStore.fileSystem(dir, conf);
        if (!fs.exists(dir)) {
            return null;
        }
        FileStatus part = Arrays.stream(fs.listStatus(dir))
            .filter(s -> s.isFile() && !s.getPath().getName().startsWith("_") && !s.getPath().getName().startsWith("."))
            .min(Comparator.comparing(s -> s.getPath().getName()))
            .orElseThrow(() -> new BadInputException(dir + ": no metadata file inside"));
        JsonNode node;
        try (InputStream in = fs.open(part.getPath())) {
            node = ModelStore.json().readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadInputException(part.getPath() + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        String cls = node.path("class").asText("");
        if (!cls.equals(expected.getName())) {
            throw new BadInputException(path + ": holds a " + (cls.isEmpty() ? "stage of unknown class" : cls)
                + ", not a " + expected.getName() + " (load it with " + (cls.isEmpty() ? "its own class" : cls)
                + ".load)");
        }
        if (!node.path("uid").isTextual() || !(node.path("paramMap") instanceof ObjectNode params)) {
            throw new BadInputException(part.getPath() + ": expected 'uid' and 'paramMap' in Spark's stage metadata");
        }
        return new Saved(cls, node.path("uid").asText(), params);
    }

    /**
     * {@code stage} with the saved params set (through {@link Params#copy}, which keeps the uid).
     *
     * @throws BadInputException naming a param the stage does not have or a value it refuses
     */
    @SuppressWarnings("unchecked")
    static <T extends Params> T withParams(T stage, ObjectNode paramMap, String path) {
        ParamMap map = ParamMap.empty();
        Iterator<Map.Entry<String, JsonNode>> it = paramMap.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!stage.hasParam(e.getKey())) {
                throw new BadInputException(path + "/" + PART + ": " + stage.getClass().getSimpleName()
                    + " has no param '" + e.getKey() + "'");
            }
            Param<Object> p = (Param<Object>) stage.getParam(e.getKey());
            Object value;
            try {
                value = p.jsonDecode(e.getValue().toString());
            } catch (RuntimeException ex) {
                throw new BadInputException(path + "/" + PART + ": param '" + e.getKey() + "': " + ex.getMessage(), ex);
            }
            if (!(Boolean) p.isValid().apply(value)) {
                throw new BadInputException(path + "/" + PART + ": param '" + e.getKey() + "' = " + e.getValue()
                    + " is not allowed: " + p.doc());
            }
            map.put(p, value);
        }
        return (T) stage.copy(map);
    }

    /** Loads a params-only stage: a new {@code create(uid)} with the saved params. */
    static <T extends Params> MLReader<T> paramsReader(Class<T> cls, java.util.function.Function<String, T> create) {
        return reader((spark, path) -> {
            Saved saved = readParams(hadoop(spark), path, cls);
            if (saved == null) {
                throw new BadInputException(path + ": no saved " + cls.getSimpleName() + " here (missing "
                    + SPARK_METADATA + "/)");
            }
            return withParams(create.apply(saved.uid()), saved.paramMap(), path);
        });
    }

    /** Loads a model: {@code create(uid)} with the saved params, or with a new uid for a CLI model directory. */
    static <T extends Params> T loadModel(Configuration conf, String path, Class<T> cls,
                                          java.util.function.Function<String, T> create) throws IOException {
        Saved saved = readParams(conf, path, cls);
        if (saved == null) {
            return create.apply(null);
        }
        return withParams(create.apply(saved.uid()), saved.paramMap(), path);
    }
}
