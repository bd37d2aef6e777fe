package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The aggregator contract of {@link BmStatistics}: empty read-outs throw, merges add, a hand-computed example. */
class BmStatisticsTest {

    @Test
    void emptyStatisticsThrowOnReadOut() {
        BmStatistics s = BmStatistics.empty(3);
        assertTrue(s.isEmpty());
        assertThrows(IllegalStateException.class, s::weightGradient);
        assertThrows(IllegalStateException.class, s::biasGradient);
        s.addPositive(new double[] {1, 0, 1}, 1);
        assertThrows(IllegalStateException.class, s::weightGradient);
        assertThrows(IllegalStateException.class, s::modelMeans);
        assertArrayEquals(new double[] {1, 0, 1}, s.dataMeans());
        assertThrows(IllegalArgumentException.class, () -> BmStatistics.empty(0));
    }

    @Test
    void handComputedExample() {
        // positive: (1,1,0) twice and (0,1,1) once; negative: (1,0,1) once and (0,0,0) once.
        BmStatistics s = BmStatistics.empty(3)
            .addPositive(new double[] {1, 1, 0}, 2)
            .addPositive(new double[] {0, 1, 1}, 1)
            .addNegative(new double[] {1, 0, 1}, 1)
            .addNegative(new double[] {0, 0, 0}, 1);
        assertEquals(3, s.positiveCount());
        assertEquals(2, s.negativeCount());
        double third = 1.0 / 3.0;
        // data ⟨y0 y1⟩ = 2/3, ⟨y0 y2⟩ = 0, ⟨y1 y2⟩ = 1/3; model ⟨y0 y2⟩ = 1/2
        assertArrayEquals(new double[] {
            0, 2 * third, -0.5,
            2 * third, 0, third,
            -0.5, third, 0}, s.weightGradient(), 1e-15);
        assertArrayEquals(new double[] {2 * third - 0.5, 1.0, third - 0.5}, s.biasGradient(), 1e-15);
    }

    @Test
    void mergeEqualsSequentialAddsAndSkipsEmpties() {
        double[][] pos = {{1, 0, 1, 1}, {0, 1, 1, 0}, {1, 1, 1, 1}, {0, 0, 0, 1}};
        double[][] neg = {{1, 1, 0, 0}, {0, 0, 1, 1}, {1, 0, 0, 1}};
        BmStatistics whole = BmStatistics.empty(4);
        BmStatistics left = BmStatistics.empty(4);
        BmStatistics right = BmStatistics.empty(4);
        for (int k = 0; k < pos.length; k++) {
            whole.addPositive(pos[k], k + 1);
            (k % 2 == 0 ? left : right).addPositive(pos[k], k + 1);
        }
        for (int k = 0; k < neg.length; k++) {
            whole.addNegative(neg[k], 1);
            (k < 2 ? left : right).addNegative(neg[k], 1);
        }
        BmStatistics merged = BmStatistics.empty(4).merge(left).merge(BmStatistics.empty(4)).merge(right);
        assertEquals(whole.positiveCount(), merged.positiveCount());
        assertEquals(whole.negativeCount(), merged.negativeCount());
        assertArrayEquals(whole.weightGradient(), merged.weightGradient(), 0.0);
        assertArrayEquals(whole.biasGradient(), merged.biasGradient(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> whole.merge(BmStatistics.empty(5)));
    }

    @Test
    void badStatesAreRefused() {
        BmStatistics s = BmStatistics.empty(3);
        assertThrows(IllegalArgumentException.class, () -> s.addPositive(new double[] {1, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> s.addPositive(new double[] {1, -1, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> s.addNegative(new double[] {1, 0.5, 0}, 1));
        assertThrows(IllegalArgumentException.class, () -> s.addNegative(new double[] {1, 0, 0}, 0));
        assertTrue(s.isEmpty());
    }

    @Test
    void serializesForShipping() throws Exception {
        BmStatistics s = BmStatistics.empty(3).addPositive(new double[] {1, 1, 0}, 1)
            .addNegative(new double[] {0, 1, 1}, 1);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(s);
        }
        BmStatistics back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (BmStatistics) in.readObject();
        }
        assertArrayEquals(s.weightGradient(), back.weightGradient(), 0.0);
    }
}
