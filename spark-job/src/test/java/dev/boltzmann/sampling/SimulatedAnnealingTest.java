package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Simulated annealing: exact ground states of small Ising spin glasses, clamping, schedule validation. */
class SimulatedAnnealingTest {
    private static final int N = 16;

    /** An Ising spin glass: bipolar spins, couplings J_ij ~ N(0, 1), no field (so ground states come in ± pairs). */
    private static HopfieldNetwork isingInstance(int seed) {
        return HopfieldFixtures.randomNetwork(N, 1.0, 0.0, Encoding.BIPOLAR, Seeds.rng(seed, 31));
    }

    @Test
    void findsTheExactGroundStateOfSmallIsingInstances() {
        int found = 0;
        int descentOnly = 0;
        StringBuilder misses = new StringBuilder();
        for (int seed = 0; seed < 10; seed++) {
            HopfieldNetwork net = isingInstance(seed);
            double ground = HopfieldFixtures.groundEnergy(net);
            SplittableRandom rng = Seeds.rng(seed, 32);
            double[] start = HopfieldFixtures.randomState(N, Encoding.BIPOLAR, rng);
            SimulatedAnnealing.Result r = SimulatedAnnealing.anneal(net, start, AnnealingSchedule.defaults(), rng);
            assertEquals(net.energy(r.state()), r.energy(), 1e-9);
            assertTrue(r.energy() >= ground - 1e-9, "below the enumerated minimum: " + r.energy() + " < " + ground);
            assertTrue(r.fixedPoint());
            assertTrue(net.isFixedPoint(r.state()));
            assertEquals(AnnealingSchedule.defaults().totalSweeps(), r.gibbsSweeps());
            if (r.energy() <= ground + 1e-9) {
                found++;
            } else {
                misses.append(" seed ").append(seed).append(": ").append(r.energy()).append(" vs ").append(ground);
            }
            // for comparison: plain zero-temperature descent from the same start
            RecallResult d = HopfieldRecall.asynchronous(net, start, 1000, UpdateOrder.RANDOM, Seeds.rng(seed, 33));
            if (d.energy() <= ground + 1e-9) {
                descentOnly++;
            }
        }
        assertTrue(found >= 8, "annealing found the ground state in only " + found + " of 10:" + misses);
        assertTrue(found > descentOnly, "annealing (" + found + "/10) should beat plain descent (" + descentOnly
            + "/10)");
    }

    @Test
    void clampedUnitsKeepTheirValues() {
        HopfieldNetwork net = isingInstance(3).withEncoding(Encoding.BINARY);
        boolean[] clamped = new boolean[N];
        double[] start = new double[N];
        for (int i = 0; i < N; i += 4) {
            clamped[i] = true;
            start[i] = 1.0;
        }
        SimulatedAnnealing.Result r = SimulatedAnnealing.anneal(net, start, clamped,
            AnnealingSchedule.geometric(5.0, 0.8, 0.1, 5), Seeds.rng(34));
        for (int i = 0; i < N; i++) {
            if (clamped[i]) {
                assertEquals(1.0, r.state()[i], "clamped unit " + i);
            }
        }
    }

    @Test
    void scheduleCountsItsTemperatures() {
        // 10 · 0.95^k ≥ 0.05  ⇔  k ≤ ln(200)/ln(1/0.95) = 103.3, so k = 0..103
        assertEquals(104, AnnealingSchedule.defaults().temperatureCount());
        assertEquals(1040, AnnealingSchedule.defaults().totalSweeps());
        assertEquals(1, AnnealingSchedule.geometric(1.0, 0.5, 1.0, 3).temperatureCount());
        assertEquals(3, AnnealingSchedule.geometric(1.0, 0.5, 0.25, 3).totalSweeps() / 3);
    }

    @Test
    void invalidSchedulesAreNamed() {
        assertEquals("alpha must be in (0,1), got 1.5", assertThrows(IllegalArgumentException.class,
            () -> AnnealingSchedule.geometric(10, 1.5, 0.1, 5)).getMessage());
        assertEquals("alpha must be in (0,1), got 0.0", assertThrows(IllegalArgumentException.class,
            () -> AnnealingSchedule.geometric(10, 0.0, 0.1, 5)).getMessage());
        assertEquals("initialTemperature must be finite and > 0, got -1.0", assertThrows(
            IllegalArgumentException.class, () -> AnnealingSchedule.geometric(-1, 0.9, 0.1, 5)).getMessage());
        assertEquals("minTemperature must be in (0, initialTemperature=10.0], got 20.0", assertThrows(
            IllegalArgumentException.class, () -> AnnealingSchedule.geometric(10, 0.9, 20, 5)).getMessage());
        assertEquals("sweepsPerTemperature must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> AnnealingSchedule.geometric(10, 0.9, 0.1, 0)).getMessage());
    }
}
