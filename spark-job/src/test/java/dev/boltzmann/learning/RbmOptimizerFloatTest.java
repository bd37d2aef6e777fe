package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.model.FloatRbm;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RbmOptimizerFloatTest {
    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        return x;
    }

    /** On a float-exact model the float step has the double step's velocities; its parameters are their rounding. */
    @Test
    void floatStepIsTheDoubleStepRoundedToFloat() {
        Rbm rbm = FloatRbm.from(randomRbm(6, 5, 0.5, 1L)).toRbm();
        RbmStatistics s = RbmStatistics.empty(6, 5);
        s.addPositive(random(18, 2), 0, random(15, 3), 0, 3).addNegative(random(12, 4), 0, random(10, 5), 0, 2);
        RbmOptimizer od = new RbmOptimizer(6, 5, 0.1, 0.9, 0.01);
        RbmOptimizer of = new RbmOptimizer(6, 5, 0.1, 0.9, 0.01);
        Rbm d = rbm;
        FloatRbm f = FloatRbm.from(rbm);
        for (int i = 0; i < 3; i++) {
            d = od.step(d, s);
            f = of.step(f, s);
            assertEquals(d.numVisible(), f.numVisible());
            if (i == 0) {
                assertArrayEquals(od.weightVelocity(), of.weightVelocity(), 0.0, "same velocities on the first step");
                assertEquals(FloatRbm.from(d), f, "(float) (θ + Δ)");
            }
        }
        assertArrayEquals(d.weights(), f.toRbm().weights(), 1e-6);
        assertEquals(3, of.steps());
        assertThrows(IllegalArgumentException.class,
            () -> of.step(FloatRbm.from(randomRbm(5, 5, 1.0, 1L)), RbmStatistics.empty(6, 5)));
        assertThrows(IllegalStateException.class, () -> of.step(FloatRbm.from(rbm), RbmStatistics.empty(6, 5)));
        assertThrows(IllegalArgumentException.class, () -> new RbmOptimizer(6, 5, 0.1, 0.9, 0.0, 0));
    }

    @Test
    void benchmarkRunsInBothPrecisions() {
        for (Precision p : Precision.values()) {
            RbmBenchmark.Result r = RbmBenchmark.cd(p, 2, 20, 10, 8, 1, 1, 3, 1L);
            assertEquals(p.id(), r.precision());
            assertEquals(2, r.threads());
            assertTrue(r.secondsPerUpdate() > 0 && r.samplesPerSecond() > 0 && r.gflops() > 0);
        }
        assertEquals(Precision.FLOAT32, Precision.parse(" Float32 "));
        assertEquals(Precision.FLOAT64, Precision.parse("double"));
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("float16"));
        assertThrows(IllegalArgumentException.class, () -> RbmBenchmark.cd(Precision.FLOAT32, 0, 2, 2, 2, 1, 0, 1, 1L));
    }
}
