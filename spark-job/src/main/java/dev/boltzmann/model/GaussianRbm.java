package dev.boltzmann.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A Gaussian-Bernoulli RBM: real-valued visible units {@code v ∈ ℝ^nv} with standard deviations σ_i, binary hidden
 * units {@code h ∈ {0,1}^nh}. In the notation of ALGORITHMS.md (a visible, b hidden biases):
 *
 * <pre>
 *   energy        E(v,h) = Σ_i (v_i − a_i)² / (2σ_i²) − bᵀh − Σ_ij (v_i/σ_i) W_ij h_j
 *   hidden        P(h_j = 1 | v) = σ(b_j + Σ_i W_ij v_i/σ_i)                     (σ(·) the logistic function)
 *   visible       p(v_i | h) = N(a_i + σ_i Σ_j W_ij h_j, σ_i²)
 *   free energy   F(v) = −log Σ_h e^{−E(v,h)} = Σ_i (v_i − a_i)²/(2σ_i²) − Σ_j softplus(b_j + Σ_i W_ij v_i/σ_i)
 *   density       p(v) = e^{−F(v)} / Z,  Z = ∫ Σ_h e^{−E(v,h)} dv
 * </pre>
 * With the visible layer in standard units {@code u_i = v_i/σ_i} and {@code μ_i = a_i/σ_i} the energy is
 * {@code ½‖u − μ‖² − bᵀh − uᵀWh}: a binary-hidden RBM in u plus a quadratic term. This class holds exactly that
 * "standard-units" RBM ({@link #standardUnits()}, an {@link Rbm} with parameters {@code (W, μ, b)}, whose
 * {@link Rbm#hiddenInputs} and {@link Rbm#visibleInputs} give {@code b + uW} and the conditional mean
 * {@code μ + Wh} of u), plus the log-variances {@code z_i = log σ_i²} (σ_i = e^{z_i/2}).
 *
 * <p>Parameterisation for learning, in two blocks. (1) W, μ, b at fixed z:
 * <pre>
 *   ∂F/∂W_ij = −u_i P(h_j=1|v)      ∂F/∂μ_i = −(u_i − μ_i)      ∂F/∂b_j = −P(h_j=1|v)
 * </pre>
 * so these parts of the log-likelihood gradient are an ordinary RBM's statistics on u (see
 * {@code learning.GaussianCdKernel}); a step in μ of size δ is a step of σ_i δ in the mean a_i (at σ = 1, unit
 * variance on standardised data, the two coincide). (2) The log-variances {@code z_i = log σ_i²} with the
 * conditional means of v held fixed, i.e. a and the shifts {@code σ_i W_ij} fixed (a change of z rescales μ and the
 * rows of W by σ_old/σ_new, {@link #withLogVariance}):
 * <pre>
 *   ∂F/∂z_i |_{a, σW} = −½ (u_i − μ_i)² + u_i Σ_j W_ij P(h_j=1|v)
 * </pre>
 * Holding the means fixed keeps a variance step from moving the Gaussian components p(v|h) (with W fixed instead, a
 * shrinking σ would pull them together), which learns variances far more stably.
 *
 * <p>Integrating v out of {@code e^{−E}} for a fixed h is a Gaussian integral:
 * {@code ∫ e^{−E(v,h)} dv = (2π)^{nv/2} Π_i σ_i · exp(bᵀh + ½‖μ + Wh‖² − ½‖μ‖²)}, which is what makes log Z exact
 * by enumerating the hidden layer ({@code evaluation.GaussianRbmExact}).
 *
 * <p>Ownership: immutable; arrays are copied in and out; Serializable.
 *
 * <pre>
 * G. E. Hinton, R. R. Salakhutdinov: Reducing the dimensionality of data with neural networks, Science 313 (2006).
 * K. Cho, A. Ilin, T. Raiko: Improved learning of Gaussian-Bernoulli restricted Boltzmann machines, ICANN 2011.
 * </pre>
 */
public final class GaussianRbm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The range log-variances are kept in by {@link #withLogVariance} (σ in [1e-2, 1e2]). */
    public static final double MIN_LOG_VARIANCE = Math.log(1e-4);
    /** See {@link #MIN_LOG_VARIANCE}. */
    public static final double MAX_LOG_VARIANCE = Math.log(1e4);

    private final Rbm core;
    private final double[] logVariance;
    private final double[] sigma;

    private GaussianRbm(Rbm core, double[] logVariance) {
        this.core = core;
        this.logVariance = logVariance;
        this.sigma = new double[logVariance.length];
        for (int i = 0; i < sigma.length; i++) {
            sigma[i] = Math.exp(0.5 * logVariance[i]);
        }
    }

    /**
     * A model in standard units: {@code core = (W, μ, b)} and log-variances z (copied).
     *
     * @throws IllegalArgumentException if z's length differs from core's visible layer or a value is not finite
     */
    public static GaussianRbm of(Rbm core, double[] logVariance) {
        if (logVariance.length != core.numVisible()) {
            throw new IllegalArgumentException("logVariance has length " + logVariance.length + ", expected numVisible = "
                + core.numVisible());
        }
        for (int i = 0; i < logVariance.length; i++) {
            if (!Double.isFinite(logVariance[i])) {
                throw new IllegalArgumentException("logVariance[" + i + "] is not finite: " + logVariance[i]);
            }
        }
        return new GaussianRbm(core, logVariance.clone());
    }

    /**
     * A model from the parameters as the energy writes them (what the model directory stores).
     *
     * @param weights W, row-major {@code nv × nh}
     * @param visibleMean a, length nv
     * @param hiddenBias b, length nh
     * @param sigma σ, length nv, every value &gt; 0
     */
    public static GaussianRbm fromMeans(double[] weights, double[] visibleMean, double[] hiddenBias, double[] sigma) {
        if (sigma.length != visibleMean.length) {
            throw new IllegalArgumentException("sigma has length " + sigma.length + ", expected numVisible = "
                + visibleMean.length);
        }
        double[] mu = new double[sigma.length];
        double[] z = new double[sigma.length];
        for (int i = 0; i < sigma.length; i++) {
            if (!(sigma[i] > 0.0) || Double.isInfinite(sigma[i])) {
                throw new IllegalArgumentException("sigma[" + i + "] must be finite and > 0, got " + sigma[i]);
            }
            mu[i] = visibleMean[i] / sigma[i];
            z[i] = 2.0 * Math.log(sigma[i]);
        }
        return of(Rbm.of(weights, mu, hiddenBias), z);
    }

    /**
     * Random initialisation: W ~ N(0, weightStd²) from {@code Seeds.rng(seed, Rbm.INIT_PURPOSE)} (as
     * {@link Rbm#random}), hidden biases 0, σ = 1, and μ = the given standard-unit visible bias (null: zeros).
     */
    public static GaussianRbm random(int numVisible, int numHidden, double weightStd, double[] visibleBias, long seed) {
        return new GaussianRbm(Rbm.random(numVisible, numHidden, weightStd, visibleBias, seed), new double[numVisible]);
    }

    /** Number of visible units nv. */
    public int numVisible() {
        return core.numVisible();
    }

    /** Number of hidden units nh. */
    public int numHidden() {
        return core.numHidden();
    }

    /** The RBM in standard units, parameters (W, μ, b). */
    public Rbm standardUnits() {
        return core;
    }

    /** A copy of z, {@code z_i = log σ_i²}. */
    public double[] logVariance() {
        return logVariance.clone();
    }

    /** A copy of σ. */
    public double[] sigma() {
        return sigma.clone();
    }

    /** σ_i. */
    public double sigma(int i) {
        return sigma[i];
    }

    /** A copy of the visible means a ({@code a_i = σ_i μ_i}). */
    public double[] visibleMean() {
        double[] mu = core.visibleBias();
        for (int i = 0; i < mu.length; i++) {
            mu[i] *= sigma[i];
        }
        return mu;
    }

    /**
     * The model with log-variances z (clamped to [{@link #MIN_LOG_VARIANCE}, {@link #MAX_LOG_VARIANCE}]) and the same
     * conditional means E[v|h] = a + σ∘(Wh) for every h: a, b and the products σ_i W_ij are kept, so μ_i and row i
     * of W are multiplied by σ_i / σ_i'.
     */
    public GaussianRbm withLogVariance(double[] z) {
        int nv = numVisible();
        int nh = numHidden();
        if (z.length != nv) {
            throw new IllegalArgumentException("z has length " + z.length + ", expected numVisible = " + nv);
        }
        double[] c = new double[nv];
        double[] w = core.weights();
        double[] mu = core.visibleBias();
        for (int i = 0; i < nv; i++) {
            c[i] = Math.min(MAX_LOG_VARIANCE, Math.max(MIN_LOG_VARIANCE, z[i]));
            double ratio = Math.exp(0.5 * (logVariance[i] - c[i]));
            mu[i] *= ratio;
            for (int j = 0; j < nh; j++) {
                w[i * nh + j] *= ratio;
            }
        }
        return of(Rbm.of(w, mu, core.hiddenBias()), c);
    }

    /** The same log-variances with another standard-unit RBM (W, μ, b) of the same sizes. */
    public GaussianRbm withStandardUnits(Rbm newCore) {
        if (newCore.numVisible() != numVisible() || newCore.numHidden() != numHidden()) {
            throw new IllegalArgumentException("sizes differ: " + newCore + " for " + this);
        }
        return new GaussianRbm(newCore, logVariance.clone());
    }

    /** E(v,h) = Σ_i (v_i − a_i)²/(2σ_i²) − bᵀh − Σ_ij (v_i/σ_i) W_ij h_j for one pair. */
    public double energy(double[] v, double[] h) {
        double[] u = toStandard(v, 1);
        double[] mu = core.visibleBias();
        // core.energy(u, h) = −uᵀWh − μᵀu − bᵀh; add ½‖u‖² + ½‖μ‖² to complete ½‖u − μ‖²
        double e = core.energy(u, h);
        for (int i = 0; i < u.length; i++) {
            e += 0.5 * (u[i] * u[i] + mu[i] * mu[i]);
        }
        return e;
    }

    /**
     * {@code u = v / σ} row by row.
     *
     * @param v {@code rows × nv}
     * @return a new {@code rows × nv} array
     */
    public double[] toStandard(double[] v, int rows) {
        return scaleRows(v, rows, true);
    }

    /** {@code v = σ u} row by row, into a new array. */
    public double[] fromStandard(double[] u, int rows) {
        return scaleRows(u, rows, false);
    }

    /** P(h = 1 | v) for a batch of {@code rows × nv} visible vectors, into a new {@code rows × nh} array. */
    public double[] hiddenProbabilities(double[] v, int rows) {
        return core.hiddenProbabilities(toStandard(v, rows), rows);
    }

    /** E[v | h] = a + σ∘(W h) for a batch of {@code rows × nh} hidden states, into a new {@code rows × nv} array. */
    public double[] visibleMeans(double[] h, int rows) {
        double[] m = new double[rows * numVisible()];
        core.visibleInputs(h, 0, rows, m, 0);
        return fromStandard(m, rows);
    }

    /** Samples h ~ P(h|v) for a batch, one uniform per unit from {@code rng}, row by row. */
    public double[] sampleHidden(double[] v, int rows, RandomGenerator rng) {
        return core.sampleHidden(toStandard(v, rows), rows, rng);
    }

    /** Samples v ~ p(v|h) for a batch, one standard normal per unit from {@code rng}, row by row. */
    public double[] sampleVisible(double[] h, int rows, RandomGenerator rng) {
        int nv = numVisible();
        double[] u = new double[rows * nv];
        core.visibleInputs(h, 0, rows, u, 0);
        for (int k = 0; k < u.length; k++) {
            u[k] += rng.nextGaussian();
        }
        return fromStandard(u, rows);
    }

    /** Free energies F(v) of a {@code rows × nv} batch, into a new array of length rows. */
    public double[] freeEnergy(double[] v, int rows) {
        int nv = numVisible();
        double[] u = toStandard(v, rows);
        double[] out = core.freeEnergy(u, rows);
        // core's F is −μᵀu − Σ softplus; add ½‖u‖² + ½‖μ‖² to complete ½‖u − μ‖²
        double[] mu = core.visibleBias();
        double half = 0.0;
        for (double m : mu) {
            half += 0.5 * m * m;
        }
        for (int r = 0; r < rows; r++) {
            double s = half;
            for (int i = 0; i < nv; i++) {
                double x = u[r * nv + i];
                s += 0.5 * x * x;
            }
            out[r] += s;
        }
        return out;
    }

    /** F(v) of one visible vector. */
    public double freeEnergy(double[] v) {
        return freeEnergy(v, 1)[0];
    }

    /**
     * ∂F(v)/∂z_i for one visible vector, with a, b and σW held fixed (the parameterisation of
     * {@link #withLogVariance}): {@code −½(u_i − μ_i)² + u_i Σ_j W_ij P(h_j=1|v)}, u = v/σ.
     */
    public double[] freeEnergyLogVarianceGradient(double[] v) {
        int nv = numVisible();
        double[] u = toStandard(v, 1);
        double[] p = core.hiddenProbabilities(u, 1);
        double[] m = new double[nv];
        core.visibleInputs(p, 0, 1, m, 0);
        double[] g = new double[nv];
        logVarianceGradientRows(u, m, core.visibleBias(), 1, g);
        return g;
    }

    /**
     * Adds {@code Σ_r ∂F/∂z} over rows to {@code sum}: {@code sum_i += −½(u_ri − μ_i)² + u_ri (m_ri − μ_i)}, with u
     * the visible rows in standard units and {@code m = μ + W p(h|u)} (from {@link Rbm#visibleInputs} of the
     * standard-units RBM applied to the hidden probabilities).
     */
    public static void logVarianceGradientRows(double[] u, double[] m, double[] mu, int rows, double[] sum) {
        int nv = mu.length;
        for (int r = 0; r < rows; r++) {
            int off = r * nv;
            for (int i = 0; i < nv; i++) {
                double x = u[off + i];
                double d = x - mu[i];
                sum[i] += -0.5 * d * d + x * (m[off + i] - mu[i]);
            }
        }
    }

    private double[] scaleRows(double[] x, int rows, boolean divide) {
        int nv = numVisible();
        if (rows < 0 || x.length < (long) rows * nv) {
            throw new IllegalArgumentException("batch must hold " + rows + " rows of " + nv + " values, but has length "
                + x.length);
        }
        double[] out = new double[rows * nv];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < nv; i++) {
                int k = r * nv + i;
                out[k] = divide ? x[k] / sigma[i] : x[k] * sigma[i];
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GaussianRbm g && g.core.equals(core) && Arrays.equals(g.logVariance, logVariance);
    }

    @Override
    public int hashCode() {
        return 31 * core.hashCode() + Arrays.hashCode(logVariance);
    }

    @Override
    public String toString() {
        return "GaussianRbm(numVisible=" + numVisible() + ", numHidden=" + numHidden() + ")";
    }
}
