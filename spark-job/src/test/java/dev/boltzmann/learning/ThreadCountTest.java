package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boltzmann.model.FloatRbm;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The kernels and the optimiser give the same bits on one thread and on several: the sizes here are large enough
 * for the per-row loops (≥ 2 × 16384 units) and the optimiser (≥ 2 × 65536 weights) to be split.
 */
class ThreadCountTest {
    private static final int NV = 400;
    private static final int NH = 360;
    private static final int ROWS = 150;

    private static double[] binaryRows(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble() < 0.3 ? 1.0 : 0.0;
        }
        return x;
    }

    private static void assertSameBits(RbmStatistics a, RbmStatistics b) {
        assertArrayEquals(a.weightGradient(), b.weightGradient(), 0.0);
        assertArrayEquals(a.visibleBiasGradient(), b.visibleBiasGradient(), 0.0);
        assertArrayEquals(a.hiddenBiasGradient(), b.hiddenBiasGradient(), 0.0);
        assertEquals(a.reconstructionErrorSum(), b.reconstructionErrorSum(), 0.0);
    }

    @Test
    void cdAndPcdStatisticsAndTheStepDoNotDependOnThreads() {
        Rbm rbm = randomRbm(NV, NH, 0.05, 1L);
        double[] v = binaryRows(ROWS, NV, 2L);
        long[] ids = new long[ROWS];
        Arrays.setAll(ids, i -> 2 * i);
        RbmStatistics[] stats = new RbmStatistics[2];
        double[][] chains = new double[2][];
        Rbm[] stepped = new Rbm[2];
        int[] threads = {1, 3};
        for (int t = 0; t < 2; t++) {
            CdKernel kernel = new CdKernel(NV, NH, threads[t]);
            stats[t] = RbmStatistics.empty(NV, NH);
            kernel.contrastiveDivergence(rbm, v, ROWS, ids, 2, 5L, 1, 2, stats[t]);
            chains[t] = binaryRows(ROWS, NH, 3L);
            RbmStatistics pcd = RbmStatistics.empty(NV, NH);
            kernel.positivePhase(rbm, v, ROWS, ids, 5L, 1, 3, pcd);
            kernel.persistentNegativePhase(rbm, chains[t], ROWS, 0, 1, 5L, 1, 3, pcd);
            stats[t].merge(pcd);
            stepped[t] = new RbmOptimizer(NV, NH, 0.1, 0.5, 1e-3, threads[t]).step(rbm, stats[t]);
        }
        assertSameBits(stats[0], stats[1]);
        assertArrayEquals(chains[0], chains[1], 0.0);
        assertEquals(stepped[0], stepped[1]);
    }

    @Test
    void float32StatisticsAndTheStepDoNotDependOnThreads() {
        FloatRbm rbm = FloatRbm.from(randomRbm(NV, NH, 0.05, 4L));
        float[] v = FloatCdKernelTest.toFloat(binaryRows(ROWS, NV, 5L));
        long[] ids = new long[ROWS];
        Arrays.setAll(ids, i -> i);
        RbmStatistics[] stats = new RbmStatistics[2];
        FloatRbm[] stepped = new FloatRbm[2];
        int[] threads = {1, 4};
        for (int t = 0; t < 2; t++) {
            stats[t] = RbmStatistics.empty(NV, NH);
            new FloatCdKernel(NV, NH, threads[t]).contrastiveDivergence(rbm, v, ROWS, ids, 1, 6L, 0, 0, stats[t]);
            stepped[t] = new RbmOptimizer(NV, NH, 0.1, 0.5, 1e-3, threads[t]).step(rbm, stats[t]);
        }
        assertSameBits(stats[0], stats[1]);
        assertEquals(stepped[0], stepped[1]);
    }
}
