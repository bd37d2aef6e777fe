package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.DeepBeliefNetTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Greedy layer-wise training of a deep belief net on Spark: what {@link DeepBeliefNetTrainer} does in one process,
 * with every layer trained by {@link SparkRbmTrainer} (the label top by {@link SparkLabelRbmTrainer}) on the layer
 * below's hidden probabilities or samples, which are computed on the executors (an RDD map,
 * {@link DeepBeliefNetTrainer#propagate}, keyed by the row's index in the data set) and never collected. Each
 * layer's input is persisted while the layer trains and released when the next layer's input is built.
 */
public final class SparkDbnTrainer {
    private SparkDbnTrainer() {
    }

    /** Receives every layer's epochs. */
    @FunctionalInterface
    public interface LayerMonitor {
        /**
         * @param layer 0-based layer index (0 = bottom)
         * @param epoch epochs completed for this layer
         * @param reconstructionError the layer's mean training reconstruction error of the epoch
         * @param seconds the epoch's wall time
         */
        void onEpoch(int layer, int epoch, double reconstructionError, double seconds) throws Exception;
    }

    /**
     * Trains every layer in turn.
     *
     * @param data the patterns (indices 0..count-1, width {@code numVisible}; with a label top every label must
     *     be a class number in [0, numLabels), check it first)
     * @return the net
     */
    public static DeepBeliefNet train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, int numVisible,
                                      int numLabels, DeepBeliefNetConfig config, LayerMonitor monitor)
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
                Rbm below = k > 0 ? trained.get(k - 1) : null;
                Rbm initial = config.tiedInit() && below != null && c.numHidden() == below.numVisible()
                    ? below.transpose() : initialModel(x, count, width, c);
                Rbm rbm = SparkRbmTrainer.train(sc, x, count, c, SparkRbmTrainer.initialState(initial, c),
                    (s, recon, seconds) -> monitor.onEpoch(layer, s.epochsDone(), recon, seconds)).model();
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
            LabelRbm start = SparkLabelRbmTrainer.initialModel(joint, count, width, numLabels, top);
            LabelRbm labelTop = SparkLabelRbmTrainer.train(sc, joint, count, top,
                SparkLabelRbmTrainer.initialState(start, top),
                (s, recon, seconds) -> monitor.onEpoch(plainCount, s.epochsDone(), recon, seconds)).model();
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
