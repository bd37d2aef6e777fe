package dev.boltzmann.spark;

import dev.boltzmann.evaluation.RecallRate;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.learning.ContrastiveRule;
import dev.boltzmann.learning.ContrastiveStatistics;
import dev.boltzmann.learning.HebbianAccumulator;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The contrastive Hopfield rule ({@link ContrastiveRule}) on Spark ({@link RoundEngine}): each round (one
 * mini-batch), every task adds its shard's patterns of the batch to the positive phase and their reconstructions
 * (k sweeps, or run to convergence) to the negative phase; the driver merges the {@link ContrastiveStatistics} in
 * partition order and applies {@code W ← W + η(⟨y yᵀ⟩ − ⟨y' y'ᵀ⟩)}.
 *
 * <p>It computes what {@link ContrastiveRule#train} computes in one process: the same batches (the driver replays
 * the rule's epoch shuffles, {@link ContrastiveRule#shuffle}), the same reconstruction streams (keyed by epoch and
 * pattern index), the same update. The statistics are sums of ±1 products, which are exact, so the network is the
 * single-process one bit for bit, whatever the partitioning. The Hebbian start and the recall monitors are sums
 * over the patterns, computed on Spark too; the patterns never come to the driver.
 */
public final class SparkContrastiveTrainer {
    private SparkContrastiveTrainer() {
    }

    /** Everything that evolves during training: what a checkpoint holds. */
    public record State(HopfieldNetwork network, int epochsDone) implements Serializable {
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param state the state after the epoch ({@code epochsDone} counts it)
         * @param seconds the epoch's wall time
         */
        void afterEpoch(State state, double seconds) throws Exception;
    }

    /** The patterns with their values in bipolar encoding (±1), the form every Hopfield rule works in. */
    public static JavaRDD<LabeledPattern> bipolar(JavaRDD<LabeledPattern> data) {
        return data.map(p -> new LabeledPattern(p.label(), UnitStates.toEncoding(p.values(), Encoding.BIPOLAR),
            p.line(), p.index()));
    }

    /**
     * The Hebbian network of the patterns, {@code W = (1/N) Σ y yᵀ} with zero diagonal: one
     * {@link HebbianAccumulator} per partition, tree-aggregated. The sums are of ±1 products, so they are exact
     * integers and the result is {@link dev.boltzmann.learning.HebbianRule#train}'s for any partitioning.
     *
     * @param rows bipolar rows of {@code n} units ({@link #bipolar})
     */
    public static HopfieldNetwork hebbian(JavaRDD<LabeledPattern> rows, int n) {
        return hebbianSums(rows, n).network();
    }

    /** The Hebbian sums of the patterns, {@code Σ y yᵀ} and their count, as {@link #hebbian} forms them. */
    public static HebbianAccumulator hebbianSums(JavaRDD<LabeledPattern> rows, int n) {
        rows.context().setJobDescription("hopfield hebbian: sum of outer products");
        return rows.treeAggregate(HebbianAccumulator.empty(n), (acc, p) -> acc.add(p.values()),
            HebbianAccumulator::merge);
    }

    /** The state before the first epoch: the network of {@link ContrastiveRule#initialNetwork}. */
    public static State initialState(JavaRDD<LabeledPattern> rows, int n, ContrastiveOptions options) {
        return new State(ContrastiveRule.initialNetwork(n, options, () -> hebbian(rows, n)), 0);
    }

