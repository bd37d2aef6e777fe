package dev.boltzmann.math;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Dense matrix products on row-major {@code double[]} (dgemm) and {@code float[]} (sgemm) arrays, delegated to
 * netlib BLAS.
 *
 * <p>Every matrix in this project is stored row-major: element (r, c) of an {@code rows × cols} matrix at offset
 * {@code off} is {@code a[off + r*cols + c]}. BLAS is column-major, so a row-major {@code m × n} product
 * {@code C = op(A)·op(B)} is computed as the column-major product {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}: the operands are
 * passed swapped and no data is copied or transposed.
 *
 * <p>The implementation is {@code dev.ludovic.netlib.blas.BLAS.getInstance()}, which picks, in order: a native
 * BLAS through JNI (if {@code libblas.so.3}, e.g. OpenBLAS, is installed; fastest), {@code VectorBLAS} (Java 16+
 * with {@code --add-modules=jdk.incubator.vector}), or the plain-Java {@code Java11BLAS}/{@code F2jBLAS}.
 * {@link #implementation()} names the one in use, and {@link #hint()} says how to get a faster one.
 * This class is not Spark; it is on the class path through spark-mllib.
 *
 * <p>Threads. A native BLAS runs each product on its own threads (OpenBLAS: every core, unless
 * {@code OPENBLAS_NUM_THREADS} says otherwise). The Java implementations are single-threaded, so here a large product
 * ({@code m·n·k ≥ 2^22} multiply-adds) is cut into {@code b = min(4, floor(m/48))} fixed blocks of rows of C,
 * {@code [p·m/b, (p+1)·m/b)}, computed on up to {@link #threads()} threads (the caller and the common fork-join pool).
 * The blocks depend only on the sizes, never on the thread count, so the results do not depend on it either. (They
 * can differ in the last bits from one unsplit call: VectorBLAS's kernels treat a block's edge rows differently.)
 * The thread count is the system property {@code boltzmann.blas.threads}, default every available processor; set it
 * to 1 where each core already runs its own task (Spark executors), as one would set {@code OPENBLAS_NUM_THREADS=1}.
 *
 * <p>Thread safety: no mutable state; the underlying BLAS objects are safe for concurrent use.
 */
public final class Blas {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();
    private static final boolean NATIVE = BLAS_INSTANCE.getClass().getSimpleName().startsWith("JNI");
    /** Least number of rows of C in a block of a split product (Java BLAS only). */
    static final int MIN_SPLIT_ROWS = 48;
    /** Most blocks a product is split into. */
    static final int MAX_SPLIT_BLOCKS = 4;
    /** Least number of multiply-adds {@code m·n·k} for which a Java-BLAS product is split. */
    static final long SPLIT_WORK = 1L << 22;
    private static final int THREADS = threadsFromProperty();

    private Blas() {
    }

    /**
     * Row-major {@code C ← alpha·op(A)·op(B) + beta·C}, where {@code op(A)} is {@code m × k} and {@code op(B)} is
     * {@code k × n}.
     *
     * @param transA whether A is stored as {@code k × m} (so op(A) = Aᵀ); otherwise A is stored {@code m × k}
     * @param transB whether B is stored as {@code n × k} (so op(B) = Bᵀ); otherwise B is stored {@code k × n}
     * @param m rows of C
     * @param n columns of C
     * @param k the inner dimension
     * @param alpha scale of the product
     * @param a the array holding A, starting at {@code aOff}
     * @param aOff offset of A's first element
     * @param b the array holding B, starting at {@code bOff}
     * @param bOff offset of B's first element
     * @param beta scale of the old C (0 overwrites C; NaNs in the old C are then ignored)
     * @param c the array holding C ({@code m × n}), starting at {@code cOff}
     * @param cOff offset of C's first element
     * @throws IllegalArgumentException if a dimension is negative or an array is too short
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, double[] b, int bOff, double beta, double[] c, int cOff) {
        gemm(splitBlocks(m, n, k), THREADS, transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /** {@link #gemm} as {@code blocks} fixed row blocks of C on up to {@code threads} threads (for tests). */
    static void gemm(int blocks, int threads, boolean transA, boolean transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, double[] b, int bOff, double beta, double[] c, int cOff) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm dimensions must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        checkLength("A", a.length, aOff, (long) m * k);
        checkLength("B", b.length, bOff, (long) k * n);
        checkLength("C", c.length, cOff, (long) m * n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            // BLAS rejects a leading dimension of 0; the product is empty, so C ← beta·C.
            for (int i = cOff; i < cOff + m * n; i++) {
                c[i] = beta == 0.0 ? 0.0 : beta * c[i];
            }
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (blocks <= 1 || m < blocks) {
            BLAS_INSTANCE.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                beta, c, cOff, n);
            return;
        }
        Parallel.forRange(threads, blocks, 1, 1, (first, last) -> {
            for (int p = first; p < last; p++) {
                int r0 = (int) ((long) p * m / blocks);
                int r1 = (int) ((long) (p + 1) * m / blocks);
                // rows [r0, r1) of C: rows of A (or, transposed, columns: offset r0 with the same lda)
                BLAS_INSTANCE.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, r1 - r0, k, alpha, b, bOff, ldb, a,
                    aOff + (transA ? r0 : r0 * k), lda, beta, c, cOff + r0 * n, n);
            }
        });
    }

    /**
     * Single precision (sgemm): row-major {@code C ← alpha·op(A)·op(B) + beta·C} on {@code float[]} arrays, with the
     * same conventions as {@link #gemm(boolean, boolean, int, int, int, double, double[], int, double[], int, double,
     * double[], int)}. Products accumulate in float (or wider, at the BLAS's choice), so results agree with the
     * double version to about {@code 1e-7·k} relative.
     *
     * @throws IllegalArgumentException if a dimension is negative or an array is too short
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        gemm(splitBlocks(m, n, k), THREADS, transA, transB, m, n, k, alpha, a, aOff, b, bOff, beta, c, cOff);
    }

    /** The float {@link #gemm} as {@code blocks} fixed row blocks of C on up to {@code threads} threads. */
    static void gemm(int blocks, int threads, boolean transA, boolean transB, int m, int n, int k, float alpha,
                     float[] a, int aOff, float[] b, int bOff, float beta, float[] c, int cOff) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm dimensions must be >= 0, got m=" + m + ", n=" + n + ", k=" + k);
        }
        checkLength("A", a.length, aOff, (long) m * k);
        checkLength("B", b.length, bOff, (long) k * n);
        checkLength("C", c.length, cOff, (long) m * n);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = cOff; i < cOff + m * n; i++) {
                c[i] = beta == 0.0f ? 0.0f : beta * c[i];
            }
            return;
        }
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (blocks <= 1 || m < blocks) {
            BLAS_INSTANCE.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda,
                beta, c, cOff, n);
            return;
        }
        Parallel.forRange(threads, blocks, 1, 1, (first, last) -> {
            for (int p = first; p < last; p++) {
                int r0 = (int) ((long) p * m / blocks);
                int r1 = (int) ((long) (p + 1) * m / blocks);
                BLAS_INSTANCE.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, r1 - r0, k, alpha, b, bOff, ldb, a,
                    aOff + (transA ? r0 : r0 * k), lda, beta, c, cOff + r0 * n, n);
            }
        });
    }

    /**
     * Into how many row blocks a product of these sizes is cut: 1 with a native BLAS or below {@link #SPLIT_WORK}
     * multiply-adds, else {@code min(4, floor(m / 48))} (at least 1). A function of the sizes only.
     */
    static int splitBlocks(int m, int n, int k) {
        if (NATIVE || (long) m * n * k < SPLIT_WORK) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_SPLIT_BLOCKS, m / MIN_SPLIT_ROWS));
    }

    /** The most threads a split product uses: the property {@code boltzmann.blas.threads}, default all processors. */
    public static int threads() {
        return THREADS;
    }

    private static int threadsFromProperty() {
        String v = System.getProperty("boltzmann.blas.threads");
        if (v == null || v.isBlank()) {
            return Parallel.availableThreads();
        }
        try {
            return Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return Parallel.availableThreads();
        }
    }

    /**
     * Row-major {@code C ← A·B} for whole arrays: A is {@code m × k}, B is {@code k × n}, C is {@code m × n}.
     *
     * @return {@code c}
     */
    public static double[] multiply(double[] a, double[] b, int m, int n, int k, double[] c) {
        gemm(false, false, m, n, k, 1.0, a, 0, b, 0, 0.0, c, 0);
        return c;
    }

    /** Short name of the BLAS implementation in use, e.g. {@code VectorBLAS}, {@code JNIBLAS}, {@code Java11BLAS}. */
    public static String implementation() {
        return BLAS_INSTANCE.getClass().getSimpleName();
    }

    /** One line for logs and benchmarks: the implementation and, if it is not native, how to get a faster one. */
    public static String hint() {
        String impl = implementation();
        if (impl.startsWith("JNI")) {
            return impl + " (native BLAS through JNI)";
        }
        if (impl.startsWith("Vector")) {
            return impl + " (Java Vector API; install libopenblas0 for a native BLAS, 2-3x faster)";
        }
        return impl + " (plain Java; run with --add-modules=jdk.incubator.vector for VectorBLAS,"
            + " or install libopenblas0 for a native BLAS)";
    }

    private static void checkLength(String name, int length, int off, long needed) {
        if (off < 0 || off + needed > length) {
            throw new IllegalArgumentException("matrix " + name + " needs " + needed + " elements from offset " + off
                + ", but its array has length " + length);
        }
    }
}
