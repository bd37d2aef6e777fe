package dev.boltzmann.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.learning.HebbianRule;
import dev.boltzmann.learning.StorageRule;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recall rate and capacity: the textbook behaviour of the three storage rules at n = 200. */
class RecallRateTest {
    private static final int N = 200;
    private static final double FLIPS = 0.10;

    private static double rate(StorageRule rule, int numPatterns, long seed) {
        return CapacityCurve.point(rule, N, numPatterns, FLIPS, 1, seed).recallRate();
    }

    @Test
    void corruptionFlipsExactlyTheRoundedNumberOfDistinctUnits() {
        HopfieldNetwork net = HopfieldNetwork.zeros(10, Encoding.BINARY);
        double[] state = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        int[] scratch = new int[10];
        for (int flips = 0; flips <= 10; flips++) {
            for (int seed = 0; seed < 5; seed++) {
                double[] c = RecallRate.corrupt(state, flips, net, Seeds.rng(seed), scratch);
                int differ = 0;
                for (int i = 0; i < 10; i++) {
                    assertTrue(c[i] == 0.0 || c[i] == 1.0);
                    differ += c[i] != state[i] ? 1 : 0;
                }
                assertEquals(flips, differ, "flips at seed " + seed);
            }
        }
        assertArrayEquals(new double[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, state, "input was modified");
        // round(0.333 · 10) = 3 flips are reported
        double[][] one = {state};
        assertEquals(3, RecallRate.evaluate(net, one, 0.333, 1).flipsPerPattern());
    }

    @Test
    void aPerfectMemoryWithoutNoiseRecallsEverything() {
        double[][] patterns = CapacityCurve.randomPatterns(3, 50, Seeds.rng(81));
        RecallRate.Report r = RecallRate.evaluate(HebbianRule.train(patterns), patterns, 0.0, 82);
        assertEquals(1.0, r.recallRate());
        assertEquals(1.0, r.meanOverlap());
        assertEquals(3, r.patterns());
        assertEquals(1.0, r.meanSweeps());
    }

    @Test
    void hebbianStoresFivePercentAndCollapsesPastTheCapacity() {
        assertTrue(rate(StorageRule.HEBBIAN, 10, 83) >= 0.95, "load 0.05");
        double overloaded = rate(StorageRule.HEBBIAN, 50, 83);
        assertTrue(overloaded <= 0.2, "load 0.25 recall rate " + overloaded);
    }

    @Test
    void storkeyAndContrastiveStoreMoreThanHebbianAtLoadZeroPointTwo() {
        double hebb = rate(StorageRule.HEBBIAN, 40, 84);
        double storkey = rate(StorageRule.STORKEY, 40, 84);
        double contrastive = rate(StorageRule.CONTRASTIVE, 40, 84);
        String all = "hebbian " + hebb + ", storkey " + storkey + ", contrastive " + contrastive;
        assertTrue(hebb <= 0.3, "Hebbian should fail at load 0.2: " + all);
        assertTrue(storkey >= 0.9, "Storkey should hold load 0.2: " + all);
        assertTrue(contrastive >= 0.6 && contrastive >= hebb + 0.4, "contrastive: " + all);
    }

    @Test
    void capacityCurveHasOneRowPerRuleAndLoadAndIsReproducible() {
        double[] loads = {0.05, 0.25};
        List<StorageRule> rules = List.of(StorageRule.HEBBIAN, StorageRule.STORKEY);
        List<CapacityCurve.Point> curve = CapacityCurve.curve(rules, 60, loads, FLIPS, 2, 85);
        assertEquals(4, curve.size());
        assertEquals(StorageRule.HEBBIAN, curve.get(0).rule());
        assertEquals(3, curve.get(0).patterns());
        assertEquals(0.05, curve.get(0).load(), 1e-12);
        assertEquals(15, curve.get(1).patterns());
        assertEquals(StorageRule.STORKEY, curve.get(3).rule());
        assertEquals(2, curve.get(3).trials());
        for (CapacityCurve.Point p : curve) {
            assertEquals(60, p.n());
            assertTrue(p.recallRate() >= 0.0 && p.recallRate() <= 1.0);
            assertTrue(p.meanOverlap() >= -1.0 && p.meanOverlap() <= 1.0);
        }
        assertEquals(curve, CapacityCurve.curve(rules, 60, loads, FLIPS, 2, 85));
        double[] defaults = CapacityCurve.defaultLoads();
        assertEquals(0.02, defaults[0]);
        assertEquals(0.30, defaults[defaults.length - 1]);
    }

    @Test
    void invalidArgumentsAreNamed() {
        HopfieldNetwork net = HopfieldNetwork.zeros(4, Encoding.BIPOLAR);
        assertEquals("flipFraction must be in [0,1], got 1.5", assertThrows(IllegalArgumentException.class,
            () -> RecallRate.evaluate(net, new double[][] {{1, 1, 1, 1}}, 1.5, 1)).getMessage());
        assertEquals("load must be finite and > 0, got 0.0", assertThrows(IllegalArgumentException.class,
            () -> CapacityCurve.curve(List.of(StorageRule.HEBBIAN), 10, new double[] {0.0}, 0.1, 1, 1))
            .getMessage());
        assertEquals(StorageRule.STORKEY, StorageRule.parse(" Storkey "));
        assertThrows(IllegalArgumentException.class, () -> StorageRule.parse("oja"));
    }
}
