package dev.boltzmann.spark;

import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.BmParameterUpdate;
import dev.boltzmann.learning.BmPhases;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmStatistics;
import dev.boltzmann.learning.BmTempering;
import dev.boltzmann.learning.BmTrainer;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.learning.SwapCounts;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.sampling.BmModes;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Boltzmann-machine training (fully visible, or with hidden and label units) on Spark ({@link RoundEngine}):
 * each round, every task runs the clamped phase ({@link BmPhases#addPositive}) of its shard's patterns of the
 * mini-batch and advances the free-phase chains it owns ({@link BmPhases#advanceChain}); the driver merges the
 * {@link BmStatistics} in partition order and applies {@link BmParameterUpdate}.
 *
 * <p>It computes what {@link BmTrainer} computes in one process: the same epoch order
 * ({@link BmTrainer#epochOrder}), the same streams (keyed by pattern index and chain index), the same update.
 * The statistics are sums of products of 0/1 states, which are exact, so the result is the single-process
 * machine bit for bit, whatever the partitioning. The chains' states ({@code chains × n}) are carried by the
 * driver between rounds, restarted on every update or (persistent) only on the first.
 *
 * <p>The patterns travel as rows {@code (v, label)}: the nv visible values followed by the class number, or
 * {@link BoltzmannMachine#NO_LABEL} ({@link #rows}).
 *
 * <p>With parallel tempering as the free phase ({@link BmTempering}) a chain is its K replicas ({@code K × n}
 * values, replica 0 at β = 1 first), which stay together in one task, so the swaps need no communication; the
 * driver carries {@code chains × K × n} states, and the tasks' swap counts travel with their statistics
 * ({@link TemperedStatistics}) and are summed per epoch into {@link State#swaps()}.
 */
public final class SparkBmTrainer {
    private SparkBmTrainer() {
    }

    /**
     * Everything that evolves during training: what a checkpoint holds.
     *
     * @param chains the free-phase chains' states, {@code chains × n} (with parallel tempering
     *     {@code chains × K × n}, every replica of every chain)
     * @param swaps parallel tempering's swap counts over the last epoch (not needed to resume), or null
     */
    public record State(BoltzmannMachine machine, BmParameterUpdate update, double[] chains, int epochsDone,
                        SwapCounts swaps) implements Serializable {
        /** A state without swap counts. */
        public State(BoltzmannMachine machine, BmParameterUpdate update, double[] chains, int epochsDone) {
            this(machine, update, chains, epochsDone, null);
        }
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

    /**
     * The patterns as rows {@code (v, label)}; with {@code labelled} every pattern's label must be a class number
     * (check it first), otherwise the label is {@link BoltzmannMachine#NO_LABEL}.
     */
    public static JavaRDD<LabeledPattern> rows(JavaRDD<LabeledPattern> data, int nv, boolean labelled) {
        return data.map(p -> {
            double[] row = Arrays.copyOf(p.values(), nv + 1);
            row[nv] = labelled ? Integer.parseInt(p.label()) : BoltzmannMachine.NO_LABEL;
            return new LabeledPattern(p.label(), row, p.line(), p.index());
        });
    }

    /**
     * Checks that every pattern is 0/1 (what {@link BmTrainer#checkData} requires), on Spark.
     *
     * @throws IllegalArgumentException naming the pattern of lowest index that is not, and its unit
     */
    public static void check(JavaRDD<LabeledPattern> data, int nv) {
        data.context().setJobDescription("bm: check the patterns are 0/1");
        List<LabeledPattern> bad = data.filter(p -> firstNonBinary(p.values(), nv) >= 0).takeOrdered(1,
            (Comparator<LabeledPattern> & Serializable) (a, b) -> Long.compare(a.index(), b.index()));
        if (!bad.isEmpty()) {
            LabeledPattern p = bad.get(0);
            int i = firstNonBinary(p.values(), nv);
            throw new IllegalArgumentException("pattern " + p.index() + " unit " + i + " is " + p.values()[i]
                + ", expected 0 or 1");
        }
    }

    private static int firstNonBinary(double[] v, int nv) {
        for (int i = 0; i < nv; i++) {
            if (v[i] != 0.0 && v[i] != 1.0) {
                return i;
            }
        }
        return -1;
    }

    /** The state before the first epoch: {@link BmTrainer}'s random machine, zero velocities, fresh chains. */
    public static State initialState(int nv, int numLabels, int numHidden, BmTrainerOptions options) {
        return initialState(nv, numLabels, numHidden, options, null);
    }

    /** {@link #initialState(int, int, int, BmTrainerOptions)} with parallel tempering's replicas (if not null). */
    public static State initialState(int nv, int numLabels, int numHidden, BmTrainerOptions options,
                                     TemperingOptions tempering) {
        BoltzmannMachine bm = BoltzmannMachine.random(nv, numLabels, numHidden, options.initialWeightSd(),
            Seeds.rng(options.seed(), BmPhases.PURPOSE_INIT));
        return initialState(bm, options, tempering);
    }

    /** The state before the first epoch from {@code initial}: zero velocities, fresh chains. */
    public static State initialState(BoltzmannMachine initial, BmTrainerOptions options) {
        return initialState(initial, options, null);
    }

    /**
     * The state before the first epoch from {@code initial}: zero velocities, fresh chains, with parallel
     * tempering's {@code chains × K} replicas when {@code tempering} is not null.
     */
    public static State initialState(BoltzmannMachine initial, BmTrainerOptions options,
                                     TemperingOptions tempering) {
        int n = initial.size();
        int replicas = tempering == null ? 1 : tempering.numTemperatures();
        return new State(initial, BmParameterUpdate.zeroVelocity(n),
            new double[options.sampling().chains() * replicas * n], 0);
    }

    /**
     * Trains from {@code state} until {@code options.epochs()} epochs are done.
     *
     * @param rows the rows of {@link #rows} (indices 0..count-1)
     * @param count number of patterns
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> rows, long count,
                              BmTrainerOptions options, State state, EpochListener listener) throws Exception {
        BoltzmannMachine start = state.machine();
        int n = start.size();
        BmParameterUpdate update = state.update();
        RoundEngine<BoltzmannMachine, BmStatistics> engine = new RoundEngine<>(
            new RoundEngine.Plan("bm", options.epochs(), options.batchSize(), start.numVisible() + 1, n),
            new Kernel(options), driver(options, update, n));
        State[] last = {state};
        engine.run(sc, rows, count, start, state.chains(), state.epochsDone(),
            (bm, chains, epochs, monitor, seconds) -> {
                last[0] = new State(bm, update, chains, epochs);
                listener.afterEpoch(last[0], seconds);
            });
        return last[0];
    }

    /**
     * Trains from {@code state} (its chains {@code chains × K × n}, see {@link #initialState(BoltzmannMachine,
     * BmTrainerOptions, TemperingOptions)}) until {@code options.epochs()} epochs are done, with parallel
     * tempering as the free phase when {@code tempering} is not null: what {@link BmTrainer#train(
     * BmTrainer.Progress, double[][], int[], BmTrainerOptions, TemperingOptions, SwapCounts,
     * BmTrainer.ProgressListener)} computes in one process, bit for bit.
     *
     * @param tempering the ladder, or null for {@link #train(JavaSparkContext, JavaRDD, long, BmTrainerOptions,
     *     State, EpochListener)}
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> rows, long count,
                              BmTrainerOptions options, TemperingOptions tempering, State state,
                              EpochListener listener) throws Exception {
        if (tempering == null) {
            return train(sc, rows, count, options, state, listener);
        }
        BoltzmannMachine start = state.machine();
        int n = start.size();
        int k = tempering.numTemperatures();
        if (state.chains().length != options.sampling().chains() * k * n) {
            throw new IllegalArgumentException("the state holds " + state.chains().length / n + " chain states, "
                + "expected " + options.sampling().chains() + " chains x " + k + " replicas");
        }
        BmParameterUpdate update = state.update();
        SwapCounts epochSwaps = SwapCounts.empty(k);
        RoundEngine.Driver<BoltzmannMachine, TemperedStatistics<BmStatistics>> driver = TemperedStatistics.driver(
            driver(options, update, n), k, epochSwaps);
        RoundEngine<BoltzmannMachine, TemperedStatistics<BmStatistics>> engine = new RoundEngine<>(
            new RoundEngine.Plan("bm", options.epochs(), options.batchSize(), start.numVisible() + 1, k * n),
            new TemperedKernel(options, tempering), driver);
        State[] last = {state};
        engine.run(sc, rows, count, start, state.chains(), state.epochsDone(),
            (bm, chains, epochs, monitor, seconds) -> {
                last[0] = new State(bm, update, chains, epochs, SwapCounts.empty(k).merge(epochSwaps));
                epochSwaps.reset();
                listener.afterEpoch(last[0], seconds);
            });
        return last[0];
    }

    /** The driver's half of a round: the epoch order, the ordered merge and the update. */
    private static RoundEngine.Driver<BoltzmannMachine, BmStatistics> driver(BmTrainerOptions options,
                                                                             BmParameterUpdate update, int n) {
        return new RoundEngine.Driver<>() {
            @Override
            public int[] order(int epoch, int patterns) {
                return BmTrainer.epochOrder(options.seed(), epoch, patterns);
            }

            @Override
            public BmStatistics empty(BoltzmannMachine params) {
                return BmStatistics.empty(n);
            }

            @Override
            public BmStatistics merge(BmStatistics into, BmStatistics part) {
                return into.merge(part);
            }

            @Override
            public BoltzmannMachine apply(BoltzmannMachine params, BmStatistics sum, int epoch, int round) {
                return update.apply(params, sum, options.learningRate(), options.momentum(), options.weightDecay());
            }

            @Override
            public long size(BoltzmannMachine params) {
                return (long) n * n;
            }
        };
    }

    /**
     * The exact mean log-likelihood of the rows (log P(v), or log P(v, c) with a known label) and, with labels,
     * the fraction of rows whose most probable class is their label; enumerates, so for small machines only.
     *
     * @return {mean log-likelihood, accuracy (NaN without labels)}
     */
    public static double[] exactMonitors(JavaRDD<LabeledPattern> rows, BoltzmannMachine bm, long count) {
        int nv = bm.numVisible();
        boolean labels = bm.numLabels() > 0;
        double logZ = BmExact.logPartition(bm);
        double[] sums = PartitionSums.of(rows, "bm exact log-likelihood", bm, 2, (m, chunk, k, out) -> {
            for (LabeledPattern p : chunk) {
                double[] v = Arrays.copyOf(p.values(), nv);
                int label = (int) p.values()[nv];
                out[0] += BmExact.logUnnormalizedMarginal(m, v, label) - logZ;
                if (labels) {
                    out[1] += BmModes.argmax(BmExact.classProbabilities(m, v)) == label ? 1 : 0;
                }
            }
        });
        return new double[] {sums[0] / count, labels ? sums[1] / count : Double.NaN};
    }

    /** A task's part of a round: the clamped phase of its patterns and its chains' free phase. */
    static final class Kernel implements RoundEngine.Kernel<BoltzmannMachine, BmStatistics> {
        private static final long serialVersionUID = 1L;
        private final BmTrainerOptions options;

        Kernel(BmTrainerOptions options) {
            this.options = options;
        }

        @Override
        public BmStatistics round(BoltzmannMachine bm, EpochShard shard, int from, int to, double[] chains,
                                  int firstChain, int numChains, int epoch, int round) {
            int n = bm.size();
            BmSamplingOptions sampling = options.sampling();
            BmStatistics stats = positive(bm, shard, from, to, options, epoch, round);
            boolean fresh = BmTrainer.freshChains(sampling, epoch, round);
            double[] state = new double[n];
            for (int c = 0; c < numChains; c++) {
                System.arraycopy(chains, c * n, state, 0, n);
                BmPhases.advanceChain(bm, state, firstChain + c, fresh, sampling, options.seed(), epoch, round,
                    stats);
                System.arraycopy(state, 0, chains, c * n, n);
            }
            return stats;
        }
    }

    /** New statistics holding the clamped phase of the shard's rows {@code [from, to)}. */
    private static BmStatistics positive(BoltzmannMachine bm, EpochShard shard, int from, int to,
                                         BmTrainerOptions options, int epoch, int round) {
        int nv = bm.numVisible();
        BmStatistics stats = BmStatistics.empty(bm.size());
        double[] rows = new double[(to - from) * (nv + 1)];
        shard.copyRows(from, to, rows);
        for (int k = from; k < to; k++) {
            int at = (k - from) * (nv + 1);
            double[] v = Arrays.copyOfRange(rows, at, at + nv);
            int label = (int) rows[at + nv];
            BmPhases.addPositive(bm, v, label, shard.ids[k], options.sampling(), options.seed(), epoch, round, stats);
        }
        return stats;
    }

    /**
     * A task's part of a tempered round: the clamped phase of its patterns and parallel tempering on its chains,
     * each chain's K replicas advanced together ({@link BmTempering#advanceChain}).
     */
    static final class TemperedKernel
        implements RoundEngine.Kernel<BoltzmannMachine, TemperedStatistics<BmStatistics>> {
        private static final long serialVersionUID = 1L;
        private final BmTrainerOptions options;
        private final TemperingOptions tempering;

        TemperedKernel(BmTrainerOptions options, TemperingOptions tempering) {
            this.options = options;
            this.tempering = tempering;
        }

        @Override
        public TemperedStatistics<BmStatistics> round(BoltzmannMachine bm, EpochShard shard, int from, int to,
                                                      double[] chains, int firstChain, int numChains, int epoch,
                                                      int round) {
            int n = bm.size();
            double[] betas = tempering.betas();
            int k = betas.length;
            BmStatistics stats = positive(bm, shard, from, to, options, epoch, round);
            SwapCounts swaps = SwapCounts.empty(k);
            boolean fresh = BmTrainer.freshChains(options.sampling(), epoch, round);
            double[][] replicas = new double[k][n];
            for (int c = 0; c < numChains; c++) {
                for (int r = 0; r < k; r++) {
                    System.arraycopy(chains, (c * k + r) * n, replicas[r], 0, n);
                }
                // the swaps exchange the rows of replicas; copying back by row keeps replica r at temperature r
                BmTempering.advanceChain(bm, replicas, 0, firstChain + c, fresh, options.sampling(), betas,
                    options.seed(), epoch, round, stats, swaps);
                for (int r = 0; r < k; r++) {
                    System.arraycopy(replicas[r], 0, chains, (c * k + r) * n, n);
                }
            }
            return new TemperedStatistics<>(stats, swaps);
        }
    }
}
