package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/** The Hebbian rule and its mergeable accumulator. */
class HebbianRuleTest {
    private static double[][] randomPatterns(int count, int n, long seed) {
        double[][] out = new double[count][];
        for (int p = 0; p < count; p++) {
            out[p] = HopfieldFixtures.randomState(n, Encoding.BIPOLAR, Seeds.rng(seed, p));
        }
        return out;
    }

    @Test
    void matchesTheClosedFormOnAHandExample() {
        // ξ¹ = (1,1,-1,-1) written in 0/1 units, ξ² = (1,-1,1,-1), ξ³ = (1,1,1,1); W_ij = (1/3) Σ_p ξ^p_i ξ^p_j
        double[][] patterns = {{1, 1, 0, 0}, {1, -1, 1, -1}, {1, 1, 1, 1}};
        double t = 1.0 / 3.0;
        double[] expected = {
            0, t, t, -t,
            t, 0, -t, t,
            t, -t, 0, t,
            -t, t, t, 0};
        HopfieldNetwork net = HebbianRule.train(patterns);
        assertEquals(Encoding.BIPOLAR, net.encoding());
        assertArrayEquals(expected, net.weights(), 1e-15);
        assertArrayEquals(new double[4], net.biases());
        HebbianAccumulator acc = HebbianAccumulator.empty(4).addAll(patterns);
        assertEquals(3, acc.count());
        assertArrayEquals(new double[] {0, 1, 1, -1, 1, 0, -1, 1, 1, -1, 0, 1, -1, 1, 1, 0}, acc.outerProductSum());
        assertEquals(net, HebbianRule.train(new double[] {1, 1, 0, 0, 1, -1, 1, -1, 1, 1, 1, 1}, 4));
    }

    @Test
    void mergingTwoHalvesEqualsAddingInSequence() {
        double[][] patterns = randomPatterns(21, 15, 41);
        HebbianAccumulator all = HebbianAccumulator.empty(15);
        for (double[] p : patterns) {
            all.add(p);
        }
        HebbianAccumulator first = HebbianAccumulator.empty(15);
        HebbianAccumulator second = HebbianAccumulator.empty(15);
        for (int p = 0; p < patterns.length; p++) {
            (p < 8 ? first : second).add(patterns[p]);
        }
        HebbianAccumulator merged = first.merge(second);
        assertSame(first, merged);
        assertEquals(all.count(), merged.count());
        assertArrayEquals(all.outerProductSum(), merged.outerProductSum());
        assertEquals(all.network(), merged.network());
        // merged in the other order too
        HebbianAccumulator a = HebbianAccumulator.empty(15).addAll(java.util.Arrays.copyOfRange(patterns, 8, 21));
        a.merge(HebbianAccumulator.empty(15).addAll(java.util.Arrays.copyOfRange(patterns, 0, 8)));
        assertArrayEquals(all.outerProductSum(), a.outerProductSum());
    }

    @Test
    void mergingAnEmptyAccumulatorIsANoOp() {
        double[][] patterns = randomPatterns(5, 6, 42);
        HebbianAccumulator full = HebbianAccumulator.empty(6).addAll(patterns);
        double[] before = full.outerProductSum();
        full.merge(HebbianAccumulator.empty(6));
        assertEquals(5, full.count());
        assertArrayEquals(before, full.outerProductSum());
        HebbianAccumulator empty = HebbianAccumulator.empty(6).merge(full);
        assertEquals(5, empty.count());
        assertArrayEquals(before, empty.outerProductSum());
    }

    @Test
    void emptyAndMismatchedAccumulatorsAreRejected() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> HebbianAccumulator.empty(3).network());
        assertTrue(e.getMessage().contains("at least one pattern"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
            () -> HebbianAccumulator.empty(3).merge(HebbianAccumulator.empty(4)));
        assertEquals("cannot merge a Hebbian accumulator of 4 units into one of 3 units", m.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HebbianAccumulator.empty(3).add(new double[4]));
        assertThrows(IllegalArgumentException.class, () -> HebbianAccumulator.empty(0));
        assertThrows(IllegalArgumentException.class, () -> HebbianRule.train(new double[0][]));
    }

    @Test
    void binaryAndBipolarPatternsGiveTheSameNetwork() {
        double[][] bipolar = randomPatterns(7, 9, 43);
        double[][] binary = new double[7][];
        for (int p = 0; p < 7; p++) {
            binary[p] = Encoding.BIPOLAR.convert(bipolar[p], Encoding.BINARY);
        }
        assertEquals(HebbianRule.train(bipolar), HebbianRule.train(binary));
    }

    @Test
    void storedPatternsAreFixedPointsAtLowLoad() {
        double[][] patterns = randomPatterns(5, 100, 44);
        HopfieldNetwork net = HebbianRule.train(patterns);
        for (int p = 0; p < patterns.length; p++) {
            assertTrue(net.isFixedPoint(patterns[p]), "pattern " + p);
        }
        HopfieldNetwork bin = net.withEncoding(Encoding.BINARY);
        for (int p = 0; p < patterns.length; p++) {
            assertTrue(bin.isFixedPoint(Encoding.BIPOLAR.convert(patterns[p], Encoding.BINARY)), "binary pattern " + p);
        }
    }

    @Test
    void theAccumulatorSurvivesJavaSerialization() throws Exception {
        HebbianAccumulator acc = HebbianAccumulator.empty(5).addAll(randomPatterns(3, 5, 45));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(acc);
        }
        HebbianAccumulator copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (HebbianAccumulator) in.readObject();
        }
        assertEquals(acc.count(), copy.count());
        assertArrayEquals(acc.outerProductSum(), copy.outerProductSum());
    }
}
