package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Hopfield networks in the model directory: {@code weights.npy} (n × n) and {@code bias.npy} (n), with
 * {@code kind = "hopfield"}, {@code units} and {@code encoding} in {@code metadata.json}.
 */
public final class HopfieldStore {
    /** The {@code kind} written into metadata. */
    public static final String KIND = "hopfield";

    private HopfieldStore() {
    }

    /** The arrays of {@code net}, by file name, for {@link ModelStore#write}. */
    public static Map<String, ModelStore.NamedArray> arrays(HopfieldNetwork net) {
        int n = net.size();
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        arrays.put("weights", new ModelStore.NamedArray(net.weights(), n, n));
        arrays.put("bias", new ModelStore.NamedArray(net.biases(), n));
        return arrays;
    }

    /** Fills in kind, sizes and encoding. */
    public static void describe(ObjectNode metadata, HopfieldNetwork net) {
        metadata.put("kind", KIND);
        metadata.put("units", net.size());
        metadata.put("visible", net.size());
        metadata.put("hidden", 0);
        metadata.put("encoding", net.encoding().name().toLowerCase());
    }

    /** Writes {@code net} with {@code metadata} and extra text files ({@code metrics.jsonl}) atomically. */
    public static void write(Configuration conf, String dir, HopfieldNetwork net, ObjectNode metadata,
                             Map<String, String> texts, boolean overwrite) throws IOException {
        describe(metadata, net);
        ModelStore.write(conf, dir, metadata, arrays(net), texts, overwrite);
    }

    /** The metadata and the network of a model directory. */
    public record Loaded(ObjectNode metadata, HopfieldNetwork network) {
    }

    /**
     * Reads a Hopfield model directory, checking kind, shapes, symmetry and the zero diagonal.
     *
     * @throws BadInputException naming the file when anything is off
     */
    public static Loaded read(Configuration conf, String dir) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, KIND);
        int n = ModelStore.positiveInt(meta, dir, "units");
        Encoding encoding;
        try {
            encoding = Encoding.parse(meta.path("encoding").asText(""));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir + "/" + ModelStore.METADATA + ": " + e.getMessage());
        }
        double[] w = ModelStore.readArray(conf, dir, "weights", n, n).data();
        double[] b = ModelStore.readArray(conf, dir, "bias", n).data();
        try {
            return new Loaded(meta, HopfieldNetwork.of(w, b, encoding));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir + "/weights.npy: " + e.getMessage());
        }
    }
}
