package dev.boltzmann.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatSigmoidTest {
    private static double exact(float x) {
        return 1.0 / (1.0 + Math.exp(-(double) x));
    }

    /** The documented bounds, on a fine sweep of [−100, 100] and on random normal inputs of scale 8. */
    @Test
    void absoluteErrorBelow1e7AndRelativeErrorBelow2e7() {
        int n = 2_000_001;
        float[] x = new float[n + 200_000];
        for (int i = 0; i < n; i++) {
            x[i] = -100f + 200f * i / (n - 1);
        }
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = n; i < x.length; i++) {
            x[i] = (float) (8 * rng.nextGaussian());
        }
        float[] y = x.clone();
        FloatSigmoid.inPlace(y, 0, y.length, new float[y.length]);
        double maxAbs = 0;
        double maxRel = 0;
        for (int i = 0; i < x.length; i++) {
            double e = exact(x[i]);
            double d = Math.abs(y[i] - e);
            maxAbs = Math.max(maxAbs, d);
            if (x[i] >= -87f) {
                maxRel = Math.max(maxRel, d / e);
            }
        }
        assertTrue(maxAbs < 1e-7, "max absolute error " + maxAbs);
        assertTrue(maxRel < 2e-7, "max relative error " + maxRel);
    }

    @Test
    void specialValues() {
        assertEquals(0.5f, FloatSigmoid.of(0f));
        assertEquals(0.5f, FloatSigmoid.of(-0f));
        assertEquals(1f, FloatSigmoid.of(20f));
        assertEquals(1f, FloatSigmoid.of(Float.MAX_VALUE));
        assertEquals(1f, FloatSigmoid.of(Float.POSITIVE_INFINITY));
        float tiny = FloatSigmoid.of(-87f);
        assertTrue(tiny > 0 && tiny < 2e-38f, "σ(−87) ≈ 1.6e-38, got " + tiny);
        assertEquals(tiny, FloatSigmoid.of(Float.NEGATIVE_INFINITY));
        assertEquals(tiny, FloatSigmoid.of(-1e30f));
        assertTrue(Float.isNaN(FloatSigmoid.of(Float.NaN)));
        assertEquals(1.0 - exact(3f), FloatSigmoid.of(-3f), 1e-7, "symmetry σ(−x) = 1 − σ(x)");
    }

    @Test
    void onlyTheRangeIsTouched() {
        float[] x = {5f, 1f, -1f, 7f};
        float[] scratch = {9f, 9f, 9f, 9f};
        FloatSigmoid.inPlace(x, 1, 3, scratch);
        assertEquals(5f, x[0]);
        assertEquals(7f, x[3]);
        assertEquals(exact(1f), x[1], 1e-7);
        assertEquals(exact(-1f), x[2], 1e-7);
        assertEquals(9f, scratch[0]);
        assertEquals(9f, scratch[3]);
        assertThrows(IllegalArgumentException.class, () -> FloatSigmoid.inPlace(new float[4], 0, 4, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> FloatSigmoid.inPlace(new float[4], 3, 2, new float[4]));
        assertThrows(IllegalArgumentException.class, () -> FloatSigmoid.inPlace(new float[4], -1, 2, new float[4]));
    }
}
