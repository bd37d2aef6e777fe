package dev.boltzmann.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelTest {
    /** The chunks actually run, as [from, to) pairs in order of from. */
    private static List<int[]> chunks(int threads, int n, long work, long min) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        Parallel.forRange(threads, n, work, min, (from, to) -> seen.add(new int[] {from, to}));
        List<int[]> sorted = new ArrayList<>(seen);
        sorted.sort((x, y) -> Integer.compare(x[0], y[0]));
        return sorted;
    }

    @Test
    void everyIndexIsCoveredOnceInContiguousChunks() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            for (int n : new int[] {1, 2, 7, 100, 1001}) {
                int[] hits = new int[n];
                Parallel.forRange(threads, n, 1, 1, (from, to) -> {
                    for (int i = from; i < to; i++) {
                        hits[i]++;
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits[i], "threads " + threads + ", n " + n + ", index " + i);
                }
                List<int[]> c = chunks(threads, n, 1, 1);
                assertEquals(Math.min(threads, n), c.size());
                assertEquals(0, c.get(0)[0]);
                assertEquals(n, c.get(c.size() - 1)[1]);
                for (int p = 1; p < c.size(); p++) {
                    assertEquals(c.get(p - 1)[1], c.get(p)[0], "contiguous");
                }
            }
        }
    }

    @Test
    void smallWorkRunsInlineAsOneChunk() {
        assertEquals(1, chunks(8, 100, 10, 16_384).size(), "1000 units of work are not worth a second thread");
        assertEquals(2, chunks(8, 100, 400, 16_384).size(), "40000 units: two chunks of at least 16384");
        assertEquals(1, chunks(1, 1000, 1000, 1).size(), "one thread");
        Thread caller = Thread.currentThread();
        Parallel.forRange(4, 10, 1, 1_000_000, (from, to) -> assertSame(caller, Thread.currentThread()));
        AtomicInteger calls = new AtomicInteger();
        Parallel.forRange(4, 0, 1, 1, (from, to) -> calls.incrementAndGet());
        assertEquals(0, calls.get(), "an empty range runs nothing");
    }

    @Test
    void anExceptionInAChunkReachesTheCallerAfterTheOthersFinish() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () ->
            Parallel.forRange(4, 4, 1, 1, (from, to) -> {
                if (from == 2) {
                    throw new IllegalStateException("chunk 2");
                }
                finished.incrementAndGet();
            }));
        assertTrue(e.getMessage().contains("chunk 2"), e.getMessage());
        assertEquals(3, finished.get());
    }

    @Test
    void elementwiseResultsDoNotDependOnTheThreadCount() {
        double[] x = new double[50_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i) * 10;
        }
        double[] one = new double[x.length];
        double[] four = new double[x.length];
        Parallel.forRange(1, x.length, 1, 1000, (from, to) -> {
            for (int i = from; i < to; i++) {
                one[i] = Numerics.sigmoid(x[i]);
            }
        });
        Parallel.forRange(4, x.length, 1, 1000, (from, to) -> {
            for (int i = from; i < to; i++) {
                four[i] = Numerics.sigmoid(x[i]);
            }
        });
        assertArrayEquals(one, four, 0.0);
    }

    @Test
    void threadCountsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.checkThreads(0));
        assertEquals(3, Parallel.checkThreads(3));
        assertTrue(Parallel.availableThreads() >= 1);
    }
}
