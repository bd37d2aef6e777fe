package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BarsAndStripes;
import dev.boltzmann.RbmTestSupport;
import dev.boltzmann.model.Rbm;
import org.junit.jupiter.api.Test;

/**
 * The centred RBM against its definition, E(v,h) = −(v−μ)ᵀW(h−λ) − b̃ᵀ(v−μ) − c̃ᵀ(h−λ), written out here once more
 * and evaluated by enumerating every state of a 3 × 2 model.
 */
class RbmCenteringTest {
    private static final int NV = 3;
    private static final int NH = 2;
    private static final double[] DATA = {1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 1, 0, 1, 1};
    private static final int ROWS = 5;

    /** The centred energy, straight from its definition. */
    private static double centredEnergy(double[] w, double[] bt, double[] ct, double[] mu, double[] lambda,
                                        double[] v, double[] h) {
        double e = 0.0;
        for (int i = 0; i < NV; i++) {
            for (int j = 0; j < NH; j++) {
                e -= (v[i] - mu[i]) * w[i * NH + j] * (h[j] - lambda[j]);
            }
            e -= bt[i] * (v[i] - mu[i]);
        }
        for (int j = 0; j < NH; j++) {
            e -= ct[j] * (h[j] - lambda[j]);
        }
        return e;
    }

    /** F(v) = −log Σ_h e^{−E(v,h)} of the centred energy, for every v (index = bits of v). */
    private static double[] centredFreeEnergies(double[] w, double[] bt, double[] ct, double[] mu, double[] lambda) {
        double[] f = new double[1 << NV];
        for (int v = 0; v < (1 << NV); v++) {
            double s = 0.0;
            for (int h = 0; h < (1 << NH); h++) {
                s += Math.exp(-centredEnergy(w, bt, ct, mu, lambda, bits(v, NV), bits(h, NH)));
            }
            f[v] = -Math.log(s);
        }
        return f;
    }

    /** Mean exact log-likelihood of {@link #DATA} under the centred parameters (enumeration). */
    private static double centredLogLikelihood(double[] w, double[] bt, double[] ct, double[] mu, double[] lambda) {
        double[] f = centredFreeEnergies(w, bt, ct, mu, lambda);
        double z = 0.0;
        for (double x : f) {
            z += Math.exp(-x);
        }
        double ll = 0.0;
        for (int r = 0; r < ROWS; r++) {
            int v = 0;
            for (int i = 0; i < NV; i++) {
                v |= (int) DATA[r * NV + i] << i;
            }
            ll += -f[v] - Math.log(z);
        }
        return ll / ROWS;
    }

    private static void assertConstantDifference(double[] x, double[] y, double tol, String what) {
        for (int k = 1; k < x.length; k++) {
            assertEquals(x[0] - y[0], x[k] - y[k], tol, what + ": state " + k);
        }
    }

    private static RbmCentering offsets(double[] mu, double[] lambda) {
        return RbmCentering.start(RbmCentering.Mode.BOTH, 0.3, new double[NV], NH).restore(mu, lambda);
    }

    @Test
    void theCentredParametersDescribeTheSameDistribution() {
        Rbm rbm = RbmTestSupport.randomRbm(NV, NH, 0.8, 3);
        double[] mu = {0.2, 0.7, 0.45};
        double[] lambda = {0.6, 0.15};
        RbmCentering c = offsets(mu, lambda);
        double[] bt = c.centredVisibleBias(rbm);
        double[] ct = c.centredHiddenBias(rbm);
        double[] plain = new double[(1 << NV) * (1 << NH)];
        double[] centred = new double[plain.length];
        for (int v = 0; v < (1 << NV); v++) {
            for (int h = 0; h < (1 << NH); h++) {
                plain[v * (1 << NH) + h] = rbm.energy(bits(v, NV), bits(h, NH));
                centred[v * (1 << NH) + h] = centredEnergy(rbm.weights(), bt, ct, mu, lambda, bits(v, NV),
                    bits(h, NH));
            }
        }
        assertConstantDifference(plain, centred, 1e-12, "E − E_centred");
        Rbm back = c.uncentred(rbm.weights(), bt, ct);
        assertArrayEquals(rbm.visibleBias(), back.visibleBias(), 1e-14);
        assertArrayEquals(rbm.hiddenBias(), back.hiddenBias(), 1e-14);
        assertTrue(Math.abs(bt[0] - rbm.visibleBias()[0]) > 1e-3, "the centred biases differ from the plain ones");
    }

