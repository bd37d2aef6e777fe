package dev.boltzmann.learning;

import java.io.Serializable;

/**
 * The sums a Gaussian-Bernoulli RBM's gradient is read from: an {@link RbmStatistics} of the visible layer in
 * standard units ({@code u = v/σ}, which gives the W, μ and b parts exactly, see
 * {@link dev.boltzmann.model.GaussianRbm}), plus the sums of {@code ∂F/∂z_i} over the data rows and over the model
 * samples, for the log-variances:
 *
 * <pre>
 *   ∂ℓ/∂z_i ≈ −(1/N⁺) Σ_{data} ∂F/∂z_i + (1/N⁻) Σ_{model samples} ∂F/∂z_i
 * </pre>
 * The reconstruction monitor of the inner statistics is in data units ({@code ‖v − E[v|h]‖²}). Mergeable like
 * {@link RbmStatistics} (plain sums); not synchronized.
 */
public final class GaussianRbmStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RbmStatistics standard;
    private final double[] positiveZ;
    private final double[] negativeZ;

    private GaussianRbmStatistics(int numVisible, int numHidden) {
        this.standard = RbmStatistics.empty(numVisible, numHidden);
        this.positiveZ = new double[numVisible];
        this.negativeZ = new double[numVisible];
    }

    /** Empty sums for a model of the given sizes. */
    public static GaussianRbmStatistics empty(int numVisible, int numHidden) {
        return new GaussianRbmStatistics(numVisible, numHidden);
    }

    /** The statistics of the standard-units RBM (W, μ, b), for {@link RbmOptimizer}. */
    public RbmStatistics standardUnits() {
        return standard;
    }

    /** The running sum of ∂F/∂z over the data rows (not a copy), for the kernel to add to. */
    double[] positiveLogVarianceSums() {
        return positiveZ;
    }

    /** The running sum of ∂F/∂z over the model samples (not a copy). */
    double[] negativeLogVarianceSums() {
        return negativeZ;
    }

    /**
     * {@code −mean⁺ ∂F/∂z + mean⁻ ∂F/∂z}, the log-likelihood gradient estimate for z, a new array.
     *
     * @throws IllegalStateException if a phase is empty
     */
    public double[] logVarianceGradient() {
        long p = standard.positiveCount();
        long n = standard.negativeCount();
        if (p == 0 || n == 0) {
            throw new IllegalStateException("gradient needs data and model samples, got positiveCount=" + p
                + ", negativeCount=" + n);
        }
        double[] g = new double[positiveZ.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = -positiveZ[i] / p + negativeZ[i] / n;
        }
        return g;
    }

    /** Adds other's sums into these. */
    public GaussianRbmStatistics merge(GaussianRbmStatistics other) {
        standard.merge(other.standard);
        for (int i = 0; i < positiveZ.length; i++) {
            positiveZ[i] += other.positiveZ[i];
            negativeZ[i] += other.negativeZ[i];
        }
        return this;
    }

    /** Clears every sum and count. */
    public void reset() {
        standard.reset();
        java.util.Arrays.fill(positiveZ, 0.0);
        java.util.Arrays.fill(negativeZ, 0.0);
    }
}
