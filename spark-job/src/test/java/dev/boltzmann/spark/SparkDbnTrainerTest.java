package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.boltzmann.io.DbnStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.DeepBeliefNetTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.DeepBeliefNet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deep belief net trained on Spark, layer by layer on the executors' propagated data, is the one
 * {@link DeepBeliefNetTrainer} trains in one process (to rounding), with 1, 2, 3 and 8 partitions: plain stack with
 * probabilities handed up, a label top with samples handed up and tied initialisation, and every layer (label top
 * included) with parallel tempering as its negative phase; runs stopped in the middle of a layer resume to the same
 * bits, with and without tempering.
 */
class SparkDbnTrainerTest {
    private static final int NV = 12;
    private static final int NC = 3;
    private static final List<LabeledPattern> DATA = TrainerFixtures.patterns(29, NV, NC, 6);

    private static DeepBeliefNetConfig config(boolean labelTop, DeepBeliefNetConfig.Propagation p, boolean tied) {
        RbmTrainingConfig base = RbmTrainingConfig.defaults().withRule(RbmTrainingConfig.Rule.PCD, 1)
            .withSchedule(6, 3).withRates(0.1, 0.5, 1e-3).withNumChains(4).withSeed(13);
        // 12 -> 8 -> 12 (tied: the second layer starts as the first transposed; with labels it is the label top)
        return DeepBeliefNetConfig.of(List.of(8, 12), base, labelTop).withPropagation(p).withTiedInit(tied);
    }

    static void assertSameNet(DeepBeliefNet expected, DeepBeliefNet actual) {
        Map<String, ModelStore.NamedArray> a = DbnStore.arrays(expected);
        Map<String, ModelStore.NamedArray> b = DbnStore.arrays(actual);
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) {
            TrainerFixtures.assertClose(new double[][] {a.get(name).data()}, new double[][] {b.get(name).data()},
                1e-9);
        }
    }

    @Test
    void anyPartitioningGivesTheSingleProcessNet() throws Exception {
        double[] flat = PatternSource.flatten(DATA, NV);
        int[] labels = DATA.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray();
        DeepBeliefNetConfig[] configs = {
            config(false, DeepBeliefNetConfig.Propagation.PROBABILITIES, false),
            config(true, DeepBeliefNetConfig.Propagation.SAMPLES, true),
            config(true, DeepBeliefNetConfig.Propagation.PROBABILITIES, false).withTempering(LADDER)};
        for (DeepBeliefNetConfig c : configs) {
            DeepBeliefNet reference = new DeepBeliefNetTrainer(c).train(flat, DATA.size(), NV, labels, NC,
                DeepBeliefNetTrainer.LayerMonitor.NONE);
            for (int partitions : c.tempering() != null ? new int[] {1, 2, 3} : new int[] {1, 2, 3, 8}) {
                int[] epochs = {0};
                DeepBeliefNet net = SparkDbnTrainer.train(TestSpark.context(), TrainerFixtures.rdd(DATA, partitions),
                    DATA.size(), NV, NC, c, (progress, layer, epoch, recon, seconds) -> epochs[0]++);
                assertEquals(c.layers().stream().mapToInt(RbmTrainingConfig::epochs).sum(), epochs[0]);
                assertSameNet(reference, net);
                if (c.labelTop()) {
                    int right = 0;
                    int[] predicted = reference.classify(flat, DATA.size());
                    for (int r = 0; r < labels.length; r++) {
                        right += predicted[r] == labels[r] ? 1 : 0;
                    }
                    assertEquals((double) right / labels.length, SparkDbnTrainer.accuracy(
                        TrainerFixtures.rdd(DATA, partitions), reference, NV, DATA.size()), 0.0);
                }
            }
        }
    }

    private static final TemperingOptions LADDER = new TemperingOptions(3, 0.4, TemperingOptions.Spacing.LINEAR);

    @Test
    void temperingChangesEveryLayerAndNeedsPcd() {
        double[] flat = PatternSource.flatten(DATA, NV);
        int[] labels = DATA.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray();
        DeepBeliefNetConfig plain = config(true, DeepBeliefNetConfig.Propagation.PROBABILITIES, false);
        DeepBeliefNet pcd = new DeepBeliefNetTrainer(plain).train(flat, DATA.size(), NV, labels, NC,
            DeepBeliefNetTrainer.LayerMonitor.NONE);
        DeepBeliefNet pt = new DeepBeliefNetTrainer(plain.withTempering(LADDER)).train(flat, DATA.size(), NV, labels,
            NC, DeepBeliefNetTrainer.LayerMonitor.NONE);
        assertFalse(java.util.Arrays.equals(pcd.layer(0).weights(), pt.layer(0).weights()), "bottom layer");
        assertFalse(java.util.Arrays.equals(pcd.labelTop().labelWeights(), pt.labelTop().labelWeights()), "top");
        RbmTrainingConfig cd = plain.layers().get(0).withRule(RbmTrainingConfig.Rule.CD, 1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> plain.withLayer(0, cd).withTempering(LADDER));
    }

    @Test
    void aRunStoppedInTheMiddleOfALayerResumesToTheSameBits() throws Exception {
        stopAndResume(config(true, DeepBeliefNetConfig.Propagation.SAMPLES, true));
        stopAndResume(config(true, DeepBeliefNetConfig.Propagation.PROBABILITIES, false).withTempering(LADDER));
    }

    private static void stopAndResume(DeepBeliefNetConfig c) throws Exception {
        DeepBeliefNet whole = SparkDbnTrainer.train(TestSpark.context(), TrainerFixtures.rdd(DATA, 3), DATA.size(), NV,
            NC, c, (p, layer, epoch, recon, seconds) -> { });
        // a plain layer of 3 epochs and a label top of 3: stopped in the plain layer, and in the label top
        for (int stopAt : new int[] {2, 4}) {
            SparkDbnTrainer.Progress[] saved = {null};
            org.junit.jupiter.api.Assertions.assertThrows(TrainerFixtures.Stop.class, () -> SparkDbnTrainer.train(
                TestSpark.context(), TrainerFixtures.rdd(DATA, 3), DATA.size(), NV, NC, c, (p, layer, epoch, r, t) -> {
                    if (p.epochs(c) == stopAt) {
                        saved[0] = TrainerFixtures.copy(p);
                        throw new TrainerFixtures.Stop();
                    }
                }));
            assertEquals(stopAt / 3, saved[0].done().size());
            double[] chains = stopAt < 3 ? saved[0].layer().chains() : saved[0].top().chains();
            int hidden = c.layers().get(stopAt / 3).numHidden();
            assertEquals(4 * c.chainReplicas() * hidden, chains.length, "every replica of every chain");
            DeepBeliefNet resumed = SparkDbnTrainer.train(TestSpark.context(), TrainerFixtures.rdd(DATA, 3),
                DATA.size(), NV, NC, c, saved[0], (p, layer, epoch, recon, seconds) -> { });
            Map<String, ModelStore.NamedArray> a = DbnStore.arrays(whole);
            Map<String, ModelStore.NamedArray> b = DbnStore.arrays(resumed);
            for (String name : a.keySet()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(name).data(), b.get(name).data(), name);
            }
        }
    }
}