    @Test
    void anOffsetUpdateLeavesEveryFreeEnergyUnchangedUpToAConstant() {
        Rbm rbm = RbmTestSupport.randomRbm(NV, NH, 0.8, 4);
        double[] mu = {0.2, 0.7, 0.45};
        double[] lambda = {0.6, 0.15};
        RbmCentering c = offsets(mu, lambda);
        double[] before = centredFreeEnergies(rbm.weights(), c.centredVisibleBias(rbm), c.centredHiddenBias(rbm),
            c.visibleOffset(), c.hiddenOffset());
        RbmStatistics stats = RbmStatistics.empty(NV, NH);
        double[] hData = rbm.hiddenProbabilities(DATA, ROWS);
        stats.addPositive(DATA, 0, hData, 0, ROWS);
        c.update(stats);
        // ν = 0.3 towards the data means (3/5, 2/5, 4/5) and the means of p(h|v) over the data
        double[] expectedMu = {0.7 * 0.2 + 0.3 * 0.6, 0.7 * 0.7 + 0.3 * 0.4, 0.7 * 0.45 + 0.3 * 0.8};
        assertArrayEquals(expectedMu, c.visibleOffset(), 1e-15);
        for (int j = 0; j < NH; j++) {
            double mean = 0;
            for (int r = 0; r < ROWS; r++) {
                mean += hData[r * NH + j] / ROWS;
            }
            assertEquals(0.7 * lambda[j] + 0.3 * mean, c.hiddenOffset()[j], 1e-15);
        }
        double[] after = centredFreeEnergies(rbm.weights(), c.centredVisibleBias(rbm), c.centredHiddenBias(rbm),
            c.visibleOffset(), c.hiddenOffset());
        assertConstantDifference(before, after, 1e-12, "F before − F after the offset update");
        // the same weights with the old centred biases at the new offsets would be another distribution
        double[] stale = centredFreeEnergies(rbm.weights(), offsets(mu, lambda).centredVisibleBias(rbm),
            offsets(mu, lambda).centredHiddenBias(rbm), c.visibleOffset(), c.hiddenOffset());
        double spread = 0;
        for (int v = 1; v < before.length; v++) {
            spread = Math.max(spread, Math.abs((before[v] - stale[v]) - (before[0] - stale[0])));
        }
        assertTrue(spread > 1e-3, "without the reparameterisation the distribution would change: " + spread);
    }

    /**
     * Statistics holding exact expectations: the data rows with p(h|v) (positive), and the model's expectations by
     * enumeration (negative), fed as 2·2^nv weighted rows whose sums are 2·2^nv times Σ_v P(v)·(v p(h|v)ᵀ, v, p(h|v)).
     */
    private static RbmStatistics exactStatistics(Rbm rbm) {
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        s.addPositive(DATA, 0, rbm.hiddenProbabilities(DATA, ROWS), 0, ROWS);
        int states = 1 << NV;
        double[] all = RbmTestSupport.allStates(NV);
        double[] f = rbm.freeEnergy(all, states);
        double z = 0;
        for (double x : f) {
            z += Math.exp(-x);
        }
        double[] ph = rbm.hiddenProbabilities(all, states);
        int rows = 2 * states;
        double[] v = new double[rows * NV];
        double[] h = new double[rows * NH];
        for (int k = 0; k < states; k++) {
            double p = Math.exp(-f[k]) / z;
            for (int i = 0; i < NV; i++) {
                v[k * NV + i] = rows * p * all[k * NV + i];
            }
            for (int j = 0; j < NH; j++) {
                h[k * NH + j] = ph[k * NH + j];
                h[(states + k) * NH + j] = rows * p * ph[k * NH + j] - ph[k * NH + j];
            }
        }
        s.addNegative(v, 0, h, 0, rows);
        return s;
    }

