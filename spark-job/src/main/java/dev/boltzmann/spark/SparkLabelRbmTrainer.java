package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.CdKernel;
import dev.boltzmann.learning.LabelCdKernel;
import dev.boltzmann.learning.LabelRbmOptimizer;
import dev.boltzmann.learning.LabelRbmStatistics;
import dev.boltzmann.learning.LabelRbmTrainer;
import dev.boltzmann.learning.LabelTempering;
import dev.boltzmann.learning.ParallelTempering;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.SwapCounts;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Label-RBM training on Spark ({@link RoundEngine}): each round, every task runs {@link LabelCdKernel} on its
 * shard's rows of the mini-batch (and, for PCD, advances the chains it owns); the driver merges the
 * {@link LabelRbmStatistics} in partition order and steps the {@link LabelRbmOptimizer}.
 *
 * <p>It computes what {@link LabelRbmTrainer} computes in one process: the same epoch permutation
 * ({@link RbmTrainer#permutation}), the same per-pattern and per-chain streams (keyed by the pattern's index in the
 * data set and the chain's global index), the same optimiser; only the order of floating-point additions differs.
 *
 * <p>The patterns travel as joint rows {@code (v, y)}: the nv visible values followed by the one-hot label
 * ({@link #joint}), so one {@link EpochShard} holds both.
 */
public final class SparkLabelRbmTrainer {
    private SparkLabelRbmTrainer() {
    }

    /**
     * Everything that evolves during training: what a checkpoint holds.
     *
     * @param chains the persistent chains' hidden states ({@code C × nh}; with parallel tempering
     *     {@code C × K × nh}, every replica of every chain), or null for CD
     * @param swaps parallel tempering's swap counts over the last epoch (not needed to resume), or null
     */
    public record State(LabelRbm model, LabelRbmOptimizer optimizer, double[] chains, int epochsDone,
                        SwapCounts swaps) implements Serializable {
        /** A state without swap counts. */
        public State(LabelRbm model, LabelRbmOptimizer optimizer, double[] chains, int epochsDone) {
            this(model, optimizer, chains, epochsDone, null);
        }
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param state the state after the epoch ({@code epochsDone} counts it)
         * @param reconstructionError mean reconstruction error over the epoch's rows (visible units only)
         * @param seconds the epoch's wall time
         */
        void afterEpoch(State state, double reconstructionError, double seconds) throws Exception;
    }

    /**
     * The patterns as joint rows {@code (v, onehot(label))} of width nv + nc; every pattern's label must be a
     * class number in [0, nc) (check it first, e.g. with a message naming the line).
     */
    public static JavaRDD<LabeledPattern> joint(JavaRDD<LabeledPattern> data, int nv, int nc) {
        return data.map(p -> {
            double[] row = Arrays.copyOf(p.values(), nv + nc);
            row[nv + Integer.parseInt(p.label())] = 1.0;
            return new LabeledPattern(p.label(), row, p.line(), p.index());
        });
    }

    /**
     * The initial model of {@link LabelRbmTrainer#initialModel}, with the base rates (pixel means and class
     * frequencies) summed on Spark.
     *
     * @param joint rows of {@link #joint}
     */
    public static LabelRbm initialModel(JavaRDD<LabeledPattern> joint, long count, int nv, int nc,
                                        RbmTrainingConfig config) {
        double[] a = null;
        double[] d = null;
        if (config.visibleBiasFromData()) {
            double[] means = RbmDataStats.columnMeans(joint, nv + nc, count);
            a = Rbm.baseRateVisibleBias(Arrays.copyOf(means, nv), 1, nv);
            d = new double[nc];
            for (int c = 0; c < nc; c++) {
                // SoftmaxGroup.baseRateBias: log of the class frequency, floored at 1e-3
                d[c] = Math.log(Math.max(1e-3, means[nv + c]));
            }
        }
        return LabelRbm.random(nv, config.numHidden(), nc, config.initialWeightStd(), a, d, config.seed());
    }

    /** The state before the first epoch: the initial model, fresh optimiser and chains. */
    public static State initialState(LabelRbm initial, RbmTrainingConfig config) {
        int nh = initial.numHidden();
        double[] chains = config.rule() == RbmTrainingConfig.Rule.PCD
            ? CdKernel.initialChains(config.effectiveChains(), nh) : null;
        return new State(initial, new LabelRbmOptimizer(initial.numVisible(), nh, initial.numLabels(),
            config.learningRate(), config.momentum(), config.weightDecay()), chains, 0);
    }

    /**
     * The state before the first epoch with parallel tempering's chains ({@code C × K × nh} zeros) when
     * {@code tempering} is not null.
     */
    public static State initialState(LabelRbm initial, RbmTrainingConfig config, TemperingOptions tempering) {
        State s = initialState(initial, config);
        return tempering == null ? s : new State(s.model(), s.optimizer(), ParallelTempering.initialChains(
            config.effectiveChains(), tempering.numTemperatures(), initial.numHidden()), 0);
    }

    /**
     * Trains from {@code state} until {@code config.epochs()} epochs are done.
     *
     * @param joint the rows of {@link #joint} (indices 0..count-1)
     * @param count number of patterns
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> joint, long count,
                              RbmTrainingConfig config, State state, EpochListener listener) throws Exception {
        return train(sc, joint, count, config, null, state, listener);
    }

    /**
     * Trains from {@code state} until {@code config.epochs()} epochs are done, with parallel tempering over
     * (v, y, h) as the negative phase when {@code tempering} is not null ({@link LabelTempering}): what
     * {@link LabelRbmTrainer} with that ladder computes in one process. A chain is its K replicas ({@code K × nh}
     * values), which stay together in one task; the tasks' swap counts travel with their statistics
     * ({@link TemperedStatistics}) and are summed per epoch into {@link State#swaps()}.
     *
     * @param tempering the ladder (needs rule PCD and chains of {@code C × K × nh} in {@code state}), or null
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> joint, long count,
                              RbmTrainingConfig config, TemperingOptions tempering, State state,
                              EpochListener listener) throws Exception {
        LabelRbm start = state.model();
        int nv = start.numVisible();
        int nh = start.numHidden();
        int nc = start.numLabels();
        LabelRbmOptimizer optimizer = state.optimizer();
        if (tempering != null) {
            int k = tempering.numTemperatures();
            if (state.chains() == null || state.chains().length != config.effectiveChains() * k * nh) {
                throw new IllegalArgumentException("parallel tempering needs " + config.effectiveChains()
                    + " chains x " + k + " replicas of " + nh + " hidden units in the state, it holds "
                    + (state.chains() == null ? "none" : state.chains().length / nh + " rows"));
            }
            SwapCounts epochSwaps = SwapCounts.empty(k);
            RoundEngine<LabelRbm, TemperedStatistics<LabelRbmStatistics>> engine = new RoundEngine<>(
                new RoundEngine.Plan("label rbm", config.epochs(), config.batchSize(), nv + nc, k * nh),
                new TemperedKernel(config, tempering), TemperedStatistics.driver(driver(config, optimizer, nv, nh, nc),
                    k, epochSwaps));
            State[] last = {state};
            engine.run(sc, joint, count, start, state.chains(), state.epochsDone(),
                (model, chains, epochs, recon, seconds) -> {
                    last[0] = new State(model, optimizer, chains, epochs, SwapCounts.empty(k).merge(epochSwaps));
                    epochSwaps.reset();
                    listener.afterEpoch(last[0], recon, seconds);
                });
            return last[0];
        }
        RoundEngine<LabelRbm, LabelRbmStatistics> engine = new RoundEngine<>(
            new RoundEngine.Plan("label rbm", config.epochs(), config.batchSize(), nv + nc, nh), new Kernel(config),
            driver(config, optimizer, nv, nh, nc));
        State[] last = {state};
        engine.run(sc, joint, count, start, state.chains(), state.epochsDone(),
            (model, chains, epochs, recon, seconds) -> {
                last[0] = new State(model, optimizer, chains, epochs);
                listener.afterEpoch(last[0], recon, seconds);
            });
        return last[0];
    }

    /** The driver's half of a round: the epoch order, the ordered merge and the optimiser step. */
    private static RoundEngine.Driver<LabelRbm, LabelRbmStatistics> driver(RbmTrainingConfig config,
                                                                           LabelRbmOptimizer optimizer, int nv,
                                                                           int nh, int nc) {
        return new RoundEngine.Driver<>() {
            @Override
            public int[] order(int epoch, int rows) {
                return RbmTrainer.permutation(rows, config.seed(), epoch);
            }

            @Override
            public LabelRbmStatistics empty(LabelRbm params) {
                return LabelRbmStatistics.empty(nv, nh, nc);
            }

            @Override
            public LabelRbmStatistics merge(LabelRbmStatistics into, LabelRbmStatistics part) {
                return into.merge(part);
            }

            @Override
            public LabelRbm apply(LabelRbm params, LabelRbmStatistics sum, int epoch, int round) {
                return optimizer.step(params, sum, config.learningRateAt(epoch));
            }

            @Override
            public double monitor(LabelRbmStatistics sum) {
                return sum.visiblePart().reconstructionErrorSum();
            }

            @Override
            public long size(LabelRbm params) {
                return (long) (nv + nc) * nh;
            }
        };
    }

    /**
     * The fraction of {@code joint}'s rows that {@code model} classifies correctly ({@link LabelRbm#classify}),
     * counted where the data lives.
     */
    public static double accuracy(JavaRDD<LabeledPattern> joint, LabelRbm model, long count) {
        int nv = model.numVisible();
        int nc = model.numLabels();
        double[] right = PartitionSums.of(joint, "label rbm accuracy", model, 1, (m, rows, n, out) -> {
            double[] v = new double[n * nv];
            int[] truth = new int[n];
            for (int r = 0; r < n; r++) {
                double[] row = rows.get(r).values();
                System.arraycopy(row, 0, v, r * nv, nv);
                for (int c = 0; c < nc; c++) {
                    truth[r] = row[nv + c] > 0 ? c : truth[r];
                }
            }
            int[] predicted = m.classify(v, n);
            for (int r = 0; r < n; r++) {
                out[0] += predicted[r] == truth[r] ? 1 : 0;
            }
        });
        return right[0] / count;
    }

    /**
     * A task's part of a tempered round: PCD's positive phase on its rows, {@link LabelTempering}'s negative phase
     * on its chains (each its K replicas).
     */
    static final class TemperedKernel
        implements RoundEngine.Kernel<LabelRbm, TemperedStatistics<LabelRbmStatistics>> {
        private static final long serialVersionUID = 1L;
        private final RbmTrainingConfig config;
        private final TemperingOptions tempering;

        TemperedKernel(RbmTrainingConfig config, TemperingOptions tempering) {
            this.config = config;
            this.tempering = tempering;
        }

        @Override
        public TemperedStatistics<LabelRbmStatistics> round(LabelRbm model, EpochShard shard, int from, int to,
                                                            double[] chains, int firstChain, int numChains,
                                                            int epoch, int round) {
            int nv = model.numVisible();
            int nh = model.numHidden();
            int nc = model.numLabels();
            LabelRbmStatistics stats = LabelRbmStatistics.empty(nv, nh, nc);
            SwapCounts swaps = SwapCounts.empty(tempering.numTemperatures());
            Rows rows = Rows.of(shard, from, to, nv, nc);
            if (rows.n > 0) {
                new LabelCdKernel(nv, nh, nc).positivePhase(model, rows.v, rows.y, rows.n, rows.ids, config.seed(),
                    epoch, round, stats);
            }
            if (numChains > 0) {
                new LabelTempering(nv, nh, nc, tempering).negativePhase(model, chains, numChains, firstChain,
                    config.cdSteps(), config.seed(), epoch, round, stats, swaps);
            }
            return new TemperedStatistics<>(stats, swaps);
        }
    }

    /** A task's rows {@code [from, to)} of the shard split into visible values, one-hot labels and pattern ids. */
    private record Rows(int n, double[] v, double[] y, long[] ids) {
        static Rows of(EpochShard shard, int from, int to, int nv, int nc) {
            int n = to - from;
            double[] v0 = new double[n * nv];
            double[] y0 = new double[n * nc];
            double[] joint = new double[n * (nv + nc)];
            shard.copyRows(from, to, joint);
            for (int r = 0; r < n; r++) {
                System.arraycopy(joint, r * (nv + nc), v0, r * nv, nv);
                System.arraycopy(joint, r * (nv + nc) + nv, y0, r * nc, nc);
            }
            return new Rows(n, v0, y0, Arrays.copyOfRange(shard.ids, from, to));
        }
    }

    /** A task's part of a round: CD-k on its rows, or PCD's positive phase on its rows and its chains advanced. */
    static final class Kernel implements RoundEngine.Kernel<LabelRbm, LabelRbmStatistics> {
        private static final long serialVersionUID = 1L;
        private final RbmTrainingConfig config;

        Kernel(RbmTrainingConfig config) {
            this.config = config;
        }

        @Override
        public LabelRbmStatistics round(LabelRbm model, EpochShard shard, int from, int to, double[] chains,
                                        int firstChain, int numChains, int epoch, int round) {
            int nv = model.numVisible();
            int nh = model.numHidden();
            int nc = model.numLabels();
            LabelCdKernel kernel = new LabelCdKernel(nv, nh, nc);
            LabelRbmStatistics stats = LabelRbmStatistics.empty(nv, nh, nc);
            Rows rows = Rows.of(shard, from, to, nv, nc);
            int n = rows.n;
            double[] v0 = rows.v;
            double[] y0 = rows.y;
            long[] ids = rows.ids;
            if (chains == null) {
                if (n > 0) {
                    kernel.contrastiveDivergence(model, v0, y0, n, ids, config.cdSteps(), config.seed(), epoch,
                        round, stats);
                }
            } else {
                if (n > 0) {
                    kernel.positivePhase(model, v0, y0, n, ids, config.seed(), epoch, round, stats);
                }
                if (numChains > 0) {
                    kernel.persistentNegativePhase(model, chains, numChains, firstChain, config.cdSteps(),
                        config.seed(), epoch, round, stats);
                }
            }
            return stats;
        }
    }
}
