package dev.boltzmann.evaluation;

import dev.boltzmann.learning.ParallelTempering;
import dev.boltzmann.learning.SwapCounts;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * Reverse annealed importance sampling: the other side of {@link RbmAis}'s estimate of an RBM's log partition
 * function.
 *
 * <p>Which side is which. Forward AIS's weight is an unbiased estimate of {@code Z_B / Z_A}, so its estimate
 * of Z is unbiased and, by Jensen's inequality, {@code E[log Ẑ] ≤ log Z}: forward AIS <em>under</em>estimates
 * log Z in expectation (a stochastic lower bound), and the log-likelihood {@code −F(v) − log Ẑ} it gives is an
 * <em>over</em>estimate, optimistic. Reverse AIS runs the same chain of distributions backwards, from samples
 * of the model p_B to the base-rate model p_A:
 * <pre>
 *   v_K ~ p_B (exactly, or as near as a long tempered chain gets)
 *   log w' = Σ_{k=K..1} [log p*_{β_{k−1}}(v_k) − log p*_{β_k}(v_k)],   v_{k−1} ~ T_{β_{k−1}}(v_k)
 *   E[w'] = Z_A / Z_B,   log Ẑ_B = log Z_A − log( (1/M) Σ_m w'_m )
 * </pre>
 * (the intermediate marginals p*_β and transitions T_β are {@link RbmAis}'s). Now 1/Ẑ is unbiased, so
 * {@code E[log Ẑ] ≥ log Z}: reverse AIS <em>over</em>estimates log Z in expectation and its log-likelihood is
 * conservative (an underestimate). Together they bracket log Z, and both converge to it as K grows. The upper
 * side holds only as far as the start samples follow p_B: {@link #startSamples} draws them with
 * {@link ParallelTempering}, whose tempered replicas cross the modes a plain Gibbs chain stays in; with too few
 * updates they follow the chain's start more than the model, and the estimate can fall below log Z.
 *
 * <p>Spread: as {@link RbmAis}, ±3 standard errors of the mean weight mapped to log space; here
 * {@code logZHigh = +∞} when the mean weight is within 3 standard errors of zero.
 *
 * <p>Random streams: run m's transitions draw from {@code Seeds.rng(seed, REVERSE_PURPOSE, m)}; the start
 * samples' tempering runs under the seed {@code Seeds.derive(seed, START_PURPOSE)}.
 *
 * <pre>
 * Y. Burda, R. Grosse, R. Salakhutdinov: Accurate and conservative estimates of MRF log-likelihood using reverse
 *   annealing, AISTATS 2015.
 * R. Grosse, Z. Ghahramani, R. P. Adams: Sandwiching the marginal likelihood using bidirectional Monte Carlo,
 *   arXiv:1511.02543 (2015).
 * </pre>
 */
public final class RbmReverseAis {
    /** Purpose key of the reverse runs' streams ("RBM_RAIS"). */
    public static final long REVERSE_PURPOSE = 0x52424D5F52414953L;
    /** Purpose key of the start samples' tempering ("RBM_RSTA"). */
    public static final long START_PURPOSE = 0x52424D5F52535441L;

    private RbmReverseAis() {
    }

    /**
     * Reverse AIS from the given model samples.
     *
     * @param start M = {@code options.numRuns()} visible states of the model, {@code M × nv} 0/1 (not modified)
     * @param baseVisibleBias a_A of the base-rate model, length nv; null means zeros
     */
    public static RbmAis.Result estimate(Rbm rbm, double[] start, double[] baseVisibleBias, RbmAis.Options options) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        int m = options.numRuns();
        if (start.length != (long) m * nv) {
            throw new IllegalArgumentException("start must hold numRuns × numVisible = " + m + " × " + nv
                + " values, got " + start.length);
        }
        double[] aA = baseVisibleBias == null ? new double[nv] : baseVisibleBias.clone();
        if (aA.length != nv) {
            throw new IllegalArgumentException("baseVisibleBias has length " + aA.length + ", expected numVisible = "
                + nv);
        }
        double[] aB = rbm.visibleBias();
        double[] beta = RbmAis.betas(options.numBetas());
        double[] dA = new double[nv];
        double logZBase = nh * Math.log(2.0);
        for (int i = 0; i < nv; i++) {
            dA[i] = aB[i] - aA[i];
            logZBase += Numerics.softplus(aA[i]);
        }
        SplittableRandom[] rngs = new SplittableRandom[m];
        for (int r = 0; r < m; r++) {
            rngs[r] = Seeds.rng(options.seed(), REVERSE_PURPOSE, r);
        }
        double[] v = start.clone();
        double[] x = new double[m * nh];
        double[] bias = new double[nv];
        double[] logW = new double[m];
        for (int k = beta.length - 1; k >= 1; k--) {
            rbm.hiddenInputs(v, 0, m, x, 0);
            RbmAis.addLogRatios(v, x, dA, beta[k - 1], beta[k], nv, nh, logW);
            if (k - 1 > 0) {
                RbmAis.transition(rngs, v, x, rbm.weights(), aA, aB, bias, beta[k - 1], nv, nh, m);
            }
        }
        return RbmAis.summarize(logW, logZBase, options, true);
    }

    /**
     * Reverse AIS from {@link #startSamples} of the model.
     *
     * @param tempering the ladder of the start samples' sampler
     * @param updates tempering updates before the samples are taken (≥ 1)
     */
    public static RbmAis.Result estimate(Rbm rbm, double[] baseVisibleBias, RbmAis.Options options,
                                         TemperingOptions tempering, int updates) {
        double[] start = startSamples(rbm, options.numRuns(), tempering, updates, options.seed());
        return estimate(rbm, start, baseVisibleBias, options);
    }

    /**
     * Approximate samples of the model: the β = 1 replicas of {@code count} parallel-tempering chains after
     * {@code updates} updates of one Gibbs step and a round of swaps, started with every hidden unit off.
     *
     * @return a new {@code count × nv} array of 0/1
     */
    public static double[] startSamples(Rbm rbm, int count, TemperingOptions tempering, int updates, long seed) {
        if (updates < 1) {
            throw new IllegalArgumentException("updates must be >= 1, got " + updates);
        }
        ParallelTempering pt = new ParallelTempering(rbm.numVisible(), rbm.numHidden(), tempering);
        double[] chains = ParallelTempering.initialChains(count, pt.replicas(), rbm.numHidden());
        SwapCounts swaps = SwapCounts.empty(pt.replicas());
        long startSeed = Seeds.derive(seed, START_PURPOSE);
        for (int u = 0; u < updates; u++) {
            pt.advance(rbm, chains, count, 0, 1, startSeed, 0, u, swaps);
        }
        return java.util.Arrays.copyOf(pt.coldVisible(), count * rbm.numVisible());
    }
}
