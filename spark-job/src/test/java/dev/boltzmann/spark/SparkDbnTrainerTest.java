package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boltzmann.io.DbnStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.DeepBeliefNetTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.DeepBeliefNet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deep belief net trained on Spark, layer by layer on the executors' propagated data, is the one
 * {@link DeepBeliefNetTrainer} trains in one process (to rounding), with 1, 2, 3 and 8 partitions: plain stack with
 * probabilities handed up, and a label top with samples handed up and tied initialisation.
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

    private static void assertSameNet(DeepBeliefNet expected, DeepBeliefNet actual) {
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
            config(true, DeepBeliefNetConfig.Propagation.SAMPLES, true)};
        for (DeepBeliefNetConfig c : configs) {
            DeepBeliefNet reference = new DeepBeliefNetTrainer(c).train(flat, DATA.size(), NV, labels, NC,
                DeepBeliefNetTrainer.LayerMonitor.NONE);
            for (int partitions : new int[] {1, 2, 3, 8}) {
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

    @Test
    void aRunStoppedInTheMiddleOfALayerResumesToTheSameBits() throws Exception {
        DeepBeliefNetConfig c = config(true, DeepBeliefNetConfig.Propagation.SAMPLES, true);
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
