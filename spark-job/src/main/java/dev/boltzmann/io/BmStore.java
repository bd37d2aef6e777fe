package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.BoltzmannMachine;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Boltzmann machines in the model directory: {@code weights.npy} (n × n) and {@code bias.npy} (n), units in the
 * order visible, labels, hidden ({@code unitOrder} in {@code metadata.json}, with {@code visible}, {@code labels}
 * and {@code hidden}), {@code kind = "bm"}, binary units.
 */
public final class BmStore {
    /** The {@code kind} written into metadata. */
    public static final String KIND = "bm";

    private BmStore() {
    }

    /** The arrays of {@code bm}, by file name. */
    public static Map<String, ModelStore.NamedArray> arrays(BoltzmannMachine bm) {
        int n = bm.size();
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        arrays.put("weights", new ModelStore.NamedArray(bm.weights(), n, n));
        arrays.put("bias", new ModelStore.NamedArray(bm.biases(), n));
        return arrays;
    }

    /** Fills in kind, sizes, unit order and encoding. */
    public static void describe(ObjectNode metadata, BoltzmannMachine bm) {
        metadata.put("kind", KIND);
        metadata.put("units", bm.size());
        metadata.put("visible", bm.numVisible());
        metadata.put("labels", bm.numLabels());
        metadata.put("hidden", bm.numHidden());
        metadata.put("unitOrder", "visible, labels, hidden");
        metadata.put("encoding", "binary");
    }

    /** The metadata and the machine of a model directory. */
    public record Loaded(ObjectNode metadata, BoltzmannMachine bm) {
    }

    /**
     * Reads a BM model directory, checking kind, sizes, shapes, symmetry and the zero diagonal.
     *
     * @throws BadInputException naming the file when anything is off
     */
    public static Loaded read(Configuration conf, String dir) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, KIND);
        int nv = ModelStore.positiveInt(meta, dir, "visible");
        int c = meta.path("labels").asInt(0);
        int nh = meta.path("hidden").asInt(0);
        if (c < 0 || nh < 0 || c == 1) {
            throw new BadInputException(dir + "/" + ModelStore.METADATA + ": labels (" + c + ") must be 0 or >= 2 and"
                + " hidden (" + nh + ") >= 0");
        }
        int n = nv + c + nh;
        double[] w = ModelStore.readArray(conf, dir, "weights", n, n).data();
        double[] b = ModelStore.readArray(conf, dir, "bias", n).data();
        try {
            return new Loaded(meta, BoltzmannMachine.of(nv, c, nh, w, b));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir + "/weights.npy: " + e.getMessage());
        }
    }
}
