package dev.boltzmann.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** AIS for Gaussian-Bernoulli RBMs against the exact log Z by enumeration ({@link GaussianRbmExact}). */
class GaussianRbmAisTest {
    /** A random model in data units: weights of std {@code scale}, means, hidden biases and σ ∈ [0.6, 1.4]. */
    private static GaussianRbm model(int nv, int nh, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[nv * nh];
        for (int k = 0; k < w.length; k++) {
            w[k] = scale * rng.nextGaussian();
        }
        double[] a = new double[nv];
        double[] s = new double[nv];
        for (int i = 0; i < nv; i++) {
            a[i] = 0.8 * rng.nextGaussian();
            s[i] = 0.6 + 0.8 * rng.nextDouble();
        }
        double[] b = new double[nh];
        for (int j = 0; j < nh; j++) {
            b[j] = rng.nextGaussian() - 0.5;
        }
        return GaussianRbm.fromMeans(w, a, b, s);
    }

    @Test
    void baseLogZInClosedFormEqualsEnumeration() {
        GaussianRbm m = model(5, 8, 0.7, 1L);
        // brute force: C · Σ_h e^{bᵀh} over the 256 hidden states, C = (2π)^{nv/2} Π σ_i
        double[] b = m.standardUnits().hiddenBias();
        double sum = 0;
        for (int s = 0; s < 256; s++) {
            double e = 0;
            for (int j = 0; j < 8; j++) {
                e += ((s >> j) & 1) * b[j];
            }
            sum += Math.exp(e);
        }
        double c = 2.5 * Math.log(2 * Math.PI);
        for (int i = 0; i < 5; i++) {
            c += Math.log(m.sigma(i));
        }
        assertEquals(c + Math.log(sum), GaussianRbmAis.baseLogPartition(m), 1e-12);
        // and the β = 0 model is the model with W = 0, whose exact log Z enumerates h and integrates v
        GaussianRbm noWeights = m.withStandardUnits(Rbm.of(new double[5 * 8], m.standardUnits().visibleBias(), b));
        assertEquals(GaussianRbmExact.logPartition(noWeights), GaussianRbmAis.baseLogPartition(m), 1e-12);
    }

    @Test
    void intermediateHiddenMarginalIsTheModelWithScaledWeights() {
        // Σ_h p*_β(h) times C is Z of the model with weights βW (same μ, b, σ), by exact enumeration
        GaussianRbm m = model(4, 6, 0.9, 2L);
        Rbm core = m.standardUnits();
        for (double beta : new double[] {0.0, 0.3, 1.0}) {
            double[] w = core.weights();
            for (int k = 0; k < w.length; k++) {
                w[k] *= beta;
            }
            GaussianRbm scaled = m.withStandardUnits(Rbm.of(w, core.visibleBias(), core.hiddenBias()));
            double[] terms = new double[64];
            for (int s = 0; s < 64; s++) {
                double[] h = new double[6];
                for (int j = 0; j < 6; j++) {
                    h[j] = (s >> j) & 1;
                }
                terms[s] = GaussianRbmAis.logUnnormalizedHidden(m, beta, h);
            }
            double c = 2.0 * Math.log(2 * Math.PI);
            for (int i = 0; i < 4; i++) {
                c += Math.log(m.sigma(i));
            }
            assertEquals(GaussianRbmExact.logPartition(scaled), c + dev.boltzmann.math.Numerics.logSumExp(terms),
                1e-10, "beta " + beta);
        }
    }

    @Test
    void estimateAgreesWithExactLogZ() {
        for (long seed = 1; seed <= 3; seed++) {
            GaussianRbm m = model(5, 8, 0.8, 10 + seed);
            double exact = GaussianRbmExact.logPartition(m);
            RbmAis.Result r = GaussianRbmAis.estimate(m, new RbmAis.Options(2000, 200, seed));
            assertTrue(Math.abs(exact - GaussianRbmAis.baseLogPartition(m)) > 0.5,
                "the base model is far from the model: " + exact + " vs " + r.logZBase());
            assertTrue(r.logZLow() <= exact && exact <= r.logZHigh(),
                "exact " + exact + " within 3 standard errors [" + r.logZLow() + ", " + r.logZHigh() + "]");
            assertEquals(exact, r.logZ(), 0.05, "model " + seed);
        }
    }

    @Test
    void estimateAgreesWithExactOnALargerHiddenLayer() {
        GaussianRbm m = model(10, 18, 0.5, 7L);
        double exact = GaussianRbmExact.logPartition(m);
        RbmAis.Result r = GaussianRbmAis.estimate(m, new RbmAis.Options(2000, 100, 3L));
        assertTrue(r.logZLow() <= exact && exact <= r.logZHigh(),
            "exact " + exact + " within [" + r.logZLow() + ", " + r.logZHigh() + "]");
        assertEquals(exact, r.logZ(), 0.1);
    }

    @Test
    void fewIntermediateDistributionsAreWorseThanMany() {
        // with 2 distributions the weights are far more uneven than with 2000 (the test fails if the schedule is
        // ignored)
        GaussianRbm m = model(5, 8, 1.0, 21L);
        RbmAis.Result few = GaussianRbmAis.estimate(m, new RbmAis.Options(2, 200, 5L));
        RbmAis.Result many = GaussianRbmAis.estimate(m, new RbmAis.Options(2000, 200, 5L));
        assertTrue(few.logWeightStd() > 2 * many.logWeightStd(), few + " vs " + many);
        assertTrue(many.effectiveSampleSize() > few.effectiveSampleSize(), few + " vs " + many);
    }

    @Test
    void aFixedSeedReproducesTheEstimate() {
        GaussianRbm m = model(5, 8, 0.8, 3L);
        RbmAis.Options o = new RbmAis.Options(200, 20, 9L);
        assertEquals(GaussianRbmAis.estimate(m, o), GaussianRbmAis.estimate(m, o));
        assertNotEquals(GaussianRbmAis.estimate(m, o).logZ(),
            GaussianRbmAis.estimate(m, new RbmAis.Options(200, 20, 10L)).logZ());
    }

    @Test
    void withoutWeightsEveryWeightIsEqualAndTheEstimateExact() {
        GaussianRbm m = GaussianRbm.fromMeans(new double[4 * 5], new double[] {0.5, -1, 2, 0},
            new double[] {1.5, -0.3, 0, 2, -2}, new double[] {0.7, 1, 1.9, 0.4});
        RbmAis.Result r = GaussianRbmAis.estimate(m, new RbmAis.Options(50, 10, 1L));
        double exact = GaussianRbmExact.logPartition(m);
        assertEquals(exact, r.logZ(), 1e-12);
        assertEquals(0.0, r.logWeightStd(), 0.0);
        assertEquals(10.0, r.effectiveSampleSize(), 1e-12);
        assertEquals(r.logZ(), r.logZLow(), 1e-12);
        assertEquals(r.logZ(), r.logZHigh(), 1e-12);
    }
}
