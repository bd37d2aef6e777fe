package dev.boltzmann.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.model.GaussianRbm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Exact log Z of a Gaussian-Bernoulli RBM against numerical integration over v and enumeration of h. */
class GaussianRbmExactTest {
    private static GaussianRbm model(int nv, int nh, double scale, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[nv * nh];
        for (int k = 0; k < w.length; k++) {
            w[k] = scale * rng.nextGaussian();
        }
        double[] a = new double[nv];
        double[] s = new double[nv];
        for (int i = 0; i < nv; i++) {
            a[i] = 0.5 * rng.nextGaussian();
            s[i] = 0.6 + 0.8 * rng.nextDouble();
        }
        double[] b = new double[nh];
        for (int j = 0; j < nh; j++) {
            b[j] = rng.nextGaussian();
        }
        return GaussianRbm.fromMeans(w, a, b, s);
    }

    @Test
    void logZMatchesAGridIntegralOfTheEnergy() {
        // 2 visible, 3 hidden: Z = Σ_h ∫∫ e^{−E(v,h)} dv on a 1601² grid over [−16, 16]² (midpoint rule; the
        // integrand is smooth and decays like a Gaussian, so the rule is accurate far beyond 1e-8 here)
        GaussianRbm m = model(2, 3, 0.8, 4L);
        int n = 1601;
        double lo = -16;
        double step = 32.0 / n;
        double z = 0;
        double[] v = new double[2];
        for (int h = 0; h < 8; h++) {
            double[] hb = {h & 1, (h >> 1) & 1, (h >> 2) & 1};
            for (int x = 0; x < n; x++) {
                v[0] = lo + (x + 0.5) * step;
                for (int y = 0; y < n; y++) {
                    v[1] = lo + (y + 0.5) * step;
                    z += Math.exp(-m.energy(v, hb));
                }
            }
        }
        double numeric = Math.log(z * step * step);
        assertEquals(numeric, GaussianRbmExact.logPartition(m), 1e-8);
    }

    @Test
    void withoutWeightsTheModelIsIndependentGaussians() {
        // W = 0: the hidden units drop out of p(v), whatever b, so log p(v) = Σ_i log N(v_i; a_i, σ_i²)
        double[] a = {0.5, -1.0, 2.0};
        double[] s = {0.7, 1.0, 1.9};
        GaussianRbm m = GaussianRbm.fromMeans(new double[3 * 2], a, new double[] {1.5, -0.3}, s);
        SplittableRandom rng = new SplittableRandom(8);
        double[] data = new double[10 * 3];
        for (int k = 0; k < data.length; k++) {
            data[k] = 3 * rng.nextGaussian();
        }
        double expected = 0;
        for (int r = 0; r < 10; r++) {
            for (int i = 0; i < 3; i++) {
                double d = (data[r * 3 + i] - a[i]) / s[i];
                expected += -0.5 * Math.log(2 * Math.PI) - Math.log(s[i]) - 0.5 * d * d;
            }
        }
        assertEquals(expected / 10, GaussianRbmExact.meanLogLikelihood(m, data, 10), 1e-10);
        assertEquals(expected / 10, GaussianRbmExact.independentGaussianLogLikelihood(data, 10, a, s), 1e-10);
    }

    @Test
    void densityIntegratesToOneAndLikelihoodIsItsMeanLog() {
        GaussianRbm m = model(1, 5, 1.2, 6L);
        double logZ = GaussianRbmExact.logPartition(m);
        int n = 20_000;
        double step = 40.0 / n;
        double total = 0;
        for (int x = 0; x < n; x++) {
            double[] v = {-20 + (x + 0.5) * step};
            total += Math.exp(GaussianRbmExact.meanLogLikelihood(m, v, 1, logZ)) * step;
        }
        assertEquals(1.0, total, 1e-9);
    }

    @Test
    void refusesTooManyHiddenUnits() {
        GaussianRbm m = GaussianRbm.random(2, 25, 0.01, null, 1L);
        assertThrows(IllegalArgumentException.class, () -> GaussianRbmExact.logPartition(m));
    }
}
