package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The seeded mixture-of-Gaussians data generator. */
class RingMixtureTest {

    @Test
    void modesSitEvenlyOnTheCircle() {
        RingMixture mix = new RingMixture(8, 2.0, 0.1, 0.0);
        double[] m = mix.modes();
        for (int k = 0; k < 8; k++) {
            assertEquals(2.0, Math.hypot(m[2 * k], m[2 * k + 1]), 1e-12);
            assertEquals(k, mix.nearestMode(m[2 * k], m[2 * k + 1]));
            int next = (k + 1) % 8;
            assertEquals(2 * 2.0 * Math.sin(Math.PI / 8), Math.hypot(m[2 * k] - m[2 * next],
                m[2 * k + 1] - m[2 * next + 1]), 1e-12);
        }
    }

    @Test
    void samplesAreReproducibleSliceBySliceAndBalanced() {
        RingMixture mix = new RingMixture(4, 2.0, 0.3, Math.PI / 4);
        double[] all = mix.sample(0, 4000, 9);
        assertArrayEquals(all, mix.sample(0, 4000, 9), 0.0);
        assertArrayEquals(Arrays.copyOfRange(all, 2 * 100, 2 * 150), mix.sample(100, 50, 9), 0.0);
        int[] counts = new int[4];
        int near = 0;
        for (int r = 0; r < 4000; r++) {
            counts[mix.nearestMode(all[2 * r], all[2 * r + 1])]++;
            near += mix.distanceToNearestMode(all[2 * r], all[2 * r + 1]) < 3 * 0.3 ? 1 : 0;
        }
        for (int c : counts) {
            // Binomial(4000, 1/4): sd ≈ 27; 5 sd around 1000.
            assertTrue(Math.abs(c - 1000) < 140, Arrays.toString(counts));
        }
        // P(|ε| < 3) for a 2-D standard normal = 1 - e^{-4.5} ≈ 0.989.
        assertEquals(0.989, near / 4000.0, 0.01);
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertEquals("number of modes must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> new RingMixture(0, 1, 1, 0)).getMessage());
        assertEquals("sigma must be finite and > 0, got 0.0", assertThrows(IllegalArgumentException.class,
            () -> new RingMixture(2, 1, 0, 0)).getMessage());
    }
}
