package dev.boltzmann.model;

import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FloatRbmTest {
    private static float[] toFloat(double[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (float) x[i];
        }
        return y;
    }

    @Test
    void conversionRoundsEachParameterAndWidensBackExactly() {
        Rbm rbm = randomRbm(5, 3, 1.0, 1L);
        FloatRbm f = FloatRbm.from(rbm);
        assertEquals(5, f.numVisible());
        assertEquals(3, f.numHidden());
        assertArrayEquals(toFloat(rbm.weights()), f.weights(), 0f);
        assertArrayEquals(toFloat(rbm.visibleBias()), f.visibleBias(), 0f);
        assertArrayEquals(toFloat(rbm.hiddenBias()), f.hiddenBias(), 0f);
        assertEquals((float) rbm.weight(4, 2), f.weight(4, 2));
        assertEquals(f, FloatRbm.from(f.toRbm()), "float → double → float is the identity");
        assertArrayEquals(rbm.weights(), f.toRbm().weights(), 1e-7);
    }

    /** Probabilities agree with the double model's to float rounding (inputs) plus the sigmoid's 1e-7. */
    @Test
    void probabilitiesAgreeWithTheDoubleModel() {
        Rbm rbm = randomRbm(7, 4, 1.0, 2L);
        FloatRbm f = FloatRbm.from(rbm);
        int rows = 6;
        SplittableRandom rng = new SplittableRandom(3);
        double[] v = new double[rows * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextBoolean() ? 1 : 0;
        }
        double[] h = rbm.hiddenProbabilities(v, rows);
        float[] hf = new float[2 + rows * 4];
        f.hiddenProbabilities(toFloat(v), 0, rows, hf, 2);
        for (int i = 0; i < h.length; i++) {
            assertEquals(h[i], hf[2 + i], 1e-6, "hidden " + i);
        }
        double[] vp = rbm.visibleProbabilities(h, rows);
        float[] vf = new float[rows * 7];
        f.visibleProbabilities(toFloat(h), 0, rows, vf, 0);
        for (int i = 0; i < vp.length; i++) {
            assertEquals(vp[i], vf[i], 1e-6, "visible " + i);
        }
        float[] x = new float[rows * 4];
        f.hiddenInputs(toFloat(v), 0, rows, x, 0);
        double[] xd = new double[rows * 4];
        rbm.hiddenInputs(v, 0, rows, xd, 0);
        for (int i = 0; i < x.length; i++) {
            assertEquals(xd[i], x[i], 1e-5, "input " + i);
        }
    }

    @Test
    void plusAddsInDoubleAndRoundsAndChecks() {
        FloatRbm f = FloatRbm.of(new float[] {1f, 2f}, new float[] {0.5f}, new float[] {0f, 0f});
        FloatRbm g = f.plus(new double[] {1e-9, -1.0}, new double[] {0.25}, new double[] {1.0, 2.0});
        assertArrayEquals(new float[] {1f, 1f}, g.weights(), 0f, "1 + 1e-9 rounds back to 1 in float");
        assertArrayEquals(new float[] {0.75f}, g.visibleBias(), 0f);
        assertArrayEquals(new float[] {1f, 2f}, g.hiddenBias(), 0f);
        assertArrayEquals(new float[] {1f, 2f}, f.weights(), 0f, "the original is unchanged");
        assertNotEquals(f, g);
        assertThrows(IllegalArgumentException.class, () -> f.plus(new double[1], new double[1], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> f.plus(new double[] {1e39, 0}, new double[1],
            new double[2]), "beyond the float range");
        assertThrows(IllegalArgumentException.class, () -> FloatRbm.of(new float[3], new float[1], new float[2]));
        assertThrows(IllegalArgumentException.class, () -> FloatRbm.of(new float[0], new float[0], new float[2]));
        assertThrows(IllegalArgumentException.class,
            () -> FloatRbm.of(new float[] {Float.NaN, 0}, new float[1], new float[2]));
        assertThrows(IllegalArgumentException.class,
            () -> f.hiddenInputs(new float[1], 0, 2, new float[4], 0), "v holds 1 row, not 2");
        assertThrows(IllegalArgumentException.class,
            () -> f.visibleInputs(new float[2], 0, 1, new float[0], 0), "out too short");
    }
}
