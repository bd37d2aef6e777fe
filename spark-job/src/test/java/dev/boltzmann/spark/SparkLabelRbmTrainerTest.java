package dev.boltzmann.spark;

import static dev.boltzmann.spark.TrainerFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.LabelRbmEpochMonitor;
import dev.boltzmann.learning.LabelRbmTrainer;
import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.LabelRbm;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The distributed label-RBM trainer computes what {@link LabelRbmTrainer} computes in one process: the same
 * parameters (to rounding) with 1, 2, 3 and 8 partitions, for CD and PCD; a run stopped after an epoch and resumed
 * from its state ends with the same bits as an uninterrupted one; with parallel tempering over (v, y, h) the same
 * with 1, 2 and 3 partitions, the same bits on a rerun and after a resume, and a model other than plain PCD's.
 */
class SparkLabelRbmTrainerTest {
    private static final int NV = 12;
    private static final int NC = 3;
    static final List<LabeledPattern> DATA = TrainerFixtures.patterns(31, NV, NC, 3);

    private static RbmTrainingConfig config(RbmTrainingConfig.Rule rule) {
        // batch 7 does not divide 31: the last round of each epoch is short
        return RbmTrainingConfig.defaults().withNumHidden(6).withRule(rule, 2).withSchedule(7, 5)
            .withRates(0.1, 0.5, 1e-3).withNumChains(5).withSeed(11).withLearningRateDecay(0.1);
    }

    static LabeledRows rows() {
        double[] flat = PatternSource.flatten(DATA, NV);
        int[] labels = DATA.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray();
        return new LabeledRows(flat, labels, DATA.size(), NV, NC);
    }

    static double[][] arrays(LabelRbm m) {
        return new double[][] {m.weights(), m.visibleBias(), m.hiddenBias(), m.labelWeights(), m.labelBias()};
    }

    private static JavaRDD<LabeledPattern> joint(int partitions) {
        return SparkLabelRbmTrainer.joint(TrainerFixtures.rdd(DATA, partitions), NV, NC);
    }

    private static SparkLabelRbmTrainer.State spark(RbmTrainingConfig cfg, int partitions,
                                                    SparkLabelRbmTrainer.State from,
                                                    SparkLabelRbmTrainer.EpochListener listener) throws Exception {
        return SparkLabelRbmTrainer.train(TestSpark.context(), joint(partitions), DATA.size(), cfg, from, listener);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessModelForCdAndPcd() throws Exception {
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            RbmTrainingConfig cfg = config(rule);
            LabelRbmTrainer local = new LabelRbmTrainer(cfg);
            LabelRbm initial = local.initialModel(rows());
            LabelRbm reference = local.train(initial, rows(), null, LabelRbmEpochMonitor.NONE);
            for (int partitions : new int[] {1, 2, 3, 8}) {
                int[] epochs = {0};
                SparkLabelRbmTrainer.State end = spark(cfg, partitions, SparkLabelRbmTrainer.initialState(initial, cfg),
                    (s, recon, seconds) -> epochs[0]++);
                assertEquals(cfg.epochs(), epochs[0]);
                assertClose(arrays(reference), arrays(end.model()), 1e-9);
            }
        }
    }

