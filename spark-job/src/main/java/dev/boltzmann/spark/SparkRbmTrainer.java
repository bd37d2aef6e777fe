package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.CdKernel;
import dev.boltzmann.learning.ContrastivePhases;
import dev.boltzmann.learning.ParallelTempering;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmStatistics;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.SwapCounts;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.math.Parallel;
import dev.boltzmann.model.Rbm;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * RBM training on Spark in the design card's shape: each round (one mini-batch, one synchronous update), every
 * task sums the positive-phase statistics of its shard's rows of the batch and advances the persistent chains it
 * owns; the driver merges the partial sums in partition order and applies the update. The loop is
 * {@link RoundEngine}'s; this class supplies the CD/PCD {@link Kernel} and the optimiser step.
 *
 * <p>It computes what {@link RbmTrainer} computes in one process: the same epoch permutation
 * ({@link RbmTrainer#permutation}), the same per-pattern and per-chain random streams (keyed by the pattern's
 * index in the data set and the chain's global index, never by the partition), the same optimiser. Only the
 * order of floating-point additions differs, so the weights agree to rounding (about 1e-12 relative) with one
 * process and with any number of partitions, and are identical bit for bit for a given partitioning (the
 * partial sums are merged in partition order, not in task-completion order as {@code treeAggregate} would).
 *
 * <p>PCD chains are carried by the driver and shipped with the parameters each round: chain c goes to partition
 * {@code c·P/C} and comes back advanced. The chains (C × nh values) are small next to the parameters
 * (nv × nh), so this costs little, and a retried task recomputes exactly the same chains from the same broadcast
 * inputs and random streams; a persisted chain RDD would need a new RDD and lineage every round. With parallel
 * tempering ({@link ParallelTempering}) a chain is its K replicas, which stay in one task.
 */
public final class SparkRbmTrainer {
    private SparkRbmTrainer() {
    }

    /**
     * Everything that evolves during training: what a checkpoint holds.
     *
     * @param chains the persistent chains' hidden states ({@code C × nh}; with parallel tempering
     *     {@code C × K × nh}, every replica of every chain), or null for CD
     * @param swaps parallel tempering's swap counts over the last epoch (not needed to resume), or null
     */
    public record State(Rbm model, RbmOptimizer optimizer, double[] chains, int epochsDone, SwapCounts swaps)
        implements Serializable {
        /** A state without swap counts. */
        public State(Rbm model, RbmOptimizer optimizer, double[] chains, int epochsDone) {
            this(model, optimizer, chains, epochsDone, null);
        }
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param state the state after the epoch ({@code epochsDone} counts it)
         * @param reconstructionError mean reconstruction error over the epoch's rows
         * @param seconds the epoch's wall time
         */
        void afterEpoch(State state, double reconstructionError, double seconds) throws Exception;
    }

    /**
     * The state before the first epoch: the trainer's initial model, fresh optimiser and chains. For a centred RBM
     * attach the offsets to the optimiser ({@code state.optimizer().withCentering(offsets)}): they move on the
     * driver, in the optimiser's step, from the merged sums, so the tasks' partial sums stay the ordinary ones.
     */
    public static State initialState(Rbm initial, RbmTrainingConfig config) {
        int nv = initial.numVisible();
        int nh = initial.numHidden();
        double[] chains = config.rule() == RbmTrainingConfig.Rule.PCD
            ? CdKernel.initialChains(config.effectiveChains(), nh) : null;
        return new State(initial, new RbmOptimizer(nv, nh, config.learningRate(), config.momentum(),
            config.weightDecay(), Parallel.availableThreads()), chains, 0);
    }

    /**
     * The state before the first epoch with parallel tempering's chains ({@code C × K × nh} zeros) when
     * {@code tempering} is not null.
     */
    public static State initialState(Rbm initial, RbmTrainingConfig config, TemperingOptions tempering) {
        State s = initialState(initial, config);
        return tempering == null ? s : new State(s.model(), s.optimizer(), ParallelTempering.initialChains(
            config.effectiveChains(), tempering.numTemperatures(), initial.numHidden()), 0);
    }

    /**
     * Trains from {@code state} until {@code config.epochs()} epochs are done, with parallel tempering as the
     * negative phase when {@code tempering} is not null: a chain is then its K replicas ({@code K × nh} values),
     * which stay together in one task, so the swaps need no communication; the tasks' swap counts travel with
     * their statistics ({@link TemperedStatistics}) and are summed per epoch into {@link State#swaps()}.
     *
     * @param tempering the ladder, or null for {@link #train(JavaSparkContext, JavaRDD, long, RbmTrainingConfig,
     *     State, EpochListener)}
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, RbmTrainingConfig config,
                              TemperingOptions tempering, State state, EpochListener listener) throws Exception {
        if (tempering == null) {
            return train(sc, data, count, config, state, listener);
        }
        int nv = state.model().numVisible();
        int nh = state.model().numHidden();
        RbmOptimizer optimizer = state.optimizer();
        SwapCounts epochSwaps = SwapCounts.empty(tempering.numTemperatures());
        RoundEngine.Driver<Rbm, TemperedStatistics<RbmStatistics>> driver = TemperedStatistics.driver(
            driver(config, optimizer, nv, nh), tempering.numTemperatures(), epochSwaps);
        RoundEngine<Rbm, TemperedStatistics<RbmStatistics>> engine = new RoundEngine<>(
            new RoundEngine.Plan("rbm", config.epochs(), config.batchSize(), nv, tempering.numTemperatures() * nh),
            new TemperedKernel(config, tempering), driver);
        State[] last = {state};
        engine.run(sc, data, count, state.model(), state.chains(), state.epochsDone(),
            (model, chains, epochs, recon, seconds) -> {
                last[0] = new State(model, optimizer, chains, epochs,
                    SwapCounts.empty(tempering.numTemperatures()).merge(epochSwaps));
                epochSwaps.reset();
                listener.afterEpoch(last[0], recon, seconds);
            });
        return last[0];
    }

    /**
     * Trains from {@code state} until {@code config.epochs()} epochs are done.
     *
     * @param data the patterns (indices 0..count-1), persisted
     * @param count number of patterns
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, RbmTrainingConfig config,
                              State state, EpochListener listener) throws Exception {
        int nv = state.model().numVisible();
        int nh = state.model().numHidden();
        RbmOptimizer optimizer = state.optimizer();
        RoundEngine.Driver<Rbm, RbmStatistics> driver = driver(config, optimizer, nv, nh);
        RoundEngine<Rbm, RbmStatistics> engine = new RoundEngine<>(
            new RoundEngine.Plan("rbm", config.epochs(), config.batchSize(), nv, nh), new Kernel(config), driver);
        State[] last = {state};
        engine.run(sc, data, count, state.model(), state.chains(), state.epochsDone(),
            (model, chains, epochs, recon, seconds) -> {
                last[0] = new State(model, optimizer, chains, epochs);
                listener.afterEpoch(last[0], recon, seconds);
            });
        return last[0];
    }

    /** The driver's half of a CD/PCD round: the epoch order, the ordered merge and the optimiser step. */
    private static RoundEngine.Driver<Rbm, RbmStatistics> driver(RbmTrainingConfig config, RbmOptimizer optimizer,
                                                                 int nv, int nh) {
        int threads = Parallel.availableThreads();
        return new RoundEngine.Driver<>() {
            /** One accumulator for every round: the update reads it before the next round starts. */
            private RbmStatistics sum;

            @Override
            public int[] order(int epoch, int rows) {
                return RbmTrainer.permutation(rows, config.seed(), epoch);
            }

            @Override
            public RbmStatistics empty(Rbm params) {
                if (sum == null) {
                    sum = RbmStatistics.empty(nv, nh);
                } else {
                    sum.reset();
                }
                return sum;
            }

            @Override
            public RbmStatistics merge(RbmStatistics into, RbmStatistics part) {
                return into.merge(part, threads);
            }

            @Override
            public RbmStatistics mergeAll(RbmStatistics into, List<RbmStatistics> parts) {
                return into.mergeAll(parts, threads);
            }

            @Override
            public Rbm apply(Rbm params, RbmStatistics sum, int epoch, int round) {
                return optimizer.step(params, sum, config.learningRateAt(epoch));
            }

            @Override
            public double monitor(RbmStatistics sum) {
                return sum.reconstructionErrorSum();
            }

            @Override
            public long size(Rbm params) {
                return (long) nv * nh;
            }
        };
    }

    /** A task's part of a tempered round: PCD's positive phase on its rows, PT's negative phase on its chains. */
    static final class TemperedKernel implements RoundEngine.Kernel<Rbm, TemperedStatistics<RbmStatistics>> {
        private static final long serialVersionUID = 1L;
        private final RbmTrainingConfig config;
        private final TemperingOptions tempering;

        TemperedKernel(RbmTrainingConfig config, TemperingOptions tempering) {
            this.config = config;
            this.tempering = tempering;
        }

        @Override
        public TemperedStatistics<RbmStatistics> round(Rbm model, EpochShard shard, int from, int to,
                                                       double[] chains, int firstChain, int numChains, int epoch,
                                                       int round) {
            int nv = model.numVisible();
            int nh = model.numHidden();
            RbmStatistics stats = RbmStatistics.empty(nv, nh);
            SwapCounts swaps = SwapCounts.empty(tempering.numTemperatures());
            if (to > from) {
                double[] v0 = new double[(to - from) * nv];
                shard.copyRows(from, to, v0);
                new CdKernel(nv, nh).positivePhase(model, v0, to - from, Arrays.copyOfRange(shard.ids, from, to),
                    config.seed(), epoch, round, stats);
            }
            if (numChains > 0) {
                new ParallelTempering(nv, nh, tempering).negativePhase(model, chains, numChains, firstChain,
                    config.cdSteps(), config.seed(), epoch, round, stats, swaps);
            }
            return new TemperedStatistics<>(stats, swaps);
        }
    }

    /** A task's part of a round: CD-k on its rows, or PCD's positive phase on its rows and its chains advanced. */
    static final class Kernel implements RoundEngine.Kernel<Rbm, RbmStatistics> {
        private static final long serialVersionUID = 1L;
        private final RbmTrainingConfig config;
        /**
         * Kept by a task between its rounds (a resident task runs a whole epoch's rounds on one copy of this
         * kernel): the work arrays and the statistics, reset rather than reallocated. A round's statistics are
         * merged by the driver before the task's next round starts, so reusing them is safe.
         */
        private transient CdKernel cd;
        private transient RbmStatistics stats;

        Kernel(RbmTrainingConfig config) {
            this.config = config;
        }

        @Override
        public RbmStatistics round(Rbm model, EpochShard shard, int from, int to, double[] chains, int firstChain,
                                   int numChains, int epoch, int round) {
            int nv = model.numVisible();
            int nh = model.numHidden();
            if (stats == null || stats.numVisible() != nv || stats.numHidden() != nh) {
                cd = new CdKernel(nv, nh);
                stats = RbmStatistics.empty(nv, nh);
            } else {
                stats.reset();
            }
            return cdRound(cd, model, stats, nv, config, shard, from, to, chains, firstChain, numChains, epoch,
                round);
        }
    }

    /**
     * A task's CD/PCD round for any visible units: CD-k on its rows {@code [from, to)} of {@code shard} when there
     * are no chains, else PCD's data phase on its rows and its chains advanced, summed into {@code stats}.
     */
    static <M, S> S cdRound(ContrastivePhases<M, S> kernel, M model, S stats, int nv, RbmTrainingConfig config,
                            EpochShard shard, int from, int to, double[] chains, int firstChain, int numChains,
                            int epoch, int round) {
        int n = to - from;
        double[] v0 = new double[n * nv];
        shard.copyRows(from, to, v0);
        long[] ids = Arrays.copyOfRange(shard.ids, from, to);
        if (chains == null) {
            if (n > 0) {
                kernel.contrastiveDivergence(model, v0, n, ids, config.cdSteps(), config.seed(), epoch, round, stats);
            }
        } else {
            if (n > 0) {
                kernel.positivePhase(model, v0, n, ids, config.seed(), epoch, round, stats);
            }
            if (numChains > 0) {
                kernel.persistentNegativePhase(model, chains, numChains, firstChain, config.cdSteps(), config.seed(),
                    epoch, round, stats);
            }
        }
        return stats;
    }
}
