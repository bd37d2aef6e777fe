package dev.boltzmann.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.math.Seeds;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Encoding conversion of Hopfield networks and patterns, checked by enumerating every state. */
class HopfieldEncodingTest {
    private static final int N = 8;

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void convertedEnergiesDifferByAConstantOverAllStates(Encoding from) {
        for (int seed = 0; seed < 5; seed++) {
            HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 1.0, 0.7, from, Seeds.rng(seed, 11));
            Encoding to = from == Encoding.BIPOLAR ? Encoding.BINARY : Encoding.BIPOLAR;
            HopfieldNetwork other = net.withEncoding(to);
            assertEquals(to, other.encoding());
            double offset = Double.NaN;
            for (int c = 0; c < (1 << N); c++) {
                double d = net.energy(HopfieldFixtures.state(c, N, from))
                    - other.energy(HopfieldFixtures.state(c, N, to));
                if (Double.isNaN(offset)) {
                    offset = d;
                }
                assertEquals(offset, d, 1e-9, "energy offset at state " + c + ", seed " + seed);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void fixedPointsAreTheSameInBothEncodings(Encoding from) {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 1.0, 0.7, from, Seeds.rng(3, 12));
        Encoding to = from == Encoding.BIPOLAR ? Encoding.BINARY : Encoding.BIPOLAR;
        HopfieldNetwork other = net.withEncoding(to);
        int fixed = 0;
        for (int c = 0; c < (1 << N); c++) {
            boolean a = net.isFixedPoint(HopfieldFixtures.state(c, N, from));
            assertEquals(a, other.isFixedPoint(HopfieldFixtures.state(c, N, to)), "state " + c);
            fixed += a ? 1 : 0;
        }
        assertTrue(fixed >= 1, "a network with symmetric W has at least one fixed point (the energy minimum)");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void roundTripReturnsTheOriginal(Encoding from) {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 1.0, 0.7, from, Seeds.rng(4, 13));
        Encoding to = from == Encoding.BIPOLAR ? Encoding.BINARY : Encoding.BIPOLAR;
        HopfieldNetwork back = net.withEncoding(to).withEncoding(from);
        assertEquals(from, back.encoding());
        assertArrayEquals(net.weights(), back.weights(), 1e-12);
        assertArrayEquals(net.biases(), back.biases(), 1e-12);
        assertSame(net, net.withEncoding(from));
    }

    @Test
    void tiesKeepTheOldValue() {
        // n = 2 with W_01 = 1, b = (1, 0): unit 1 sees z = W_10 y_0 = ±1; unit 0 sees z = y_1 + 1, 0 when y_1 = -1.
        HopfieldNetwork net = HopfieldNetwork.of(new double[] {0, 1, 1, 0}, new double[] {1, 0}, Encoding.BIPOLAR);
        assertEquals(1.0, net.updatedValue(new double[] {1, -1}, 0));
        assertEquals(-1.0, net.updatedValue(new double[] {-1, -1}, 0));
        assertTrue(net.isFixedPoint(new double[] {-1, -1}));
        assertFalse(net.isFixedPoint(new double[] {1, -1}));
        assertTrue(net.isFixedPoint(new double[] {1, 1}));
    }

    @Test
    void patternsAreReadInEitherEncoding() {
        double[] bin = {0, 1, 1, 0};
        double[] bip = {-1, 1, 1, -1};
        assertArrayEquals(bip, UnitStates.toEncoding(bin, Encoding.BIPOLAR));
        assertArrayEquals(bip, UnitStates.toEncoding(bip, Encoding.BIPOLAR));
        assertArrayEquals(bin, UnitStates.toEncoding(bip, Encoding.BINARY));
        assertArrayEquals(bin, UnitStates.toEncoding(bin, Encoding.BINARY));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> UnitStates.toEncoding(new double[] {1, 0.5}, Encoding.BINARY));
        assertTrue(bad.getMessage().contains("unit 1 has value 0.5"), bad.getMessage());
        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
            () -> UnitStates.toEncoding(new double[] {0, -1, 1}, Encoding.BINARY));
        assertTrue(mixed.getMessage().contains("mixes"), mixed.getMessage());
        IllegalArgumentException len = assertThrows(IllegalArgumentException.class,
            () -> UnitStates.toEncoding(new double[][] {{1, 0}, {1}}, 2, Encoding.BINARY));
        assertTrue(len.getMessage().contains("pattern 1 has 1 units, expected 2"), len.getMessage());
        double[][] rows = UnitStates.rowsToEncoding(new double[] {0, 1, 1, 1}, 2, Encoding.BIPOLAR);
        assertArrayEquals(new double[] {-1, 1}, rows[0]);
        assertArrayEquals(new double[] {1, 1}, rows[1]);
        assertThrows(IllegalArgumentException.class, () -> UnitStates.rowsToEncoding(new double[3], 2,
            Encoding.BIPOLAR));
    }

    @Test
    void stateCodesRoundTrip() {
        SplittableRandom rng = Seeds.rng(5);
        for (int k = 0; k < 20; k++) {
            int c = rng.nextInt(1 << N);
            assertEquals(c, HopfieldFixtures.code(HopfieldFixtures.state(c, N, Encoding.BINARY), Encoding.BINARY));
        }
    }
}
