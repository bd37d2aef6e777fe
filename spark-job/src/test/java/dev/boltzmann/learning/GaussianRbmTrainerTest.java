package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** CD/PCD for Gaussian-Bernoulli RBMs: the kernel's sums against the free energy, and training against the truth. */
class GaussianRbmTrainerTest {
    /**
     * Exact samples of a small model: h from its marginal P(h) ∝ e^{bᵀh + ½‖μ + Wh‖²} (enumerated), then
     * v ~ N(a + σWh, σ²).
     */
    static double[] exactSamples(GaussianRbm m, int rows, long seed) {
        int nh = m.numHidden();
        int nv = m.numVisible();
        Rbm core = m.standardUnits();
        double[] logw = new double[1 << nh];
        double[] b = core.hiddenBias();
        for (int s = 0; s < logw.length; s++) {
            double[] h = bits(s, nh);
            double[] mean = new double[nv];
            core.visibleInputs(h, 0, 1, mean, 0);
            double q = 0;
            for (int j = 0; j < nh; j++) {
                q += b[j] * h[j];
            }
            for (double x : mean) {
                q += 0.5 * x * x;
            }
            logw[s] = q;
        }
        double max = java.util.Arrays.stream(logw).max().orElseThrow();
        double total = 0;
        for (int s = 0; s < logw.length; s++) {
            logw[s] = Math.exp(logw[s] - max);
            total += logw[s];
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] hs = new double[rows * nh];
        for (int r = 0; r < rows; r++) {
            double u = rng.nextDouble() * total;
            int s = 0;
            while (s < logw.length - 1 && (u -= logw[s]) > 0) {
                s++;
            }
            System.arraycopy(bits(s, nh), 0, hs, r * nh, nh);
        }
        return m.sampleVisible(hs, rows, rng);
    }

