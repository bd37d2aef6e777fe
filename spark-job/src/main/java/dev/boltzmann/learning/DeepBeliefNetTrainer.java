package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Greedy layer-wise training of a {@link DeepBeliefNet} (Hinton, Osindero &amp; Teh 2006, §4):
 *
 * <pre>
 *   x⁰ ← the data
 *   for layer k = 1 … L:
 *     RBM_k ← train on x^{k−1} with layers[k−1]      (the top: a LabelRbm on (x^{L−1}, labels) if labelTop)
 *     x^k   ← p(h | x^{k−1}) under RBM_k               (PROBABILITIES), or one sample h ~ p(h | x^{k−1}) (SAMPLES)
 * </pre>
 * With {@code tiedInit}, a layer as wide as the visible layer below starts at that layer transposed.
 * Each layer is trained once and then frozen (no up-down fine-tuning). Plain layers use {@link RbmTrainer}, a label
 * top {@link LabelRbmTrainer}, each with the configuration's parallel tempering when it has a ladder. With SAMPLES, row r of the data handed up from layer k draws its nh uniforms from
 * {@code Seeds.rng(layers[k−1].seed(), PROPAGATE_PURPOSE, r)}. With the configuration's centring every plain layer
 * is a centred RBM ({@link RbmTrainer#withCentering}) whose offsets start at the means of that layer's input, and a
 * label top a centred label RBM ({@link LabelRbmTrainer#withCentering}: μ from its input's means and the class
 * frequencies). The input arrays are not modified.
 *
 * <p>Holds only its configuration; concurrent {@code train} calls are safe.
 *
 * <pre>
 * G. E. Hinton, S. Osindero, Y.-W. Teh: A fast learning algorithm for deep belief nets, Neural Computation 18 (2006).
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class DeepBeliefNetTrainer {
    /** Purpose key of the propagation samples ("DBN_PROP"). */
    public static final long PROPAGATE_PURPOSE = 0x44424E5F50524F50L;

    private static final Logger logger = Logger.getLogger(DeepBeliefNetTrainer.class.getName());

    /** Receives every layer's epochs. */
    @FunctionalInterface
    public interface LayerMonitor {
        /** A monitor that does nothing. */
        LayerMonitor NONE = (layer, epoch, reconstructionError) -> { };

        /**
         * One epoch of one layer.
         *
         * @param layer 0-based layer index (0 = bottom)
         * @param epoch epochs completed for this layer
         * @param reconstructionError the layer's mean training reconstruction error of the epoch
         */
        void onEpoch(int layer, int epoch, double reconstructionError);
    }

    private final DeepBeliefNetConfig config;

    /** A trainer with the given configuration. */
    public DeepBeliefNetTrainer(DeepBeliefNetConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        this.config = config;
    }

    /** The configuration. */
    public DeepBeliefNetConfig config() {
        return config;
    }

    /**
     * Trains every layer in turn.
     *
     * @param data row-major {@code rows × numVisible}, values in [0, 1]
     * @param labels class of each row (length rows) if the configuration has a label top, else ignored (may be null)
     * @param numLabels number of classes (label top only)
     * @param monitor receives each layer's epochs
     * @return the net
     * @throws IllegalArgumentException if the data or labels do not fit
     */
    public DeepBeliefNet train(double[] data, int rows, int numVisible, int[] labels, int numLabels,
                               LayerMonitor monitor) {
        List<RbmTrainingConfig> layers = config.layers();
        int plainCount = config.labelTop() ? layers.size() - 1 : layers.size();
        LabeledRows labelled = config.labelTop() ? new LabeledRows(data, labels, rows, numVisible, numLabels) : null;
        List<Rbm> trained = new ArrayList<>();
        double[] x = data;
        int width = numVisible;
        for (int k = 0; k < plainCount; k++) {
            int layer = k;
            RbmTrainingConfig c = layers.get(k);
            logger.log(Level.FINE, () -> "layer " + layer + ": " + c);
            // centred: the offsets start at this layer's input means (RbmTrainer computes them from x)
            RbmTrainer trainer = new RbmTrainer(c, config.tempering()).withCentering(config.centering(),
                config.centeringRate());
            Rbm below = k > 0 ? trained.get(k - 1) : null;
            Rbm initial = config.tiedInit() && below != null && c.numHidden() == below.numVisible()
                ? below.transpose() : trainer.initialModel(x, rows, width);
            Rbm rbm = trainer.train(initial, x, rows,
                report -> monitor.onEpoch(layer, report.epoch(), report.reconstructionError()));
            trained.add(rbm);
            x = propagate(rbm, x, rows, c.seed());
            width = rbm.numHidden();
        }
        if (!config.labelTop()) {
            return DeepBeliefNet.of(trained);
        }
        LabeledRows top = new LabeledRows(x, labelled.labels(), rows, width, numLabels);
        // with no monitor, pass NONE so the label trainer skips its per-epoch accuracy pass
        LabelRbmEpochMonitor topMonitor = monitor == LayerMonitor.NONE ? LabelRbmEpochMonitor.NONE
            : report -> monitor.onEpoch(plainCount, report.epoch(), report.reconstructionError());
        LabelRbm labelTop = new LabelRbmTrainer(layers.get(plainCount), config.tempering())
            .withCentering(config.centering(), config.centeringRate()).train(top, null, topMonitor);
        return DeepBeliefNet.withLabelTop(trained, labelTop);
    }

    /** The data handed up by a trained layer: p(h|x), or one binary sample of it per row (see the class doc). */
    double[] propagate(Rbm rbm, double[] x, int rows, long layerSeed) {
        long[] ids = new long[rows];
        for (int r = 0; r < rows; r++) {
            ids[r] = r;
        }
        return propagate(rbm, x, rows, ids, layerSeed, config.propagation());
    }

    /**
     * The data handed up by a trained layer for some rows of the data set: p(h|x), or with SAMPLES one binary
     * sample of it, row r drawing from stream {@code (layerSeed, PROPAGATE_PURPOSE, rowIds[r])}, so that any
     * subset of the rows can be propagated anywhere (e.g. by Spark, partition by partition).
     *
     * @param x row-major {@code rows × rbm.numVisible()}
     * @param rowIds each row's index in the whole data set
     * @return row-major {@code rows × rbm.numHidden()}
     */
    public static double[] propagate(Rbm rbm, double[] x, int rows, long[] rowIds, long layerSeed,
                                     DeepBeliefNetConfig.Propagation propagation) {
        double[] h = rbm.hiddenProbabilities(x, rows);
        if (propagation == DeepBeliefNetConfig.Propagation.SAMPLES) {
            int nh = rbm.numHidden();
            for (int r = 0; r < rows; r++) {
                SplittableRandom rng = Seeds.rng(layerSeed, PROPAGATE_PURPOSE, rowIds[r]);
                Rbm.sampleBernoulli(h, r * nh, nh, rng, h, r * nh);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "DeepBeliefNetTrainer(" + config + ")";
    }
}
