package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.bits;
import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The kernel is what a Spark task runs on its slice: slicing must not change the batch's gradient. */
class CdKernelTest {
    private static final int NV = 6;
    private static final int NH = 4;
    private static final long SEED = 99L;

    private static double[] binaryRows(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextBoolean() ? 1.0 : 0.0;
        }
        return x;
    }

    private static void assertSameGradient(RbmStatistics expected, RbmStatistics actual) {
        assertArrayEquals(expected.weightGradient(), actual.weightGradient(), 1e-12);
        assertArrayEquals(expected.visibleBiasGradient(), actual.visibleBiasGradient(), 1e-12);
        assertArrayEquals(expected.hiddenBiasGradient(), actual.hiddenBiasGradient(), 1e-12);
        assertEquals(expected.meanReconstructionError(), actual.meanReconstructionError(), 1e-12);
        assertEquals(expected.positiveCount(), actual.positiveCount());
        assertEquals(expected.negativeCount(), actual.negativeCount());
    }

    @Test
    void cdStatisticsOfTwoSlicesMergeToTheWholeBatch() {
        Rbm rbm = randomRbm(NV, NH, 1.0, 1L);
        int batch = 9;
        int k = 4;
        double[] v = binaryRows(batch, NV, 2L);
        long[] ids = {17, 3, 42, 8, 0, 11, 5, 23, 1};
        RbmStatistics whole = RbmStatistics.empty(NV, NH);
        new CdKernel(NV, NH).contrastiveDivergence(rbm, v, batch, ids, 2, SEED, 3, 5, whole);

        CdKernel kernel = new CdKernel(NV, NH); // reused across slices, as a task would
        RbmStatistics first = RbmStatistics.empty(NV, NH);
        kernel.contrastiveDivergence(rbm, Arrays.copyOfRange(v, 0, k * NV), k, Arrays.copyOfRange(ids, 0, k), 2, SEED,
            3, 5, first);
        RbmStatistics second = RbmStatistics.empty(NV, NH);
        kernel.contrastiveDivergence(rbm, Arrays.copyOfRange(v, k * NV, batch * NV), batch - k,
            Arrays.copyOfRange(ids, k, batch), 2, SEED, 3, 5, second);
        assertSameGradient(whole, first.merge(second));
    }

    @Test
    void pcdStatisticsAndChainsOfTwoSlicesMergeToTheWhole() {
        Rbm rbm = randomRbm(NV, NH, 1.0, 4L);
        int batch = 5;
        int chains = 8;
        double[] v = binaryRows(batch, NV, 5L);
        long[] ids = {4, 9, 2, 7, 1};
        double[] chainsWhole = binaryRows(chains, NH, 6L);
        double[] chainsSliced = chainsWhole.clone();

        RbmStatistics whole = RbmStatistics.empty(NV, NH);
        CdKernel kernel = new CdKernel(NV, NH);
        kernel.positivePhase(rbm, v, batch, ids, SEED, 0, 2, whole);
        kernel.persistentNegativePhase(rbm, chainsWhole, chains, 0, 3, SEED, 0, 2, whole);

        RbmStatistics a = RbmStatistics.empty(NV, NH);
        RbmStatistics b = RbmStatistics.empty(NV, NH);
        kernel.positivePhase(rbm, Arrays.copyOfRange(v, 0, 2 * NV), 2, Arrays.copyOfRange(ids, 0, 2), SEED, 0, 2, a);
        kernel.positivePhase(rbm, Arrays.copyOfRange(v, 2 * NV, batch * NV), 3, Arrays.copyOfRange(ids, 2, 5), SEED,
            0, 2, b);
        double[] firstChains = Arrays.copyOfRange(chainsSliced, 0, 3 * NH);
        double[] lastChains = Arrays.copyOfRange(chainsSliced, 3 * NH, chains * NH);
        kernel.persistentNegativePhase(rbm, firstChains, 3, 0, 3, SEED, 0, 2, b);
        kernel.persistentNegativePhase(rbm, lastChains, 5, 3, 3, SEED, 0, 2, a);
        assertSameGradient(whole, a.merge(b));
        System.arraycopy(firstChains, 0, chainsSliced, 0, 3 * NH);
        System.arraycopy(lastChains, 0, chainsSliced, 3 * NH, 5 * NH);
        assertArrayEquals(chainsWhole, chainsSliced, 0.0, "chain c's new state depends only on chain c's stream");
    }

    @Test
    void streamsAreKeyedBySeedEpochRoundAndPattern() {
        Rbm rbm = randomRbm(NV, NH, 1.0, 7L);
        double[] v = binaryRows(6, NV, 8L);
        long[] ids = {0, 1, 2, 3, 4, 5};
        double[][] grads = new double[4][];
        int[][] keys = {{0, 0}, {0, 0}, {1, 0}, {0, 1}};
        for (int t = 0; t < 4; t++) {
            RbmStatistics s = RbmStatistics.empty(NV, NH);
            new CdKernel(NV, NH).contrastiveDivergence(rbm, v, 6, ids, 1, SEED, keys[t][0], keys[t][1], s);
            grads[t] = s.weightGradient();
        }
        assertArrayEquals(grads[0], grads[1], 0.0);
        assertFalse(Arrays.equals(grads[0], grads[2]), "another epoch draws other numbers");
        assertFalse(Arrays.equals(grads[0], grads[3]), "another round draws other numbers");
    }

    /** Persistent chains are a valid MCMC: their negative statistics converge to the exact model expectation. */
    @Test
    void persistentChainsSampleTheModelDistribution() {
        Rbm rbm = randomRbm(4, 3, 1.0, 12L);
        int chains = 2000;
        double[] state = CdKernel.initialChains(chains, 3);
        CdKernel kernel = new CdKernel(4, 3);
        RbmStatistics sum = RbmStatistics.empty(4, 3);
        sum.addPositive(new double[4], 0, new double[3], 0, 1); // zero data: gradient = −(model mean)
        for (int round = 0; round < 40; round++) {
            RbmStatistics s = RbmStatistics.empty(4, 3);
            kernel.persistentNegativePhase(rbm, state, chains, 0, 1, SEED, 0, round, s);
            if (round >= 10) {
                sum.merge(s);
            }
        }
        double[] exact = new double[12];
        double z = 0;
        for (int v = 0; v < 16; v++) {
            double[] vb = bits(v, 4);
            double p = Math.exp(-rbm.freeEnergy(vb));
            z += p;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double x = rbm.hiddenBias()[j];
                    for (int l = 0; l < 4; l++) {
                        x += vb[l] * rbm.weight(l, j);
                    }
                    exact[i * 3 + j] += p * vb[i] * Numerics.sigmoid(x);
                }
            }
        }
        double[] estimate = sum.weightGradient();
        for (int k = 0; k < 12; k++) {
            // 60000 correlated samples of a quantity in [0,1]: standard error about 0.005
            assertEquals(exact[k] / z, -estimate[k], 0.02, "E_model[v_i p(h_j|v)] at " + k);
        }
    }

    @Test
    void invalidArgumentsAreRejected() {
        Rbm rbm = randomRbm(NV, NH, 1.0, 1L);
        CdKernel kernel = new CdKernel(NV, NH);
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        double[] v = new double[2 * NV];
        assertThrows(IllegalArgumentException.class, () -> new CdKernel(0, 1));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.contrastiveDivergence(rbm, v, 2, new long[2], 0, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.contrastiveDivergence(rbm, v, 2, new long[1], 1, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.contrastiveDivergence(randomRbm(NV, NH + 1, 1.0, 1L), v, 2, new long[2], 1, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.persistentNegativePhase(rbm, new double[NH], 2, 0, 1, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class, () -> CdKernel.initialChains(0, 3));
    }
}
