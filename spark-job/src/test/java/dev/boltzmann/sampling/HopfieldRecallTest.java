package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deterministic recall: energy descent, fixed points, 2-cycles, ties, clamping, batches. */
class HopfieldRecallTest {
    private static final int N = 30;

    @ParameterizedTest
    @CsvSource({"BIPOLAR, FIXED", "BIPOLAR, RANDOM", "BINARY, FIXED", "BINARY, RANDOM"})
    void asynchronousRecallNeverRaisesTheEnergyAndEndsAtAFixedPoint(Encoding encoding, UpdateOrder order) {
        for (int seed = 0; seed < 40; seed++) {
            HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 1.0, 1.0, encoding, Seeds.rng(seed, 1));
            SplittableRandom rng = Seeds.rng(seed, 2);
            double[] start = HopfieldFixtures.randomState(N, encoding, rng);
            double[] last = {net.energy(start)};
            long[] seen = {0};
            RecallResult r = HopfieldRecall.asynchronous(net, start, null, 1000, order, rng, (unit, old, y) -> {
                double e = net.energy(y);
                assertTrue(e < last[0] + 1e-9, "energy rose from " + last[0] + " to " + e + " at a flip of unit "
                    + unit);
                assertTrue(y[unit] != old, "observer called without a flip");
                last[0] = e;
                seen[0]++;
            });
            assertTrue(r.converged(), "seed " + seed + " did not converge in " + r.sweeps() + " sweeps");
            assertFalse(r.cycleDetected());
            assertTrue(net.isFixedPoint(r.state()), "final state is not a fixed point, seed " + seed);
            for (int i = 0; i < N; i++) {
                // checked from the fields directly: an on unit has z_i ≥ 0, an off unit z_i ≤ 0
                double z = net.field(r.state(), i);
                boolean on = r.state()[i] == encoding.on();
                assertTrue(on ? z >= 0.0 : z <= 0.0, "unit " + i + " wants to flip: on=" + on + ", z=" + z);
            }
            assertEquals(seen[0], r.flips());
            assertEquals(net.energy(r.state()), r.energy(), 1e-12);
            assertEquals(last[0], r.energy(), 1e-9);
            for (int i = 0; i < N; i++) {
                double v = r.state()[i];
                assertTrue(v == encoding.on() || v == encoding.off(), "unit " + i + " has value " + v);
            }
        }
    }

    @Test
    void startStateIsNotModifiedAndRecallIsReproducible() {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 1.0, 0.5, Encoding.BIPOLAR, Seeds.rng(7, 1));
        double[] start = HopfieldFixtures.randomState(N, Encoding.BIPOLAR, Seeds.rng(7, 2));
        double[] copy = start.clone();
        RecallResult a = HopfieldRecall.asynchronous(net, start, 100, UpdateOrder.RANDOM, Seeds.rng(7, 3));
        RecallResult b = HopfieldRecall.asynchronous(net, start, 100, UpdateOrder.RANDOM, Seeds.rng(7, 3));
        assertArrayEquals(copy, start);
        assertArrayEquals(a.state(), b.state());
        assertEquals(a.flips(), b.flips());
        RecallResult f1 = HopfieldRecall.asynchronous(net, start, 100, UpdateOrder.FIXED, null);
        RecallResult f2 = HopfieldRecall.asynchronous(net, start, 100, UpdateOrder.FIXED, Seeds.rng(99));
        assertArrayEquals(f1.state(), f2.state(), "fixed order must not depend on the generator");
    }

    @Test
    void aZeroNetworkNeverFlips() {
        HopfieldNetwork net = HopfieldNetwork.zeros(5, Encoding.BINARY);
        double[] start = {1, 0, 0, 1, 1};
        RecallResult r = HopfieldRecall.asynchronous(net, start, 10, UpdateOrder.FIXED, null);
        assertArrayEquals(start, r.state());
        assertEquals(0, r.flips());
        assertEquals(1, r.sweeps());
        assertTrue(r.converged());
        RecallResult s = HopfieldRecall.synchronous(net, start, 10);
        assertArrayEquals(start, s.state());
        assertTrue(s.converged());
    }

    @Test
    void synchronousRecallDetectsATwoCycle() {
        // Two units with negative coupling: from (+1,+1) both fields are -1, so both flip to (-1,-1), whose fields
        // are +1, so both flip back: a 2-cycle. Asynchronous updating instead stops at (-1,+1).
        HopfieldNetwork net = HopfieldNetwork.of(new double[] {0, -1, -1, 0}, new double[2], Encoding.BIPOLAR);
        double[] start = {1, 1};
        RecallResult sync = HopfieldRecall.synchronous(net, start, 50);
        assertTrue(sync.cycleDetected());
        assertFalse(sync.converged());
        assertEquals(2, sync.sweeps());
        assertEquals(4, sync.flips());
        assertArrayEquals(new double[] {1, 1}, sync.state());
        RecallResult async = HopfieldRecall.asynchronous(net, start, 50, UpdateOrder.FIXED, null);
        assertTrue(async.converged());
        assertArrayEquals(new double[] {-1, 1}, async.state());
        // the same in 0/1 units: W = -4 (the binary form of W = -1), b = 2; (1,1) ↔ (0,0)
        HopfieldNetwork bin = net.withEncoding(Encoding.BINARY);
        RecallResult binSync = HopfieldRecall.synchronous(bin, new double[] {1, 1}, 50);
        assertTrue(binSync.cycleDetected());
    }

    @Test
    void synchronousRecallReachesAStoredPattern() {
        double[] xi = {1, -1, 1, 1, -1, -1, 1, -1};
        int n = xi.length;
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                w[i * n + j] = i == j ? 0 : xi[i] * xi[j];
            }
        }
        HopfieldNetwork net = HopfieldNetwork.of(w, new double[n], Encoding.BIPOLAR);
        double[] start = xi.clone();
        start[0] = -start[0];
        start[5] = -start[5];
        RecallResult r = HopfieldRecall.synchronous(net, start, 50);
        assertTrue(r.converged());
        assertFalse(r.cycleDetected());
        assertArrayEquals(xi, r.state());
        assertEquals(2, r.sweeps());
    }

    @Test
    void clampedUnitsNeverChange() {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 1.0, 1.0, Encoding.BIPOLAR, Seeds.rng(8, 1));
        boolean[] clamped = new boolean[N];
        for (int i = 0; i < N; i += 3) {
            clamped[i] = true;
        }
        for (int seed = 0; seed < 20; seed++) {
            SplittableRandom rng = Seeds.rng(8, 2, seed);
            double[] start = HopfieldFixtures.randomState(N, Encoding.BIPOLAR, rng);
            RecallResult r = HopfieldRecall.asynchronous(net, start, clamped, 1000, UpdateOrder.RANDOM, rng,
                (unit, old, y) -> assertFalse(clamped[unit], "clamped unit " + unit + " flipped"));
            for (int i = 0; i < N; i += 3) {
                assertEquals(start[i], r.state()[i]);
            }
            assertTrue(r.converged());
        }
    }

    @Test
    void batchRecallMatchesOneByOne() {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(10, 1.0, 0.3, Encoding.BINARY, Seeds.rng(9, 1));
        double[][] starts = new double[6][];
        double[] flat = new double[60];
        for (int p = 0; p < 6; p++) {
            starts[p] = HopfieldFixtures.randomState(10, Encoding.BINARY, Seeds.rng(9, 2, p));
            System.arraycopy(starts[p], 0, flat, p * 10, 10);
        }
        RecallResult[] rows = HopfieldRecall.recallAll(net, starts, 100, UpdateOrder.RANDOM, Seeds.rng(9, 3));
        double[] flatOut = HopfieldRecall.recallAll(net, flat, 100, UpdateOrder.RANDOM, Seeds.rng(9, 3));
        SplittableRandom rng = Seeds.rng(9, 3);
        for (int p = 0; p < 6; p++) {
            double[] single = HopfieldRecall.asynchronous(net, starts[p], 100, UpdateOrder.RANDOM, rng).state();
            assertArrayEquals(single, rows[p].state(), "row " + p);
            double[] fromFlat = new double[10];
            System.arraycopy(flatOut, p * 10, fromFlat, 0, 10);
            assertArrayEquals(single, fromFlat, "flat row " + p);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HopfieldRecall.recallAll(net, new double[15], 100, UpdateOrder.FIXED, null));
        assertTrue(e.getMessage().contains("15"), e.getMessage());
    }

    @Test
    void invalidArgumentsAreNamed() {
        HopfieldNetwork net = HopfieldNetwork.zeros(3, Encoding.BIPOLAR);
        IllegalArgumentException sweeps = assertThrows(IllegalArgumentException.class,
            () -> HopfieldRecall.asynchronous(net, new double[] {1, 1, 1}, 0, UpdateOrder.FIXED, null));
        assertEquals("maxSweeps must be >= 1, got 0", sweeps.getMessage());
        IllegalArgumentException rng = assertThrows(IllegalArgumentException.class,
            () -> HopfieldRecall.asynchronous(net, new double[] {1, 1, 1}, 5, UpdateOrder.RANDOM, null));
        assertTrue(rng.getMessage().contains("RANDOM"), rng.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
            () -> HopfieldRecall.synchronous(net, new double[] {1, 1}, 5));
        assertEquals("start state has 2 units, expected 3", len.getMessage());
    }
}
