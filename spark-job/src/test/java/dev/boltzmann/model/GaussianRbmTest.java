package dev.boltzmann.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Gaussian-Bernoulli RBM's conditionals, free energy and z-gradient against the energy itself. */
class GaussianRbmTest {
    /** A model with random W, a, b and σ in [0.5, 2]. */
    static GaussianRbm randomModel(int nv, int nh, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[nv * nh];
        for (int k = 0; k < w.length; k++) {
            w[k] = scale * rng.nextGaussian();
        }
        double[] a = new double[nv];
        double[] sigma = new double[nv];
        for (int i = 0; i < nv; i++) {
            a[i] = rng.nextGaussian();
            sigma[i] = 0.5 + 1.5 * rng.nextDouble();
        }
        double[] b = new double[nh];
        for (int j = 0; j < nh; j++) {
            b[j] = rng.nextGaussian();
        }
        return GaussianRbm.fromMeans(w, a, b, sigma);
    }

    static double[] bits(int s, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (s >> i) & 1;
        }
        return x;
    }

    static double[] randomVisible(int nv, SplittableRandom rng) {
        double[] v = new double[nv];
        for (int i = 0; i < nv; i++) {
            v[i] = 2.0 * rng.nextGaussian();
        }
        return v;
    }

    @Test
    void energyIsTheFormulaTermByTerm() {
        double[] w = {0.5, -1.0, 2.0, 0.25};
        GaussianRbm m = GaussianRbm.fromMeans(w, new double[] {1.0, -2.0}, new double[] {0.3, -0.7},
            new double[] {2.0, 0.5});
        double[] v = {3.0, -1.0};
        double[] h = {1.0, 1.0};
        // (3−1)²/(2·4) + (−1+2)²/(2·0.25) − (0.3 − 0.7) − [(3/2)(0.5 − 1) + (−1/0.5)(2 + 0.25)]
        double expected = 0.5 + 2.0 + 0.4 - (1.5 * -0.5 + -2.0 * 2.25);
        assertEquals(expected, m.energy(v, h), 1e-12);
        assertArrayEquals(new double[] {1.0, -2.0}, m.visibleMean(), 1e-12);
        assertArrayEquals(new double[] {2.0, 0.5}, m.sigma(), 1e-12);
    }

    @Test
    void freeEnergyIsMinusLogSumOverHidden() {
        GaussianRbm m = randomModel(3, 4, 0.8, 3L);
        SplittableRandom rng = new SplittableRandom(9);
        for (int t = 0; t < 5; t++) {
            double[] v = randomVisible(3, rng);
            double sum = 0;
            for (int h = 0; h < 16; h++) {
                sum += Math.exp(-m.energy(v, bits(h, 4)));
            }
            assertEquals(-Math.log(sum), m.freeEnergy(v), 1e-10);
        }
    }

    @Test
    void hiddenConditionalIsTheNormalisedJoint() {
        GaussianRbm m = randomModel(2, 3, 1.0, 5L);
        SplittableRandom rng = new SplittableRandom(1);
        double[] v = randomVisible(2, rng);
        double[] p = m.hiddenProbabilities(v, 1);
        double z = 0;
        double[] on = new double[3];
        for (int h = 0; h < 8; h++) {
            double e = Math.exp(-m.energy(v, bits(h, 3)));
            z += e;
            for (int j = 0; j < 3; j++) {
                on[j] += bits(h, 3)[j] * e;
            }
        }
        for (int j = 0; j < 3; j++) {
            assertEquals(on[j] / z, p[j], 1e-12, "P(h_" + j + " = 1 | v)");
        }
    }

    @Test
    void visibleConditionalIsGaussianWithMeanAPlusSigmaWhAndVarianceSigmaSquared() {
        GaussianRbm m = randomModel(3, 2, 1.0, 7L);
        SplittableRandom rng = new SplittableRandom(2);
        for (int hs = 0; hs < 4; hs++) {
            double[] h = bits(hs, 2);
            double[] mean = m.visibleMeans(h, 1);
            // E(v,h) − E(mean,h) must be exactly Σ (v_i − mean_i)² / (2σ_i²): a Gaussian in v with that mean
            for (int t = 0; t < 3; t++) {
                double[] v = randomVisible(3, rng);
                double q = 0;
                for (int i = 0; i < 3; i++) {
                    double d = v[i] - mean[i];
                    q += d * d / (2 * m.sigma(i) * m.sigma(i));
                }
                assertEquals(q, m.energy(v, h) - m.energy(mean, h), 1e-10);
            }
        }
    }

    @Test
    void sampledVisibleUnitsHaveTheConditionalMeanAndVariance() {
        GaussianRbm m = randomModel(2, 2, 1.0, 8L);
        double[] h = {1.0, 0.0};
        double[] mean = m.visibleMeans(h, 1);
        int n = 40_000;
        double[] hs = new double[n * 2];
        for (int r = 0; r < n; r++) {
            hs[r * 2] = 1.0;
        }
        double[] v = m.sampleVisible(hs, n, new SplittableRandom(4));
        for (int i = 0; i < 2; i++) {
            double s = 0;
            double s2 = 0;
            for (int r = 0; r < n; r++) {
                s += v[r * 2 + i];
                s2 += v[r * 2 + i] * v[r * 2 + i];
            }
            double mu = s / n;
            double var = s2 / n - mu * mu;
            double sd = m.sigma(i);
            assertEquals(mean[i], mu, 5 * sd / Math.sqrt(n));
            assertEquals(sd * sd, var, 5 * sd * sd * Math.sqrt(2.0 / n));
        }
    }

    @Test
    void logVarianceGradientMatchesFiniteDifferences() {
        GaussianRbm m = randomModel(3, 4, 0.9, 11L);
        SplittableRandom rng = new SplittableRandom(3);
        double eps = 1e-5;
        for (int t = 0; t < 4; t++) {
            double[] v = randomVisible(3, rng);
            double[] g = m.freeEnergyLogVarianceGradient(v);
            for (int i = 0; i < 3; i++) {
                double[] up = m.logVariance();
                double[] down = m.logVariance();
                up[i] += eps;
                down[i] -= eps;
                // move z with a, b and σW held fixed, through the public parameters
                double fd = (atLogVariance(m, up).freeEnergy(v) - atLogVariance(m, down).freeEnergy(v)) / (2 * eps);
                assertEquals(fd, g[i], 1e-7 * Math.max(1, Math.abs(fd)), "dF/dz_" + i);
            }
        }
    }

    /** The model with log-variances z and the same a, b and σ_i W_ij, built from the energy's parameters. */
    private static GaussianRbm atLogVariance(GaussianRbm m, double[] z) {
        int nv = m.numVisible();
        int nh = m.numHidden();
        double[] w = m.standardUnits().weights();
        double[] sigma = new double[nv];
        for (int i = 0; i < nv; i++) {
            sigma[i] = Math.exp(0.5 * z[i]);
            for (int j = 0; j < nh; j++) {
                w[i * nh + j] *= m.sigma(i) / sigma[i];
            }
        }
        return GaussianRbm.fromMeans(w, m.visibleMean(), m.standardUnits().hiddenBias(), sigma);
    }

    @Test
    void withLogVarianceKeepsTheConditionalMeans() {
        GaussianRbm m = randomModel(3, 2, 1.0, 13L);
        GaussianRbm n = m.withLogVariance(new double[] {0.3, -0.8, 1.1});
        assertArrayEquals(new double[] {Math.exp(0.15), Math.exp(-0.4), Math.exp(0.55)}, n.sigma(), 1e-12);
        for (int h = 0; h < 4; h++) {
            assertArrayEquals(m.visibleMeans(bits(h, 2), 1), n.visibleMeans(bits(h, 2), 1), 1e-12);
        }
        assertArrayEquals(m.standardUnits().hiddenBias(), n.standardUnits().hiddenBias(), 0.0);
    }

    @Test
    void fromMeansRoundTripsAndRefusesBadSigma() {
        GaussianRbm m = randomModel(3, 2, 1.0, 12L);
        GaussianRbm back = GaussianRbm.fromMeans(m.standardUnits().weights(), m.visibleMean(),
            m.standardUnits().hiddenBias(), m.sigma());
        assertArrayEquals(m.visibleMean(), back.visibleMean(), 1e-12);
        assertArrayEquals(m.logVariance(), back.logVariance(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> GaussianRbm.fromMeans(new double[2], new double[2],
            new double[1], new double[] {1.0, 0.0}));
    }
}
