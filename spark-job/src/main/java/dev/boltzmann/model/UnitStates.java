package dev.boltzmann.model;

/**
 * Reading binary patterns that may be written in either {@link Encoding}.
 *
 * <p>A pattern is accepted if every value is one of {@code -1, 0, 1}, with {@code 1} meaning on and {@code 0} or
 * {@code -1} meaning off; a single pattern must not mix {@code 0} and {@code -1} (that would mean it mixes the two
 * encodings). So 0/1 patterns and ±1 patterns are both read correctly without being told which they are (the
 * all-ones pattern is the same in both).
 */
public final class UnitStates {
    private UnitStates() {
    }

    /**
     * Converts one pattern, given in either encoding, to {@code target}, into a new array.
     *
     * @param pattern values in {-1, 0, 1}, length n
     * @param target the encoding of the result
     * @return a new array of length n with values {@code target.off()} / {@code target.on()}
     * @throws IllegalArgumentException if a value is not -1, 0 or 1, or the pattern mixes 0 and -1
     */
    public static double[] toEncoding(double[] pattern, Encoding target) {
        double[] out = new double[pattern.length];
        boolean sawZero = false;
        boolean sawMinusOne = false;
        for (int i = 0; i < pattern.length; i++) {
            double x = pattern[i];
            if (x == 1.0) {
                out[i] = target.on();
            } else if (x == 0.0) {
                sawZero = true;
                out[i] = target.off();
            } else if (x == -1.0) {
                sawMinusOne = true;
                out[i] = target.off();
            } else {
                throw new IllegalArgumentException("unit " + i + " has value " + x
                    + "; expected 0/1 (binary) or -1/+1 (bipolar)");
            }
        }
        if (sawZero && sawMinusOne) {
            throw new IllegalArgumentException(
                "pattern mixes the values 0 and -1; use 0/1 (binary) or -1/+1 (bipolar)");
        }
        return out;
    }

    /**
     * Converts many patterns of equal length {@code n} to {@code target}, into new arrays.
     *
     * @param patterns N_p rows of length n, each in either encoding
     * @param n the expected length of every row
     * @return N_p new rows of length n
     * @throws IllegalArgumentException naming the row, if a row has the wrong length or an invalid value
     */
    public static double[][] toEncoding(double[][] patterns, int n, Encoding target) {
        double[][] out = new double[patterns.length][];
        for (int p = 0; p < patterns.length; p++) {
            checkLength(patterns[p], n, "pattern " + p);
            try {
                out[p] = toEncoding(patterns[p], target);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("pattern " + p + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Splits a flat row-major array of patterns of length {@code n} into rows converted to {@code target}.
     *
     * @param flat N_p·n values, pattern p at {@code [p*n, (p+1)*n)}
     * @param n the length of one pattern (≥ 1)
     * @return N_p new rows of length n
     * @throws IllegalArgumentException if {@code flat.length} is not a multiple of n, or a value is invalid
     */
    public static double[][] rowsToEncoding(double[] flat, int n, Encoding target) {
        if (n < 1) {
            throw new IllegalArgumentException("pattern length n must be >= 1, got " + n);
        }
        if (flat.length % n != 0) {
            throw new IllegalArgumentException("flat pattern array has " + flat.length
                + " values, not a multiple of the pattern length " + n);
        }
        double[][] rows = new double[flat.length / n][n];
        for (int p = 0; p < rows.length; p++) {
            System.arraycopy(flat, p * n, rows[p], 0, n);
        }
        return toEncoding(rows, n, target);
    }

    /**
     * Checks a state's length.
     *
     * @param what how to name the state in the message, e.g. "pattern 3"
     * @throws IllegalArgumentException if {@code state.length != n}
     */
    public static void checkLength(double[] state, int n, String what) {
        if (state.length != n) {
            throw new IllegalArgumentException(what + " has " + state.length + " units, expected " + n);
        }
    }
}
