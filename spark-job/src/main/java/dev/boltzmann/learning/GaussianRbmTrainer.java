package dev.boltzmann.learning;

import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;

/**
 * Single-process training of a Gaussian-Bernoulli RBM ({@link GaussianRbm}) by CD-k or PCD, with the same schedule,
 * streams and optimiser as {@link RbmTrainer}: epoch e visits the rows in the order
 * {@link RbmTrainer#permutation}{@code (rows, seed, e)}, in mini-batches; each batch's statistics come from
 * {@link GaussianCdKernel}; W, μ and b take an {@link RbmOptimizer} step on the standard-units statistics (momentum,
 * weight decay on W, the learning rate schedule {@link RbmTrainingConfig#learningRateAt}).
 *
 * <p>Learned variances (optional): after the (W, μ, b) step, the log-variances {@code z_i = log σ_i²} take a step of
 * gradient ascent with the conditional means a + σ∘(Wh) held fixed ({@link GaussianRbm#withLogVariance}) and the
 * same momentum, {@code Δz ← μ Δz + ε·varianceRate·∂ℓ/∂z}, {@code z ← clamp(z + Δz)} to
 * [{@link GaussianRbm#MIN_LOG_VARIANCE}, {@link GaussianRbm#MAX_LOG_VARIANCE}]. Without it σ stays where the
 * initial model put it (1: unit variance, for standardised data).
 *
 * <p>Data: {@code rows × nv} finite real values. The same seed gives the same model bit for bit.
 */
public final class GaussianRbmTrainer {
    private final RbmTrainingConfig config;
    private final boolean learnVariance;
    private final double varianceRate;

    /** What an epoch reports. */
    public record Report(int epoch, GaussianRbm model, double reconstructionError, double learningRate,
                         double seconds) {
    }

    /** Called after every epoch. */
    @FunctionalInterface
    public interface Monitor {
        /** Receives the epoch just finished. */
        void onEpoch(Report report);
    }

    /**
     * @param learnVariance whether σ is trained
     * @param varianceRate the log-variances' learning rate as a multiple of the configured one (&gt; 0)
     */
    public GaussianRbmTrainer(RbmTrainingConfig config, boolean learnVariance, double varianceRate) {
        if (!(varianceRate > 0.0) || Double.isInfinite(varianceRate)) {
            throw new IllegalArgumentException("varianceRate must be finite and > 0, got " + varianceRate);
        }
        this.config = config;
        this.learnVariance = learnVariance;
        this.varianceRate = varianceRate;
    }

    /**
     * The initial model: W ~ N(0, initialWeightStd²) (seeded as {@link Rbm#random}), b = 0, σ = 1, and the visible
     * means a = the data's column means when {@code visibleBiasFromData}, else 0.
     */
    public GaussianRbm initialModel(double[] data, int rows, int numVisible) {
        double[] mean = null;
        if (config.visibleBiasFromData()) {
            mean = new double[numVisible];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < numVisible; i++) {
                    mean[i] += data[r * numVisible + i] / rows;
                }
            }
        }
        return GaussianRbm.random(numVisible, config.numHidden(), config.initialWeightStd(), mean, config.seed());
    }

    /** Trains from {@link #initialModel}. */
    public GaussianRbm train(double[] data, int rows, int numVisible, Monitor monitor) {
        return train(initialModel(data, rows, numVisible), data, rows, monitor);
    }

    /**
     * Trains from {@code initial}.
     *
     * @param data {@code rows × nv} finite values
     * @param monitor called after every epoch
     */
    public GaussianRbm train(GaussianRbm initial, double[] data, int rows, Monitor monitor) {
        int nv = initial.numVisible();
        int nh = initial.numHidden();
        checkData(data, rows, nv);
        int batch = Math.min(config.batchSize(), rows);
        int rounds = (rows + batch - 1) / batch;
        int chains = config.effectiveChains();
        GaussianCdKernel kernel = new GaussianCdKernel(nv, nh);
        GaussianRbmStatistics stats = GaussianRbmStatistics.empty(nv, nh);
        RbmOptimizer optimizer = new RbmOptimizer(nv, nh, config.learningRate(), config.momentum(),
            config.weightDecay());
        double[] zVelocity = new double[nv];
        double[] chainHidden = config.rule() == RbmTrainingConfig.Rule.PCD ? CdKernel.initialChains(chains, nh) : null;
        double[] batchRows = new double[batch * nv];
        long[] ids = new long[batch];
        GaussianRbm model = initial;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            double rate = config.learningRateAt(epoch);
            int[] order = RbmTrainer.permutation(rows, config.seed(), epoch);
            double reconSum = 0.0;
            for (int round = 0; round < rounds; round++) {
                int n = RbmTrainer.gatherBatch(data, nv, order, round, batch, batchRows, ids);
                stats.reset();
                if (chainHidden == null) {
                    kernel.contrastiveDivergence(model, batchRows, n, ids, config.cdSteps(), config.seed(), epoch,
                        round, stats);
                } else {
                    kernel.positivePhase(model, batchRows, n, ids, config.seed(), epoch, round, stats);
                    kernel.persistentNegativePhase(model, chainHidden, chains, 0, config.cdSteps(), config.seed(),
                        epoch, round, stats);
                }
                reconSum += stats.standardUnits().reconstructionErrorSum();
                model = step(model, stats, optimizer, learnVariance ? zVelocity : null, config.momentum(), rate,
                    varianceRate);
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            monitor.onEpoch(new Report(epoch + 1, model, reconSum / rows, rate, seconds));
        }
        return model;
    }

    /**
     * One round's update: the {@link RbmOptimizer} step on (W, μ, b) and, when {@code zVelocity} is not null, the
     * momentum step on the log-variances at fixed conditional means, {@code Δz ← μ Δz + ε·varianceRate·∂ℓ/∂z}
     * ({@code zVelocity} updated in place). Shared with the distributed trainer so that both take the same step.
     */
    public static GaussianRbm step(GaussianRbm model, GaussianRbmStatistics stats, RbmOptimizer optimizer,
                                   double[] zVelocity, double momentum, double rate, double varianceRate) {
        GaussianRbm next = model.withStandardUnits(optimizer.step(model.standardUnits(), stats.standardUnits(), rate));
        if (zVelocity == null) {
            return next;
        }
        double[] g = stats.logVarianceGradient();
        double[] z = next.logVariance();
        for (int i = 0; i < z.length; i++) {
            zVelocity[i] = momentum * zVelocity[i] + rate * varianceRate * g[i];
            z[i] += zVelocity[i];
        }
        return next.withLogVariance(z);
    }

    private static void checkData(double[] data, int rows, int nv) {
        if (rows < 1 || data.length != (long) rows * nv) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected rows*numVisible = "
                + rows + "*" + nv + " with rows >= 1");
        }
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new IllegalArgumentException("data value at row " + (k / nv) + ", unit " + (k % nv) + " is "
                    + data[k] + ", expected a finite number");
            }
        }
    }

    @Override
    public String toString() {
        return "GaussianRbmTrainer(" + config + ", learnVariance=" + learnVariance + ")";
    }
}
