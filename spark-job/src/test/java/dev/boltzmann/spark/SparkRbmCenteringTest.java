package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import java.nio.file.Path;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * A centred RBM trained on Spark is the one the single-process trainer gives (to rounding) with 1, 2 and 3
 * partitions: the offsets move on the driver from the merged sums, and the tasks' partial sums are the ordinary ones.
 */
class SparkRbmCenteringTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();
    private static final double RATE = 0.1;

    private static Spark spark(RbmTrainingConfig cfg, int partitions) throws Exception {
        return spark(cfg, null, partitions);
    }

    private static Spark spark(RbmTrainingConfig cfg, dev.boltzmann.learning.TemperingOptions ladder, int partitions)
        throws Exception {
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        JavaRDD<LabeledPattern> rdd = data.patterns().repartition(partitions).cache();
        assertEquals(partitions, rdd.getNumPartitions());
        double[] flat = PatternSource.flatten(PatternSource.toDriver(rdd), 16);
        Rbm initial = new RbmTrainer(cfg).initialModel(flat, 30, 16);
        RbmCentering offsets = RbmCentering.start(RbmCentering.Mode.BOTH, RATE,
            RbmDataStats.columnMeans(rdd, 16, 30), 8);
        SparkRbmTrainer.State start = ladder == null ? SparkRbmTrainer.initialState(initial, cfg)
            : SparkRbmTrainer.initialState(initial, cfg, ladder);
        start.optimizer().withCentering(offsets);
        SparkRbmTrainer.State end = ladder == null
            ? SparkRbmTrainer.train(TestSpark.context(), rdd, data.count(), cfg, start, (s, err, sec) -> { })
            : SparkRbmTrainer.train(TestSpark.context(), rdd, data.count(), cfg, ladder, start, (s, err, sec) -> { });
        rdd.unpersist();
        assertTrue(end.optimizer().centering() == offsets, "the state carries the offsets");
        return new Spark(end.model(), offsets);
    }

    private record Spark(Rbm model, RbmCentering offsets) {
    }

    private static double[] bars() throws Exception {
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        return PatternSource.flatten(PatternSource.toDriver(data.patterns()), 16);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessCentredModel() throws Exception {
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            RbmTrainingConfig cfg = SparkRbmTrainerTest.config(rule);
            Rbm reference = new RbmTrainer(cfg).withCentering(RbmCentering.Mode.BOTH, RATE)
                .train(bars(), 30, 16, r -> { });
            Rbm plain = new RbmTrainer(cfg).train(bars(), 30, 16, r -> { });
            assertTrue(!java.util.Arrays.equals(reference.weights(), plain.weights()), rule + ": centring changes the model");
            Spark first = null;
            for (int partitions : new int[] {1, 2, 3}) {
                Spark s = spark(cfg, partitions);
                SparkRbmTrainerTest.assertClose(reference, s.model(), 1e-9);
                if (first == null) {
                    first = s;
                    double[] mu = s.offsets().visibleOffset();
                    assertNotEquals(0.5, s.offsets().hiddenOffset()[0], "λ moved from its start");
                    for (double m : mu) {
                        assertTrue(m >= 0 && m <= 1);
                    }
                } else {
                    assertArrayEquals(first.offsets().visibleOffset(), s.offsets().visibleOffset(), 1e-12);
                    assertArrayEquals(first.offsets().hiddenOffset(), s.offsets().hiddenOffset(), 1e-12);
                }
            }
        }
    }

    @Test
    void centringWithParallelTemperingGivesTheSingleProcessModel() throws Exception {
        RbmTrainingConfig cfg = SparkRbmTrainerTest.config(RbmTrainingConfig.Rule.PCD);
        dev.boltzmann.learning.TemperingOptions ladder = new dev.boltzmann.learning.TemperingOptions(3, 0.3,
            dev.boltzmann.learning.TemperingOptions.Spacing.GEOMETRIC);
        Rbm reference = new RbmTrainer(cfg, ladder).withCentering(RbmCentering.Mode.BOTH, RATE)
            .train(bars(), 30, 16, r -> { });
        Rbm uncentred = new RbmTrainer(cfg, ladder).train(bars(), 30, 16, r -> { });
        Rbm gibbs = new RbmTrainer(cfg).withCentering(RbmCentering.Mode.BOTH, RATE).train(bars(), 30, 16, r -> { });
        assertTrue(!java.util.Arrays.equals(reference.weights(), uncentred.weights()), "centring changes the model");
        assertTrue(!java.util.Arrays.equals(reference.weights(), gibbs.weights()), "tempering changes the model");
        for (int partitions : new int[] {1, 2, 3}) {
            SparkRbmTrainerTest.assertClose(reference, spark(cfg, ladder, partitions).model(), 1e-9);
        }
    }
}
