package dev.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedBitsTest {
    private static double[] randomBits(int width, double on, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[width];
        for (int k = 0; k < width; k++) {
            v[k] = rng.nextDouble() < on ? 1.0 : 0.0;
        }
        return v;
    }

    private static long[] rawBits(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void wordsAreTheUnitsOverSixtyFourRoundedUp() {
        assertEquals(1, PackedBits.words(1));
        assertEquals(1, PackedBits.words(64));
        assertEquals(2, PackedBits.words(65));
        assertEquals(13, PackedBits.words(784));
    }

    @Test
    void unitKIsBitKModSixtyFourOfWordKOverSixtyFourAndComesBackBitForBit() {
        for (int width : new int[] {1, 5, 63, 64, 65, 127, 128, 129, 784}) {
            for (double on : new double[] {0.0, 0.2, 1.0}) {
                double[] v = randomBits(width, on, width * 31L + (long) (on * 10));
                long[] packed = PackedBits.pack(v);
                assertEquals(PackedBits.words(width), packed.length);
                for (int k = 0; k < width; k++) {
                    assertEquals(v[k] == 1.0, ((packed[k / 64] >>> (k % 64)) & 1L) == 1L, "unit " + k);
                }
                // bits beyond the width stay clear
                int spare = 64 * packed.length - width;
                if (spare > 0) {
                    assertEquals(0L, packed[packed.length - 1] >>> (64 - spare));
                }
                double[] back = new double[width];
                PackedBits.unpack(packed, 0, width, back, 0);
                assertArrayEquals(rawBits(v), rawBits(back), "width " + width);
            }
        }
    }

    @Test
    void packsAndUnpacksAtOffsetsWithoutTouchingTheNeighbours() {
        int width = 70;
        double[] a = randomBits(width, 0.5, 1);
        double[] b = randomBits(width, 0.5, 2);
        double[] both = new double[2 * width];
        System.arraycopy(a, 0, both, 0, width);
        System.arraycopy(b, 0, both, width, width);
        long[] words = new long[1 + 2 * PackedBits.words(width)];
        words[0] = -1L;
        PackedBits.pack(both, 0, width, words, 1);
        PackedBits.pack(both, width, width, words, 1 + PackedBits.words(width));
        assertEquals(-1L, words[0]);
        double[] out = new double[2 * width + 2];
        Arrays.fill(out, 7.0);
        PackedBits.unpack(words, 1 + PackedBits.words(width), width, out, 1);
        PackedBits.unpack(words, 1, width, out, 1 + width);
        assertEquals(7.0, out[0]);
        assertEquals(7.0, out[2 * width + 1]);
        assertArrayEquals(b, Arrays.copyOfRange(out, 1, 1 + width));
        assertArrayEquals(a, Arrays.copyOfRange(out, 1 + width, 1 + 2 * width));
    }

    @Test
    void onlyPlusZeroAndOneAreBinary() {
        assertTrue(PackedBits.isBinary(new double[] {0, 1, 1, 0}));
        assertTrue(PackedBits.isBinary(new double[0]));
        for (double odd : new double[] {0.5, -0.0, Double.NaN, 2.0, -1.0, Math.nextUp(0.0), Math.nextDown(1.0)}) {
            assertFalse(PackedBits.isBinary(new double[] {1, odd, 0}), "value " + odd);
        }
        double[] v = {0.5, 1, 0, 0.5};
        assertTrue(PackedBits.isBinary(v, 1, 2));
        assertFalse(PackedBits.isBinary(v, 0, 2));
    }
}