    static double[] bits(int s, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (s >> i) & 1;
        }
        return x;
    }

    private static GaussianRbm truth(double[] sigma, double scale, long seed) {
        int nv = sigma.length;
        int nh = 3;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[nv * nh];
        for (int k = 0; k < w.length; k++) {
            w[k] = scale * rng.nextGaussian();
        }
        double[] a = new double[nv];
        for (int i = 0; i < nv; i++) {
            a[i] = rng.nextGaussian();
        }
        return GaussianRbm.fromMeans(w, a, new double[] {-0.5, 0.3, 0.0}, sigma);
    }

    private static RbmTrainingConfig config(RbmTrainingConfig.Rule rule, int epochs, long seed) {
        return RbmTrainingConfig.defaults().withNumHidden(3).withRule(rule, 1).withSchedule(20, epochs)
            .withRates(0.02, 0.5, 0.0).withNumChains(20).withSeed(seed).withInit(0.1, true);
    }

    @Test
    void positiveSumsAreMinusTheFreeEnergyGradient() {
        GaussianRbm m = truth(new double[] {0.8, 1.3, 1.0}, 1.0, 3L);
        double[] v = {0.7, -1.2, 2.1};
        GaussianRbmStatistics stats = GaussianRbmStatistics.empty(3, 3);
        new GaussianCdKernel(3, 3).contrastiveDivergence(m, v, 1, new long[] {0}, 1, 1L, 0, 0, stats);
        double eps = 1e-6;
        double[] w = m.standardUnits().weights();
        double[] pos = stats.standardUnits().positiveWeightSums();
        for (int k = 0; k < w.length; k++) {
            double[] up = w.clone();
            double[] down = w.clone();
            up[k] += eps;
            down[k] -= eps;
            double fd = (withWeights(m, up).freeEnergy(v) - withWeights(m, down).freeEnergy(v)) / (2 * eps);
            assertEquals(-fd, pos[k], 1e-7, "W entry " + k);
        }
        double[] g = m.freeEnergyLogVarianceGradient(v);
        assertArrayEquals(g, stats.positiveLogVarianceSums(), 1e-12, "the data row's dF/dz");
        // μ: −∂F/∂μ_i = u_i − μ_i, so mean⁺ u − mean⁻ u (the standard-units visible-bias gradient) is the
        // log-likelihood gradient in μ
        double[] mu = m.standardUnits().visibleBias();
        for (int i = 0; i < 3; i++) {
            double[] up = mu.clone();
            double[] down = mu.clone();
            up[i] += eps;
            down[i] -= eps;
            double fd = (withMu(m, up).freeEnergy(v) - withMu(m, down).freeEnergy(v)) / (2 * eps);
            assertEquals(v[i] / m.sigma(i) - mu[i], -fd, 1e-7, "mu entry " + i);
        }
    }

    private static GaussianRbm withWeights(GaussianRbm m, double[] w) {
        Rbm c = m.standardUnits();
        return GaussianRbm.of(Rbm.of(w, c.visibleBias(), c.hiddenBias()), m.logVariance());
    }

    private static GaussianRbm withMu(GaussianRbm m, double[] mu) {
        Rbm c = m.standardUnits();
        return GaussianRbm.of(Rbm.of(c.weights(), mu, c.hiddenBias()), m.logVariance());
    }

    @Test
    void statisticsDoNotDependOnHowTheBatchIsSliced() {
        GaussianRbm m = truth(new double[] {1, 1, 1, 1}, 0.7, 5L);
        double[] data = exactSamples(m, 10, 2L);
        long[] ids = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        GaussianRbmStatistics whole = GaussianRbmStatistics.empty(4, 3);
        new GaussianCdKernel(4, 3).contrastiveDivergence(m, data, 10, ids, 2, 7L, 1, 2, whole);
        GaussianRbmStatistics a = GaussianRbmStatistics.empty(4, 3);
        GaussianRbmStatistics b = GaussianRbmStatistics.empty(4, 3);
        new GaussianCdKernel(4, 3).contrastiveDivergence(m, java.util.Arrays.copyOfRange(data, 0, 16), 4, ids, 2, 7L,
            1, 2, a);
        new GaussianCdKernel(4, 3).contrastiveDivergence(m, java.util.Arrays.copyOfRange(data, 16, 40), 6,
            java.util.Arrays.copyOfRange(ids, 4, 10), 2, 7L, 1, 2, b);
        a.merge(b);
        assertArrayEquals(whole.standardUnits().weightGradient(), a.standardUnits().weightGradient(), 1e-12);
        assertArrayEquals(whole.logVarianceGradient(), a.logVarianceGradient(), 1e-12);
    }

    @Test
    void cdTrainingRaisesTheExactLogLikelihoodTowardTheTruth() {
        // a mixture of Gaussians with unit variances at 8 well-separated corners: far from one Gaussian
        double[] w = new double[4 * 3];
        for (int j = 0; j < 3; j++) {
            w[j * 3 + j] = 2.0;
            w[9 + j] = 1.0;
        }
        double[] a = {0.5, -0.5, 0.0, 1.0};
        double[] b = new double[3];
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 4; i++) {
                b[j] -= 0.5 * w[i * 3 + j] * w[i * 3 + j] + a[i] * w[i * 3 + j];
            }
        }
        GaussianRbm truth = GaussianRbm.fromMeans(w, a, b, new double[] {1, 1, 1, 1});
        double[] data = exactSamples(truth, 500, 11L);
        double best = GaussianRbmExact.meanLogLikelihood(truth, data, 500);
        RbmTrainingConfig c = config(RbmTrainingConfig.Rule.CD, 30, 1L).withRates(0.1, 0.5, 0.0);
        GaussianRbmTrainer trainer = new GaussianRbmTrainer(c, false, 1.0);
        GaussianRbm initial = trainer.initialModel(data, 500, 4);
        double before = GaussianRbmExact.meanLogLikelihood(initial, data, 500);
        List<Double> curve = new ArrayList<>();
        GaussianRbm trained = trainer.train(initial, data, 500,
            r -> curve.add(GaussianRbmExact.meanLogLikelihood(r.model(), data, 500)));
        double after = GaussianRbmExact.meanLogLikelihood(trained, data, 500);
        // the initial model is nearly independent unit Gaussians at the data means; the truth is correlated
        assertTrue(best - before > 0.3, "the truth should be well above the start: " + before + " vs " + best);
        assertTrue(after > before + 0.75 * (best - before), "CD should close most of the gap: before " + before
            + ", after " + after + ", truth " + best);
        assertTrue(after < best + 0.05, "no better than the truth on its own samples beyond noise: " + after);
        assertEquals(30, curve.size());
        assertTrue(curve.get(29) > curve.get(0), "the curve rises: " + curve);
        assertArrayEquals(new double[] {1, 1, 1, 1}, trained.sigma(), 0.0, "sigma stays fixed without learnVariance");
    }

    @Test
    void learnedSigmasMoveTowardTheTruth() {
        double[] sigma = {0.4, 2.5, 0.6, 1.8};
        GaussianRbm truth = truth(sigma, 0.5, 13L);
        double[] data = exactSamples(truth, 1000, 17L);
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            GaussianRbm trained = new GaussianRbmTrainer(config(rule, 40, 2L), true, 1.0).train(data, 1000, 4,
                r -> { });
            for (int i = 0; i < 4; i++) {
                double start = Math.abs(Math.log(sigma[i]));
                double end = Math.abs(Math.log(trained.sigma(i) / sigma[i]));
                assertTrue(end < 0.3 * start, rule + ": sigma_" + i + " = " + trained.sigma(i) + ", truth "
                    + sigma[i] + " (start 1)");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        GaussianRbm truth = truth(new double[] {1, 1, 1, 1}, 1.0, 19L);
        double[] data = exactSamples(truth, 100, 23L);
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            GaussianRbm x = new GaussianRbmTrainer(config(rule, 3, 5L), true, 1.0).train(data, 100, 4, r -> { });
            GaussianRbm y = new GaussianRbmTrainer(config(rule, 3, 5L), true, 1.0).train(data, 100, 4, r -> { });
            GaussianRbm z = new GaussianRbmTrainer(config(rule, 3, 6L), true, 1.0).train(data, 100, 4, r -> { });
            assertEquals(x, y, rule.toString());
            assertNotEquals(x, z, rule.toString());
        }
    }
}
