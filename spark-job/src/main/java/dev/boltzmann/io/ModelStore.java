package dev.boltzmann.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model directory: {@code metadata.json} plus float64 little-endian {@code .npy} arrays, on any Hadoop file
 * system (local, {@code hdfs://}, {@code s3a://}).
 *
 * <p>Writes are atomic at the directory level: everything goes into a hidden sibling
 * {@code .<name>.tmp-<uuid>}, which is renamed to the final name only when complete, so a crash never leaves a
 * half-written model under the final name. An existing directory is replaced only when the caller says so.
 *
 * <p>Reads never trust the directory: the metadata must name the expected kind and format version, and every
 * array must have the shape the metadata implies (see {@link Npy}).
 */
public final class ModelStore {
    /** Version of the directory layout written into {@code metadata.json} as {@code formatVersion}. */
    public static final int FORMAT_VERSION = 1;
    /** Name of the metadata file. */
    public static final String METADATA = "metadata.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelStore() {
    }

    /** The shared JSON mapper (pretty-printing). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** An array to store: its values in C order and its shape. */
    public record NamedArray(double[] data, long... shape) {
    }

    /**
     * Writes a model directory atomically.
     *
     * @param conf Hadoop configuration (from Spark, or {@code new Configuration()})
     * @param dir the directory to create
     * @param metadata the metadata object ({@code formatVersion} is added)
     * @param arrays file name (without {@code .npy}) → array
     * @param overwrite replace an existing directory; otherwise an existing one is an error
     * @throws BadInputException if {@code dir} exists and {@code overwrite} is false
     */
    public static void write(Configuration conf, String dir, ObjectNode metadata, Map<String, NamedArray> arrays,
                             boolean overwrite) throws IOException {
        write(conf, dir, metadata, arrays, Map.of(), overwrite);
    }

    /**
     * Writes a model directory atomically, with extra text files beside the arrays (e.g. {@code metrics.jsonl}).
     *
     * @param texts file name → UTF-8 content
     * @see #write(Configuration, String, ObjectNode, Map, boolean)
     */
    public static void write(Configuration conf, String dir, ObjectNode metadata, Map<String, NamedArray> arrays,
                             Map<String, String> texts, boolean overwrite) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        texts.forEach((name, text) -> files.put(name, text.getBytes(StandardCharsets.UTF_8)));
        writeFiles(conf, dir, metadata, arrays, files, overwrite);
    }

    /**
     * Writes a model directory atomically, with extra files (text or binary, e.g. pictures; a name may hold one
     * subdirectory, {@code pictures/filters.png}) beside the arrays.
     *
     * @see #write(Configuration, String, ObjectNode, Map, boolean)
     */
    public static void writeFiles(Configuration conf, String dir, ObjectNode metadata, Map<String, NamedArray> arrays,
                                  Map<String, byte[]> files, boolean overwrite) throws IOException {
        Path target = new Path(dir);
        FileSystem fs = fileSystem(target, conf);
        if (fs.exists(target) && !overwrite) {
            throw new BadInputException(dir + ": already exists (pass --overwrite to replace it)");
        }
        Path parent = target.getParent();
        if (parent != null && !fs.exists(parent)) {
            fs.mkdirs(parent);
        }
        Path tmp = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            if (!fs.mkdirs(tmp)) {
                throw new IOException("cannot create " + tmp);
            }
            metadata.put("formatVersion", FORMAT_VERSION);
            for (Map.Entry<String, NamedArray> e : arrays.entrySet()) {
                try (FSDataOutputStream out = fs.create(new Path(tmp, e.getKey() + ".npy"), false)) {
                    Npy.write(out, e.getValue().data(), e.getValue().shape());
                }
            }
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                try (FSDataOutputStream out = fs.create(new Path(tmp, e.getKey()), false)) {
                    out.write(e.getValue());
                }
            }
            try (FSDataOutputStream out = fs.create(new Path(tmp, METADATA), false)) {
                out.write(JSON.writeValueAsBytes(metadata));
            }
            replace(fs, tmp, target);
        } catch (IOException | RuntimeException e) {
            try {
                fs.delete(tmp, true);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof IOException io) {
                throw WriteFailedException.of(dir, io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Renames {@code tmp} to {@code target}, moving an existing target aside first and deleting it after. */
    static void replace(FileSystem fs, Path tmp, Path target) throws IOException {
        Path old = null;
        if (fs.exists(target)) {
            old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
            if (!fs.rename(target, old)) {
                throw new IOException("cannot move the existing " + target + " aside");
            }
        }
        if (!fs.rename(tmp, target)) {
            if (old != null) {
                fs.rename(old, target);
            }
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
        if (old != null) {
            fs.delete(old, true);
        }
    }

    /**
     * Reads and checks {@code metadata.json}.
     *
     * @param expectedKind the model kind the caller can use, or null for any
     * @throws BadInputException if the directory or file is missing, not JSON, of another kind or format version
     */
    public static ObjectNode readMetadata(Configuration conf, String dir, String expectedKind) throws IOException {
        Path file = new Path(dir, METADATA);
        FileSystem fs = fileSystem(file, conf);
        if (!fs.exists(new Path(dir))) {
            throw new BadInputException(dir + ": model directory does not exist");
        }
        JsonNode node;
        try (InputStream in = fs.open(file)) {
            node = JSON.readTree(in);
        } catch (FileNotFoundException e) {
            throw new BadInputException(file + ": missing (not a model directory?)", e);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode meta)) {
            throw new BadInputException(file + ": expected a JSON object");
        }
        int version = meta.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BadInputException(file + ": formatVersion " + meta.path("formatVersion")
                + " is not supported (this build reads " + FORMAT_VERSION + ")");
        }
        String kind = meta.path("kind").asText("");
        if (expectedKind != null && !expectedKind.equals(kind)) {
            throw new BadInputException(file + ": the model is of kind '" + kind + "', expected '" + expectedKind
                + "'");
        }
        return meta;
    }

    /** A positive integer field of a model's metadata, or an error naming the file and the field. */
    public static int positiveInt(ObjectNode meta, String dir, String field) {
        JsonNode v = meta.path(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new BadInputException(dir + "/" + METADATA + ": '" + field + "' must be a positive integer, got "
                + (v.isMissingNode() ? "nothing" : v.toString()));
        }
        return v.asInt();
    }

    /**
     * Reads one array of a model directory, checking its shape and that every value is finite.
     *
     * @param name file name without {@code .npy}
     * @param shape the shape the metadata implies
     */
    public static Npy.Array readArray(Configuration conf, String dir, String name, long... shape) throws IOException {
        Path file = new Path(dir, name + ".npy");
        FileSystem fs = fileSystem(file, conf);
        if (!fs.exists(file)) {
            throw new BadInputException(file + ": missing array file");
        }
        long length = fs.getFileStatus(file).getLen();
        Npy.Array array;
        try (InputStream in = fs.open(file)) {
            array = Npy.read(file.toString(), in, length, shape);
        }
        double[] data = array.data();
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new BadInputException(file + ": element " + k + " is " + data[k]
                    + "; model parameters must be finite");
            }
        }
        return array;
    }

    /**
     * The file system of {@code path}, with Hadoop's client-side {@code .crc} side files turned off: a model
     * directory holds only the files a NumPy user expects, and the {@code .npy} reader does its own checks.
     */
    public static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return fs;
    }

    /** An ordered map builder for the arrays of a model. */
    public static Map<String, NamedArray> arrays() {
        return new LinkedHashMap<>();
    }
}
