package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The distributed RBM trainer computes what the single-process trainer computes: the same weights (to rounding)
 * with 1, 2, 3 and 8 partitions, for CD and PCD, and the same bits when rerun on the same partitioning.
 */
class SparkRbmTrainerTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    static RbmTrainingConfig config(RbmTrainingConfig.Rule rule) {
        // batch 7 does not divide 30: the last round of each epoch is short
        return RbmTrainingConfig.defaults().withNumHidden(8).withRule(rule, 2).withSchedule(7, 6)
            .withRates(0.1, 0.5, 1e-3).withNumChains(5).withSeed(11).withLearningRateDecay(0.1);
    }

    private static Rbm spark(RbmTrainingConfig cfg, int partitions) throws Exception {
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        JavaRDD<LabeledPattern> rdd = data.patterns().repartition(partitions).cache();
        assertEquals(partitions, rdd.getNumPartitions());
        double[] flat = PatternSource.flatten(PatternSource.toDriver(rdd), 16);
        Rbm initial = new RbmTrainer(cfg).initialModel(flat, 30, 16);
        List<Double> errors = new ArrayList<>();
        SparkRbmTrainer.State end = SparkRbmTrainer.train(TestSpark.context(), rdd, data.count(), cfg,
            SparkRbmTrainer.initialState(initial, cfg), (s, err, sec) -> errors.add(err));
        assertEquals(cfg.epochs(), errors.size());
        assertEquals(cfg.epochs(), end.epochsDone());
        rdd.unpersist();
        return end.model();
    }

    private static final dev.boltzmann.learning.TemperingOptions LADDER = new dev.boltzmann.learning.TemperingOptions(
        4, 0.3, dev.boltzmann.learning.TemperingOptions.Spacing.GEOMETRIC);

    @Test
    void parallelTemperingGivesTheSingleProcessModelWithAnyPartitioning() throws Exception {
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.PCD);
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        double[] flat = PatternSource.flatten(PatternSource.toDriver(data.patterns()), 16);
        Rbm reference = new RbmTrainer(cfg, LADDER).train(flat, 30, 16, r -> { });
        Rbm pcd = local(cfg);
        assertTrue(!java.util.Arrays.equals(reference.weights(), pcd.weights()), "tempering changes the model");
        for (int partitions : new int[] {1, 2, 3}) {
            JavaRDD<LabeledPattern> rdd = data.patterns().repartition(partitions).cache();
            Rbm initial = new RbmTrainer(cfg).initialModel(PatternSource.flatten(PatternSource.toDriver(rdd), 16), 30,
                16);
            SparkRbmTrainer.State start = SparkRbmTrainer.initialState(initial, cfg, LADDER);
            assertEquals(5 * 4 * 8, start.chains().length, "5 chains of 4 replicas of 8 hidden units");
            List<double[]> rates = new ArrayList<>();
            SparkRbmTrainer.State end = SparkRbmTrainer.train(TestSpark.context(), rdd, 30, cfg, LADDER, start,
                (s, err, sec) -> rates.add(s.swaps().rates()));
            rdd.unpersist();
            assertClose(reference, end.model(), 1e-9);
            assertEquals(cfg.epochs(), rates.size());
            for (double[] r : rates) {
                assertEquals(3, r.length);
                for (double x : r) {
                    assertTrue(x >= 0 && x <= 1, "swap rate " + x);
                }
            }
            // swaps do happen: over 5 chains x 5 rounds x 6 epochs some are accepted in every pair
            assertTrue(end.swaps().accepted(0) + rates.stream().mapToDouble(r -> r[0]).sum() > 0);
        }
    }

    private static Rbm local(RbmTrainingConfig cfg) throws Exception {
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        double[] flat = PatternSource.flatten(PatternSource.toDriver(data.patterns()), 16);
        return new RbmTrainer(cfg).train(flat, 30, 16, r -> { });
    }

    static void assertClose(Rbm expected, Rbm actual, double rel) {
        double[][] a = {expected.weights(), expected.visibleBias(), expected.hiddenBias()};
        double[][] b = {actual.weights(), actual.visibleBias(), actual.hiddenBias()};
        double max = 0;
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < a[k].length; i++) {
                max = Math.max(max, Math.abs(a[k][i] - b[k][i]) / Math.max(1e-3, Math.abs(a[k][i])));
            }
        }
        assertTrue(max <= rel, "max relative difference " + max);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessModelForCdAndPcd() throws Exception {
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            RbmTrainingConfig cfg = config(rule);
            Rbm reference = local(cfg);
            for (int partitions : new int[] {1, 2, 3, 8}) {
                assertClose(reference, spark(cfg, partitions), 1e-9);
            }
        }
    }

    @Test
    void theSamePartitioningGivesTheSameBits() throws Exception {
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.PCD);
        Rbm a = spark(cfg, 3);
        Rbm b = spark(cfg, 3);
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.hiddenBias(), b.hiddenBias());
        Rbm other = spark(cfg.withSeed(12), 3);
        assertTrue(!java.util.Arrays.equals(a.weights(), other.weights()));
    }
}
