package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Deep belief nets in the model directory: layer k (from the data up) as {@code W_k.npy} (n_k × n_{k+1}),
 * {@code visible_bias_k.npy} and {@code hidden_bias_k.npy}; with a label top, the top layer's
 * {@code label_weights.npy} (labels × n_top) and {@code label_bias.npy}. {@code metadata.json} has
 * {@code kind = "dbn"}, {@code layers} (the unit counts from the data up) and {@code labels}.
 */
public final class DbnStore {
    /** The {@code kind} written into metadata. */
    public static final String KIND = "dbn";

    private DbnStore() {
    }

    /** The arrays of {@code dbn}, by file name. */
    public static Map<String, ModelStore.NamedArray> arrays(DeepBeliefNet dbn) {
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        for (int k = 0; k < dbn.numLayers(); k++) {
            Rbm r = dbn.hasLabels() && k == dbn.numLayers() - 1 ? dbn.labelTop().visiblePart() : dbn.layer(k);
            arrays.put("W_" + k, new ModelStore.NamedArray(r.weights(), r.numVisible(), r.numHidden()));
            arrays.put("visible_bias_" + k, new ModelStore.NamedArray(r.visibleBias(), r.numVisible()));
            arrays.put("hidden_bias_" + k, new ModelStore.NamedArray(r.hiddenBias(), r.numHidden()));
        }
        if (dbn.hasLabels()) {
            LabelRbm top = dbn.labelTop();
            arrays.put("label_weights", new ModelStore.NamedArray(top.labelWeights(), top.numLabels(),
                top.numHidden()));
            arrays.put("label_bias", new ModelStore.NamedArray(top.labelBias(), top.numLabels()));
        }
        return arrays;
    }

    /** Fills in kind, layer sizes and labels. */
    public static void describe(ObjectNode metadata, DeepBeliefNet dbn) {
        metadata.put("kind", KIND);
        ArrayNode layers = metadata.putArray("layers");
        for (int size : dbn.layerSizes()) {
            layers.add(size);
        }
        metadata.put("visible", dbn.numVisible());
        metadata.put("labels", dbn.hasLabels() ? dbn.labelTop().numLabels() : 0);
        metadata.put("encoding", "binary");
    }

    /** Reads a DBN model directory, checking kind and every shape. */
    public static DeepBeliefNet read(Configuration conf, String dir) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, KIND);
        if (!meta.path("layers").isArray() || meta.path("layers").size() < 2) {
            throw new BadInputException(dir + "/" + ModelStore.METADATA + ": 'layers' must list at least two unit"
                + " counts, got " + meta.path("layers"));
        }
        int[] sizes = new int[meta.path("layers").size()];
        for (int k = 0; k < sizes.length; k++) {
            sizes[k] = meta.path("layers").get(k).asInt(0);
            if (sizes[k] < 1) {
                throw new BadInputException(dir + "/" + ModelStore.METADATA + ": layer sizes must be positive, got "
                    + meta.path("layers"));
            }
        }
        int nc = meta.path("labels").asInt(0);
        List<Rbm> layers = new ArrayList<>();
        for (int k = 0; k + 1 < sizes.length; k++) {
            double[] w = ModelStore.readArray(conf, dir, "W_" + k, sizes[k], sizes[k + 1]).data();
            double[] a = ModelStore.readArray(conf, dir, "visible_bias_" + k, sizes[k]).data();
            double[] b = ModelStore.readArray(conf, dir, "hidden_bias_" + k, sizes[k + 1]).data();
            layers.add(Rbm.of(w, a, b));
        }
        if (nc > 0) {
            Rbm top = layers.remove(layers.size() - 1);
            double[] u = ModelStore.readArray(conf, dir, "label_weights", nc, top.numHidden()).data();
            double[] d = ModelStore.readArray(conf, dir, "label_bias", nc).data();
            return DeepBeliefNet.withLabelTop(layers, LabelRbm.of(top.weights(), top.visibleBias(), top.hiddenBias(),
                u, d));
        }
        return DeepBeliefNet.of(layers);
    }
}
