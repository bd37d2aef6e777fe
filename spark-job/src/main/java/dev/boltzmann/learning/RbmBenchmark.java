package dev.boltzmann.learning;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Micro-benchmark of one RBM training update (CD-1 by default) in float64, for the {@code bench} command.
 *
 * <p>One update is {@link CdKernel#contrastiveDivergence} on a batch of random binary rows plus
 * {@link RbmOptimizer#step}: five {@code B × nv × nh} matrix products for CD-1, the sigmoids, the sampling, and the
 * parameter update. GFLOP/s counts only the matrix products ({@code (3 + 2k) · 2·B·nv·nh} flops for CD-k), so it
 * is a lower bound on the arithmetic done and directly comparable with a plain dgemm figure. The timing is the median
 * over the measured repetitions, after warm-up repetitions that let the JIT compile the hot loops. Single thread
 * (unless the BLAS itself is multi-threaded, e.g. native OpenBLAS).
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
     * @param precision "float64"
     * @param blas the BLAS implementation that ran ({@link Blas#hint()})
     * @param repetitions measured updates
     * @param secondsPerUpdate median wall time of one update
     * @param samplesPerSecond B / secondsPerUpdate
     * @param gflops matrix-product GFLOP/s: (3 + 2k)·2·B·nv·nh / secondsPerUpdate / 1e9
     */
    public record Result(int numVisible, int numHidden, int batchSize, int cdSteps, String precision, String blas,
                         int repetitions, double secondsPerUpdate, double samplesPerSecond, double gflops) {
    }

    /** The reference case: CD-1 at 784 visible × 500 hidden, batch 100, 5 warm-up and 20 measured updates. */
    public static Result cd1Reference() {
        return cd(784, 500, 100, 1, 5, 20, 1L);
    }

    /**
     * Times CD-k updates on random data.
     *
     * @param numVisible nv ≥ 1
     * @param numHidden nh ≥ 1
     * @param batchSize B ≥ 1
     * @param cdSteps k ≥ 1
     * @param warmup untimed updates first (≥ 0)
     * @param repetitions timed updates (≥ 1)
     * @param seed seed of the random data and model
     */
    public static Result cd(int numVisible, int numHidden, int batchSize, int cdSteps, int warmup, int repetitions,
                            long seed) {
        if (batchSize < 1 || repetitions < 1 || warmup < 0) {
            throw new IllegalArgumentException("need batchSize >= 1, repetitions >= 1, warmup >= 0, got batchSize="
                + batchSize + ", repetitions=" + repetitions + ", warmup=" + warmup);
        }
        SplittableRandom rng = Seeds.rng(seed, BENCH_PURPOSE);
        double[] batch = new double[batchSize * numVisible];
        for (int k = 0; k < batch.length; k++) {
            batch[k] = rng.nextDouble() < 0.3 ? 1.0 : 0.0;
        }
        long[] ids = new long[batchSize];
        Arrays.setAll(ids, i -> i);
        Rbm model = Rbm.random(numVisible, numHidden, 0.01, null, seed);
        CdKernel kernel = new CdKernel(numVisible, numHidden);
        RbmStatistics stats = RbmStatistics.empty(numVisible, numHidden);
        RbmOptimizer optimizer = new RbmOptimizer(numVisible, numHidden, 0.01, 0.5, 1e-4);
        double[] times = new double[repetitions];
        for (int rep = -warmup; rep < repetitions; rep++) {
            long start = System.nanoTime();
            stats.reset();
            kernel.contrastiveDivergence(model, batch, batchSize, ids, cdSteps, seed, 0, rep + warmup, stats);
            model = optimizer.step(model, stats);
            if (rep >= 0) {
                times[rep] = (System.nanoTime() - start) * 1e-9;
            }
        }
        Arrays.sort(times);
        double median = repetitions % 2 == 1 ? times[repetitions / 2]
            : 0.5 * (times[repetitions / 2 - 1] + times[repetitions / 2]);
        double flops = (3.0 + 2.0 * cdSteps) * 2.0 * batchSize * numVisible * numHidden;
        return new Result(numVisible, numHidden, batchSize, cdSteps, "float64", Blas.hint(), repetitions, median,
            batchSize / median, flops / median / 1e9);
    }
}
