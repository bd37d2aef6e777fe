package dev.boltzmann.spark;

import dev.boltzmann.evaluation.BinaryStateEnumeration;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.EbmEpochSummary;
import dev.boltzmann.learning.EbmTrainer;
import dev.boltzmann.learning.EbmTrainingOptions;
import dev.boltzmann.learning.EnergyGradientStatistics;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.StateSpace;
import dev.boltzmann.sampling.MetropolisSampler;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * General energy-based model training (ALGORITHMS.md §6) on Spark ({@link RoundEngine}): each round (one
 * mini-batch), every task adds the energy gradients of its shard's rows of the batch to the positive phase and
 * advances the Metropolis negative chains it owns ({@link EbmTrainer#negativePhase}); the driver merges the
 * {@link EnergyGradientStatistics} in partition order and takes {@link EbmTrainer#applyUpdate}'s step at the rate
 * {@link EbmTrainer#learningRate} of the epoch.
 *
 * <p>It computes what {@link EbmTrainer} computes in one process: the same epoch order
 * ({@link EbmTrainer#epochOrder}), the same streams (chain c's from (seed, NEGATIVE, epoch, update, c)), the same
 * update. Which chains a task owns:
 * <ul>
 *   <li>persistent chains ({@code numChains × d}, carried by the driver between rounds): the engine's block
 *       {@code [C·p/P, C·(p+1)/P)};</li>
 *   <li>chains restarted from the batch ({@link EbmTrainingOptions.NegativePhase#FROM_DATA}: chain c starts at
 *       batch row {@code c mod rows}): the chains whose start row is in the task's shard, so no row travels; the
 *       driver carries no chains.</li>
 * </ul>
 * With an Ising energy the gradients are sums of products of ±1/0 values, which are exact, so the model is the
 * single-process one bit for bit whatever the partitioning; with a neural energy the partial sums are added in
 * another order than one process adds them (the same bits for a given partitioning, and for one partition).
 */
public final class SparkEbmTrainer {
    private SparkEbmTrainer() {
    }

    /**
     * Everything that evolves during training: what a checkpoint holds. The update is plain gradient descent at a
     * rate fixed by the epoch, so there is no optimiser state.
     *
     * @param energy the energy with the current θ
     * @param chains the persistent chains' states ({@code numChains × d}), or null when they restart from the batch
     * @param epochsDone epochs completed
     * @param summary the monitors of the last epoch (null before the first)
     */
    public record State(EnergyFunction energy, double[] chains, int epochsDone, EbmEpochSummary summary)
        implements Serializable {
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /** @param state the state after the epoch ({@code epochsDone} counts it, {@code summary} describes it) */
        void afterEpoch(State state) throws Exception;
    }

    /**
     * The state before the first epoch from {@code initial}: with persistent chains {@link EbmTrainer}'s random
     * start ({@code MetropolisSampler.randomChains} with the stream (seed, CHAINS, c)).
     */
    public static State initialState(EnergyFunction initial, EbmTrainingOptions options) {
        double[] chains = persistent(options) ? MetropolisSampler.randomChains(initial, options.numChains(),
            options.initialSpread(), 0, options.seed(), EbmTrainer.CHAINS) : null;
        return new State(initial, chains, 0, null);
    }

    private static boolean persistent(EbmTrainingOptions options) {
        return options.negativePhase() == EbmTrainingOptions.NegativePhase.PERSISTENT;
    }

    /**
     * Checks on Spark that every value is a state of {@code space} (what {@link EbmTrainer} requires of its data).
     *
     * @throws IllegalArgumentException naming the pattern of lowest index that has another value, its line and unit
     */
    public static void check(JavaRDD<LabeledPattern> rows, StateSpace space) {
        rows.context().setJobDescription("ebm: check the patterns are " + space.name().toLowerCase() + " states");
        List<LabeledPattern> bad = rows.filter(p -> firstInvalid(p.values(), space) >= 0).takeOrdered(1,
            (Comparator<LabeledPattern> & Serializable) (a, b) -> Long.compare(a.index(), b.index()));
        if (!bad.isEmpty()) {
            LabeledPattern p = bad.get(0);
            int i = firstInvalid(p.values(), space);
            throw new IllegalArgumentException("pattern " + p.index() + " (line " + p.line() + ") unit " + i + " is "
                + p.values()[i] + ", not a valid " + space.name().toLowerCase() + " value");
        }
    }

    private static int firstInvalid(double[] v, StateSpace space) {
        for (int i = 0; i < v.length; i++) {
            if (!EbmTrainer.isValid(space, v[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Trains from {@code state} until {@code options.epochs()} epochs are done.
     *
     * @param rows the patterns in the energy's state space (indices 0..count-1, d values each; check them with
     *     {@link #check})
     * @param count number of patterns
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> rows, long count,
                              EbmTrainingOptions options, State state, EpochListener listener) throws Exception {
        EnergyFunction start = state.energy();
        int d = start.dimension();
        if (persistent(options) != (state.chains() != null)) {
            throw new IllegalArgumentException("the state " + (state.chains() == null ? "has no" : "has")
                + " persistent chains while the negative phase is " + options.negativePhase());
        }
        if (state.chains() != null && state.chains().length != options.numChains() * d) {
            throw new IllegalArgumentException("the state holds " + state.chains().length / d + " chains of " + d
                + " units, expected " + options.numChains());
        }
        Driver driver = new Driver(options, start.numParameters());
        RoundEngine<EnergyFunction, EnergyGradientStatistics> engine = new RoundEngine<>(
            new RoundEngine.Plan("ebm", options.epochs(), options.batchSize(), d, d), new Kernel(options, count),
            driver);
        State[] last = {state};
        engine.run(sc, rows, count, start, state.chains(), state.epochsDone(),
            (energy, chains, epochs, monitor, seconds) -> {
                last[0] = new State(energy, chains, epochs, driver.endEpoch(epochs - 1, count, seconds));
                listener.afterEpoch(last[0]);
            });
        return last[0];
    }

    /**
     * The exact mean log-likelihood of the rows, {@code mean(-E(x)) - log Z}: log Z by enumerating the 2^d states on
     * the driver (no data needed, {@link BinaryStateEnumeration}), the sum of the energies on Spark
     * ({@link PartitionSums}). For binary energies of at most {@value BinaryStateEnumeration#MAX_UNITS} units.
     */
    public static double exactLogLikelihood(JavaRDD<LabeledPattern> rows, EnergyFunction energy, long count) {
        double logZ = BinaryStateEnumeration.of(energy, 1.0).logZ();
        double[] sums = PartitionSums.of(rows, "ebm exact log-likelihood", energy, 1, (e, chunk, n, out) -> {
            for (LabeledPattern p : chunk) {
                out[0] -= e.energy(p.values());
            }
        });
        return sums[0] / count - logZ;
    }

    /** The driver's half: the epoch order, the ordered merge, the update and the epoch's monitors. */
    private static final class Driver implements RoundEngine.Driver<EnergyFunction, EnergyGradientStatistics> {
        private final EbmTrainingOptions options;
        private final int numParameters;
        private double dataEnergy;
        private double sampleEnergy;
        private long proposals;
        private long accepted;
        private int updates;

        Driver(EbmTrainingOptions options, int numParameters) {
            this.options = options;
            this.numParameters = numParameters;
        }

        @Override
        public int[] order(int epoch, int rows) {
            return EbmTrainer.epochOrder(options.seed(), epoch, rows);
        }

        @Override
        public EnergyGradientStatistics empty(EnergyFunction params) {
            return EnergyGradientStatistics.empty(numParameters);
        }

        @Override
        public EnergyGradientStatistics merge(EnergyGradientStatistics into, EnergyGradientStatistics part) {
            return into.merge(part);
        }

        @Override
        public EnergyFunction apply(EnergyFunction params, EnergyGradientStatistics sum, int epoch, int round) {
            // the monitors as EbmTrainer keeps them
            dataEnergy += sum.meanPositiveEnergy() * sum.positiveCount();
            sampleEnergy += sum.meanNegativeEnergy();
            proposals += sum.proposals();
            accepted += sum.accepted();
            updates++;
            return EbmTrainer.applyUpdate(params, sum, EbmTrainer.learningRate(options, epoch), options.l2Decay());
        }

        @Override
        public long size(EnergyFunction params) {
            return numParameters;
        }

        /** The summary of epoch {@code epoch} (0-based), as {@link EbmTrainer} reports it; starts the next. */
        EbmEpochSummary endEpoch(int epoch, long rows, double seconds) {
            EbmEpochSummary s = new EbmEpochSummary(epoch, updates, EbmTrainer.learningRate(options, epoch),
                dataEnergy / rows, sampleEnergy / updates, (double) accepted / proposals, seconds);
            dataEnergy = 0;
            sampleEnergy = 0;
            proposals = 0;
            accepted = 0;
            updates = 0;
            return s;
        }
    }

    /** A task's part of a round: the positive phase of its rows of the batch and the negative chains it owns. */
    static final class Kernel implements RoundEngine.Kernel<EnergyFunction, EnergyGradientStatistics> {
        private static final long serialVersionUID = 1L;
        private final EbmTrainingOptions options;
        private final long count;

        Kernel(EbmTrainingOptions options, long count) {
            this.options = options;
            this.count = count;
        }

        @Override
        public EnergyGradientStatistics round(EnergyFunction energy, EpochShard shard, int from, int to,
                                              double[] chains, int firstChain, int numChains, int epoch, int round) {
            int d = energy.dimension();
            EnergyGradientStatistics stats = EnergyGradientStatistics.empty(energy.numParameters());
            double[] rows = new double[(to - from) * d];
            shard.copyRows(from, to, rows);
            stats.addPositiveRows(energy, rows, 0, to - from);
            if (persistent(options)) {
                long[] index = new long[numChains];
                Arrays.setAll(index, c -> firstChain + c);
                EbmTrainer.negativePhase(energy, chains, index, options, epoch, round, stats);
                return stats;
            }
            // chains restarted from the batch: chain c starts at batch row c mod (rows in the round); this task
            // runs those whose start row it holds, in the order of their index
            int batch = (int) Math.min(options.batchSize(), count);
            int inRound = (int) Math.min(batch, count - (long) round * batch);
            int first = round * batch;
            long[] owned = new long[options.numChains()];
            int n = 0;
            for (int c = 0; c < options.numChains(); c++) {
                int position = first + c % inRound;
                int s = shard.lowerBound(position);
                if (s >= from && s < to && shard.positions[s] == position) {
                    owned[n++] = (long) c << 32 | (s - from);
                }
            }
            long[] index = new long[n];
            double[] own = new double[n * d];
            for (int k = 0; k < n; k++) {
                index[k] = owned[k] >>> 32;
                System.arraycopy(rows, (int) (owned[k] & 0xFFFFFFFFL) * d, own, k * d, d);
            }
            EbmTrainer.negativePhase(energy, own, index, options, epoch, round, stats);
            return stats;
        }
    }
}
