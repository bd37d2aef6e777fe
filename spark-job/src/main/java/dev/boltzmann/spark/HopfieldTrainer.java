package dev.boltzmann.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.RecallRate;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.learning.ContrastiveRule;
import dev.boltzmann.learning.HebbianAccumulator;
import dev.boltzmann.learning.StorkeyRule;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import org.apache.spark.api.java.JavaRDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a Hopfield network on patterns read by Spark.
 *
 * <ul>
 *   <li>{@code hebbian}: the sum of outer products is formed where the data lives — one
 *       {@link HebbianAccumulator} per partition, tree-aggregated on the driver. The sums are of ±1 products, so
 *       they are exact integers and the result is the same for any partitioning.</li>
 *   <li>{@code storkey} (sequential by nature) and {@code contrastive}: the patterns are streamed to the driver
 *       partition by partition, put in global index order, and trained by the core rule. This holds all patterns
 *       in the driver's memory; it suits pattern sets the size of a Hopfield network's capacity (≈ 0.14 n).</li>
 * </ul>
 * After each epoch the recall rate from corrupted copies is measured and logged as one {@code metrics.jsonl} line.
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

    /** The trained network and its per-epoch metrics. */
    public record Result(HopfieldNetwork network, MetricsLog metrics, int epochs) {
    }

    /**
     * Trains on {@code data}.
     *
     * @param data the patterns (values 0/1, no unknown units)
     */
    public static Result train(PatternSource.Loaded data, Settings settings) {
        return train(data, settings, (epoch, epochs, rounds, seconds) -> { });
    }

    /** Told after each epoch: epochs done, epochs in all, updates per epoch (0 for one-shot rules), its time. */
    @FunctionalInterface
    public interface EpochListener {
        /** Epoch {@code epoch} (1-based) of {@code epochs} is done. */
        void epochDone(int epoch, int epochs, int rounds, double seconds);
    }

    /**
     * Trains on {@code data}, telling {@code listener} after each epoch (for a progress line).
     *
     * @param data the patterns (values 0/1, no unknown units)
     */
    public static Result train(PatternSource.Loaded data, Settings settings, EpochListener listener) {
        JavaRDD<LabeledPattern> rdd = data.patterns();
        int n = data.width();
        MetricsLog metrics = new MetricsLog();
        long start = System.nanoTime();
        if (settings.rule().equals("hebbian")) {
            rdd.context().setJobDescription("hopfield hebbian: sum of outer products");
            HebbianAccumulator sum = rdd.treeAggregate(HebbianAccumulator.empty(n),
                (acc, p) -> acc.add(UnitStates.toEncoding(p.values(), Encoding.BIPOLAR)), HebbianAccumulator::merge);
            HopfieldNetwork net = sum.network();
            double[][] patterns = settings.monitorCorruption() > 0 ? driverPatterns(rdd) : null;
            metrics.add(epochLine(0, start, data.count(), net, patterns, settings));
            listener.epochDone(1, 1, 0, (System.nanoTime() - start) / 1e9);
            return new Result(net.withEncoding(settings.encoding()), metrics, 1);
        }
        double[][] patterns = driverPatterns(rdd);
        HopfieldNetwork net;
        int epochs;
        if (settings.rule().equals("storkey")) {
            net = StorkeyRule.train(patterns);
            metrics.add(epochLine(0, start, data.count(), net, patterns, settings));
            listener.epochDone(1, 1, 0, (System.nanoTime() - start) / 1e9);
            epochs = 1;
        } else {
            ContrastiveOptions opt = settings.contrastive();
            long[] epochStart = {System.nanoTime()};
            int rounds = (patterns.length + opt.batchSize() - 1) / opt.batchSize();
            net = ContrastiveRule.train(ContrastiveRule.initialNetwork(patterns, opt), patterns, opt, (e, current) -> {
                metrics.add(epochLine(e, epochStart[0], data.count(), current, patterns, settings));
                listener.epochDone(e + 1, opt.epochs(), rounds, (System.nanoTime() - epochStart[0]) / 1e9);
                epochStart[0] = System.nanoTime();
            });
            epochs = opt.epochs();
        }
        return new Result(net.withEncoding(settings.encoding()), metrics, epochs);
    }

    /** The patterns in global index order, as rows of 0/1 values. */
    private static double[][] driverPatterns(JavaRDD<LabeledPattern> rdd) {
        return PatternSource.toDriver(rdd).stream().map(LabeledPattern::values).toArray(double[][]::new);
    }

    private static ObjectNode epochLine(int epoch, long startNanos, long rows, HopfieldNetwork net,
                                        double[][] patterns, Settings settings) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        ObjectNode line = ModelStore.json().createObjectNode();
        line.put("epoch", epoch + 1);
        line.put("seconds", seconds);
        line.put("samplesPerSecond", rows / Math.max(seconds, 1e-9));
        if (patterns != null) {
            HopfieldNetwork bipolar = net.withEncoding(Encoding.BIPOLAR);
            double[][] ys = UnitStates.toEncoding(patterns, patterns[0].length, Encoding.BIPOLAR);
            RecallRate.Report r = RecallRate.evaluate(bipolar, ys, settings.monitorCorruption(), settings.maxSweeps(),
                settings.contrastive().seed());
            double energy = 0;
            for (double[] y : ys) {
                energy += bipolar.energy(y);
            }
            line.put("recallCorruption", settings.monitorCorruption());
            line.put("recallRate", r.recallRate());
            line.put("meanOverlap", r.meanOverlap());
            line.put("meanPatternEnergy", energy / ys.length);
            LOG.info("epoch {}: recall rate {} from {}% corrupted copies, mean overlap {}, {} s", epoch + 1,
                String.format("%.3f", r.recallRate()), Math.round(100 * settings.monitorCorruption()),
                String.format("%.3f", r.meanOverlap()), String.format("%.2f", seconds));
        }
        return line;
    }
}
