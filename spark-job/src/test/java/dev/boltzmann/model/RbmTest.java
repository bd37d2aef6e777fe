package dev.boltzmann.model;

import static dev.boltzmann.RbmTestSupport.allStates;
import static dev.boltzmann.RbmTestSupport.bits;
import static dev.boltzmann.RbmTestSupport.bruteForceFreeEnergy;
import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RbmTest {
    @Test
    void freeEnergyEqualsMinusLogSumOverHidden() {
        for (int[] size : new int[][] {{3, 2}, {5, 3}, {3, 5}}) {
            Rbm rbm = randomRbm(size[0], size[1], 1.5, 11L + size[0]);
            double[] all = allStates(size[0]);
            double[] batch = rbm.freeEnergy(all, 1 << size[0]);
            for (int s = 0; s < (1 << size[0]); s++) {
                double expected = bruteForceFreeEnergy(rbm, bits(s, size[0]));
                assertEquals(expected, batch[s], 1e-12, "F(v) for v=" + s + " at " + size[0] + "x" + size[1]);
                assertEquals(expected, rbm.freeEnergy(bits(s, size[0])), 1e-12);
            }
        }
    }

    @Test
    void transposedFreeEnergySumsOutTheVisibleLayer() {
        Rbm rbm = randomRbm(4, 3, 1.0, 5L);
        Rbm t = rbm.transpose();
        assertEquals(3, t.numVisible());
        assertEquals(rbm.weight(2, 1), t.weight(1, 2));
        for (int h = 0; h < 8; h++) {
            double sum = 0;
            for (int v = 0; v < 16; v++) {
                sum += Math.exp(-rbm.energy(bits(v, 4), bits(h, 3)));
            }
            assertEquals(-Math.log(sum), t.freeEnergy(bits(h, 3)), 1e-12);
        }
        assertEquals(rbm, t.transpose());
    }

    @Test
    void hiddenConditionalsMatchEnumerationOfTheJoint() {
        Rbm rbm = randomRbm(4, 3, 1.2, 21L);
        double[] p = rbm.hiddenProbabilities(allStates(4), 16);
        for (int v = 0; v < 16; v++) {
            double[] vb = bits(v, 4);
            double z = 0;
            double[] joint = new double[8];
            for (int h = 0; h < 8; h++) {
                joint[h] = Math.exp(-rbm.energy(vb, bits(h, 3)));
                z += joint[h];
            }
            for (int h = 0; h < 8; h++) {
                // P(h|v) factorises: Π_j p_j^{h_j} (1 − p_j)^{1 − h_j}
                double product = 1;
                for (int j = 0; j < 3; j++) {
                    double pj = p[v * 3 + j];
                    product *= ((h >> j) & 1) == 1 ? pj : 1 - pj;
                }
                assertEquals(joint[h] / z, product, 1e-12, "P(h=" + h + " | v=" + v + ")");
            }
        }
    }

    @Test
    void visibleConditionalsMatchEnumerationOfTheJoint() {
        Rbm rbm = randomRbm(3, 4, 1.2, 22L);
        double[] p = rbm.visibleProbabilities(allStates(4), 16);
        for (int h = 0; h < 16; h++) {
            double[] hb = bits(h, 4);
            double z = 0;
            double on0 = 0;
            for (int v = 0; v < 8; v++) {
                double e = Math.exp(-rbm.energy(bits(v, 3), hb));
                z += e;
                on0 += (v & 1) == 1 ? e : 0;
            }
            assertEquals(on0 / z, p[h * 3], 1e-12, "P(v_0=1 | h=" + h + ")");
        }
    }

    @Test
    void samplesFollowTheConditionals() {
        Rbm rbm = randomRbm(4, 3, 1.0, 3L);
        int n = 20000;
        double[] v = new double[n * 4];
        for (int r = 0; r < n; r++) {
            System.arraycopy(bits(r % 16, 4), 0, v, r * 4, 4);
        }
        double[] h = rbm.sampleHidden(v, n, new SplittableRandom(9));
        double[] p = rbm.hiddenProbabilities(v, n);
        double sumH = 0;
        double sumP = 0;
        for (int k = 0; k < h.length; k++) {
            assertTrue(h[k] == 0.0 || h[k] == 1.0);
            sumH += h[k];
            sumP += p[k];
        }
        // 60000 Bernoulli draws: standard error of the mean below 0.0021
        assertEquals(sumP / h.length, sumH / h.length, 0.01);
        double[] vs = rbm.sampleVisible(h, n, new SplittableRandom(10));
        assertEquals(n * 4, vs.length);
    }

    @Test
    void batchMethodsDoNotMutateTheirInput() {
        Rbm rbm = randomRbm(5, 3, 1.0, 1L);
        double[] v = allStates(5);
        double[] copy = v.clone();
        rbm.hiddenProbabilities(v, 32);
        rbm.freeEnergy(v, 32);
        assertArrayEquals(copy, v);
    }

    @Test
    void randomInitIsSeeded() {
        Rbm a = Rbm.random(20, 10, 0.01, null, 1L);
        assertEquals(a, Rbm.random(20, 10, 0.01, null, 1L));
        assertNotEquals(a, Rbm.random(20, 10, 0.01, null, 2L));
        double sumSq = 0;
        for (double w : a.weights()) {
            sumSq += w * w;
        }
        assertEquals(0.01, Math.sqrt(sumSq / 200), 0.002);
        assertArrayEquals(new double[10], a.hiddenBias());
    }

    @Test
    void baseRateBiasIsLogOddsOfTheMeans() {
        double[] data = {1, 0, 0, 1, 1, 0, 0, 0}; // 4 rows of 2: means 0.5 and 0.25
        double[] a = Rbm.baseRateVisibleBias(data, 4, 2);
        assertEquals(Math.log(0.5 / 0.5), a[0], 1e-15);
        assertEquals(Math.log(0.25 / 0.75), a[1], 1e-15);
        double[] clamped = Rbm.baseRateVisibleBias(new double[] {0, 0}, 2, 1);
        assertEquals(Math.log(1e-3 / (1 - 1e-3)), clamped[0], 1e-12);
    }

    @Test
    void energyOfAHandExample() {
        Rbm rbm = Rbm.of(new double[] {1, 2, 3, 4}, new double[] {0.5, -1}, new double[] {0.25, 2});
        // −vᵀWh − aᵀv − bᵀh with v=(1,1), h=(0,1): −(2+4) − (0.5−1) − 2 = −7.5
        assertEquals(-7.5, rbm.energy(new double[] {1, 1}, new double[] {0, 1}), 1e-15);
    }

    @Test
    void invalidParametersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Rbm.of(new double[3], new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> Rbm.of(new double[0], new double[0], new double[2]));
        assertThrows(IllegalArgumentException.class,
            () -> Rbm.of(new double[] {Double.NaN, 0, 0, 0}, new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> Rbm.random(0, 3, 0.01, null, 1L));
        assertThrows(IllegalArgumentException.class, () -> Rbm.random(2, 3, -1, null, 1L));
        assertThrows(IllegalArgumentException.class, () -> Rbm.random(2, 3, 0.01, new double[3], 1L));
        Rbm rbm = Rbm.zeros(2, 2);
        assertThrows(IllegalArgumentException.class, () -> rbm.hiddenProbabilities(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> rbm.plus(new double[3], new double[2], new double[2]));
    }

    @Test
    void plusReturnsANewModel() {
        Rbm rbm = Rbm.zeros(2, 1);
        Rbm next = rbm.plus(new double[] {1, 2}, new double[] {3, 4}, new double[] {5});
        assertEquals(0.0, rbm.weight(1, 0));
        assertEquals(2.0, next.weight(1, 0));
        assertArrayEquals(new double[] {3, 4}, next.visibleBias());
        assertArrayEquals(new double[] {5}, next.hiddenBias());
    }
}
