package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.SoftmaxGroup;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The label kernel is what a Spark task runs on its slice: slices must merge to the whole batch. */
class LabelRbmStatisticsTest {
    private static final int NV = 6;
    private static final int NH = 4;
    private static final int NC = 3;
    private static final long SEED = 77L;

    private static LabelRbm model(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] p = {new double[NV * NH], new double[NV], new double[NH], new double[NC * NH], new double[NC]};
        for (double[] x : p) {
            for (int k = 0; k < x.length; k++) {
                x[k] = rng.nextGaussian();
            }
        }
        return LabelRbm.of(p[0], p[1], p[2], p[3], p[4]);
    }

    private static double[] binary(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = rng.nextBoolean() ? 1.0 : 0.0;
        }
        return x;
    }

    private static double[] labels(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] c = new int[rows];
        for (int r = 0; r < rows; r++) {
            c[r] = rng.nextInt(NC);
        }
        return SoftmaxGroup.oneHot(c, rows, NC);
    }

    private static void assertSame(LabelRbmStatistics expected, LabelRbmStatistics actual) {
        RbmStatistics e = expected.visiblePart();
        RbmStatistics a = actual.visiblePart();
        assertArrayEquals(e.weightGradient(), a.weightGradient(), 1e-12);
        assertArrayEquals(e.visibleBiasGradient(), a.visibleBiasGradient(), 1e-12);
        assertArrayEquals(e.hiddenBiasGradient(), a.hiddenBiasGradient(), 1e-12);
        assertArrayEquals(expected.labelWeightGradient(), actual.labelWeightGradient(), 1e-12);
        assertArrayEquals(expected.labelBiasGradient(), actual.labelBiasGradient(), 1e-12);
        assertEquals(e.reconstructionErrorSum(), a.reconstructionErrorSum(), 1e-12);
        assertEquals(expected.positiveCount(), actual.positiveCount());
        assertEquals(expected.negativeCount(), actual.negativeCount());
    }

    @Test
    void cdStatisticsOfTwoSlicesMergeToTheWholeBatch() {
        LabelRbm m = model(1L);
        int batch = 9;
        int cut = 4;
        double[] v = binary(batch * NV, 2L);
        double[] y = labels(batch, 3L);
        long[] ids = {17, 3, 42, 8, 0, 11, 5, 23, 1};
        LabelRbmStatistics whole = LabelRbmStatistics.empty(NV, NH, NC);
        new LabelCdKernel(NV, NH, NC).contrastiveDivergence(m, v, y, batch, ids, 3, SEED, 2, 7, whole);

        LabelCdKernel kernel = new LabelCdKernel(NV, NH, NC);
        LabelRbmStatistics first = LabelRbmStatistics.empty(NV, NH, NC);
        kernel.contrastiveDivergence(m, Arrays.copyOfRange(v, 0, cut * NV), Arrays.copyOfRange(y, 0, cut * NC), cut,
            Arrays.copyOfRange(ids, 0, cut), 3, SEED, 2, 7, first);
        LabelRbmStatistics second = LabelRbmStatistics.empty(NV, NH, NC);
        kernel.contrastiveDivergence(m, Arrays.copyOfRange(v, cut * NV, batch * NV),
            Arrays.copyOfRange(y, cut * NC, batch * NC), batch - cut, Arrays.copyOfRange(ids, cut, batch), 3, SEED, 2,
            7, second);
        assertSame(whole, first.merge(second));
        // negative labels are one-hot samples: the label-bias gradient sums to 0 over the classes
        assertEquals(0.0, Arrays.stream(whole.labelBiasGradient()).sum(), 1e-12);
    }

    @Test
    void pcdStatisticsAndChainsOfTwoSlicesMergeToTheWhole() {
        LabelRbm m = model(4L);
        int batch = 5;
        int chains = 8;
        double[] v = binary(batch * NV, 5L);
        double[] y = labels(batch, 6L);
        long[] ids = {4, 9, 2, 7, 1};
        double[] chainsWhole = binary(chains * NH, 7L);
        double[] chainsSliced = chainsWhole.clone();
        LabelCdKernel kernel = new LabelCdKernel(NV, NH, NC);

        LabelRbmStatistics whole = LabelRbmStatistics.empty(NV, NH, NC);
        kernel.positivePhase(m, v, y, batch, ids, SEED, 1, 3, whole);
        kernel.persistentNegativePhase(m, chainsWhole, chains, 0, 2, SEED, 1, 3, whole);

        LabelRbmStatistics a = LabelRbmStatistics.empty(NV, NH, NC);
        LabelRbmStatistics b = LabelRbmStatistics.empty(NV, NH, NC);
        kernel.positivePhase(m, Arrays.copyOfRange(v, 0, 2 * NV), Arrays.copyOfRange(y, 0, 2 * NC), 2,
            Arrays.copyOfRange(ids, 0, 2), SEED, 1, 3, a);
        kernel.positivePhase(m, Arrays.copyOfRange(v, 2 * NV, batch * NV), Arrays.copyOfRange(y, 2 * NC, batch * NC),
            3, Arrays.copyOfRange(ids, 2, 5), SEED, 1, 3, b);
        double[] firstChains = Arrays.copyOfRange(chainsSliced, 0, 3 * NH);
        double[] lastChains = Arrays.copyOfRange(chainsSliced, 3 * NH, chains * NH);
        kernel.persistentNegativePhase(m, firstChains, 3, 0, 2, SEED, 1, 3, a);
        kernel.persistentNegativePhase(m, lastChains, 5, 3, 2, SEED, 1, 3, b);
        assertSame(whole, a.merge(b));
        double[] merged = new double[chains * NH];
        System.arraycopy(firstChains, 0, merged, 0, 3 * NH);
        System.arraycopy(lastChains, 0, merged, 3 * NH, 5 * NH);
        assertArrayEquals(chainsWhole, merged, 0.0);
    }

    @Test
    void mergingWithEmptyIsANoOpEitherWay() {
        LabelRbm m = model(8L);
        double[] v = binary(4 * NV, 9L);
        double[] y = labels(4, 10L);
        LabelRbmStatistics s = LabelRbmStatistics.empty(NV, NH, NC);
        new LabelCdKernel(NV, NH, NC).contrastiveDivergence(m, v, y, 4, new long[] {0, 1, 2, 3}, 1, SEED, 0, 0, s);
        LabelRbmStatistics copy = LabelRbmStatistics.empty(NV, NH, NC).merge(s);
        assertSame(s, copy);
        assertSame(copy, s.merge(LabelRbmStatistics.empty(NV, NH, NC)));
        assertTrue(LabelRbmStatistics.empty(NV, NH, NC).isEmpty());
    }

    @Test
    void matchesAHandComputedExample() {
        // nv = 1, nh = 1, nc = 2: data rows (v=1, c=0, p(h)=0.5) and (v=0, c=1, p(h)=0.25); one model sample
        // (v=1, c=1, p(h)=1).
        LabelRbmStatistics s = LabelRbmStatistics.empty(1, 1, 2);
        s.addPositive(new double[] {1, 0}, 0, new double[] {1, 0, 0, 1}, 0, new double[] {0.5, 0.25}, 0, 2);
        s.addNegative(new double[] {1}, 0, new double[] {0, 1}, 0, new double[] {1.0}, 0, 1);
        assertArrayEquals(new double[] {0.25 - 0.0, 0.125 - 1.0}, s.labelWeightGradient(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5 - 1.0}, s.labelBiasGradient(), 1e-15);
        assertArrayEquals(new double[] {0.25 - 1.0}, s.visiblePart().weightGradient(), 1e-15);
        assertArrayEquals(new double[] {0.375 - 1.0}, s.visiblePart().hiddenBiasGradient(), 1e-15);
    }

    @Test
    void emptyOrMismatchedStatisticsAreRejected() {
        LabelRbmStatistics s = LabelRbmStatistics.empty(NV, NH, NC);
        assertThrows(IllegalStateException.class, s::labelWeightGradient);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.merge(LabelRbmStatistics.empty(NV, NH, NC + 1)));
        assertTrue(e.getMessage().contains("mismatched"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> s.addPositive(new double[NV], 0, new double[NC - 1], 0, new double[NH], 0, 1));
        assertTrue(e.getMessage().startsWith("y must hold"), e.getMessage());
        assertTrue(s.isEmpty(), "a rejected add leaves the sums untouched");
        e = assertThrows(IllegalArgumentException.class, () -> LabelRbmStatistics.empty(NV, NH, 0));
        assertTrue(e.getMessage().contains("numLabels"), e.getMessage());
    }

    @Test
    void optimiserMovesEveryParameterAlongItsGradient() {
        LabelRbm m = model(11L);
        LabelRbmStatistics s = LabelRbmStatistics.empty(NV, NH, NC);
        new LabelCdKernel(NV, NH, NC).contrastiveDivergence(m, binary(5 * NV, 12L), labels(5, 13L), 5,
            new long[] {0, 1, 2, 3, 4}, 1, SEED, 0, 0, s);
        LabelRbm next = new LabelRbmOptimizer(NV, NH, NC, 0.1, 0.0, 0.01).step(m, s);
        double[] gU = s.labelWeightGradient();
        double[] gD = s.labelBiasGradient();
        for (int k = 0; k < gU.length; k++) {
            double expected = m.labelWeights()[k] + 0.1 * (gU[k] - 0.01 * m.labelWeights()[k]);
            assertEquals(expected, next.labelWeights()[k], 1e-15);
        }
        for (int c = 0; c < NC; c++) {
            assertEquals(m.labelBias()[c] + 0.1 * gD[c], next.labelBias()[c], 1e-15);
        }
        assertEquals(m.weight(2, 3) + 0.1 * (s.visiblePart().weightGradient()[2 * NH + 3] - 0.01 * m.weight(2, 3)),
            next.weight(2, 3), 1e-15);
    }
}
