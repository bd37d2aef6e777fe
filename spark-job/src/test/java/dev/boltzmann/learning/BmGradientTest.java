package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Monte-Carlo gradient of the phases ({@link BmPhases} → {@link BmStatistics}) against the exact gradient by
 * enumeration ({@link BmExact#gradient}).
 *
 * <p><b>Tolerance.</b> A moment estimate is a mean over C independent chains (separate streams, each burnt in
 * far beyond its mixing time, so each chain is treated as stationary). Chain c contributes the mean X_c of its M
 * kept values of a 0/1 quantity with exact expectation q; X_c ∈ [0, 1] and, by Cauchy–Schwarz on the M correlated
 * terms, Var X_c ≤ q(1 − q) (keeping M &gt; 1 states can only help, so C is a lower bound on the number of
 * effectively independent samples). Bernstein's inequality for the C independent X_c gives
 * <pre>
 *   P(|X̄ − q| ≥ t) ≤ 2 exp(−C t² / (2σ² + 2t/3)),   σ² = q(1 − q),
 *   t(q) = (L/3 + sqrt(L²/9 + 2 C L σ²)) / C,        L = ln(2K/α),
 * </pre>
 * and a union (Bonferroni) bound over K = 44 entries (28 off-diagonal weights + 8 diagonal zeros + 8 biases for
 * n = 8, counted generously) at total false-failure probability α = 10⁻⁶ makes every entry's tolerance t(q),
 * q taken from the exact moments. Power: the same estimate made with chains of the machine whose weights are scaled
 * by 1.25 (a sampler with the wrong stationary distribution) violates at least one tolerance (asserted).
 */
class BmGradientTest {
    private static final int K = 44;
    private static final double ALPHA = 1e-6;

    /** The Bernstein tolerance t(q) for C independent chain means (class comment). */
    static double tolerance(double q, long chains, double alpha) {
        double l = Math.log(2.0 * K / alpha);
        double var = Math.max(0.0, q * (1.0 - q));
        return (l / 3.0 + Math.sqrt(l * l / 9.0 + 2.0 * chains * l * var)) / chains;
    }

    private static double[][] randomPatterns(int count, int n, SplittableRandom rng) {
        double[][] data = new double[count][n];
        for (double[] v : data) {
            for (int i = 0; i < n; i++) {
                v[i] = rng.nextBoolean() ? 1.0 : 0.0;
            }
        }
        return data;
    }

    private static long[] indices(int count) {
        long[] idx = new long[count];
        for (int k = 0; k < count; k++) {
            idx[k] = k;
        }
        return idx;
    }

    @Test
    void fullyVisibleMonteCarloGradientMatchesTheExactOne() {
        int n = 8;
        int chains = 20_000;
        BoltzmannMachine bm = BmFixtures.randomMachine(n, 0, 0, 1.0, 0.5, Seeds.rng(41));
        double[][] data = randomPatterns(40, n, Seeds.rng(42));
        BmSamplingOptions o = BmSamplingOptions.defaults().withChains(chains).withBurnIn(50).withSamplesPerChain(4)
            .withSweepsBetweenSamples(5);

        BmStatistics stats = BmPhases.positive(bm, data, null, indices(data.length), o, 43, 0, 0);
        stats.merge(BmPhases.negative(bm, BmPhases.newChains(bm, chains), 0, true, o, 43, 0, 0));
        BmExact.Moments dataExact = BmExact.dataMoments(bm, data, null);
        BmExact.Moments modelExact = BmExact.modelMoments(bm);
        BmExact.Gradient exact = BmExact.gradient(bm, data, null);

        // the positive phase of a fully visible machine is exact
        assertArrayEquals(dataExact.correlations(), stats.dataCorrelations(), 1e-12);
        assertArrayEquals(dataExact.means(), stats.dataMeans(), 1e-12);

        double[] gw = stats.weightGradient();
        double[] gb = stats.biasGradient();
        for (int k = 0; k < gw.length; k++) {
            double tol = tolerance(modelExact.correlations()[k], chains, ALPHA);
            assertTrue(Math.abs(gw[k] - exact.weights()[k]) <= tol,
                "W entry " + k + ": " + gw[k] + " vs exact " + exact.weights()[k] + ", tolerance " + tol);
        }
        for (int i = 0; i < n; i++) {
            double tol = tolerance(modelExact.means()[i], chains, ALPHA);
            assertTrue(Math.abs(gb[i] - exact.biases()[i]) <= tol,
                "b entry " + i + ": " + gb[i] + " vs exact " + exact.biases()[i] + ", tolerance " + tol);
        }
        // power: the same sampler run on the machine with weights × 1.25 is caught
        BmStatistics wrong = BmPhases.positive(bm, data, null, indices(data.length), o, 43, 0, 0);
        wrong.merge(BmPhases.negative(scaled(bm, 1.25), BmPhases.newChains(bm, chains), 0, true, o, 43, 0, 0));
        double[] ww = wrong.weightGradient();
        boolean caught = false;
        for (int k = 0; k < ww.length; k++) {
            caught |= Math.abs(ww[k] - exact.weights()[k]) > tolerance(modelExact.correlations()[k], chains, ALPHA);
        }
        assertTrue(caught, "the tolerance is too loose to notice weights scaled by 1.25");
    }

    private static BoltzmannMachine scaled(BoltzmannMachine bm, double factor) {
        double[] w = bm.weights();
        for (int k = 0; k < w.length; k++) {
            w[k] *= factor;
        }
        return BoltzmannMachine.of(bm.numVisible(), bm.numLabels(), bm.numHidden(), w, bm.biases());
    }

    /**
     * With hidden units the positive phase is sampled too: pattern p's clamped chain in round r is an independent
     * chain (stream (seed, PURPOSE_POSITIVE, 0, r, p)), so R rounds give P·R independent clamped chains. Each phase
     * gets half of α; a gradient entry's tolerance is the sum of its two phases' tolerances (σ² ≤ ¼ for the
     * positive phase, whose q varies with the pattern).
     */
    @Test
    void hiddenUnitMonteCarloGradientMatchesTheExactOne() {
        int chains = 20_000;
        int rounds = 1_000;
        BoltzmannMachine bm = BmFixtures.randomMachine(5, 0, 3, 1.0, 0.5, Seeds.rng(44));
        double[][] data = randomPatterns(10, 5, Seeds.rng(45));
        BmSamplingOptions o = BmSamplingOptions.defaults().withChains(chains).withBurnIn(50).withSamplesPerChain(4)
            .withSweepsBetweenSamples(2).withClampedBurnIn(20).withClampedSamples(4);
        BmStatistics stats = BmStatistics.empty(bm.size());
        for (int r = 0; r < rounds; r++) {
            stats.merge(BmPhases.positive(bm, data, null, indices(data.length), o, 46, 0, r));
        }
        stats.merge(BmPhases.negative(bm, BmPhases.newChains(bm, chains), 0, true, o, 46, 0, 0));
        BmExact.Moments modelExact = BmExact.modelMoments(bm);
        BmExact.Gradient exact = BmExact.gradient(bm, data, null);
        long positiveChains = (long) rounds * data.length;
        double[] gw = stats.weightGradient();
        double[] gb = stats.biasGradient();
        int n = bm.size();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                boolean sampledPositive = i != j && (i >= 5 || j >= 5);
                double tol = tolerance(modelExact.correlations()[k], chains, ALPHA / 2)
                    + (sampledPositive ? tolerance(0.5, positiveChains, ALPHA / 2) : 0.0);
                assertTrue(Math.abs(gw[k] - exact.weights()[k]) <= tol,
                    "W[" + i + "][" + j + "]: " + gw[k] + " vs exact " + exact.weights()[k] + ", tolerance " + tol);
            }
            double tol = tolerance(modelExact.means()[i], chains, ALPHA / 2)
                + (i >= 5 ? tolerance(0.5, positiveChains, ALPHA / 2) : 0.0);
            assertTrue(Math.abs(gb[i] - exact.biases()[i]) <= tol,
                "b[" + i + "]: " + gb[i] + " vs exact " + exact.biases()[i] + ", tolerance " + tol);
        }
    }
}