    @Test
    void theCentredStepIsTheExactCentredGradientStepByEnumeration() {
        Rbm rbm = RbmTestSupport.randomRbm(NV, NH, 0.8, 5);
        double[] mu0 = {0.5, 0.3, 0.6};
        double nu = 0.3;
        double eps = 0.1;
        RbmStatistics stats = exactStatistics(rbm);
        RbmCentering c = RbmCentering.start(RbmCentering.Mode.BOTH, nu, mu0, NH);
        Rbm stepped = new RbmOptimizer(NV, NH, eps, 0.0, 0.0).withCentering(c).step(rbm, stats);

        // independently: the offsets after the update, the centred parameters there, and the exact gradient of the
        // mean log-likelihood with respect to them by central differences of the enumerated likelihood
        double[] hData = rbm.hiddenProbabilities(DATA, ROWS);
        double[] mu = new double[NV];
        double[] lambda = new double[NH];
        for (int i = 0; i < NV; i++) {
            double mean = 0;
            for (int r = 0; r < ROWS; r++) {
                mean += DATA[r * NV + i] / ROWS;
            }
            mu[i] = (1 - nu) * mu0[i] + nu * mean;
        }
        for (int j = 0; j < NH; j++) {
            double mean = 0;
            for (int r = 0; r < ROWS; r++) {
                mean += hData[r * NH + j] / ROWS;
            }
            lambda[j] = (1 - nu) * 0.5 + nu * mean;
        }
        assertArrayEquals(mu, c.visibleOffset(), 1e-15);
        assertArrayEquals(lambda, c.hiddenOffset(), 1e-15);
        double[] w = rbm.weights();
        double[] bt = rbm.visibleBias();
        double[] ct = rbm.hiddenBias();
        for (int i = 0; i < NV; i++) {
            for (int j = 0; j < NH; j++) {
                bt[i] += w[i * NH + j] * lambda[j];
                ct[j] += w[i * NH + j] * mu[i];
            }
        }
        double[][] theta = {w, bt, ct};
        double[][] next = {w.clone(), bt.clone(), ct.clone()};
        double d = 1e-5;
        for (int p = 0; p < 3; p++) {
            for (int k = 0; k < theta[p].length; k++) {
                double keep = theta[p][k];
                theta[p][k] = keep + d;
                double up = centredLogLikelihood(w, bt, ct, mu, lambda);
                theta[p][k] = keep - d;
                double down = centredLogLikelihood(w, bt, ct, mu, lambda);
                theta[p][k] = keep;
                next[p][k] += eps * (up - down) / (2 * d);
            }
        }
        // the stepped ordinary RBM and the stepped centred parameters have the same energies up to a constant
        double[] plain = new double[(1 << NV) * (1 << NH)];
        double[] centred = new double[plain.length];
        for (int v = 0; v < (1 << NV); v++) {
            for (int h = 0; h < (1 << NH); h++) {
                plain[v * (1 << NH) + h] = stepped.energy(bits(v, NV), bits(h, NH));
                centred[v * (1 << NH) + h] = centredEnergy(next[0], next[1], next[2], mu, lambda, bits(v, NV),
                    bits(h, NH));
            }
        }
        assertConstantDifference(plain, centred, 1e-8, "E(stepped) − E_centred(stepped centred parameters)");
        assertArrayEquals(next[0], stepped.weights(), 1e-8);

        // the ordinary step from the same statistics differs in the known way: ΔW_centred − ΔW_plain = −ε(μ g_bᵀ +
        // g_a λᵀ), g the ordinary gradients (exact here)
        Rbm ordinary = new RbmOptimizer(NV, NH, eps, 0.0, 0.0).step(rbm, stats);
        double[] gA = stats.visibleBiasGradient();
        double[] gB = stats.hiddenBiasGradient();
        double largest = 0;
        for (int i = 0; i < NV; i++) {
            for (int j = 0; j < NH; j++) {
                double expected = -eps * (mu[i] * gB[j] + gA[i] * lambda[j]);
                double actual = stepped.weight(i, j) - ordinary.weight(i, j);
                assertEquals(expected, actual, 1e-14, "W[" + i + "," + j + "]");
                largest = Math.max(largest, Math.abs(actual));
            }
        }
        assertTrue(largest > 1e-3, "the centred and the ordinary step differ: " + largest);
    }

