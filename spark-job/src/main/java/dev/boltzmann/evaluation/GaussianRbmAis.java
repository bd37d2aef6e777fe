package dev.boltzmann.evaluation;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * Forward annealed importance sampling (AIS) for log Z of a Gaussian-Bernoulli RBM, for hidden layers too large to
 * enumerate ({@link GaussianRbmExact}). The visible units are integrated out analytically and the annealing runs
 * over the binary hidden states.
 *
 * <p>In standard units ({@code u = v/σ}, {@code μ = a/σ}, W and b of {@link GaussianRbm#standardUnits()},
 * {@code dv = Π_i σ_i du}) the intermediate energies scale the W-dependent term by β:
 * <pre>
 *   E_β(u,h) = ½‖u − μ‖² − bᵀh − β uᵀWh                                   (β = 1: the model's energy)
 *   ∫ e^{−E_β(u,h)} dv = C · p*_β(h),   C = (2π)^{nv/2} Π_i σ_i
 *   log p*_β(h) = bᵀh + ½‖μ + βWh‖² − ½‖μ‖² = bᵀh + β μᵀWh + ½β²‖Wh‖²
 *   Z_β = C Σ_h p*_β(h)
 * </pre>
 * β = 0 is the base model A: independent Gaussians {@code u_i ~ N(μ_i, 1)} and independent hidden units with
 * {@code P(h_j = 1) = σ(b_j)}, so
 * <pre>
 *   log Z_A = (nv/2) log 2π + Σ_i log σ_i + Σ_j softplus(b_j)
 * </pre>
 * and h is drawn from it exactly. The transition T_β leaving {@code p_β(h) ∝ p*_β(h)} invariant is one block-Gibbs
 * step on the joint {@code p_β(u,h) ∝ e^{−E_β(u,h)}}, whose h-marginal it is:
 * <pre>
 *   u ~ N(μ + βWh, I),   h_j ~ Bernoulli(σ(b_j + β (uᵀW)_j))
 * </pre>
 * With β_0 = 0 &lt; β_1 &lt; … &lt; β_K = 1 ({@link RbmAis#betas}) each of M runs starts from {@code h_0 ~ p_A} and
 * accumulates
 * <pre>
 *   log w = Σ_{k=1..K} [log p*_{β_k}(h_{k−1}) − log p*_{β_{k−1}}(h_{k−1})],   h_k ~ T_{β_k}(h_{k−1})
 *         = Σ_k [(β_k − β_{k−1}) μᵀm_{k−1} + ½(β_k² − β_{k−1}²) ‖m_{k−1}‖²],     m = Wh
 *   log Ẑ = log Z_A + log( (1/M) Σ_m w_m )                               (a log-sum-exp over the runs)
 * </pre>
 * The same {@code m = Wh} serves the weight and the next u's mean, so each β costs two {@code M × nv × nh} matrix
 * products ({@code H Wᵀ} and {@code U W}). With W = 0 every weight is 1 and the estimate is exact. Run m draws all
 * its numbers (its start, then per β nv normals and nh uniforms) from {@code Seeds.rng(seed, AIS_PURPOSE, m)}.
 *
 * <p>The spread is {@link RbmAis}'s: {@code logZLow/High} are the mean weight ∓ 3 standard errors over the runs
 * (the delta method), mapped to log space, and the effective sample size {@code (Σ w)²/Σ w²}. Ẑ is unbiased, so
 * log Ẑ is low in expectation and the log-likelihood it gives tends to be high. (Reverse AIS is not implemented for
 * gaussian RBMs.)
 *
 * <pre>
 * R. M. Neal: Annealed importance sampling, Statistics and Computing 11 (2001).
 * R. Salakhutdinov, I. Murray: On the quantitative analysis of deep belief networks, ICML 2008.
 * </pre>
 */
public final class GaussianRbmAis {
    /** Purpose key of the runs' streams ("GRBMAIS_"). */
    public static final long AIS_PURPOSE = 0x4752424D4149535FL;

    private GaussianRbmAis() {
    }

    /** log Z of the β = 0 base model: {@code (nv/2) log 2π + Σ_i log σ_i + Σ_j softplus(b_j)}. */
    public static double baseLogPartition(GaussianRbm model) {
        double z = 0.5 * model.numVisible() * Math.log(2.0 * Math.PI);
        double[] logVariance = model.logVariance();
        for (double x : logVariance) {
            z += 0.5 * x;
        }
        for (double b : model.standardUnits().hiddenBias()) {
            z += Numerics.softplus(b);
        }
        return z;
    }

    /**
     * {@code log p*_β(h) = bᵀh + β μᵀWh + ½β²‖Wh‖²} for one hidden state (the unnormalised hidden marginal of the
     * intermediate model β; {@code log Z_β = (nv/2) log 2π + Σ_i log σ_i + log Σ_h p*_β(h)}).
     */
    public static double logUnnormalizedHidden(GaussianRbm model, double beta, double[] h) {
        Rbm core = model.standardUnits();
        int nv = model.numVisible();
        int nh = model.numHidden();
        if (h.length != nh) {
            throw new IllegalArgumentException("h has length " + h.length + ", expected numHidden = " + nh);
        }
        double[] w = core.weights();
        double[] mu = core.visibleBias();
        double[] b = core.hiddenBias();
        double s = 0.0;
        for (int j = 0; j < nh; j++) {
            s += b[j] * h[j];
        }
        for (int i = 0; i < nv; i++) {
            double m = 0.0;
            for (int j = 0; j < nh; j++) {
                m += w[i * nh + j] * h[j];
            }
            s += beta * mu[i] * m + 0.5 * beta * beta * m * m;
        }
        return s;
    }

    /** The AIS estimate of log Z (the result's {@code logZBase} is {@link #baseLogPartition}). */
    public static RbmAis.Result estimate(GaussianRbm model, RbmAis.Options options) {
        Rbm core = model.standardUnits();
        int nv = model.numVisible();
        int nh = model.numHidden();
        int runs = options.numRuns();
        double[] w = core.weights();
        double[] mu = core.visibleBias();
        double[] b = core.hiddenBias();
        double[] beta = RbmAis.betas(options.numBetas());
        SplittableRandom[] rngs = new SplittableRandom[runs];
        double[] h = new double[runs * nh];
        double[] m = new double[runs * nv];
        double[] u = new double[runs * nv];
        double[] x = new double[runs * nh];
        for (int r = 0; r < runs; r++) {
            rngs[r] = Seeds.rng(options.seed(), AIS_PURPOSE, r);
            for (int j = 0; j < nh; j++) {
                h[r * nh + j] = rngs[r].nextDouble() < Numerics.sigmoid(b[j]) ? 1.0 : 0.0;
            }
        }
        double[] logW = new double[runs];
        for (int k = 1; k < beta.length; k++) {
            double bk = beta[k];
            double bPrev = beta[k - 1];
            // m = H Wᵀ (runs × nv), the conditional shift of u given h before β
            Blas.gemm(false, true, runs, nv, nh, 1.0, h, 0, w, 0, 0.0, m, 0);
            double linear = bk - bPrev;
            double quadratic = 0.5 * (bk * bk - bPrev * bPrev);
            for (int r = 0; r < runs; r++) {
                double dot = 0.0;
                double sq = 0.0;
                for (int i = 0; i < nv; i++) {
                    double mi = m[r * nv + i];
                    dot += mu[i] * mi;
                    sq += mi * mi;
                }
                logW[r] += linear * dot + quadratic * sq;
            }
            if (k < beta.length - 1) {
                transition(rngs, h, m, u, x, w, mu, b, bk, nv, nh, runs);
            }
        }
        return RbmAis.summarize(logW, baseLogPartition(model), options, false);
    }

    /** One step of T_β for all runs: {@code m = H Wᵀ} on entry; h is overwritten with the new hidden states. */
    private static void transition(SplittableRandom[] rngs, double[] h, double[] m, double[] u, double[] x, double[] w,
                                   double[] mu, double[] b, double beta, int nv, int nh, int runs) {
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < nv; i++) {
                u[r * nv + i] = mu[i] + beta * m[r * nv + i] + rngs[r].nextGaussian();
            }
        }
        // x = β U W (runs × nh), then h_j ~ σ(b_j + x_j)
        Blas.gemm(false, false, runs, nh, nv, beta, u, 0, w, 0, 0.0, x, 0);
        for (int r = 0; r < runs; r++) {
            for (int j = 0; j < nh; j++) {
                h[r * nh + j] = rngs[r].nextDouble() < Numerics.sigmoid(b[j] + x[r * nh + j]) ? 1.0 : 0.0;
            }
        }
    }
}
