package dev.boltzmann.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumericsTest {
    /** The textbook two-branch form that {@link Numerics#sigmoid} computes without a branch. */
    private static double twoBranch(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    private static void assertSameBits(double x) {
        assertEquals(Double.doubleToRawLongBits(twoBranch(x)), Double.doubleToRawLongBits(Numerics.sigmoid(x)),
            () -> "sigmoid(" + x + ")");
    }

    @Test
    void sigmoidIsBitForBitTheTwoBranchForm() {
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, -1e-300, 1.0, -1.0, 36.7, -36.7,
            709.0, -709.0, 745.2, -745.2, 800.0, -800.0, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double x : special) {
            assertSameBits(x);
        }
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++) {
            assertSameBits(rng.nextGaussian() * 10);
            double any = Double.longBitsToDouble(rng.nextLong());
            if (!Double.isNaN(any)) {
                assertSameBits(any);
            }
        }
        assertTrue(Double.isNaN(Numerics.sigmoid(Double.NaN)));
        assertEquals(0.5, Numerics.sigmoid(-0.0));
    }

    @Test
    void medianOfOddAndEvenCountsLeavesTheInputAlone() {
        double[] odd = {5, 1, 3};
        assertEquals(3.0, Numerics.median(odd));
        assertArrayEquals(new double[] {5, 1, 3}, odd);
        assertEquals(2.5, Numerics.median(new double[] {4, 1, 2, 3}));
        assertThrows(IllegalArgumentException.class,
            () -> Numerics.median(new double[0]));
    }
}
