package dev.boltzmann.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.learning.HebbianAccumulator;
import dev.boltzmann.learning.StorkeyRule;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a Hopfield network on patterns read by Spark.
 *
 * <ul>
 *   <li>{@code hebbian}: the sum of outer products is formed where the data lives
 *       ({@link SparkContrastiveTrainer#hebbian}); exact, so the same for any partitioning.</li>
 *   <li>{@code contrastive}: {@link SparkContrastiveTrainer}, one Spark job per mini-batch.</li>
 *   <li>{@code storkey} (sequential by nature: each pattern's update depends on the network so far): the
 *       patterns are streamed to the driver in global index order and trained by the core rule. This holds all
 *       patterns in the driver's memory; it suits pattern sets the size of a network's capacity (≈ 0.14 n).</li>
 * </ul>
 * After each epoch the recall rate from corrupted copies is measured on Spark and logged as one
 * {@code metrics.jsonl} line.
 */
public final class HopfieldTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(HopfieldTrainer.class);

    private HopfieldTrainer() {
    }

    /**
     * What to train.
     *
     * @param rule hebbian, storkey or contrastive
     * @param encoding the encoding the saved network is written for
     * @param contrastive options of the contrastive rule (epochs, rate, batch, k, negatives, seed)
     * @param monitorCorruption the fraction of units flipped when measuring recall after each epoch (&gt; 0)
     * @param maxSweeps the sweep cap of recall
     */
    public record Settings(String rule, Encoding encoding, ContrastiveOptions contrastive, double monitorCorruption,
                           int maxSweeps) {
    }

    /**
     * A network to continue (a warm start) and how many patterns it holds.
     *
     * @param network the network the rule continues: the contrastive rule's first epoch starts from it; the Hebbian
     *     rule adds the new patterns' outer products to its {@code storedPatterns · W}; Storkey's rule continues
     *     from its weights
     * @param storedPatterns N_p of the Hebbian network (≥ 1; unused by the other rules)
     */
    public record Start(HopfieldNetwork network, long storedPatterns) {
    }

    /** The trained network and its per-epoch metrics. */
    public record Result(HopfieldNetwork network, MetricsLog metrics, int epochs) {
    }

    /** Told after each epoch of the contrastive rule, with the metrics so far (for checkpoints). */
    @FunctionalInterface
    public interface EpochListener {
        void afterEpoch(SparkContrastiveTrainer.State state, MetricsLog metrics) throws Exception;
    }

    /**
     * Trains on {@code data} from scratch.
     *
     * @param data the patterns (values 0/1, no unknown units)
     */
    public static Result train(PatternSource.Loaded data, Settings settings) throws Exception {
        return train(data, settings, null, new MetricsLog(), (s, m) -> { });
    }

    /**
     * Trains on {@code data}; the contrastive rule continues from {@code resume} if given (with the metrics of
     * the epochs before it already in {@code metrics}) and tells {@code listener} after every epoch.
     *
     * @param data the patterns (values 0/1, no unknown units)
     */
    public static Result train(PatternSource.Loaded data, Settings settings, SparkContrastiveTrainer.State resume,
                               MetricsLog metrics, EpochListener listener) throws Exception {
        return train(data, settings, null, resume, metrics, listener);
    }

    /**
     * {@link #train(PatternSource.Loaded, Settings, SparkContrastiveTrainer.State, MetricsLog, EpochListener)}
     * continuing {@code from} (a warm start, see {@link Start}) unless it is null; {@code resume} wins over it.
     */
    public static Result train(PatternSource.Loaded data, Settings settings, Start from,
                               SparkContrastiveTrainer.State resume, MetricsLog metrics, EpochListener listener)
        throws Exception {
        JavaRDD<LabeledPattern> rows = SparkContrastiveTrainer.bipolar(data.patterns());
        int n = data.width();
        long start = System.nanoTime();
        if (settings.rule().equals("hebbian")) {
            HebbianAccumulator sums = SparkContrastiveTrainer.hebbianSums(rows, n);
            if (from != null) {
                sums = HebbianAccumulator.ofNetwork(from.network(), from.storedPatterns()).merge(sums);
            }
            HopfieldNetwork net = sums.network();
            metrics.add(epochLine(0, (System.nanoTime() - start) / 1e9, data.count(), net, rows, settings));
            return new Result(net.withEncoding(settings.encoding()), metrics, 1);
        }
        if (settings.rule().equals("storkey")) {
            // Storkey's rule is sequential by nature: each pattern's update depends on the network so far
            double[][] patterns = PatternSource.toDriver(data.patterns()).stream().map(LabeledPattern::values)
                .toArray(double[][]::new);
            HopfieldNetwork net = from != null ? StorkeyRule.train(from.network(), patterns)
                : StorkeyRule.train(patterns);
            metrics.add(epochLine(0, (System.nanoTime() - start) / 1e9, data.count(), net, rows, settings));
            return new Result(net.withEncoding(settings.encoding()), metrics, 1);
        }
        ContrastiveOptions opt = settings.contrastive();
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        SparkContrastiveTrainer.State state = resume != null ? resume
            : from != null ? new SparkContrastiveTrainer.State(from.network(), 0)
            : SparkContrastiveTrainer.initialState(rows, n, opt);
        state = SparkContrastiveTrainer.train(sc, rows, data.count(), opt, state, (s, seconds) -> {
            metrics.add(epochLine(s.epochsDone() - 1, seconds, data.count(), s.network(), rows, settings));
            listener.afterEpoch(s, metrics);
        });
        return new Result(state.network().withEncoding(settings.encoding()), metrics, opt.epochs());
    }

    private static ObjectNode epochLine(int epoch, double seconds, long rows, HopfieldNetwork net,
                                        JavaRDD<LabeledPattern> bipolarRows, Settings settings) {
        ObjectNode line = ModelStore.json().createObjectNode();
        line.put("epoch", epoch + 1);
        line.put("seconds", seconds);
        line.put("samplesPerSecond", rows / Math.max(seconds, 1e-9));
        if (settings.monitorCorruption() > 0) {
            double[] m = SparkContrastiveTrainer.recallMonitors(bipolarRows, net, rows, settings.monitorCorruption(),
                settings.maxSweeps(), settings.contrastive().seed());
            line.put("recallCorruption", settings.monitorCorruption());
            line.put("recallRate", m[0]);
            line.put("meanOverlap", m[1]);
            line.put("meanPatternEnergy", m[2]);
            LOG.info("epoch {}: recall rate {} from {}% corrupted copies, mean overlap {}, {} s", epoch + 1,
                String.format("%.3f", m[0]), Math.round(100 * settings.monitorCorruption()),
                String.format("%.3f", m[1]), String.format("%.2f", seconds));
        }
        return line;
    }
}