    /**
     * Trains from {@code state} until {@code options.epochs()} epochs are done.
     *
     * @param rows bipolar rows ({@link #bipolar}, indices 0..count-1)
     * @param count number of patterns
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> rows, long count,
                              ContrastiveOptions options, State state, EpochListener listener) throws Exception {
        HopfieldNetwork start = state.network().withEncoding(Encoding.BIPOLAR);
        int n = start.size();
        RoundEngine.Driver<HopfieldNetwork, ContrastiveStatistics> driver = new RoundEngine.Driver<>() {
            private int[] order;
            private int orderEpoch = -1;

            @Override
            public int[] order(int epoch, int patterns) {
                // the rule shuffles one array from epoch to epoch: replay the shuffles up to this epoch
                if (order == null || orderEpoch >= epoch) {
                    order = new int[patterns];
                    Arrays.setAll(order, p -> p);
                    orderEpoch = -1;
                }
                while (orderEpoch < epoch) {
                    ContrastiveRule.shuffle(order, options, ++orderEpoch);
                }
                return order.clone();
            }

            @Override
            public ContrastiveStatistics empty(HopfieldNetwork params) {
                return ContrastiveStatistics.empty(n);
            }

            @Override
            public ContrastiveStatistics merge(ContrastiveStatistics into, ContrastiveStatistics part) {
                return into.merge(part);
            }

            @Override
            public HopfieldNetwork apply(HopfieldNetwork params, ContrastiveStatistics sum, int epoch, int round) {
                return sum.applyTo(params, options.learningRate(), options.learnBiases());
            }

            @Override
            public long size(HopfieldNetwork params) {
                return (long) n * n;
            }
        };
        RoundEngine<HopfieldNetwork, ContrastiveStatistics> engine = new RoundEngine<>(
            new RoundEngine.Plan("hopfield contrastive", options.epochs(), options.batchSize(), n, 1),
            new Kernel(options), driver);
        State[] last = {new State(start, state.epochsDone())};
        engine.run(sc, rows, count, start, null, state.epochsDone(), (net, chains, epochs, monitor, seconds) -> {
            last[0] = new State(net, epochs);
            listener.afterEpoch(last[0], seconds);
        });
        return last[0];
    }

    /**
     * The recall monitors on Spark: each pattern is corrupted ({@code corruption} of its units flipped) and
     * recalled ({@link RecallRate#recall}, stream {@code (seed, pattern index)}), and its energy is taken.
     *
     * @param rows bipolar rows
     * @param net the network (any encoding; evaluated in bipolar)
     * @return {recall rate, mean overlap, mean pattern energy}, as {@link RecallRate#evaluate} over all patterns
     */
    public static double[] recallMonitors(JavaRDD<LabeledPattern> rows, HopfieldNetwork net, long count,
                                          double corruption, int maxSweeps, long seed) {
        HopfieldNetwork bipolar = net.withEncoding(Encoding.BIPOLAR);
        int n = bipolar.size();
        int flips = (int) Math.round(corruption * n);
        double[] sums = PartitionSums.of(rows, "hopfield recall monitors", bipolar, 3, (m, chunk, k, out) -> {
            int[] scratch = new int[n];
            for (LabeledPattern p : chunk) {
                RecallRate.Outcome o = RecallRate.recall(m, p.values(), flips, maxSweeps, seed, p.index(), scratch);
                out[0] += o.exact() ? 1 : 0;
                out[1] += o.overlap();
                out[2] += m.energy(p.values());
            }
        });
        return new double[] {sums[0] / count, sums[1] / count, sums[2] / count};
    }

    /** A task's part of a round: its patterns of the batch and their reconstructions. */
    static final class Kernel implements RoundEngine.Kernel<HopfieldNetwork, ContrastiveStatistics> {
        private static final long serialVersionUID = 1L;
        private final ContrastiveOptions options;

        Kernel(ContrastiveOptions options) {
            this.options = options;
        }

        @Override
        public ContrastiveStatistics round(HopfieldNetwork net, EpochShard shard, int from, int to, double[] chains,
                                           int firstChain, int numChains, int epoch, int round) {
            int n = net.size();
            ContrastiveStatistics stats = ContrastiveStatistics.empty(n);
            double[] rows = new double[(to - from) * n];
            shard.copyRows(from, to, rows);
            for (int k = from; k < to; k++) {
                double[] y = Arrays.copyOfRange(rows, (k - from) * n, (k - from + 1) * n);
                ContrastiveRule.addPattern(stats, net, y, options,
                    ContrastiveRule.negativeStream(options, epoch, shard.ids[k]));
            }
            return stats;
        }
    }
}
