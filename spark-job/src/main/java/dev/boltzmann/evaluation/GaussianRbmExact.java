package dev.boltzmann.evaluation;

import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;

/**
 * Exact log partition function and log-likelihood (a density, in nats) of a Gaussian-Bernoulli RBM, by summing
 * over the 2^nh hidden states with v integrated out analytically.
 *
 * <pre>
 *   with u = v/σ, μ = a/σ:  E(v,h) = ½‖u − μ‖² − bᵀh − uᵀWh
 *   ∫ e^{−E(v,h)} dv = Π_i σ_i · ∫ e^{−½‖u − (μ + Wh)‖²} du · e^{bᵀh + ½‖μ + Wh‖² − ½‖μ‖²}
 *                    = (2π)^{nv/2} Π_i σ_i · e^{bᵀh + ½‖μ + Wh‖² − ½‖μ‖²}
 *   log Z = (nv/2) log 2π + ½ Σ_i z_i − ½‖μ‖² + log Σ_h e^{bᵀh + ½‖μ + Wh‖²}          (z_i = log σ_i²)
 *   log p(v) = −F(v) − log Z
 * </pre>
 * The sum over h runs through {@link RbmExactLikelihood#logSumExpOverStates} (chunks of hidden states, one matrix
 * product {@code μ + Wh} per chunk, a running log-sum-exp). Cost {@code 2^nh · 2·nv·nh} flops; refused above
 * {@value RbmExactLikelihood#MAX_ENUMERATED_UNITS} hidden units (a visible layer of real values cannot be
 * enumerated instead).
 */
public final class GaussianRbmExact {
    private GaussianRbmExact() {
    }

    /** Whether {@link #logPartition} accepts a model with this many hidden units. */
    public static boolean enumerable(int numHidden) {
        return numHidden <= RbmExactLikelihood.MAX_ENUMERATED_UNITS;
    }

    /**
     * log Z.
     *
     * @throws IllegalArgumentException if {@code nh > MAX_ENUMERATED_UNITS}
     */
    public static double logPartition(GaussianRbm model) {
        int nv = model.numVisible();
        int nh = model.numHidden();
        if (!enumerable(nh)) {
            throw new IllegalArgumentException("exact log Z of a gaussian rbm enumerates the 2^" + nh
                + " hidden states; at most " + RbmExactLikelihood.MAX_ENUMERATED_UNITS + " hidden units");
        }
        Rbm core = model.standardUnits();
        double[] b = core.hiddenBias();
        double sumOverH = RbmExactLikelihood.logSumExpOverStates(nh, chunk -> {
            double[] m = new double[chunk * nv];
            return (h, rows, out) -> {
                core.visibleInputs(h, 0, rows, m, 0);
                for (int s = 0; s < rows; s++) {
                    double w = 0.0;
                    for (int j = 0; j < nh; j++) {
                        w += b[j] * h[s * nh + j];
                    }
                    double q = 0.0;
                    for (int i = 0; i < nv; i++) {
                        double x = m[s * nv + i];
                        q += x * x;
                    }
                    out[s] = w + 0.5 * q;
                }
            };
        });
        double[] mu = core.visibleBias();
        double[] z = model.logVariance();
        double constant = 0.5 * nv * Math.log(2.0 * Math.PI);
        for (int i = 0; i < nv; i++) {
            constant += 0.5 * z[i] - 0.5 * mu[i] * mu[i];
        }
        return constant + sumOverH;
    }

    /** Mean of log p(v) over {@code rows × nv} data with log Z computed here. */
    public static double meanLogLikelihood(GaussianRbm model, double[] data, int rows) {
        return meanLogLikelihood(model, data, rows, logPartition(model));
    }

    /** Mean of {@code −F(v) − logZ} over {@code rows × nv} data (rows ≥ 1). */
    public static double meanLogLikelihood(GaussianRbm model, double[] data, int rows, double logZ) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        double[] f = model.freeEnergy(data, rows);
        double s = 0.0;
        for (double x : f) {
            s += x;
        }
        return -s / rows - logZ;
    }

    /**
     * The baseline the model should beat: the mean log-density of {@code data} under independent Gaussians per
     * column with the given means and standard deviations, {@code −½ Σ_i (log 2πs_i² + ((x_i − m_i)/s_i)²)}.
     */
    public static double independentGaussianLogLikelihood(double[] data, int rows, double[] mean, double[] std) {
        int nv = mean.length;
        double s = 0.0;
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < nv; i++) {
                double d = (data[r * nv + i] - mean[i]) / std[i];
                s += -0.5 * (Math.log(2.0 * Math.PI * std[i] * std[i]) + d * d);
            }
        }
        return s / rows;
    }
}
