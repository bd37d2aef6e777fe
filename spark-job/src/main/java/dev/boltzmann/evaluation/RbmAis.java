package dev.boltzmann.evaluation;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * Annealed importance sampling (AIS) estimate of an RBM's log partition function, as in Salakhutdinov &amp; Murray.
 *
 * <p>The base model A has zero weights, zero hidden biases and visible biases {@code a_A} (the data's base rates,
 * {@link Rbm#baseRateVisibleBias}, or zeros), so {@code log Z_A = Σ_i softplus(a_A,i) + nh·log 2} and it is sampled
 * exactly. With β_0 = 0 &lt; β_1 &lt; … &lt; β_K = 1, the intermediate unnormalised marginals over v are
 * <pre>
 *   log p*_β(v) = (1−β) a_Aᵀv + β a_Bᵀv + Σ_j softplus(β (b_j + (vᵀW)_j))
 * </pre>
 * (the marginal of {@code exp((1−β) a_Aᵀv + β(a_Bᵀv + bᵀh + vᵀWh))}): at β = 0 it sums to Z_A, whose hidden units
 * contribute the factor 2^nh, and at β = 1 it is {@code e^{−F(v)}}, which sums to Z_B.
 * and the transition T_β that leaves p_β invariant is one block-Gibbs step
 * {@code h_j ~ σ(β(b_j + (vᵀW)_j))}, {@code v_i ~ σ((1−β) a_A,i + β (a_i + (Wh)_i))}. Each of M independent runs
 * starts from {@code v ~ p_A} and accumulates
 * <pre>
 *   log w = Σ_{k=1..K} [log p*_{β_k}(v_k) − log p*_{β_{k−1}}(v_k)],   v_{k+1} ~ T_{β_k}(v_k)
 *   log Ẑ_B = log Z_A + log( (1/M) Σ_m w_m )
 * </pre>
 * The M runs are the rows of one matrix, so each β costs two {@code M × nv × nh} matrix products. Run m draws all its
 * uniforms from {@code Seeds.rng(seed, AIS_PURPOSE, m)}.
 *
 * <p>Spread: with {@code r_m = w_m / max w}, {@code logZLow/High = log Z_A + log max w + log(r̄ ∓ 3 s_r/√M)} (the
 * paper's "±3 standard deviations" of the mean weight, mapped to log space; {@code logZLow = −∞} when
 * {@code r̄ ≤ 3 s_r/√M}), and the effective sample size {@code (Σ r)² / Σ r²}. Because the estimate of Z is unbiased,
 * the estimate of log Z tends to be low (Jensen), more so when the weights are very uneven (small ESS), and the
 * log-likelihood it gives tends to be high; {@link RbmReverseAis} gives the other side.
 *
 * <p>Schedule ({@link #betas}): the paper's 500 / 4000 / 10000 spacing on [0, 0.5] / [0.5, 0.9] / [0.9, 1], scaled
 * to K steps in total. Cost: about {@code K · M · 4·nv·nh} flops plus {@code 2·K·M·nh} softplus evaluations.
 *
 * <pre>
 * R. Salakhutdinov, I. Murray: On the quantitative analysis of deep belief networks, ICML 2008.
 * R. M. Neal: Annealed importance sampling, Statistics and Computing 11 (2001).
 * </pre>
 */
public final class RbmAis {
    /** Purpose key of the AIS runs' streams ("RBM_AIS_"). */
    public static final long AIS_PURPOSE = 0x52424D5F4149535FL;

    private RbmAis() {
    }

    /**
     * AIS settings.
     *
     * @param numBetas K, the number of annealing steps (≥ 1). Default 10000.
     * @param numRuns M, independent runs (≥ 2). Default 100.
     * @param seed the seed of the runs' streams. Default 12345.
     */
    public record Options(int numBetas, int numRuns, long seed) {
        /** Validates the ranges. */
        public Options {
            if (numBetas < 1) {
                throw new IllegalArgumentException("numBetas must be >= 1, got " + numBetas);
            }
            if (numRuns < 2) {
                throw new IllegalArgumentException("numRuns must be >= 2, got " + numRuns);
            }
        }

        /** K = 10000, M = 100, seed 12345. */
        public static Options defaults() {
            return new Options(10000, 100, 12345L);
        }
    }

    /**
     * An AIS estimate.
     *
     * @param logZ the estimate of log Z
     * @param logZLow log of (mean weight − 3 standard errors), −∞ if that is ≤ 0 (for {@link RbmReverseAis}, whose
     *     weights estimate 1/Z: log Z_A − log(mean + 3 standard errors))
     * @param logZHigh log of (mean weight + 3 standard errors) (reverse: log Z_A − log(mean − 3 standard errors),
     *     +∞ if that is ≤ 0)
     * @param logWeightStd standard deviation of the M log-weights
     * @param effectiveSampleSize {@code (Σ w)² / Σ w²}, between 1 and M
     * @param logZBase log Z of the base-rate model
     * @param numBetas K
     * @param numRuns M
     */
    public record Result(double logZ, double logZLow, double logZHigh, double logWeightStd, double effectiveSampleSize,
                         double logZBase, int numBetas, int numRuns) {
    }

    /** AIS with the base rates of {@code data} ({@code rows × nv}) as the base model's visible biases. */
    public static Result estimate(Rbm rbm, double[] data, int rows, Options options) {
        return estimate(rbm, Rbm.baseRateVisibleBias(data, rows, rbm.numVisible()), options);
    }

    /**
     * AIS with the given base-model visible biases.
     *
     * @param baseVisibleBias a_A, length nv; null means zeros (the uniform base distribution)
     */
    public static Result estimate(Rbm rbm, double[] baseVisibleBias, Options options) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        int m = options.numRuns();
        double[] aA = baseVisibleBias == null ? new double[nv] : baseVisibleBias.clone();
        if (aA.length != nv) {
            throw new IllegalArgumentException("baseVisibleBias has length " + aA.length + ", expected numVisible = " + nv);
        }
        double[] aB = rbm.visibleBias();
        double[] w = rbm.weights();
        double[] beta = betas(options.numBetas());
        double[] dA = new double[nv];
        double logZBase = nh * Math.log(2.0);
        for (int i = 0; i < nv; i++) {
            dA[i] = aB[i] - aA[i];
            logZBase += Numerics.softplus(aA[i]);
        }
        SplittableRandom[] rngs = new SplittableRandom[m];
        double[] v = new double[m * nv];
        double[] x = new double[m * nh];
        double[] bias = new double[nv];
        for (int r = 0; r < m; r++) {
            rngs[r] = Seeds.rng(options.seed(), AIS_PURPOSE, r);
            for (int i = 0; i < nv; i++) {
                v[r * nv + i] = rngs[r].nextDouble() < Numerics.sigmoid(aA[i]) ? 1.0 : 0.0;
            }
        }
        double[] logW = new double[m];
        for (int k = 1; k < beta.length; k++) {
            double bk = beta[k];
            double bPrev = beta[k - 1];
            rbm.hiddenInputs(v, 0, m, x, 0);
            addLogRatios(v, x, dA, bk, bPrev, nv, nh, logW);
            if (k < beta.length - 1) {
                transition(rngs, v, x, w, aA, aB, bias, bk, nv, nh, m);
            }
        }
        return summarize(logW, logZBase, options);
    }

    /**
     * {@code logW[r] += log p*_{bNew}(v_r) − log p*_{bOld}(v_r)} for every run r, with {@code x} the hidden inputs
     * {@code b + vᵀW} of the runs' states and {@code dA = a_B − a_A}.
     */
    static void addLogRatios(double[] v, double[] x, double[] dA, double bNew, double bOld, int nv, int nh,
                             double[] logW) {
        for (int r = 0; r < logW.length; r++) {
            double s = 0.0;
            for (int i = 0; i < nv; i++) {
                s += dA[i] * v[r * nv + i];
            }
            s *= bNew - bOld;
            for (int j = 0; j < nh; j++) {
                double xj = x[r * nh + j];
                s += Numerics.softplus(bNew * xj) - Numerics.softplus(bOld * xj);
            }
            logW[r] += s;
        }
    }

    /** One Gibbs step of T_β for all runs: x holds the hidden inputs of v on entry and is overwritten. */
    static void transition(SplittableRandom[] rngs, double[] v, double[] x, double[] w, double[] aA,
                                   double[] aB, double[] bias, double beta, int nv, int nh, int m) {
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < nh; j++) {
                x[r * nh + j] = rngs[r].nextDouble() < Numerics.sigmoid(beta * x[r * nh + j]) ? 1.0 : 0.0;
            }
        }
        for (int i = 0; i < nv; i++) {
            bias[i] = (1.0 - beta) * aA[i] + beta * aB[i];
        }
        // v-inputs = β·H·Wᵀ + bias
        Blas.gemm(false, true, m, nv, nh, beta, x, 0, w, 0, 0.0, v, 0);
        for (int r = 0; r < m; r++) {
            for (int i = 0; i < nv; i++) {
                double p = Numerics.sigmoid(v[r * nv + i] + bias[i]);
                v[r * nv + i] = rngs[r].nextDouble() < p ? 1.0 : 0.0;
            }
        }
    }

    private static Result summarize(double[] logW, double logZBase, Options options) {
        return summarize(logW, logZBase, options, false);
    }

    /**
     * The estimate and its ±3 standard errors from the runs' log-weights: forward AIS's weights estimate
     * {@code Z_B / Z_A}; reverse AIS's ({@code reverse}) estimate {@code Z_A / Z_B}, so log Z is
     * {@code log Z_A − log mean w} and the bounds swap (logZHigh = +∞ when mean − 3 se ≤ 0).
     */
    static Result summarize(double[] logW, double logZBase, Options options, boolean reverse) {
        int m = logW.length;
        double max = Double.NEGATIVE_INFINITY;
        double meanLog = 0.0;
        for (double lw : logW) {
            max = Math.max(max, lw);
            meanLog += lw / m;
        }
        double sum = 0.0;
        double sumSq = 0.0;
        double varLog = 0.0;
        for (double lw : logW) {
            double r = Math.exp(lw - max);
            sum += r;
            sumSq += r * r;
            varLog += (lw - meanLog) * (lw - meanLog);
        }
        double mean = sum / m;
        double sd = Math.sqrt(Math.max(0.0, (sumSq - m * mean * mean) / (m - 1)));
        double se3 = 3.0 * sd / Math.sqrt(m);
        if (reverse) {
            double logMean = max + Math.log(mean);
            double high = mean - se3 > 0.0 ? logZBase - (max + Math.log(mean - se3)) : Double.POSITIVE_INFINITY;
            return new Result(logZBase - logMean, logZBase - (max + Math.log(mean + se3)), high,
                Math.sqrt(varLog / (m - 1)), sum * sum / sumSq, logZBase, options.numBetas(), m);
        }
        double base = logZBase + max;
        double low = mean - se3 > 0.0 ? base + Math.log(mean - se3) : Double.NEGATIVE_INFINITY;
        return new Result(base + Math.log(mean), low, base + Math.log(mean + se3), Math.sqrt(varLog / (m - 1)),
            sum * sum / sumSq, logZBase, options.numBetas(), m);
    }

    /**
     * The annealing schedule β_0 = 0 &lt; … &lt; β_K = 1 (length K + 1): K·500/14500 uniform steps up to 0.5,
     * K·4000/14500 up to 0.9, the rest up to 1 (Salakhutdinov &amp; Murray's spacing); for K &lt; 29, uniform.
     */
    public static double[] betas(int numBetas) {
        double[] b = new double[numBetas + 1];
        if (numBetas < 29) {
            for (int k = 0; k <= numBetas; k++) {
                b[k] = (double) k / numBetas;
            }
            return b;
        }
        int n1 = Math.max(1, (int) Math.round(numBetas * 500.0 / 14500.0));
        int n2 = Math.max(1, (int) Math.round(numBetas * 4000.0 / 14500.0));
        int n3 = numBetas - n1 - n2;
        int k = 1;
        for (int i = 1; i <= n1; i++) {
            b[k++] = 0.5 * i / n1;
        }
        for (int i = 1; i <= n2; i++) {
            b[k++] = 0.5 + 0.4 * i / n2;
        }
        for (int i = 1; i <= n3; i++) {
            b[k++] = 0.9 + 0.1 * i / n3;
        }
        b[numBetas] = 1.0;
        return b;
    }
}
