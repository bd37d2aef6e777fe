package dev.boltzmann.math;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * Runs a loop over an index range {@code [0, n)} as a few contiguous chunks, the first on the calling thread and the
 * others on {@link ForkJoinPool#commonPool()}.
 *
 * <p>Meant for loops whose result at each index depends only on that index's inputs (elementwise work, or rows that
 * each draw from their own random stream): for those, which thread computes which chunk cannot change a single bit of
 * the result, so callers get the same numbers whatever {@code threads} is. Never use it for a running sum across
 * indices.
 *
 * <p>A loop is split only when each chunk gets at least {@code minPerChunk} units of work, so small problems (unit
 * tests, tiny models) run inline on the caller with no hand-off cost. {@code threads = 1} always runs inline.
 *
 * <p>Within a Spark task, prefer {@code threads = 1}: Spark already runs one task per core.
 */
public final class Parallel {
    /** The body of a loop over {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    private Parallel() {
    }

    /** The number of processors the JVM may use, at least 1. */
    public static int availableThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Checks a thread count given by a caller.
     *
     * @return {@code threads}
     * @throws IllegalArgumentException if it is below 1
     */
    public static int checkThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        return threads;
    }

    /**
     * Runs {@code body} over {@code [0, n)} in {@code c = min(threads, floor(n·workPerIndex / minPerChunk))} (at least
     * 1) contiguous chunks, chunk {@code p} being {@code [p·n/c, (p+1)·n/c)}; returns when all are done. An exception
     * in a chunk is rethrown here after the others finished.
     *
     * @param threads the most chunks to run at once (≥ 1)
     * @param n the number of indices (≥ 0)
     * @param workPerIndex a measure of the work at one index (e.g. the length of a row), ≥ 1
     * @param minPerChunk the least work worth a chunk of its own
     */
    public static void forRange(int threads, int n, long workPerIndex, long minPerChunk, RangeBody body) {
        if (n <= 0) {
            return;
        }
        long byWork = n * Math.max(1L, workPerIndex) / Math.max(1L, minPerChunk);
        int chunks = (int) Math.max(1L, Math.min(Math.min(threads, n), byWork));
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        Chunk[] forked = new Chunk[chunks - 1];
        for (int p = 1; p < chunks; p++) {
            forked[p - 1] = new Chunk(body, (int) ((long) p * n / chunks), (int) ((long) (p + 1) * n / chunks));
            forked[p - 1].fork();
        }
        Throwable failure = null;
        try {
            body.run(0, (int) ((long) n / chunks));
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (int p = forked.length - 1; p >= 0; p--) {
            try {
                forked[p].join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
    }

    private static final class Chunk extends RecursiveAction {
        private static final long serialVersionUID = 1L;
        private final transient RangeBody body;
        private final int from;
        private final int to;

        Chunk(RangeBody body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            body.run(from, to);
        }
    }
}
