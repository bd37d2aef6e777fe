package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.CdKernel;
import dev.boltzmann.learning.GaussianCdKernel;
import dev.boltzmann.learning.GaussianRbmStatistics;
import dev.boltzmann.learning.GaussianRbmTrainer;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.GaussianRbm;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Gaussian-Bernoulli RBM training on Spark: {@link GaussianRbmTrainer}'s algorithm as a {@link RoundEngine} kernel,
 * in the shape of {@link SparkRbmTrainer}. Each round every task runs {@link GaussianCdKernel} on its shard's rows of
 * the batch (and advances the PCD chains it owns) into a {@link GaussianRbmStatistics}; the driver merges the
 * partial sums in partition order, takes the {@link RbmOptimizer} step on (W, μ, b) and, with learned variances, the
 * momentum step on the log-variances, exactly as {@link GaussianRbmTrainer} does.
 *
 * <p>The random streams are {@link GaussianCdKernel}'s, keyed by the pattern's index in the data set and the
 * chain's global index, and the epoch order is {@link RbmTrainer#permutation}, so the model agrees with the
 * single-process trainer's to rounding for any partitioning, and bit for bit for a given partitioning.
 *
 * <p>The rows are in model units (already standardised when {@code data.standardize} is on).
 */
public final class SparkGaussianRbmTrainer {
    private SparkGaussianRbmTrainer() {
    }

    /**
     * Everything that evolves during training: what a checkpoint holds.
     *
     * @param logVarianceVelocity the log-variances' momentum (zeros when σ is fixed)
     * @param chains the PCD chains' hidden states ({@code C × nh}), or null for CD
     */
    public record State(GaussianRbm model, RbmOptimizer optimizer, double[] logVarianceVelocity, double[] chains,
                        int epochsDone) implements Serializable {
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param state the state after the epoch ({@code epochsDone} counts it)
         * @param reconstructionError mean reconstruction error over the epoch's rows (model units)
         * @param seconds the epoch's wall time
         */
        void afterEpoch(State state, double reconstructionError, double seconds) throws Exception;
    }

    /** The state before the first epoch: {@code initial}, a fresh optimiser, zero velocities, PCD's chains. */
    public static State initialState(GaussianRbm initial, RbmTrainingConfig config) {
        int nv = initial.numVisible();
        int nh = initial.numHidden();
        double[] chains = config.rule() == RbmTrainingConfig.Rule.PCD
            ? CdKernel.initialChains(config.effectiveChains(), nh) : null;
        return new State(initial, new RbmOptimizer(nv, nh, config.learningRate(), config.momentum(),
            config.weightDecay()), new double[nv], chains, 0);
    }

    /**
     * Trains from {@code state} until {@code config.epochs()} epochs are done.
     *
     * @param data the rows in model units (indices 0..count-1), persisted
     * @param learnVariance whether the log-variances are trained
     * @param varianceRate their learning rate as a multiple of the configured one (&gt; 0)
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, RbmTrainingConfig config,
                              boolean learnVariance, double varianceRate, State state, EpochListener listener)
        throws Exception {
        if (!(varianceRate > 0.0) || Double.isInfinite(varianceRate)) {
            throw new IllegalArgumentException("varianceRate must be finite and > 0, got " + varianceRate);
        }
        int nv = state.model().numVisible();
        int nh = state.model().numHidden();
        RbmOptimizer optimizer = state.optimizer();
        double[] zVelocity = state.logVarianceVelocity().clone();
        RoundEngine.Driver<GaussianRbm, GaussianRbmStatistics> driver = new RoundEngine.Driver<>() {
            @Override
            public int[] order(int epoch, int rows) {
                return RbmTrainer.permutation(rows, config.seed(), epoch);
            }

            @Override
            public GaussianRbmStatistics empty(GaussianRbm params) {
                return GaussianRbmStatistics.empty(nv, nh);
            }

            @Override
            public GaussianRbmStatistics merge(GaussianRbmStatistics into, GaussianRbmStatistics part) {
                return into.merge(part);
            }

            @Override
            public GaussianRbm apply(GaussianRbm model, GaussianRbmStatistics sum, int epoch, int round) {
                return GaussianRbmTrainer.step(model, sum, optimizer, learnVariance ? zVelocity : null,
                    config.momentum(), config.learningRateAt(epoch), varianceRate);
            }

            @Override
            public double monitor(GaussianRbmStatistics sum) {
                return sum.standardUnits().reconstructionErrorSum();
            }

            @Override
            public long size(GaussianRbm params) {
                return (long) nv * nh + 3L * nv + nh;
            }
        };
        RoundEngine<GaussianRbm, GaussianRbmStatistics> engine = new RoundEngine<>(new RoundEngine.Plan(
            "gaussian rbm", config.epochs(), config.batchSize(), nv, nh), new Kernel(config), driver);
        State[] last = {state};
        engine.run(sc, data, count, state.model(), state.chains(), state.epochsDone(),
            (model, chains, epochs, recon, seconds) -> {
                last[0] = new State(model, optimizer, zVelocity.clone(), chains, epochs);
                listener.afterEpoch(last[0], recon, seconds);
            });
        return last[0];
    }

    /** A task's part of a round: CD-k on its rows, or PCD's positive phase on its rows and its chains advanced. */
    static final class Kernel implements RoundEngine.Kernel<GaussianRbm, GaussianRbmStatistics> {
        private static final long serialVersionUID = 1L;
        private final RbmTrainingConfig config;

        Kernel(RbmTrainingConfig config) {
            this.config = config;
        }

        @Override
        public GaussianRbmStatistics round(GaussianRbm model, EpochShard shard, int from, int to, double[] chains,
                                           int firstChain, int numChains, int epoch, int round) {
            int nv = model.numVisible();
            int nh = model.numHidden();
            return SparkRbmTrainer.cdRound(new GaussianCdKernel(nv, nh), model, GaussianRbmStatistics.empty(nv, nh), nv,
                config, shard, from, to, chains, firstChain, numChains, epoch, round);
        }
    }
}