    @Test
    void theInitialModelAndTheAccuracyAreThoseOfTheSingleProcessTrainer() {
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.CD);
        LabelRbm local = new LabelRbmTrainer(cfg).initialModel(rows());
        LabelRbm spark = SparkLabelRbmTrainer.initialModel(joint(3), DATA.size(), NV, NC, cfg);
        assertClose(arrays(local), arrays(spark), 1e-12);
        LabelRbm trained = new LabelRbmTrainer(cfg).train(rows(), null, LabelRbmEpochMonitor.NONE);
        assertEquals(LabelRbmTrainer.accuracy(trained, rows()),
            SparkLabelRbmTrainer.accuracy(joint(3), trained, DATA.size()), 1e-15);
    }

    @Test
    void aStoppedRunResumesToTheSameBits() throws Exception {
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.PCD);
        LabelRbm initial = new LabelRbmTrainer(cfg).initialModel(rows());
        SparkLabelRbmTrainer.State whole = spark(cfg, 3, SparkLabelRbmTrainer.initialState(initial, cfg),
            (s, r, t) -> { });
        SparkLabelRbmTrainer.State[] saved = {null};
        assertThrows(TrainerFixtures.Stop.class, () -> spark(cfg, 3, SparkLabelRbmTrainer.initialState(initial, cfg),
            (s, r, t) -> {
                if (s.epochsDone() == 2) {
                    saved[0] = TrainerFixtures.copy(s);
                    throw new TrainerFixtures.Stop();
                }
            }));
        SparkLabelRbmTrainer.State resumed = spark(cfg, 3, saved[0], (s, r, t) -> { });
        assertEquals(cfg.epochs(), resumed.epochsDone());
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(arrays(whole.model())[k], arrays(resumed.model())[k]);
        }
        assertArrayEquals(whole.chains(), resumed.chains());
    }

    private static final TemperingOptions LADDER = new TemperingOptions(4, 0.3, TemperingOptions.Spacing.GEOMETRIC);

    @Test
    void parallelTemperingGivesTheSingleProcessModelWithAnyPartitioning() throws Exception {
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.PCD);
        LabelRbm initial = new LabelRbmTrainer(cfg).initialModel(rows());
        LabelRbm reference = new LabelRbmTrainer(cfg, LADDER).train(initial, rows(), null, LabelRbmEpochMonitor.NONE);
        LabelRbm pcd = new LabelRbmTrainer(cfg).train(initial, rows(), null, LabelRbmEpochMonitor.NONE);
        assertFalse(java.util.Arrays.equals(reference.weights(), pcd.weights()), "tempering changes the model");
        assertFalse(java.util.Arrays.equals(reference.labelWeights(), pcd.labelWeights()));
        for (int partitions : new int[] {1, 2, 3}) {
            SparkLabelRbmTrainer.State start = SparkLabelRbmTrainer.initialState(initial, cfg, LADDER);
            assertEquals(5 * 4 * 6, start.chains().length, "5 chains of 4 replicas of 6 hidden units");
            List<double[]> rates = new java.util.ArrayList<>();
            SparkLabelRbmTrainer.State end = SparkLabelRbmTrainer.train(TestSpark.context(), joint(partitions),
                DATA.size(), cfg, LADDER, start, (st, recon, seconds) -> rates.add(st.swaps().rates()));
            assertClose(arrays(reference), arrays(end.model()), 1e-9);
            assertEquals(cfg.epochs(), rates.size());
            long proposed = 0;
            for (double[] r : rates) {
                assertEquals(3, r.length);
                for (double x : r) {
                    assertTrue(x >= 0 && x <= 1, "swap rate " + x);
                }
            }
            for (int pair = 0; pair < 3; pair++) {
                // 5 chains x 5 rounds in the last epoch
                proposed += end.swaps().proposed(pair);
            }
            assertEquals(3 * 5 * 5, proposed);
            assertTrue(rates.stream().mapToDouble(r -> r[0]).sum() > 0, "swaps happen");
            if (partitions == 3) {
                SparkLabelRbmTrainer.State again = SparkLabelRbmTrainer.train(TestSpark.context(), joint(3),
                    DATA.size(), cfg, LADDER, SparkLabelRbmTrainer.initialState(initial, cfg, LADDER),
                    (st, recon, seconds) -> { });
                for (int k = 0; k < 5; k++) {
                    assertArrayEquals(arrays(end.model())[k], arrays(again.model())[k], "same bits on a rerun");
                }
                assertArrayEquals(end.chains(), again.chains());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SparkLabelRbmTrainer.train(TestSpark.context(), joint(1),
            DATA.size(), cfg, LADDER, SparkLabelRbmTrainer.initialState(initial, cfg), (st, r, t) -> { }),
            "plain chains are refused with a ladder");
    }

    @Test
    void aStoppedTemperingRunResumesToTheSameBits() throws Exception {
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.PCD);
        LabelRbm initial = new LabelRbmTrainer(cfg).initialModel(rows());
        SparkLabelRbmTrainer.State whole = SparkLabelRbmTrainer.train(TestSpark.context(), joint(2), DATA.size(), cfg,
            LADDER, SparkLabelRbmTrainer.initialState(initial, cfg, LADDER), (s, r, t) -> { });
        SparkLabelRbmTrainer.State[] saved = {null};
        assertThrows(TrainerFixtures.Stop.class, () -> SparkLabelRbmTrainer.train(TestSpark.context(), joint(2),
            DATA.size(), cfg, LADDER, SparkLabelRbmTrainer.initialState(initial, cfg, LADDER), (s, r, t) -> {
                if (s.epochsDone() == 3) {
                    saved[0] = TrainerFixtures.copy(s);
                    throw new TrainerFixtures.Stop();
                }
            }));
        SparkLabelRbmTrainer.State resumed = SparkLabelRbmTrainer.train(TestSpark.context(), joint(2), DATA.size(),
            cfg, LADDER, saved[0], (s, r, t) -> { });
        for (int k = 0; k < 5; k++) {
            assertArrayEquals(arrays(whole.model())[k], arrays(resumed.model())[k]);
        }
        assertArrayEquals(whole.chains(), resumed.chains());
    }
}
