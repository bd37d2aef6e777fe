package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RbmStatisticsTest {
    private static final int NV = 3;
    private static final int NH = 2;

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }

    private static RbmStatistics filled(double[] v, double[] h, double[] vn, double[] hn, int from, int to) {
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        s.addPositive(v, from * NV, h, from * NH, to - from);
        s.addNegative(vn, from * NV, hn, from * NH, to - from);
        s.addReconstruction(v, from * NV, vn, from * NV, to - from);
        return s;
    }

    @Test
    void emptyReadOutsThrow() {
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        assertTrue(s.isEmpty());
        assertThrows(IllegalStateException.class, s::weightGradient);
        assertThrows(IllegalStateException.class, s::visibleBiasGradient);
        assertThrows(IllegalStateException.class, s::hiddenBiasGradient);
        assertThrows(IllegalStateException.class, s::meanReconstructionError);
        s.addPositive(new double[NV], 0, new double[NH], 0, 1);
        assertThrows(IllegalStateException.class, s::weightGradient, "no negative samples yet");
    }

    @Test
    void handComputedTwoByTwoExample() {
        RbmStatistics s = RbmStatistics.empty(2, 2);
        s.addPositive(new double[] {1, 0, 1, 1}, 0, new double[] {0.5, 0.2, 0.1, 0.4}, 0, 2);
        s.addNegative(new double[] {0, 1}, 0, new double[] {0.8, 0.3}, 0, 1);
        s.addReconstruction(new double[] {1, 0}, 0, new double[] {0.5, 0.5}, 0, 1);
        // positive: Σ v hᵀ = [[0.6, 0.6], [0.1, 0.4]] over 2 rows; negative: [[0, 0], [0.8, 0.3]] over 1 row
        assertArrayEquals(new double[] {0.3, 0.3, -0.75, -0.1}, s.weightGradient(), 1e-15);
        assertArrayEquals(new double[] {1.0, -0.5}, s.visibleBiasGradient(), 1e-15);
        assertArrayEquals(new double[] {-0.5, 0.0}, s.hiddenBiasGradient(), 1e-15);
        assertEquals(0.5, s.meanReconstructionError(), 1e-15);
        assertEquals(2, s.positiveCount());
        assertEquals(1, s.negativeCount());
    }

    @Test
    void mergeOfHalvesEqualsTheWholeBatch() {
        int rows = 7;
        double[] v = random(rows * NV, 1);
        double[] h = random(rows * NH, 2);
        double[] vn = random(rows * NV, 3);
        double[] hn = random(rows * NH, 4);
        RbmStatistics whole = filled(v, h, vn, hn, 0, rows);
        RbmStatistics merged = filled(v, h, vn, hn, 0, 3).merge(filled(v, h, vn, hn, 3, rows));
        assertArrayEquals(whole.weightGradient(), merged.weightGradient(), 1e-14);
        assertArrayEquals(whole.visibleBiasGradient(), merged.visibleBiasGradient(), 1e-14);
        assertArrayEquals(whole.hiddenBiasGradient(), merged.hiddenBiasGradient(), 1e-14);
        assertEquals(whole.meanReconstructionError(), merged.meanReconstructionError(), 1e-14);
        assertEquals(rows, merged.positiveCount());
    }

    @Test
    void mergeWithEmptyIsANoOpEitherWay() {
        double[] v = random(4 * NV, 5);
        double[] h = random(4 * NH, 6);
        RbmStatistics s = filled(v, h, v, h, 0, 4);
        double[] before = s.weightGradient();
        assertSame(s, s.merge(RbmStatistics.empty(NV, NH)));
        assertArrayEquals(before, s.weightGradient(), 0.0);
        assertEquals(4, s.positiveCount());
        RbmStatistics into = RbmStatistics.empty(NV, NH).merge(s);
        assertArrayEquals(before, into.weightGradient(), 0.0);
        assertEquals(s.meanReconstructionError(), into.meanReconstructionError(), 0.0);
    }

    @Test
    void mergeChecksDimensions() {
        RbmStatistics s = RbmStatistics.empty(NV, NH);
        assertThrows(IllegalArgumentException.class, () -> s.merge(RbmStatistics.empty(NV, NH + 1)));
        assertThrows(IllegalArgumentException.class, () -> s.merge(RbmStatistics.empty(NV + 1, NH)));
        assertThrows(IllegalArgumentException.class, () -> RbmStatistics.empty(0, 1));
        assertThrows(IllegalArgumentException.class, () -> s.addPositive(new double[NV], 0, new double[NH], 0, 2));
    }

    @Test
    void resetEmptiesAndSerializationRoundTrips() throws Exception {
        double[] v = random(3 * NV, 7);
        double[] h = random(3 * NH, 8);
        RbmStatistics s = filled(v, h, v, h, 0, 3);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        RbmStatistics back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (RbmStatistics) in.readObject();
        }
        assertArrayEquals(s.weightGradient(), back.weightGradient(), 0.0);
        s.reset();
        assertTrue(s.isEmpty());
        assertEquals(0.0, s.reconstructionErrorSum());
        assertTrue(Arrays.stream(back.visibleBiasGradient()).allMatch(x -> x == 0.0), "same rows in both phases");
    }
}
