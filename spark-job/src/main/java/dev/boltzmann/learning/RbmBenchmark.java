package dev.boltzmann.learning;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Parallel;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.FloatRbm;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Micro-benchmark of one RBM training update (CD-1 by default) in float64 or float32, for the {@code bench} command.
 *
 * <p>One update is {@link CdKernel#contrastiveDivergence} (float32: {@link FloatCdKernel#contrastiveDivergence}) on
 * a batch of random binary rows plus {@link RbmOptimizer#step}: five {@code B × nv × nh} matrix products for CD-1,
 * the sigmoids, the sampling, and the parameter update. GFLOP/s counts only the matrix products
 * ({@code (3 + 2k) · 2·B·nv·nh} flops for CD-k), so it is a lower bound on the arithmetic done and directly comparable
 * with a plain gemm figure. The timing is the median over the measured repetitions, after warm-up repetitions that
 * let the JIT compile the hot loops: 50-70 updates are needed here (with 5, the figures came out 20-40% low and
 * erratic).
 *
 * <p>Threads: the BLAS uses its own (native OpenBLAS: all cores; the Java BLAS: one); the per-row loops and the
 * optimiser step use up to {@code threads} (default: every available processor). Results do not depend on it.
 */
public final class RbmBenchmark {
    /** Purpose key of the benchmark's data and model streams ("RBM_BNCH"). */
    public static final long BENCH_PURPOSE = 0x52424D5F424E4348L;

    private RbmBenchmark() {
    }

    /**
     * A benchmark result.
     *
     * @param numVisible nv
     * @param numHidden nh
     * @param batchSize B
     * @param cdSteps k
     * @param precision "float64" or "float32" ({@link Precision#id()})
     * @param blas the BLAS implementation that ran ({@link Blas#hint()})
     * @param repetitions measured updates
     * @param secondsPerUpdate median wall time of one update
     * @param samplesPerSecond B / secondsPerUpdate
     * @param gflops matrix-product GFLOP/s: (3 + 2k)·2·B·nv·nh / secondsPerUpdate / 1e9
     * @param threads the most threads the per-row loops and the optimiser used
     */
    public record Result(int numVisible, int numHidden, int batchSize, int cdSteps, String precision, String blas,
                         int repetitions, double secondsPerUpdate, double samplesPerSecond, double gflops,
                         int threads) {
    }

    /** The reference case in float64: CD-1 at 784 visible × 500 hidden, batch 100, 100 warm-up and 20 timed updates. */
    public static Result cd1Reference() {
        return cd1Reference(Precision.FLOAT64);
    }

    /** The reference case (CD-1, 784 × 500, batch 100, 100 warm-up and 20 timed updates) in {@code precision}. */
    public static Result cd1Reference(Precision precision) {
        return cd(precision, Parallel.availableThreads(), 784, 500, 100, 1, 100, 20, 1L);
    }

    /** {@link #cd(Precision, int, int, int, int, int, int, int, long)} in float64 on every available processor. */
    public static Result cd(int numVisible, int numHidden, int batchSize, int cdSteps, int warmup, int repetitions,
                            long seed) {
        return cd(Precision.FLOAT64, Parallel.availableThreads(), numVisible, numHidden, batchSize, cdSteps, warmup,
            repetitions, seed);
    }

    /**
     * Times CD-k updates on random data.
     *
     * @param precision float64 ({@link Rbm}, {@link CdKernel}) or float32 ({@link FloatRbm}, {@link FloatCdKernel})
     * @param threads the most threads for the per-row loops and the optimiser (≥ 1)
     * @param numVisible nv ≥ 1
     * @param numHidden nh ≥ 1
     * @param batchSize B ≥ 1
     * @param cdSteps k ≥ 1
     * @param warmup untimed updates first (≥ 0)
     * @param repetitions timed updates (≥ 1)
     * @param seed seed of the random data and model (the same data and, up to rounding, model in both precisions)
     */
    public static Result cd(Precision precision, int threads, int numVisible, int numHidden, int batchSize,
                            int cdSteps, int warmup, int repetitions, long seed) {
        if (batchSize < 1 || repetitions < 1 || warmup < 0) {
            throw new IllegalArgumentException("need batchSize >= 1, repetitions >= 1, warmup >= 0, got batchSize="
                + batchSize + ", repetitions=" + repetitions + ", warmup=" + warmup);
        }
        Parallel.checkThreads(threads);
        SplittableRandom rng = Seeds.rng(seed, BENCH_PURPOSE);
        double[] batch = new double[batchSize * numVisible];
        for (int k = 0; k < batch.length; k++) {
            batch[k] = rng.nextDouble() < 0.3 ? 1.0 : 0.0;
        }
        long[] ids = new long[batchSize];
        Arrays.setAll(ids, i -> i);
        Rbm model = Rbm.random(numVisible, numHidden, 0.01, null, seed);
        RbmStatistics stats = RbmStatistics.empty(numVisible, numHidden);
        RbmOptimizer optimizer = new RbmOptimizer(numVisible, numHidden, 0.01, 0.5, 1e-4, threads);
        double[] times = new double[repetitions];
        if (precision == Precision.FLOAT32) {
            float[] floatBatch = new float[batch.length];
            for (int k = 0; k < batch.length; k++) {
                floatBatch[k] = (float) batch[k];
            }
            FloatRbm floatModel = FloatRbm.from(model);
            FloatCdKernel kernel = new FloatCdKernel(numVisible, numHidden, threads);
            for (int rep = -warmup; rep < repetitions; rep++) {
                long start = System.nanoTime();
                stats.reset();
                kernel.contrastiveDivergence(floatModel, floatBatch, batchSize, ids, cdSteps, seed, 0, rep + warmup,
                    stats);
                floatModel = optimizer.step(floatModel, stats);
                if (rep >= 0) {
                    times[rep] = (System.nanoTime() - start) * 1e-9;
                }
            }
        } else {
            CdKernel kernel = new CdKernel(numVisible, numHidden, threads);
            for (int rep = -warmup; rep < repetitions; rep++) {
                long start = System.nanoTime();
                stats.reset();
                kernel.contrastiveDivergence(model, batch, batchSize, ids, cdSteps, seed, 0, rep + warmup, stats);
                model = optimizer.step(model, stats);
                if (rep >= 0) {
                    times[rep] = (System.nanoTime() - start) * 1e-9;
                }
            }
        }
        double median = Numerics.median(times);
        double flops = (3.0 + 2.0 * cdSteps) * 2.0 * batchSize * numVisible * numHidden;
        return new Result(numVisible, numHidden, batchSize, cdSteps, precision.id(), Blas.hint(), repetitions, median,
            batchSize / median, flops / median / 1e9, threads);
    }
}
