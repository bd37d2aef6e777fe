package dev.boltzmann.spark;

import static dev.boltzmann.spark.TrainerFixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.LabelRbmEpochMonitor;
import dev.boltzmann.learning.LabelRbmTrainer;
import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.LabelRbm;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * A centred label RBM trained on Spark (offsets on the driver's optimiser, μ starting at the joint rows' means summed
 * on the executors) is the single-process one to 1e-9 with 1, 2 and 3 partitions, for CD and PCD and both centring
 * modes; centring changes the model.
 */
class SparkLabelRbmCenteringTest {
    private static final int NV = 12;
    private static final int NC = 3;
    private static final List<LabeledPattern> DATA = SparkLabelRbmTrainerTest.DATA;

    private static RbmTrainingConfig config(RbmTrainingConfig.Rule rule) {
        return RbmTrainingConfig.defaults().withNumHidden(6).withRule(rule, 2).withSchedule(7, 5)
            .withRates(0.1, 0.5, 1e-3).withNumChains(5).withSeed(11);
    }

    private static LabeledRows rows() {
        return SparkLabelRbmTrainerTest.rows();
    }

    private static double[][] arrays(LabelRbm m) {
        return SparkLabelRbmTrainerTest.arrays(m);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessCentredModel() throws Exception {
        for (RbmTrainingConfig.Rule rule : new RbmTrainingConfig.Rule[] {RbmTrainingConfig.Rule.CD,
            RbmTrainingConfig.Rule.PCD}) {
            for (RbmCentering.Mode mode : new RbmCentering.Mode[] {RbmCentering.Mode.VISIBLE, RbmCentering.Mode.BOTH}) {
                RbmTrainingConfig cfg = config(rule);
                LabelRbm initial = new LabelRbmTrainer(cfg).initialModel(rows());
                LabelRbm reference = new LabelRbmTrainer(cfg).withCentering(mode, 0.2).train(initial, rows(), null,
                    LabelRbmEpochMonitor.NONE);
                LabelRbm plain = new LabelRbmTrainer(cfg).train(initial, rows(), null, LabelRbmEpochMonitor.NONE);
                assertFalse(Arrays.equals(reference.labelWeights(), plain.labelWeights()), "centring changes U");
                double[] firstMu = null;
                for (int partitions : new int[] {1, 2, 3}) {
                    JavaRDD<LabeledPattern> joint = SparkLabelRbmTrainer.joint(TrainerFixtures.rdd(DATA, partitions),
                        NV, NC);
                    SparkLabelRbmTrainer.State start = SparkLabelRbmTrainer.initialState(initial, cfg);
                    RbmCentering offsets = RbmCentering.start(mode, 0.2,
                        RbmDataStats.columnMeans(joint, NV + NC, DATA.size()), 6);
                    start.optimizer().withCentering(offsets);
                    SparkLabelRbmTrainer.State end = SparkLabelRbmTrainer.train(TestSpark.context(), joint,
                        DATA.size(), cfg, start, (s, r, t) -> { });
                    assertTrue(end.optimizer().centering() == offsets, "the state carries the offsets");
                    assertClose(arrays(reference), arrays(end.model()), 1e-9);
                    if (firstMu == null) {
                        firstMu = offsets.visibleOffset();
                    } else {
                        assertArrayEquals(firstMu, offsets.visibleOffset(), 1e-12);
                    }
                }
            }
        }
    }
}
