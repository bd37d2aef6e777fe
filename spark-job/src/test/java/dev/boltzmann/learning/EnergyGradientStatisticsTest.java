package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.IsingEnergy;
import dev.boltzmann.model.NeuralEnergy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The mergeable positive/negative-phase accumulator, in the manner of Spark's aggregator suites. */
class EnergyGradientStatisticsTest {

    @Test
    void emptyStatisticsRefuseToReport() {
        EnergyGradientStatistics s = EnergyGradientStatistics.empty(3);
        assertThrows(IllegalStateException.class, s::gradient);
        assertThrows(IllegalStateException.class, s::meanPositiveEnergy);
        IsingEnergy e = IsingEnergy.zeros(2, Encoding.BINARY);
        s.addPositive(e, new double[] {1, 1});
        IllegalStateException ex = assertThrows(IllegalStateException.class, s::gradient);
        assertTrue(ex.getMessage().contains("negative phase is empty"), ex.getMessage());
    }

    /** n = 2 binary units, θ = (W_01, b_0, b_1): ∂E/∂θ = -(y0 y1, y0, y1). */
    @Test
    void handComputedTwoUnitExample() {
        IsingEnergy e = IsingEnergy.of(2, Encoding.BINARY, new double[] {0.5, 1.0, -1.0});
        EnergyGradientStatistics s = EnergyGradientStatistics.empty(3)
            .addPositive(e, new double[] {1, 1})
            .addPositive(e, new double[] {1, 0})
            .addNegative(e, new double[] {0, 1});
        assertArrayEquals(new double[] {-0.5, -1.0, -0.5}, s.positiveMean(), 1e-15);
        assertArrayEquals(new double[] {0.0, 0.0, -1.0}, s.negativeMean(), 1e-15);
        assertArrayEquals(new double[] {-0.5, -1.0, 0.5}, s.gradient(), 1e-15);
        // E(1,1) = -0.5 - 1 + 1 = -0.5, E(1,0) = -1, E(0,1) = 1.
        assertEquals(-0.75, s.meanPositiveEnergy(), 1e-15);
        assertEquals(1.0, s.meanNegativeEnergy(), 1e-15);
        assertEquals(2, s.positiveCount());
        assertEquals(1, s.negativeCount());
    }

    @Test
    void mergeOfShardsEqualsOnePass() {
        SplittableRandom rng = Seeds.rng(41, 1);
        NeuralEnergy f = NeuralEnergy.random(2, 4, 2.0, 1.0, rng);
        double[] theta = f.parameters();
        for (int k = 0; k < theta.length; k++) {
            theta[k] += rng.nextGaussian();
        }
        NeuralEnergy g = f.withParameters(theta);
        double[] rows = new double[20 * 2];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = rng.nextGaussian();
        }
        EnergyGradientStatistics whole = EnergyGradientStatistics.empty(g.numParameters())
            .addPositiveRows(g, rows, 0, 12).addNegativeRows(g, rows, 12, 20);
        EnergyGradientStatistics a = EnergyGradientStatistics.empty(g.numParameters())
            .addPositiveRows(g, rows, 0, 5).addNegativeRows(g, rows, 12, 15);
        EnergyGradientStatistics b = EnergyGradientStatistics.empty(g.numParameters())
            .addPositiveRows(g, rows, 5, 12).addNegativeRows(g, rows, 15, 20);
        EnergyGradientStatistics merged = EnergyGradientStatistics.empty(g.numParameters()).merge(a).merge(b);
        assertArrayEquals(whole.gradient(), merged.gradient(), 1e-12);
        assertEquals(whole.meanPositiveEnergy(), merged.meanPositiveEnergy(), 1e-12);
        assertEquals(whole.meanNegativeEnergy(), merged.meanNegativeEnergy(), 1e-12);
        assertEquals(12, merged.positiveCount());
        assertEquals(8, merged.negativeCount());
        double[] before = whole.gradient();
        assertSame(whole, whole.merge(EnergyGradientStatistics.empty(g.numParameters())));
        assertArrayEquals(before, whole.gradient(), 0.0, "merging an empty other must change nothing");
        merged.reset();
        assertEquals(0, merged.positiveCount());
        assertThrows(IllegalStateException.class, merged::gradient);
    }

    @Test
    void mismatchedSizesAreRejected() {
        EnergyGradientStatistics s = EnergyGradientStatistics.empty(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> s.merge(EnergyGradientStatistics.empty(4)));
        assertEquals("mismatched number of parameters: 4 in the other statistics while 3 in these", e.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> s.addPositive(IsingEnergy.zeros(3, Encoding.BINARY), new double[3]));
        assertThrows(IllegalArgumentException.class, () -> EnergyGradientStatistics.empty(-1));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        IsingEnergy e = IsingEnergy.random(3, Encoding.BIPOLAR, 1.0, 1.0, Seeds.rng(41, 2));
        EnergyGradientStatistics s = EnergyGradientStatistics.empty(e.numParameters())
            .addPositive(e, new double[] {1, -1, 1}).addNegative(e, new double[] {-1, -1, 1});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            EnergyGradientStatistics copy = (EnergyGradientStatistics) in.readObject();
            assertArrayEquals(s.gradient(), copy.gradient(), 0.0);
        }
    }
}
