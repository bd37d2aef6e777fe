package dev.boltzmann.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.math.Seeds;
import org.junit.jupiter.api.Test;

/** Shape, validation, immutability and the unit order (visible, labels, hidden) of a Boltzmann machine. */
class BoltzmannMachineTest {

    @Test
    void unitOrderIsVisibleThenLabelsThenHidden() {
        BoltzmannMachine bm = BoltzmannMachine.zeros(4, 3, 2);
        assertEquals(9, bm.size());
        assertEquals(4, bm.labelStart());
        assertEquals(7, bm.hiddenStart());
        assertFalse(bm.isLabelUnit(3));
        assertTrue(bm.isLabelUnit(4));
        assertTrue(bm.isLabelUnit(6));
        assertFalse(bm.isLabelUnit(7));
        double[] y = bm.stateOf(new double[] {1, 0, 1, 1}, 2);
        assertArrayEquals(new double[] {1, 0, 1, 1, 0, 0, 1, 0, 0}, y);
        assertEquals(2, bm.label(y));
        assertTrue(bm.isLegal(y));
        assertFalse(bm.isLegal(bm.stateOf(new double[] {1, 0, 1, 1}, BoltzmannMachine.NO_LABEL)));
        assertArrayEquals(new double[] {1, 0, 1, 1}, bm.visiblePart(y));
    }

    @Test
    void energyIsTheQuadraticForm() {
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 2, 2, 1.0, 1.0, Seeds.rng(1));
        double[] y = {1, 0, 1, 0, 1, 1, 0};
        assertEquals(BmFixtures.bruteEnergy(bm, y), bm.energy(y), 1e-12);
        for (int i = 0; i < y.length; i++) {
            double z = bm.bias(i);
            for (int j = 0; j < y.length; j++) {
                z += bm.weight(i, j) * y[j];
            }
            assertEquals(z, bm.field(y, i), 1e-12);
        }
    }

    @Test
    void randomInitialisationIsSymmetricSeededAndZeroAmongLabels() {
        BoltzmannMachine a = BoltzmannMachine.random(3, 3, 2, 0.1, Seeds.rng(5));
        BoltzmannMachine b = BoltzmannMachine.random(3, 3, 2, 0.1, Seeds.rng(5));
        BoltzmannMachine c = BoltzmannMachine.random(3, 3, 2, 0.1, Seeds.rng(6));
        assertEquals(a, b);
        assertNotEquals(a, c);
        int n = a.size();
        double sumSq = 0.0;
        for (int i = 0; i < n; i++) {
            assertEquals(0.0, a.weight(i, i));
            assertEquals(0.0, a.bias(i));
            for (int j = 0; j < n; j++) {
                assertEquals(a.weight(i, j), a.weight(j, i));
                if (a.isLabelUnit(i) && a.isLabelUnit(j)) {
                    assertEquals(0.0, a.weight(i, j));
                } else if (i != j) {
                    sumSq += a.weight(i, j) * a.weight(i, j);
                }
            }
        }
        assertTrue(sumSq > 0.0);
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] w = new double[4];
        double[] b = {0.5, -0.5};
        w[1] = 2.0;
        w[2] = 2.0;
        BoltzmannMachine bm = BoltzmannMachine.fullyVisible(w, b);
        w[1] = 9.0;
        b[0] = 9.0;
        bm.weights()[1] = 7.0;
        bm.biases()[0] = 7.0;
        assertEquals(2.0, bm.weight(0, 1));
        assertEquals(0.5, bm.bias(0));
        assertEquals(2.0, bm.asHopfield().weight(1, 0));
        assertEquals(Encoding.BINARY, bm.asHopfield().encoding());
    }

    @Test
    void invalidParametersAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> BoltzmannMachine.zeros(3, 1, 0));
        assertTrue(e.getMessage().contains("numLabels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BoltzmannMachine.zeros(0, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> BoltzmannMachine.zeros(2, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> BoltzmannMachine.of(2, 0, 0, new double[4],
            new double[3]));
        double[] asym = new double[4];
        asym[1] = 1.0;
        assertThrows(IllegalArgumentException.class, () -> BoltzmannMachine.fullyVisible(asym, new double[2]));
        double[] diag = new double[4];
        diag[0] = 1.0;
        assertThrows(IllegalArgumentException.class, () -> BoltzmannMachine.fullyVisible(diag, new double[2]));
        double[] labelPair = new double[16];
        labelPair[1 * 4 + 2] = 0.3;
        labelPair[2 * 4 + 1] = 0.3;
        e = assertThrows(IllegalArgumentException.class,
            () -> BoltzmannMachine.of(1, 3, 0, labelPair, new double[4]));
        assertTrue(e.getMessage().contains("label"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BoltzmannMachine.random(2, 0, 1, -0.1, Seeds.rng(1)));
        BoltzmannMachine bm = BoltzmannMachine.zeros(2, 2, 0);
        assertThrows(IllegalArgumentException.class, () -> bm.stateOf(new double[] {1, 0}, 2));
        assertThrows(IllegalArgumentException.class, () -> bm.stateOf(new double[] {1, 0.5}, 0));
        assertThrows(IllegalArgumentException.class, () -> bm.stateOf(new double[] {1}, 0));
    }
}
