package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.DeepBeliefNetTrainer;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Greedy layer-wise training of a deep belief net on Spark: what {@link DeepBeliefNetTrainer} does in one process,
 * with every layer trained by {@link SparkRbmTrainer} (the label top by {@link SparkLabelRbmTrainer}; with the
 * configuration's parallel tempering when it has a ladder) on the layer
 * below's hidden probabilities or samples, which are computed on the executors (an RDD map,
 * {@link DeepBeliefNetTrainer#propagate}, keyed by the row's index in the data set) and never collected. Each
 * layer's input is persisted while the layer trains and released when the next layer's input is built. With the
 * configuration's centring each plain layer's optimiser carries offsets ({@link RbmCentering}) that start at the
 * layer's input means, summed on the executors ({@link RbmDataStats#columnMeans}); a resumed layer keeps the offsets
 * of its state. A label top is centred the same way, its label units counting as visible units.
 */
public final class SparkDbnTrainer {
    private SparkDbnTrainer() {
    }

    /**
     * Where a run stands: the layers finished (bottom first) and the state of the layer in training — a plain
     * layer's or the label top's, or neither before the first epoch of a layer. What a checkpoint holds.
     */
    public record Progress(List<Rbm> done, SparkRbmTrainer.State layer, SparkLabelRbmTrainer.State top)
        implements Serializable {
        /** Before the first epoch of the first layer. */
        public static final Progress START = new Progress(List.of(), null, null);

        /** The epochs trained so far over all layers (finished layers count their configured epochs). */
        public int epochs(DeepBeliefNetConfig config) {
            int sum = 0;
            for (int k = 0; k < done.size(); k++) {
                sum += config.layers().get(k).epochs();
            }
            return sum + (layer != null ? layer.epochsDone() : 0) + (top != null ? top.epochsDone() : 0);
        }
    }

    /** Receives every layer's epochs. */
    @FunctionalInterface
    public interface LayerMonitor {
        /**
         * @param progress where the run stands after the epoch
         * @param layer 0-based layer index (0 = bottom)
         * @param epoch epochs completed for this layer
         * @param reconstructionError the layer's mean training reconstruction error of the epoch
         * @param seconds the epoch's wall time
         */
        void onEpoch(Progress progress, int layer, int epoch, double reconstructionError, double seconds)
            throws Exception;
    }

    /**
     * Trains every layer in turn from the start.
     *
     * @see #train(JavaSparkContext, JavaRDD, long, int, int, DeepBeliefNetConfig, Progress, LayerMonitor)
     */
    public static DeepBeliefNet train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, int numVisible,
                                      int numLabels, DeepBeliefNetConfig config, LayerMonitor monitor)
        throws Exception {
        return train(sc, data, count, numVisible, numLabels, config, Progress.START, monitor);
    }

    /**
     * Trains every layer in turn, continuing from {@code from}: its finished layers are not trained again (only
     * their outputs are recomputed for the layers above), and the layer in training continues from its state.
     *
     * @param data the patterns (indices 0..count-1, width {@code numVisible}; with a label top every label must
     *     be a class number in [0, numLabels), check it first)
     * @return the net
     */
    public static DeepBeliefNet train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, int numVisible,
                                      int numLabels, DeepBeliefNetConfig config, Progress from, LayerMonitor monitor)
        throws Exception {
        return train(sc, data, count, numVisible, numLabels, config, from, null, monitor);
    }

    /**
     * {@link #train(JavaSparkContext, JavaRDD, long, int, int, DeepBeliefNetConfig, Progress, LayerMonitor)} from a
     * trained net (a warm start): each layer not yet started begins at {@code start}'s layer of the same index (the
     * label top at {@code start}'s label top) instead of a random or tied one.
     *
     * @param start a net of the sizes of {@code config} (and of {@code numLabels} labels), or null for fresh layers
     */
    public static DeepBeliefNet train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, int numVisible,
                                      int numLabels, DeepBeliefNetConfig config, Progress from, DeepBeliefNet start,
                                      LayerMonitor monitor)
        throws Exception {
        List<RbmTrainingConfig> layers = config.layers();
        int plainCount = config.labelTop() ? layers.size() - 1 : layers.size();
        List<Rbm> trained = new ArrayList<>();
        List<Broadcast<Rbm>> shipped = new ArrayList<>();
        JavaRDD<LabeledPattern> x = data;
        JavaRDD<LabeledPattern> persisted = null;
        int width = numVisible;
        try {
            for (int k = 0; k < plainCount; k++) {
                int layer = k;
                RbmTrainingConfig c = layers.get(k);
                Rbm rbm;
                if (k < from.done().size()) {
                    rbm = from.done().get(k);
                } else {
                    boolean resumed = k == from.done().size() && from.layer() != null;
                    SparkRbmTrainer.State begin = resumed ? from.layer()
                        : SparkRbmTrainer.initialState(start != null ? start.layer(k)
                            : initialModel(config, k, trained, x, count, width), c, config.tempering());
                    if (!resumed && config.centering() != RbmCentering.Mode.NONE) {
                        // the offsets start at this layer's input means, summed where the data live
                        begin.optimizer().withCentering(RbmCentering.start(config.centering(),
                            config.centeringRate(), RbmDataStats.columnMeans(x, width, count), c.numHidden()));
                    } else if (resumed && (config.centering() != RbmCentering.Mode.NONE)
                        != (begin.optimizer().centering() != null)) {
                        throw new IllegalArgumentException("layer " + k + "'s saved state is "
                            + (begin.optimizer().centering() == null ? "un" : "") + "centred, the configuration's"
                            + " centering is " + config.centering());
                    }
                    rbm = SparkRbmTrainer.train(sc, x, count, c, config.tempering(), begin, (s, recon, seconds) ->
                        monitor.onEpoch(new Progress(List.copyOf(trained), s, null), layer, s.epochsDone(), recon,
                            seconds)).model();
                }
                trained.add(rbm);
                Broadcast<Rbm> model = sc.broadcast(rbm);
                shipped.add(model);
                JavaRDD<LabeledPattern> up = propagate(x, model, rbm.numVisible(), c.seed(), config.propagation())
                    .persist(StorageLevel.MEMORY_AND_DISK());
                if (persisted != null) {
                    persisted.unpersist(false);
                }
                persisted = up;
                x = up;
                width = rbm.numHidden();
            }
            if (!config.labelTop()) {
                return DeepBeliefNet.of(trained);
            }
            RbmTrainingConfig top = layers.get(plainCount);
            JavaRDD<LabeledPattern> joint = SparkLabelRbmTrainer.joint(x, width, numLabels);
            SparkLabelRbmTrainer.State begin = from.top() != null ? from.top() : SparkLabelRbmTrainer.initialState(
                start != null ? start.labelTop() : SparkLabelRbmTrainer.initialModel(joint, count, width, numLabels,
                    top), top, config.tempering());
            if (from.top() == null && config.centering() != RbmCentering.Mode.NONE) {
                // the label units count as visible: μ starts at the input's means and the class frequencies
                begin.optimizer().withCentering(RbmCentering.start(config.centering(), config.centeringRate(),
                    RbmDataStats.columnMeans(joint, width + numLabels, count), top.numHidden()));
            } else if (from.top() != null && (config.centering() != RbmCentering.Mode.NONE)
                != (begin.optimizer().centering() != null)) {
                throw new IllegalArgumentException("the label top's saved state is "
                    + (begin.optimizer().centering() == null ? "un" : "") + "centred, the configuration's centering"
                    + " is " + config.centering());
            }
            LabelRbm labelTop = SparkLabelRbmTrainer.train(sc, joint, count, top, config.tempering(), begin,
                (s, recon, seconds) -> monitor.onEpoch(new Progress(List.copyOf(trained), null, s), plainCount,
                    s.epochsDone(), recon, seconds)).model();
            return DeepBeliefNet.withLabelTop(trained, labelTop);
        } finally {
            if (persisted != null) {
                persisted.unpersist(false);
            }
            for (Broadcast<Rbm> b : shipped) {
                b.destroy(false);
            }
        }
    }

    /** Layer k's start: the layer below transposed (tied initialisation, when the sizes allow), else random. */
    private static Rbm initialModel(DeepBeliefNetConfig config, int k, List<Rbm> trained, JavaRDD<LabeledPattern> x,
                                    long count, int width) {
        RbmTrainingConfig c = config.layers().get(k);
        Rbm below = k > 0 ? trained.get(k - 1) : null;
        return config.tiedInit() && below != null && c.numHidden() == below.numVisible() ? below.transpose()
            : initialModel(x, count, width, c);
    }

    /** {@link dev.boltzmann.learning.RbmTrainer#initialModel}, with the base rates summed on Spark. */
    static Rbm initialModel(JavaRDD<LabeledPattern> x, long count, int width, RbmTrainingConfig c) {
        double[] a = c.visibleBiasFromData()
            ? Rbm.baseRateVisibleBias(RbmDataStats.columnMeans(x, width, count), 1, width) : null;
        return Rbm.random(width, c.numHidden(), c.initialWeightStd(), a, c.seed());
    }

    /** The layer's output for every row, computed partition by partition in chunks. */
    private static JavaRDD<LabeledPattern> propagate(JavaRDD<LabeledPattern> x, Broadcast<Rbm> model, int width,
                                                     long layerSeed, DeepBeliefNetConfig.Propagation propagation) {
        return x.mapPartitions(it -> {
            Rbm rbm = model.value();
            int nh = rbm.numHidden();
            List<LabeledPattern> out = new ArrayList<>();
            List<LabeledPattern> chunk = new ArrayList<>(PartitionSums.CHUNK);
            while (it.hasNext()) {
                chunk.add(it.next());
                if (chunk.size() == PartitionSums.CHUNK || !it.hasNext()) {
                    int n = chunk.size();
                    long[] ids = new long[n];
                    for (int r = 0; r < n; r++) {
                        ids[r] = chunk.get(r).index();
                    }
                    double[] h = DeepBeliefNetTrainer.propagate(rbm, PatternSource.flatten(chunk, width), n, ids,
                        layerSeed, propagation);
                    for (int r = 0; r < n; r++) {
                        LabeledPattern p = chunk.get(r);
                        out.add(new LabeledPattern(p.label(), java.util.Arrays.copyOfRange(h, r * nh, (r + 1) * nh),
                            p.line(), p.index()));
                    }
                    chunk.clear();
                }
            }
            return out.iterator();
        });
    }

    /** The fraction of the patterns (width nv, labels checked) that {@code net} classifies correctly, on Spark. */
    public static double accuracy(JavaRDD<LabeledPattern> data, DeepBeliefNet net, int nv, long count) {
        double[] right = PartitionSums.of(data, "dbn accuracy", net, 1, (m, rows, n, out) -> {
            int[] predicted = m.classify(PatternSource.flatten(rows, nv), n);
            for (int r = 0; r < n; r++) {
                out[0] += predicted[r] == Integer.parseInt(rows.get(r).label()) ? 1 : 0;
            }
        });
        return right[0] / count;
    }
}
