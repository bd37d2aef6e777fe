package dev.boltzmann.io;

/**
 * Binary patterns packed one bit per unit, 64 units to a {@code long}: unit {@code k} of a row is bit
 * {@code k % 64} of word {@code k / 64}. A 784-unit pattern takes 13 words (104 bytes) instead of 784 doubles
 * (6,272 bytes).
 *
 * <p>Packing is exact only for rows whose every value is {@code +0.0} or {@code 1.0} (see {@link #isBinary}); other
 * rows (probabilities, unknown units, {@code -0.0}) must be kept as doubles by the caller. Unpacking writes
 * {@code 0.0} and {@code 1.0}, so a packed row comes back bit for bit.
 */
public final class PackedBits {
    private static final long ZERO = Double.doubleToRawLongBits(0.0);
    private static final long ONE = Double.doubleToRawLongBits(1.0);

    private PackedBits() {
    }

    /** Words per row of {@code width} units. */
    public static int words(int width) {
        return (width + 63) >>> 6;
    }

    /** Whether {@code values[from, from + width)} are all exactly {@code +0.0} or {@code 1.0}. */
    public static boolean isBinary(double[] values, int from, int width) {
        for (int k = from; k < from + width; k++) {
            long bits = Double.doubleToRawLongBits(values[k]);
            if (bits != ZERO && bits != ONE) {
                return false;
            }
        }
        return true;
    }

    /** Whether all of {@code values} are exactly {@code +0.0} or {@code 1.0}. */
    public static boolean isBinary(double[] values) {
        return isBinary(values, 0, values.length);
    }

    /**
     * Packs a binary row (see {@link #isBinary}) into {@code words(width)} words of {@code dst} from {@code at}.
     * Every other value counts as 1: check {@link #isBinary} first.
     */
    public static void pack(double[] values, int from, int width, long[] dst, int at) {
        int words = words(width);
        for (int w = 0; w < words; w++) {
            long word = 0;
            int base = w << 6;
            int end = Math.min(64, width - base);
            for (int b = 0; b < end; b++) {
                if (values[from + base + b] != 0.0) {
                    word |= 1L << b;
                }
            }
            dst[at + w] = word;
        }
    }

    /** A binary row packed into a new array of {@code words(values.length)} words. */
    public static long[] pack(double[] values) {
        long[] out = new long[words(values.length)];
        pack(values, 0, values.length, out, 0);
        return out;
    }

    /** Unpacks {@code width} units from {@code src} (from word {@code at}) into {@code dst} from {@code to}. */
    public static void unpack(long[] src, int at, int width, double[] dst, int to) {
        int words = words(width);
        for (int w = 0; w < words; w++) {
            long word = src[at + w];
            int base = w << 6;
            int end = Math.min(64, width - base);
            for (int b = 0; b < end; b++) {
                dst[to + base + b] = (word >>> b) & 1L;
            }
        }
    }
}
