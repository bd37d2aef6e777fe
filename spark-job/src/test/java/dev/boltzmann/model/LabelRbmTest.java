package dev.boltzmann.model;

import static dev.boltzmann.RbmTestSupport.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.RbmTestSupport;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The label RBM's closed forms against brute-force sums over every (v, c, h). */
class LabelRbmTest {
    private static final int NV = 3;
    private static final int NH = 4;
    private static final int NC = 3;

    /** A label RBM with N(0, std²) parameters from a plain seeded generator. */
    static LabelRbm randomModel(int nv, int nh, int nc, double std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] p = {new double[nv * nh], new double[nv], new double[nh], new double[nc * nh], new double[nc]};
        for (double[] x : p) {
            for (int k = 0; k < x.length; k++) {
                x[k] = std * rng.nextGaussian();
            }
        }
        return LabelRbm.of(p[0], p[1], p[2], p[3], p[4]);
    }

    /** Σ_h e^{−E(v,c,h)}. */
    private static double sumOverHidden(LabelRbm m, double[] v, int c) {
        double s = 0.0;
        for (int h = 0; h < (1 << m.numHidden()); h++) {
            s += Math.exp(-m.energy(v, c, bits(h, m.numHidden())));
        }
        return s;
    }

    @Test
    void freeEnergyIsMinusLogSumOverHiddenStates() {
        LabelRbm m = randomModel(NV, NH, NC, 1.0, 1L);
        for (int v = 0; v < (1 << NV); v++) {
            double[] x = bits(v, NV);
            double[] all = m.freeEnergies(x, 1);
            for (int c = 0; c < NC; c++) {
                double brute = -Math.log(sumOverHidden(m, x, c));
                assertEquals(brute, m.freeEnergy(x, c), 1e-12, "F(v=" + v + ", c=" + c + ")");
                assertEquals(brute, all[c], 1e-12);
            }
        }
    }

    @Test
    void classPosteriorFromFreeEnergiesEqualsTheConditionalOfTheJoint() {
        LabelRbm m = randomModel(NV, NH, NC, 1.5, 2L);
        double[] states = RbmTestSupport.allStates(NV);
        double[] posterior = m.labelPosterior(states, 1 << NV);
        int[] predicted = m.classify(states, 1 << NV);
        for (int v = 0; v < (1 << NV); v++) {
            double[] joint = new double[NC];
            double total = 0.0;
            for (int c = 0; c < NC; c++) {
                joint[c] = sumOverHidden(m, bits(v, NV), c);
                total += joint[c];
            }
            int best = 0;
            for (int c = 0; c < NC; c++) {
                assertEquals(joint[c] / total, posterior[v * NC + c], 1e-12, "P(c=" + c + " | v=" + v + ")");
                best = joint[c] > joint[best] ? c : best;
            }
            assertEquals(best, predicted[v]);
        }
    }

    @Test
    void conditionalsMatchEnumeration() {
        LabelRbm m = randomModel(NV, NH, NC, 1.0, 3L);
        // P(h_j = 1 | v, c) for every (v, c), as one batch with one-hot label rows
        int rows = (1 << NV) * NC;
        double[] v = new double[rows * NV];
        int[] labels = new int[rows];
        for (int s = 0; s < (1 << NV); s++) {
            for (int c = 0; c < NC; c++) {
                System.arraycopy(bits(s, NV), 0, v, (s * NC + c) * NV, NV);
                labels[s * NC + c] = c;
            }
        }
        double[] ph = new double[rows * NH];
        m.hiddenProbabilities(v, 0, SoftmaxGroup.oneHot(labels, rows, NC), 0, rows, ph, 0);
        for (int r = 0; r < rows; r++) {
            double[] x = java.util.Arrays.copyOfRange(v, r * NV, (r + 1) * NV);
            double z = sumOverHidden(m, x, labels[r]);
            for (int j = 0; j < NH; j++) {
                double on = 0.0;
                for (int h = 0; h < (1 << NH); h++) {
                    double[] hh = bits(h, NH);
                    on += hh[j] * Math.exp(-m.energy(x, labels[r], hh));
                }
                assertEquals(on / z, ph[r * NH + j], 1e-12, "P(h_" + j + " | row " + r + ")");
            }
        }
        // P(c | h) and P(v_i = 1 | h) by summing the joint over the other visible-layer units
        double[] hs = RbmTestSupport.allStates(NH);
        double[] pc = new double[(1 << NH) * NC];
        double[] pv = new double[(1 << NH) * NV];
        m.labelProbabilities(hs, 0, 1 << NH, pc, 0);
        m.visibleProbabilities(hs, 0, 1 << NH, pv, 0);
        for (int h = 0; h < (1 << NH); h++) {
            double[] hh = bits(h, NH);
            double z = 0.0;
            double[] byClass = new double[NC];
            double[] byUnit = new double[NV];
            for (int s = 0; s < (1 << NV); s++) {
                double[] x = bits(s, NV);
                for (int c = 0; c < NC; c++) {
                    double w = Math.exp(-m.energy(x, c, hh));
                    z += w;
                    byClass[c] += w;
                    for (int i = 0; i < NV; i++) {
                        byUnit[i] += x[i] * w;
                    }
                }
            }
            for (int c = 0; c < NC; c++) {
                assertEquals(byClass[c] / z, pc[h * NC + c], 1e-12, "P(c=" + c + " | h=" + h + ")");
            }
            for (int i = 0; i < NV; i++) {
                assertEquals(byUnit[i] / z, pv[h * NV + i], 1e-12, "P(v_" + i + " | h=" + h + ")");
            }
        }
    }

    @Test
    void aPlainRbmIsALabelRbmWithOneInertLabel() {
        Rbm rbm = RbmTestSupport.randomRbm(5, 3, 1.0, 4L);
        LabelRbm m = LabelRbm.fromRbm(rbm);
        assertEquals(1, m.numLabels());
        for (int s = 0; s < 32; s++) {
            assertEquals(rbm.freeEnergy(bits(s, 5)), m.freeEnergy(bits(s, 5), 0), 1e-12);
        }
        assertEquals(rbm, m.visiblePart());
    }

    @Test
    void scalingByBetaScalesTheEnergy() {
        LabelRbm m = randomModel(NV, NH, NC, 1.0, 5L);
        LabelRbm half = m.scaled(0.5);
        double[] v = bits(5, NV);
        double[] h = bits(9, NH);
        assertEquals(0.5 * m.energy(v, 2, h), half.energy(v, 2, h), 1e-12);
        LabelRbm zero = m.scaled(0.0);
        assertArrayEquals(new double[NV * NH], zero.weights(), 0.0);
        assertArrayEquals(new double[NC * NH], zero.labelWeights(), 0.0);
        assertArrayEquals(new double[NC], zero.labelBias(), 0.0);
    }

    @Test
    void updatesAndAccessorsCopy() {
        LabelRbm m = randomModel(NV, NH, NC, 1.0, 6L);
        double[] u = m.labelWeights();
        u[0] = 99.0;
        assertTrue(m.labelWeight(0, 0) != 99.0, "accessors return copies");
        LabelRbm moved = m.plus(new double[NV * NH], new double[NV], new double[NH], new double[NC * NH],
            new double[] {1.0, 0.0, 0.0});
        assertEquals(m.labelBias()[0] + 1.0, moved.labelBias()[0], 1e-15);
        assertArrayEquals(m.weights(), moved.weights(), 0.0);
    }

    @Test
    void softmaxHelpers() {
        double[] d = SoftmaxGroup.baseRateBias(new int[] {0, 0, 0, 1}, 4, 3);
        assertArrayEquals(new double[] {Math.log(0.75), Math.log(0.25), Math.log(1e-3)}, d, 1e-15);
        assertArrayEquals(new double[] {0, 1, 1, 0}, SoftmaxGroup.oneHot(new int[] {1, 0}, 2, 2), 0.0);
        double[] p = {1000.0, 1000.0 + Math.log(3.0)};
        SoftmaxGroup.softmaxInPlace(p, 0, 2);
        assertArrayEquals(new double[] {0.25, 0.75}, p, 1e-12); // 1000 + log 3 keeps ~13 digits of log 3
        int[] counts = new int[2];
        SplittableRandom rng = new SplittableRandom(7L);
        double[] out = new double[2];
        for (int k = 0; k < 40_000; k++) {
            counts[SoftmaxGroup.sampleCategorical(p, 0, 2, rng, out, 0)]++;
            assertEquals(1.0, out[0] + out[1], 0.0);
        }
        assertEquals(0.75, counts[1] / 40_000.0, 0.01); // 4.6 standard errors of 0.0022
    }

    @Test
    void invalidArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> LabelRbm.of(new double[6], new double[3], new double[2], new double[5], new double[3]));
        assertTrue(e.getMessage().contains("labelWeights"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> LabelRbm.of(new double[6], new double[3], new double[2], new double[6], new double[] {0, 0, Double.NaN}));
        assertTrue(e.getMessage().contains("labelBias[2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SoftmaxGroup.oneHot(new int[] {0, 3}, 2, 3));
        assertTrue(e.getMessage().contains("row 1 is 3"), e.getMessage());
        LabelRbm m = randomModel(NV, NH, NC, 1.0, 8L);
        e = assertThrows(IllegalArgumentException.class, () -> m.freeEnergy(new double[NV], -1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.scaled(Double.NaN));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
    }
}
