package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BarsAndStripes;
import dev.boltzmann.model.LabelRbm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The single-process label-RBM trainer on 4×4 bars (label 0) and stripes (label 1). */
class LabelRbmTrainerTest {
    private static final double[] DATA = RbmTrainer.flatten(BarsAndStripes.patterns(4));
    private static final int[] LABELS = new int[30];
    private static final LabeledRows ROWS;

    static {
        for (int r = 16; r < 30; r++) {
            LABELS[r] = 1; // patterns 0–15 have constant rows, 16–29 constant columns
        }
        ROWS = new LabeledRows(DATA, LABELS, 30, 16, 2);
    }

    private static RbmTrainingConfig config(RbmTrainingConfig.Rule rule, long seed) {
        return RbmTrainingConfig.defaults().withNumHidden(20).withRule(rule, rule == RbmTrainingConfig.Rule.CD ? 10 : 1)
            .withRates(0.05, 0.5, 0.0).withSchedule(10, 1000).withSeed(seed);
    }

    /**
     * CD-10, 20 hidden units, ε = 0.05, 1000 epochs: every pattern is classified correctly from about epoch 600 on
     * (seed 1); the majority class alone gets 16 of 30.
     */
    @Test
    void cdLearnsToTellBarsFromStripes() {
        List<LabelRbmEpochReport> reports = new ArrayList<>();
        LabelRbm m = new LabelRbmTrainer(config(RbmTrainingConfig.Rule.CD, 1L)).train(ROWS, ROWS, reports::add);
        assertEquals(1000, reports.size());
        LabelRbmEpochReport last = reports.get(999);
        assertEquals(last.model(), m);
        assertTrue(last.trainingAccuracy() >= 0.9, "training accuracy " + last.trainingAccuracy());
        assertEquals(last.trainingAccuracy(), last.heldOutAccuracy(), 0.0, "held-out = training here");
        assertTrue(last.reconstructionError() < reports.get(0).reconstructionError());
    }

    /**
     * PCD-1 with 10 persistent chains, ε = 0.05, 2000 epochs also separates the classes: 0.93–1.00 of the patterns
     * over seeds 1–4 (at ε = 0.01 it needs about 3000 epochs).
     */
    @Test
    void pcdLearnsToTellBarsFromStripes() {
        LabelRbm m = new LabelRbmTrainer(config(RbmTrainingConfig.Rule.PCD, 2L).withSchedule(10, 2000)).train(ROWS,
            null, LabelRbmEpochMonitor.NONE);
        double accuracy = LabelRbmTrainer.accuracy(m, ROWS);
        assertTrue(accuracy >= 0.9, "PCD training accuracy " + accuracy);
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModelInputsKept() {
        double[] copy = DATA.clone();
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            RbmTrainingConfig c = config(rule, 5L).withSchedule(7, 5);
            LabelRbm a = new LabelRbmTrainer(c).train(ROWS, null, LabelRbmEpochMonitor.NONE);
            LabelRbm b = new LabelRbmTrainer(c).train(ROWS, null, r -> { });
            assertEquals(a, b, rule + ": same seed, with or without a monitor");
            assertNotEquals(a, new LabelRbmTrainer(c.withSeed(6L)).train(ROWS, null, LabelRbmEpochMonitor.NONE));
        }
        assertArrayEquals(copy, DATA, 0.0);
    }

    @Test
    void initialModelUsesTheBaseRates() {
        LabelRbm m = new LabelRbmTrainer(config(RbmTrainingConfig.Rule.CD, 1L)).initialModel(ROWS);
        assertArrayEquals(new double[] {Math.log(16 / 30.0), Math.log(14 / 30.0)}, m.labelBias(), 1e-15);
        assertArrayEquals(new double[20], m.hiddenBias(), 0.0);
    }

    @Test
    void invalidDataIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new LabeledRows(DATA, new int[29], 30, 16, 2));
        assertTrue(e.getMessage().contains("labels has 29"), e.getMessage());
        int[] bad = LABELS.clone();
        bad[4] = 2;
        e = assertThrows(IllegalArgumentException.class, () -> new LabeledRows(DATA, bad, 30, 16, 2));
        assertTrue(e.getMessage().contains("label of row 4 is 2"), e.getMessage());
        double[] values = DATA.clone();
        values[17] = 1.5;
        e = assertThrows(IllegalArgumentException.class, () -> new LabeledRows(values, LABELS, 30, 16, 2));
        assertTrue(e.getMessage().contains("row 1, unit 1 is 1.5"), e.getMessage());
        LabelRbmTrainer trainer = new LabelRbmTrainer(config(RbmTrainingConfig.Rule.CD, 1L));
        LabelRbm wrong = LabelRbm.fromRbm(dev.boltzmann.model.Rbm.zeros(16, 20));
        e = assertThrows(IllegalArgumentException.class, () -> trainer.train(wrong, ROWS, null, r -> { }));
        assertTrue(e.getMessage().contains("2 labels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LabelRbmTrainer(null));
    }
}
