package dev.boltzmann.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.GaussianEnergy;
import dev.boltzmann.model.IsingEnergy;
import org.junit.jupiter.api.Test;

/** Exact enumeration of small binary Boltzmann distributions. */
class BinaryStateEnumerationTest {

    @Test
    void independentUnitsFollowTheLogistic() {
        // W = 0: units are independent, P(y_i = on) = σ((on - off) b_i / T).
        double[] b = {0.7, -1.3, 0.0};
        for (Encoding enc : Encoding.values()) {
            IsingEnergy e = IsingEnergy.of(3, enc, new double[] {0, 0, 0, b[0], b[1], b[2]});
            for (double t : new double[] {1.0, 2.5}) {
                BinaryStateEnumeration ex = BinaryStateEnumeration.of(e, t);
                double[] m = ex.means();
                for (int i = 0; i < 3; i++) {
                    double p = Numerics.sigmoid((enc.on() - enc.off()) * b[i] / t);
                    assertEquals(enc.off() + (enc.on() - enc.off()) * p, m[i], 1e-12, enc + " T=" + t + " unit " + i);
                }
                double logZ = 0;
                for (int i = 0; i < 3; i++) {
                    logZ += Numerics.logAddExp(enc.on() * b[i] / t, enc.off() * b[i] / t);
                }
                assertEquals(logZ, ex.logZ(), 1e-12);
            }
        }
    }

    @Test
    void tableIsNormalisedAndConsistent() {
        IsingEnergy e = IsingEnergy.random(5, Encoding.BIPOLAR, 1.0, 1.0, Seeds.rng(51, 1));
        BinaryStateEnumeration ex = BinaryStateEnumeration.of(e, 1.0);
        double sum = 0;
        double[] y = new double[5];
        for (int s = 0; s < ex.numStates(); s++) {
            sum += ex.probability(s);
            ex.state(s, y);
            assertEquals(s, ex.index(y, 0));
            assertEquals(-e.energy(y) - ex.logZ(), Math.log(ex.probability(s)), 1e-12);
        }
        assertEquals(1.0, sum, 1e-12);
        double[] second = ex.secondMoments();
        for (int i = 0; i < 5; i++) {
            assertEquals(1.0, second[i * 5 + i], 1e-12, "y_i^2 = 1 for bipolar units");
        }
        ex.state(13, y);
        assertEquals(Math.log(ex.probability(13)), ex.meanLogLikelihood(y), 1e-12);
        assertEquals(0.0, ex.totalVariationTo(ex.probabilities()), 0.0);
    }

    @Test
    void exactSamplesHaveTheRightFrequencies() {
        IsingEnergy e = IsingEnergy.random(4, Encoding.BINARY, 1.0, 1.0, Seeds.rng(51, 2));
        BinaryStateEnumeration ex = BinaryStateEnumeration.of(e, 1.0);
        int n = 200_000;
        double[] rows = ex.sample(n, Seeds.rng(51, 3));
        // Independent draws: E[TV] ≤ ½ sqrt(16 / n) ≈ 0.0045; 0.01 leaves a wide margin.
        assertEquals(0.0, ex.totalVariation(rows), 0.01);
        assertArrayEquals(rows, ex.sample(n, Seeds.rng(51, 3)), 0.0);
    }

    @Test
    void refusesWhatItCannotEnumerate() {
        assertThrows(IllegalArgumentException.class,
            () -> BinaryStateEnumeration.of(GaussianEnergy.diagonal(new double[1], new double[] {1}), 1.0));
        assertThrows(IllegalArgumentException.class,
            () -> BinaryStateEnumeration.of(IsingEnergy.zeros(23, Encoding.BINARY), 1.0));
        assertEquals("temperature must be finite and > 0, got -1.0", assertThrows(IllegalArgumentException.class,
            () -> BinaryStateEnumeration.of(IsingEnergy.zeros(2, Encoding.BINARY), -1.0)).getMessage());
    }
}
