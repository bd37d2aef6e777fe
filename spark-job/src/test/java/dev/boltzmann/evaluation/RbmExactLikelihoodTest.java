package dev.boltzmann.evaluation;

import static dev.boltzmann.RbmTestSupport.allStates;
import static dev.boltzmann.RbmTestSupport.bruteForceLogZ;
import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.Rbm;
import org.junit.jupiter.api.Test;

class RbmExactLikelihoodTest {
    @Test
    void logZByEnumeratingOneLayerEqualsBruteForceOverAllPairs() {
        // 5×3 enumerates the 3 hidden units, 3×5 the 3 visible units, 4×4 the visible layer on a tie
        for (int[] size : new int[][] {{5, 3}, {3, 5}, {4, 4}, {1, 6}}) {
            Rbm rbm = randomRbm(size[0], size[1], 1.5, 100L + 10 * size[0] + size[1]);
            double expected = bruteForceLogZ(rbm);
            assertEquals(expected, RbmExactLikelihood.logPartition(rbm), 1e-10, size[0] + "x" + size[1]);
            assertEquals(expected, RbmExactLikelihood.logPartition(rbm.transpose()), 1e-10, "transposed");
        }
    }

    @Test
    void chunkedEnumerationAgreesAcrossOrientations() {
        // 13 × 13: 8192 states, two chunks; rbm sums over v, its transpose over h: two different sums, one Z
        Rbm rbm = randomRbm(13, 13, 0.6, 5L);
        double viaVisible = RbmExactLikelihood.logPartition(rbm);
        double viaHidden = RbmExactLikelihood.logPartition(rbm.transpose());
        assertEquals(viaVisible, viaHidden, 1e-9 * Math.abs(viaVisible));
    }

    @Test
    void largeEnergiesDoNotOverflow() {
        Rbm rbm = randomRbm(6, 4, 300.0, 9L);
        double logZ = RbmExactLikelihood.logPartition(rbm);
        assertEquals(bruteForceLogZ(rbm), logZ, 1e-9 * Math.abs(logZ));
    }

    @Test
    void likelihoodsOfAllStatesSumToOne() {
        Rbm rbm = randomRbm(5, 7, 1.0, 3L);
        double logZ = RbmExactLikelihood.logPartition(rbm);
        double[] all = allStates(5);
        double[] ll = new double[32];
        for (int s = 0; s < 32; s++) {
            double[] row = java.util.Arrays.copyOfRange(all, s * 5, s * 5 + 5);
            ll[s] = RbmExactLikelihood.meanLogLikelihood(rbm, row, 1, logZ);
        }
        assertEquals(0.0, Numerics.logSumExp(ll), 1e-12);
        double mean = 0;
        for (double x : ll) {
            mean += x / 32;
        }
        assertEquals(mean, RbmExactLikelihood.meanLogLikelihood(rbm, all, 32), 1e-12);
    }

    @Test
    void zeroModelIsUniform() {
        Rbm rbm = Rbm.zeros(10, 30);
        assertEquals(40 * Math.log(2), RbmExactLikelihood.logPartition(rbm), 1e-9);
        assertEquals(-10 * Math.log(2), RbmExactLikelihood.meanLogLikelihood(rbm, new double[10], 1), 1e-9);
    }

    @Test
    void refusesLayersTooLargeToEnumerate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RbmExactLikelihood.logPartition(Rbm.zeros(25, 30)));
        assertEquals(true, e.getMessage().contains("25"), e.getMessage());
    }
}
