package dev.boltzmann.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Single-precision products, and products cut into row blocks. */
class BlasSplitTest {
    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble() * 2 - 1;
        }
        return x;
    }

    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    /** Row-major reference of {@code alpha·op(A)·op(B) + beta·C}. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, double alpha, double[] a,
                                      double[] b, double beta, double[] c) {
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int l = 0; l < k; l++) {
                    double x = ta ? a[l * m + i] : a[i * k + l];
                    double y = tb ? b[j * k + l] : b[l * n + j];
                    s += x * y;
                }
                out[i * n + j] = alpha * s + beta * c[i * n + j];
            }
        }
        return out;
    }

    @Test
    void sgemmMatchesTheDoubleReferenceForEveryTransposeAndOffset() {
        int m = 5;
        int n = 4;
        int k = 6;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = random(m * k, 1);
                double[] b = random(k * n, 2);
                double[] c = random(m * n, 3);
                double[] expected = reference(ta, tb, m, n, k, 2.0, a, b, 0.5, c);
                float[] af = new float[m * k + 3];
                float[] bf = new float[k * n + 2];
                float[] cf = new float[m * n + 1];
                System.arraycopy(toFloat(a), 0, af, 3, m * k);
                System.arraycopy(toFloat(b), 0, bf, 2, k * n);
                System.arraycopy(toFloat(c), 0, cf, 1, m * n);
                Blas.gemm(ta, tb, m, n, k, 2.0f, af, 3, bf, 2, 0.5f, cf, 1);
                for (int i = 0; i < m * n; i++) {
                    assertEquals(expected[i], cf[1 + i], 1e-5, "ta=" + ta + " tb=" + tb + " at " + i);
                }
            }
        }
        float[] c = {7f, 7f};
        Blas.gemm(false, false, 1, 2, 0, 1f, new float[0], 0, new float[0], 0, 0f, c, 0);
        assertArrayEquals(new float[] {0f, 0f}, c, 0f, "k = 0, beta = 0 clears C");
        assertThrows(IllegalArgumentException.class,
            () -> Blas.gemm(false, false, 2, 2, 2, 1f, new float[3], 0, new float[4], 0, 0f, new float[4], 0));
    }

    /** Row blocks give the product (to rounding) and, for a given block count, the same bits on any thread count. */
    @Test
    void rowBlocksGiveTheProductWhateverTheThreadCount() {
        int m = 101;
        int n = 37;
        int k = 53;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                double[] a = random(m * k, 4);
                double[] b = random(k * n, 5);
                double[] c0 = random(m * n, 6);
                double[] expected = reference(ta, tb, m, n, k, 1.5, a, b, 0.25, c0);
                for (int blocks : new int[] {1, 2, 3, 4}) {
                    double[] one = c0.clone();
                    double[] many = c0.clone();
                    Blas.gemm(blocks, 1, ta, tb, m, n, k, 1.5, a, 0, b, 0, 0.25, one, 0);
                    Blas.gemm(blocks, 3, ta, tb, m, n, k, 1.5, a, 0, b, 0, 0.25, many, 0);
                    assertArrayEquals(expected, one, 1e-12, "blocks " + blocks);
                    assertArrayEquals(one, many, 0.0, "blocks " + blocks + ": 1 thread vs 3");
                    float[] af = toFloat(a);
                    float[] bf = toFloat(b);
                    float[] f1 = toFloat(c0);
                    float[] f3 = toFloat(c0);
                    Blas.gemm(blocks, 1, ta, tb, m, n, k, 1.5f, af, 0, bf, 0, 0.25f, f1, 0);
                    Blas.gemm(blocks, 3, ta, tb, m, n, k, 1.5f, af, 0, bf, 0, 0.25f, f3, 0);
                    assertArrayEquals(f1, f3, 0f, "float, blocks " + blocks + ": 1 thread vs 3");
                    for (int i = 0; i < m * n; i++) {
                        assertEquals(expected[i], f1[i], 2e-5, "float, blocks " + blocks);
                    }
                }
            }
        }
    }

    @Test
    void onlyLargeJavaBlasProductsAreSplit() {
        boolean nativeBlas = Blas.implementation().startsWith("JNI");
        assertEquals(1, Blas.splitBlocks(100, 100, 100), "1e6 multiply-adds: never split");
        assertEquals(nativeBlas ? 1 : 2, Blas.splitBlocks(100, 500, 784));
        assertEquals(nativeBlas ? 1 : 4, Blas.splitBlocks(784, 500, 100));
        assertEquals(1, Blas.splitBlocks(40, 10_000, 10_000), "fewer than 2 blocks of 48 rows");
        assertEquals(true, Blas.threads() >= 1);
    }
}
