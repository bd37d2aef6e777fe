package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.model.FloatRbm;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float32 kernel against the float64 one, and its slicing contract.
 *
 * <p>Tolerances. On the same model (its float rounding), batch and streams, the two kernels draw the same uniforms
 * and compare them with probabilities that differ by float rounding: the inputs (sums of ≤ 30 products of numbers of
 * order 1) carry about 1e-6 absolute error, the sigmoid ≤ 1e-7, so probabilities differ by well under 1e-6. A sample
 * differs only where a uniform falls in between: with 16 rows × 50 units, about 1e-3 expected differences — none for
 * these seeds. Means of products of such numbers then agree to within 2e-6.
 */
class FloatCdKernelTest {
    private static final int NV = 30;
    private static final int NH = 20;
    private static final long SEED = 77L;
    private static final double TOLERANCE = 2e-6;

    private static double[] binaryRows(int rows, int cols, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows * cols];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble() < 0.4 ? 1.0 : 0.0;
        }
        return x;
    }

    static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    private static void assertClose(RbmStatistics expected, RbmStatistics actual, double tolerance) {
        assertArrayEquals(expected.weightGradient(), actual.weightGradient(), tolerance, "weights");
        assertArrayEquals(expected.visibleBiasGradient(), actual.visibleBiasGradient(), tolerance, "visible biases");
        assertArrayEquals(expected.hiddenBiasGradient(), actual.hiddenBiasGradient(), tolerance, "hidden biases");
        assertEquals(expected.meanReconstructionError(), actual.meanReconstructionError(), 1e-5, "reconstruction");
        assertEquals(expected.positiveCount(), actual.positiveCount());
        assertEquals(expected.negativeCount(), actual.negativeCount());
    }

    @Test
    void cdStatisticsAgreeWithFloat64OnTheSameBatchAndStreams() {
        for (int k : new int[] {1, 3}) {
            Rbm rbm = FloatRbm.from(randomRbm(NV, NH, 0.5, 1L)).toRbm(); // the same model in both precisions
            int rows = 16;
            double[] v = binaryRows(rows, NV, 2L);
            long[] ids = new long[rows];
            Arrays.setAll(ids, i -> 5 * i + 3);
            RbmStatistics d = RbmStatistics.empty(NV, NH);
            new CdKernel(NV, NH).contrastiveDivergence(rbm, v, rows, ids, k, SEED, 2, 9, d);
            RbmStatistics f = RbmStatistics.empty(NV, NH);
            new FloatCdKernel(NV, NH).contrastiveDivergence(FloatRbm.from(rbm), toFloat(v), rows, ids, k, SEED, 2,
                9, f);
            assertClose(d, f, TOLERANCE);
        }
    }

    @Test
    void pcdStatisticsAndChainsAgreeWithFloat64() {
        Rbm rbm = FloatRbm.from(randomRbm(NV, NH, 0.5, 3L)).toRbm();
        int rows = 8;
        int chains = 12;
        double[] v = binaryRows(rows, NV, 4L);
        long[] ids = new long[rows];
        Arrays.setAll(ids, i -> i);
        double[] chainsD = binaryRows(chains, NH, 5L);
        float[] chainsF = toFloat(chainsD);
        RbmStatistics d = RbmStatistics.empty(NV, NH);
        CdKernel kd = new CdKernel(NV, NH);
        kd.positivePhase(rbm, v, rows, ids, SEED, 1, 4, d);
        kd.persistentNegativePhase(rbm, chainsD, chains, 0, 2, SEED, 1, 4, d);
        RbmStatistics f = RbmStatistics.empty(NV, NH);
        FloatCdKernel kf = new FloatCdKernel(NV, NH);
        FloatRbm fm = FloatRbm.from(rbm);
        kf.positivePhase(fm, toFloat(v), rows, ids, SEED, 1, 4, f);
        kf.persistentNegativePhase(fm, chainsF, chains, 0, 2, SEED, 1, 4, f);
        assertClose(d, f, TOLERANCE);
        assertArrayEquals(toFloat(chainsD), chainsF, 0f, "the same chain states");
    }

    /** Slices merged equal the whole: the streams are keyed by pattern, and the double sums add up. */
    @Test
    void statisticsOfSlicesMergeToTheWholeBatch() {
        FloatRbm rbm = FloatRbm.from(randomRbm(NV, NH, 0.5, 6L));
        int rows = 9;
        float[] v = toFloat(binaryRows(rows, NV, 7L));
        long[] ids = {17, 3, 42, 8, 0, 11, 5, 23, 1};
        RbmStatistics whole = RbmStatistics.empty(NV, NH);
        new FloatCdKernel(NV, NH).contrastiveDivergence(rbm, v, rows, ids, 2, SEED, 3, 5, whole);
        FloatCdKernel kernel = new FloatCdKernel(NV, NH);
        RbmStatistics first = RbmStatistics.empty(NV, NH);
        kernel.contrastiveDivergence(rbm, Arrays.copyOfRange(v, 0, 4 * NV), 4, Arrays.copyOfRange(ids, 0, 4), 2,
            SEED, 3, 5, first);
        RbmStatistics second = RbmStatistics.empty(NV, NH);
        kernel.contrastiveDivergence(rbm, Arrays.copyOfRange(v, 4 * NV, rows * NV), rows - 4,
            Arrays.copyOfRange(ids, 4, rows), 2, SEED, 3, 5, second);
        // per-slice products are float sums of ≤ 9 terms in [0, 1]: rounding ≤ 1e-6 on a mean
        assertClose(whole, first.merge(second), 1e-6);
    }

    /** A learning sanity check: float32 CD-1 training moves the model like float64 does. */
    @Test
    void float32AndFloat64UpdatesStayClose() {
        Rbm start = FloatRbm.from(randomRbm(NV, NH, 0.1, 8L)).toRbm();
        int rows = 16;
        double[] v = binaryRows(rows, NV, 9L);
        long[] ids = new long[rows];
        Arrays.setAll(ids, i -> i);
        RbmOptimizer od = new RbmOptimizer(NV, NH, 0.05, 0.5, 1e-4);
        RbmOptimizer of = new RbmOptimizer(NV, NH, 0.05, 0.5, 1e-4);
        CdKernel kd = new CdKernel(NV, NH);
        FloatCdKernel kf = new FloatCdKernel(NV, NH);
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        Rbm d = start;
        FloatRbm f = FloatRbm.from(start);
        float[] vf = toFloat(v);
        for (int round = 0; round < 20; round++) {
            s.reset();
            kd.contrastiveDivergence(d, v, rows, ids, 1, SEED, 0, round, s);
            d = od.step(d, s);
            s.reset();
            kf.contrastiveDivergence(f, vf, rows, ids, 1, SEED, 0, round, s);
            f = of.step(f, s);
        }
        double[] wd = d.weights();
        double[] wf = f.toRbm().weights();
        double moved = 0;
        for (int i = 0; i < wd.length; i++) {
            assertEquals(wd[i], wf[i], 1e-5, "weight " + i);
            moved = Math.max(moved, Math.abs(wd[i] - start.weights()[i]));
        }
        assertTrue(moved > 1e-3, "the updates did something: " + moved);
    }

    @Test
    void invalidArgumentsAreRejected() {
        FloatRbm rbm = FloatRbm.from(randomRbm(NV, NH, 1.0, 1L));
        FloatCdKernel kernel = new FloatCdKernel(NV, NH);
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        float[] v = new float[2 * NV];
        assertThrows(IllegalArgumentException.class, () -> new FloatCdKernel(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new FloatCdKernel(1, 1, 0));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.contrastiveDivergence(rbm, v, 2, new long[2], 0, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.contrastiveDivergence(rbm, v, 2, new long[1], 1, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class, () -> kernel.contrastiveDivergence(
            FloatRbm.from(randomRbm(NV, NH + 1, 1.0, 1L)), v, 2, new long[2], 1, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class,
            () -> kernel.persistentNegativePhase(rbm, new float[NH], 2, 0, 1, SEED, 0, 0, s));
        assertThrows(IllegalArgumentException.class, () -> FloatCdKernel.initialChains(0, 3));
        assertEquals(3 * NH, FloatCdKernel.initialChains(3, NH).length);
    }
}
