package dev.boltzmann.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlasTest {
    private static double[] random(int n, SplittableRandom rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble(-1, 1);
        }
        return x;
    }

    /** op(X)[r][c] for X stored row-major with the given stored column count. */
    private static double op(double[] x, int off, boolean trans, int r, int c, int storedCols) {
        return trans ? x[off + c * storedCols + r] : x[off + r * storedCols + c];
    }

    @Test
    void gemmMatchesTripleLoopForEveryTransposeAndOffset() {
        SplittableRandom rng = new SplittableRandom(7);
        int m = 5;
        int n = 4;
        int k = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = random(3 + m * k, rng);
                double[] b = random(2 + k * n, rng);
                double[] c = random(1 + m * n, rng);
                double[] expected = c.clone();
                for (int r = 0; r < m; r++) {
                    for (int col = 0; col < n; col++) {
                        double s = 0;
                        for (int i = 0; i < k; i++) {
                            s += op(a, 3, ta, r, i, ta ? m : k) * op(b, 2, tb, i, col, tb ? k : n);
                        }
                        expected[1 + r * n + col] = 2.0 * s + 0.5 * c[1 + r * n + col];
                    }
                }
                Blas.gemm(ta, tb, m, n, k, 2.0, a, 3, b, 2, 0.5, c, 1);
                for (int i = 0; i < c.length; i++) {
                    assertEquals(expected[i], c[i], 1e-12, "transA=" + ta + " transB=" + tb + " element " + i);
                }
            }
        }
    }

    @Test
    void emptyInnerDimensionScalesC() {
        double[] c = {1, 2, 3, 4};
        Blas.gemm(false, false, 2, 2, 0, 1.0, new double[0], 0, new double[0], 0, 3.0, c, 0);
        assertEquals(12.0, c[3]);
        Blas.gemm(false, false, 2, 2, 0, 1.0, new double[0], 0, new double[0], 0, 0.0, c, 0);
        assertEquals(0.0, c[0]);
    }

    @Test
    void multiplyAndValidation() {
        double[] c = Blas.multiply(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8}, 2, 2, 2, new double[4]);
        assertEquals(19.0, c[0]);
        assertEquals(50.0, c[3]);
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(new double[3], new double[4], 2, 2, 2, new double[4]));
        assertThrows(IllegalArgumentException.class, () -> Blas.gemm(false, false, -1, 2, 2, 1, new double[4], 0,
            new double[4], 0, 0, new double[4], 0));
        assertFalse(Blas.implementation().isEmpty());
        assertFalse(Blas.hint().isEmpty());
    }
}
