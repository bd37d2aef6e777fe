package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Restricted Boltzmann machines in the model directory: {@code W.npy} (visible × hidden),
 * {@code visible_bias.npy} (visible) and {@code hidden_bias.npy} (hidden), and with label units
 * {@code label_weights.npy} (labels × hidden) and {@code label_bias.npy} (labels); {@code kind = "rbm"},
 * {@code visible}, {@code hidden}, {@code labels} and {@code encoding = "binary"} in {@code metadata.json}.
 */
public final class RbmStore {
    /** The {@code kind} written into metadata. */
    public static final String KIND = "rbm";

    private RbmStore() {
    }

    /** The arrays of {@code rbm}, by file name, for {@link ModelStore#write}. */
    public static Map<String, ModelStore.NamedArray> arrays(Rbm rbm) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        arrays.put("W", new ModelStore.NamedArray(rbm.weights(), nv, nh));
        arrays.put("visible_bias", new ModelStore.NamedArray(rbm.visibleBias(), nv));
        arrays.put("hidden_bias", new ModelStore.NamedArray(rbm.hiddenBias(), nh));
        return arrays;
    }

    /** The arrays of a label RBM: the RBM's, plus {@code label_weights} (labels × hidden) and {@code label_bias}. */
    public static Map<String, ModelStore.NamedArray> arrays(LabelRbm m) {
        Map<String, ModelStore.NamedArray> arrays = arrays(m.visiblePart());
        arrays.put("label_weights", new ModelStore.NamedArray(m.labelWeights(), m.numLabels(), m.numHidden()));
        arrays.put("label_bias", new ModelStore.NamedArray(m.labelBias(), m.numLabels()));
        return arrays;
    }

    /** Fills in kind, sizes and encoding. */
    public static void describe(ObjectNode metadata, Rbm rbm, int labels) {
        metadata.put("kind", KIND);
        metadata.put("visible", rbm.numVisible());
        metadata.put("hidden", rbm.numHidden());
        metadata.put("labels", labels);
        metadata.put("encoding", "binary");
    }

    /**
     * The metadata and the RBM of a model directory.
     *
     * @param rbm the RBM (the visible part, for a label RBM)
     * @param labelRbm the label RBM, or null when the model has no label units
     */
    public record Loaded(ObjectNode metadata, Rbm rbm, LabelRbm labelRbm) {
    }

    /**
     * Reads an RBM model directory, checking kind and shapes.
     *
     * @throws BadInputException naming the file when anything is off
     */
    public static Loaded read(Configuration conf, String dir) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, KIND);
        if (GaussianRbmStore.isGaussian(meta)) {
            throw new BadInputException(dir + ": a gaussian rbm (real-valued visible units) cannot be used here");
        }
        int nv = ModelStore.positiveInt(meta, dir, "visible");
        int nh = ModelStore.positiveInt(meta, dir, "hidden");
        double[] w = ModelStore.readArray(conf, dir, "W", nv, nh).data();
        double[] a = ModelStore.readArray(conf, dir, "visible_bias", nv).data();
        double[] b = ModelStore.readArray(conf, dir, "hidden_bias", nh).data();
        int nc = meta.path("labels").asInt(0);
        try {
            if (nc > 0) {
                double[] u = ModelStore.readArray(conf, dir, "label_weights", nc, nh).data();
                double[] d = ModelStore.readArray(conf, dir, "label_bias", nc).data();
                LabelRbm m = LabelRbm.of(w, a, b, u, d);
                return new Loaded(meta, m.visiblePart(), m);
            }
            return new Loaded(meta, Rbm.of(w, a, b), null);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir + ": " + e.getMessage());
        }
    }
}
