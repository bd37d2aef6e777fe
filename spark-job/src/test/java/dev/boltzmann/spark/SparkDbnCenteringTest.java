package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.DeepBeliefNetTrainer;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Centred DBN layers: every plain layer trained as a centred RBM whose offsets start at that layer's input means.
 * The Spark net (means summed on the executors) is the single-process one to 1e-9 with 1, 2 and 3 partitions, with
 * and without a label top (centred too, its label units counting as visible); centring changes every plain layer;
 * the bottom layer is exactly
 * the centred RBM {@link RbmTrainer#withCentering} trains on the data alone.
 */
class SparkDbnCenteringTest {
    private static final int NV = 12;
    private static final int NC = 3;
    private static final List<LabeledPattern> DATA = TrainerFixtures.patterns(29, NV, NC, 6);

    private static DeepBeliefNetConfig config(boolean labelTop, RbmCentering.Mode mode) {
        RbmTrainingConfig base = RbmTrainingConfig.defaults().withRule(RbmTrainingConfig.Rule.PCD, 1)
            .withSchedule(6, 3).withRates(0.1, 0.5, 1e-3).withNumChains(4).withSeed(13);
        return DeepBeliefNetConfig.of(List.of(8, 6), base, labelTop).withCentering(mode, 0.2);
    }

    private static DeepBeliefNet single(DeepBeliefNetConfig c) {
        double[] flat = PatternSource.flatten(DATA, NV);
        int[] labels = DATA.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray();
        return new DeepBeliefNetTrainer(c).train(flat, DATA.size(), NV, labels, NC,
            DeepBeliefNetTrainer.LayerMonitor.NONE);
    }

    @Test
    void sparkGivesTheSingleProcessCentredNetWithAnyPartitioning() throws Exception {
        for (boolean labelTop : new boolean[] {false, true}) {
            for (RbmCentering.Mode mode : new RbmCentering.Mode[] {RbmCentering.Mode.VISIBLE, RbmCentering.Mode.BOTH}) {
                DeepBeliefNetConfig c = config(labelTop, mode);
                DeepBeliefNet reference = single(c);
                for (int partitions : new int[] {1, 2, 3}) {
                    DeepBeliefNet net = SparkDbnTrainer.train(TestSpark.context(),
                        TrainerFixtures.rdd(DATA, partitions), DATA.size(), NV, NC, c, (p, l, e, r, s) -> { });
                    SparkDbnTrainerTest.assertSameNet(reference, net);
                }
            }
        }
    }

    @Test
    void centringChangesEveryPlainLayerAndTheBottomIsTheCentredRbm() {
        DeepBeliefNet plain = single(config(false, RbmCentering.Mode.NONE));
        DeepBeliefNet centred = single(config(false, RbmCentering.Mode.BOTH));
        for (int k = 0; k < 2; k++) {
            assertFalse(Arrays.equals(plain.layer(k).weights(), centred.layer(k).weights()), "layer " + k);
        }
        // independently of the DBN trainer: the bottom layer is the centred RBM trained on the data
        DeepBeliefNetConfig c = config(false, RbmCentering.Mode.BOTH);
        double[] flat = PatternSource.flatten(DATA, NV);
        RbmTrainer trainer = new RbmTrainer(c.layers().get(0)).withCentering(RbmCentering.Mode.BOTH, 0.2);
        Rbm bottom = trainer.train(flat, DATA.size(), NV, r -> { });
        assertEquals(0, Arrays.compare(bottom.weights(), centred.layer(0).weights()));
        assertEquals(0, Arrays.compare(bottom.hiddenBias(), centred.layer(0).hiddenBias()));
    }

    @Test
    void aCentringRateOutsideTheUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> config(false, RbmCentering.Mode.BOTH)
            .withCentering(RbmCentering.Mode.BOTH, 1.5));
        assertThrows(IllegalArgumentException.class, () -> config(false, RbmCentering.Mode.BOTH)
            .withCentering(null, 0.1));
    }
}
