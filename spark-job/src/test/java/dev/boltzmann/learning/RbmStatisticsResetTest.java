package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** reset() only marks the sums stale; every later add, merge and read-out must behave as if they were zeros. */
class RbmStatisticsResetTest {
    private static final int NV = 4;
    private static final int NH = 3;

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }

    private static RbmStatistics fill(RbmStatistics s, long seed) {
        s.addPositive(random(2 * NV, seed), 0, random(2 * NH, seed + 1), 0, 2);
        s.addNegative(random(3 * NV, seed + 2), 0, random(3 * NH, seed + 3), 0, 3);
        s.addReconstruction(random(NV, seed + 4), 0, random(NV, seed + 5), 0, 1);
        return s;
    }

    private static void assertSameBits(RbmStatistics a, RbmStatistics b) {
        assertArrayEquals(a.weightGradient(), b.weightGradient(), 0.0);
        assertArrayEquals(a.visibleBiasGradient(), b.visibleBiasGradient(), 0.0);
        assertArrayEquals(a.hiddenBiasGradient(), b.hiddenBiasGradient(), 0.0);
        assertEquals(a.meanReconstructionError(), b.meanReconstructionError(), 0.0);
        assertEquals(a.positiveCount(), b.positiveCount());
        assertEquals(a.negativeCount(), b.negativeCount());
    }

    @Test
    void addsAfterAResetEqualAddsIntoAFreshAccumulator() {
        RbmStatistics reused = fill(RbmStatistics.empty(NV, NH), 1);
        reused.reset();
        assertTrue(reused.isEmpty());
        assertThrows(IllegalStateException.class, reused::weightGradient);
        assertSameBits(fill(RbmStatistics.empty(NV, NH), 10), fill(reused, 10));
        reused.reset();
        assertSameBits(fill(fill(RbmStatistics.empty(NV, NH), 20), 30), fill(fill(reused, 20), 30));
    }

    @Test
    void mergesIntoAndFromResetAccumulators() {
        RbmStatistics expected = fill(RbmStatistics.empty(NV, NH), 40);
        RbmStatistics stale = fill(RbmStatistics.empty(NV, NH), 50);
        stale.reset();
        assertSameBits(expected, stale.merge(fill(RbmStatistics.empty(NV, NH), 40)));
        RbmStatistics other = fill(RbmStatistics.empty(NV, NH), 60);
        other.reset();
        RbmStatistics target = fill(RbmStatistics.empty(NV, NH), 40);
        assertSameBits(expected, target.merge(other));
        // only one phase written since the reset: the other still reads as zero in a merge
        RbmStatistics half = fill(RbmStatistics.empty(NV, NH), 70);
        half.reset();
        half.addPositive(random(2 * NV, 80), 0, random(2 * NH, 81), 0, 2);
        RbmStatistics sum = RbmStatistics.empty(NV, NH).merge(half).merge(half);
        sum.addNegative(new double[NV], 0, new double[NH], 0, 1);
        RbmStatistics twice = RbmStatistics.empty(NV, NH);
        twice.addPositive(random(2 * NV, 80), 0, random(2 * NH, 81), 0, 2);
        twice.addPositive(random(2 * NV, 80), 0, random(2 * NH, 81), 0, 2);
        twice.addNegative(new double[NV], 0, new double[NH], 0, 1);
        // the same sums added in another order (x + x against row by row): equal to rounding, and no stale values
        assertArrayEquals(twice.weightGradient(), sum.weightGradient(), 1e-14);
        assertArrayEquals(twice.visibleBiasGradient(), sum.visibleBiasGradient(), 1e-14, "no stale negative sums");
        assertArrayEquals(twice.hiddenBiasGradient(), sum.hiddenBiasGradient(), 1e-14);
    }

    @Test
    void aResetAccumulatorSerializesAsEmpty() throws Exception {
        RbmStatistics s = fill(RbmStatistics.empty(NV, NH), 90);
        s.reset();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        RbmStatistics back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (RbmStatistics) in.readObject();
        }
        assertTrue(back.isEmpty());
        assertSameBits(fill(RbmStatistics.empty(NV, NH), 100), fill(back, 100));
    }

    @Test
    void floatAddersMatchTheDoubleOnesToFloatRounding() {
        double[] v = random(5 * NV, 110);
        double[] h = random(5 * NH, 111);
        RbmStatistics d = RbmStatistics.empty(NV, NH);
        d.addPositive(v, 0, h, 0, 5).addNegative(v, NV, h, NH, 4).addReconstruction(v, 0, v, NV, 4);
        RbmStatistics f = RbmStatistics.empty(NV, NH);
        float[] vf = FloatCdKernelTest.toFloat(v);
        float[] hf = FloatCdKernelTest.toFloat(h);
        f.addPositive(vf, 0, hf, 0, 5).addNegative(vf, NV, hf, NH, 4).addReconstruction(vf, 0, vf, NV, 4);
        assertArrayEquals(d.weightGradient(), f.weightGradient(), 1e-6);
        assertArrayEquals(d.visibleBiasGradient(), f.visibleBiasGradient(), 1e-6);
        assertArrayEquals(d.hiddenBiasGradient(), f.hiddenBiasGradient(), 1e-6);
        assertEquals(d.meanReconstructionError(), f.meanReconstructionError(), 1e-6);
        // float adds onto a reset accumulator, and mixed with double adds
        f.reset();
        f.addPositive(vf, 0, hf, 0, 5).addPositive(v, 0, h, 0, 5).addNegative(vf, NV, hf, NH, 4);
        RbmStatistics d2 = RbmStatistics.empty(NV, NH);
        d2.addPositive(v, 0, h, 0, 5).addPositive(v, 0, h, 0, 5).addNegative(v, NV, h, NH, 4);
        assertArrayEquals(d2.weightGradient(), f.weightGradient(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> f.addPositive(new float[NV], 0, new float[NH], 0, 2));
    }

    @Test
    void aParallelMergeOfLargeSumsGivesTheSerialBitsIntoFreshAndResetAccumulators() {
        int nv = 600;
        int nh = 300;
        RbmStatistics[] parts = new RbmStatistics[3];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = RbmStatistics.empty(nv, nh);
            parts[p].addPositive(random(5 * nv, 10 + p), 0, random(5 * nh, 20 + p), 0, 5);
            parts[p].addNegative(random(4 * nv, 30 + p), 0, random(4 * nh, 40 + p), 0, 4);
            parts[p].addReconstruction(random(nv, 50 + p), 0, random(nv, 60 + p), 0, 1);
        }
        RbmStatistics serial = RbmStatistics.empty(nv, nh);
        RbmStatistics reused = RbmStatistics.empty(nv, nh);
        reused.merge(parts[2], 4);
        reused.reset();
        RbmStatistics parallel = RbmStatistics.empty(nv, nh);
        for (RbmStatistics part : parts) {
            serial.merge(part);
            parallel.merge(part, 4);
            reused.merge(part, 3);
        }
        assertArrayEquals(serial.positiveWeightSums(), parallel.positiveWeightSums(), 0.0);
        assertArrayEquals(serial.negativeWeightSums(), parallel.negativeWeightSums(), 0.0);
        assertArrayEquals(serial.positiveWeightSums(), reused.positiveWeightSums(), 0.0);
        assertArrayEquals(serial.negativeWeightSums(), reused.negativeWeightSums(), 0.0);
        assertSameBits(serial, parallel);
        assertSameBits(serial, reused);
        RbmStatistics all = RbmStatistics.empty(nv, nh).mergeAll(java.util.List.of(parts[0],
            RbmStatistics.empty(nv, nh), parts[1], parts[2]), 2);
        assertArrayEquals(serial.positiveWeightSums(), all.positiveWeightSums(), 0.0);
        assertArrayEquals(serial.negativeWeightSums(), all.negativeWeightSums(), 0.0);
        assertSameBits(serial, all);
        assertThrows(IllegalArgumentException.class, () -> serial.merge(parts[0], 0));
    }
}