    @Test
    void momentumAndDecayActOnTheCentredParameters() {
        // two steps with momentum and decay: the ordinary parameters always equal the centred ones mapped back,
        // where the centred ones follow Δ ← mΔ + ε(g̃ − λW) with the centred gradients
        Rbm rbm = RbmTestSupport.randomRbm(NV, NH, 0.8, 6);
        double mom = 0.5;
        double decay = 0.01;
        double eps = 0.2;
        RbmCentering c = RbmCentering.start(RbmCentering.Mode.VISIBLE, 0.5, new double[] {0.5, 0.5, 0.5}, NH);
        RbmOptimizer opt = new RbmOptimizer(NV, NH, eps, mom, decay).withCentering(c);
        double[] vw = new double[NV * NH];
        double[] vb = new double[NV];
        double[] vc = new double[NH];
        Rbm model = rbm;
        for (int step = 0; step < 2; step++) {
            RbmStatistics stats = exactStatistics(model);
            RbmCentering shadow = RbmCentering.start(RbmCentering.Mode.VISIBLE, 0.5, c.visibleOffset(), NH);
            shadow.update(stats);
            double[] mu = shadow.visibleOffset();
            assertArrayEquals(new double[NH], shadow.hiddenOffset(), 0.0, "VISIBLE keeps λ = 0");
            double[] w = model.weights();
            double[] bt = shadow.centredVisibleBias(model);
            double[] ct = shadow.centredHiddenBias(model);
            double[] g = stats.weightGradient();
            double[] gA = stats.visibleBiasGradient();
            double[] gB = stats.hiddenBiasGradient();
            for (int i = 0; i < NV; i++) {
                for (int j = 0; j < NH; j++) {
                    int k = i * NH + j;
                    vw[k] = mom * vw[k] + eps * (g[k] - mu[i] * gB[j] - decay * w[k]);
                    w[k] += vw[k];
                }
                vb[i] = mom * vb[i] + eps * gA[i];
                bt[i] += vb[i];
            }
            for (int j = 0; j < NH; j++) {
                vc[j] = mom * vc[j] + eps * gB[j];
                ct[j] += vc[j];
            }
            Rbm expected = shadow.uncentred(w, bt, ct);
            model = opt.step(model, stats);
            assertArrayEquals(expected.weights(), model.weights(), 1e-14);
            assertArrayEquals(expected.visibleBias(), model.visibleBias(), 1e-14);
            assertArrayEquals(expected.hiddenBias(), model.hiddenBias(), 1e-14);
            assertArrayEquals(mu, c.visibleOffset(), 0.0);
        }
    }

    @Test
    void centredTrainingIsReproducibleAndDiffersFromOrdinaryTraining() {
        double[] data = RbmTrainer.flatten(BarsAndStripes.patterns(4));
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            RbmTrainingConfig cfg = RbmTrainingConfig.defaults().withNumHidden(8).withRule(rule, 2)
                .withSchedule(7, 5).withSeed(5L);
            RbmTrainer centred = new RbmTrainer(cfg).withCentering(RbmCentering.Mode.BOTH, 0.05);
            Rbm a = centred.train(data, 30, 16, RbmEpochMonitor.NONE);
            Rbm b = centred.train(data, 30, 16, RbmEpochMonitor.NONE);
            assertEquals(a, b, rule + ": same seed, same bits");
            assertNotEquals(a, new RbmTrainer(cfg.withSeed(6L)).withCentering(RbmCentering.Mode.BOTH, 0.05)
                .train(data, 30, 16, RbmEpochMonitor.NONE), rule + ": another seed");
            Rbm plain = new RbmTrainer(cfg).train(data, 30, 16, RbmEpochMonitor.NONE);
            assertNotEquals(plain, a, rule + ": centring changes the updates");
            assertEquals(plain, new RbmTrainer(cfg).withCentering(RbmCentering.Mode.NONE, 0.5)
                .train(data, 30, 16, RbmEpochMonitor.NONE), rule + ": NONE is the ordinary trainer, bit for bit");
            assertNotEquals(a, new RbmTrainer(cfg).withCentering(RbmCentering.Mode.VISIBLE, 0.05)
                .train(data, 30, 16, RbmEpochMonitor.NONE), rule + ": VISIBLE differs from BOTH");
        }
    }

    @Test
    void badSettingsAreRefused() {
        assertEquals(RbmCentering.Mode.BOTH, RbmCentering.Mode.parse(" Both "));
        assertThrows(IllegalArgumentException.class, () -> RbmCentering.Mode.parse("data"));
        assertThrows(IllegalArgumentException.class,
            () -> RbmCentering.start(RbmCentering.Mode.NONE, 0.1, new double[NV], NH));
        assertThrows(IllegalArgumentException.class,
            () -> RbmCentering.start(RbmCentering.Mode.BOTH, 1.5, new double[NV], NH));
        assertThrows(IllegalArgumentException.class,
            () -> RbmCentering.start(RbmCentering.Mode.BOTH, 0.1, new double[] {0.5, 2.0, 0.1}, NH));
        assertThrows(IllegalArgumentException.class, () -> new RbmOptimizer(NV + 1, NH, 0.1, 0, 0)
            .withCentering(RbmCentering.start(RbmCentering.Mode.BOTH, 0.1, new double[NV], NH)));
        assertThrows(IllegalArgumentException.class, () -> new RbmTrainer(RbmTrainingConfig.defaults())
            .withCentering(RbmCentering.Mode.BOTH, -0.1));
        assertThrows(IllegalStateException.class,
            () -> RbmCentering.start(RbmCentering.Mode.BOTH, 0.1, new double[NV], NH).update(RbmStatistics.empty(NV, NH)));
    }
}
