package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.evaluation.RecallRate;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.learning.ContrastiveRule;
import dev.boltzmann.learning.HebbianRule;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The contrastive Hopfield rule on Spark gives {@link ContrastiveRule#train}'s network bit for bit (the statistics
 * are exact sums of ±1 products) with 1, 2, 3 and 8 partitions, for every negative phase and initialisation; the
 * Hebbian start and the recall monitors are those of the single-process code; a stopped run resumes to the same
 * bits.
 */
class SparkContrastiveTrainerTest {
    private static final int N = 16;
    private static final List<LabeledPattern> DATA = TrainerFixtures.patterns(11, N, 0, 8);
    private static final List<LabeledPattern> RANDOM = randomPatterns();

    private static List<LabeledPattern> randomPatterns() {
        // independent random patterns (noisy copies of one prototype would all share a basin)
        java.util.SplittableRandom rng = new java.util.SplittableRandom(4);
        List<LabeledPattern> out = new java.util.ArrayList<>();
        for (int p = 0; p < 11; p++) {
            double[] v = new double[N];
            for (int i = 0; i < N; i++) {
                v[i] = rng.nextBoolean() ? 1 : 0;
            }
            out.add(new LabeledPattern(null, v, p + 1, p));
        }
        return out;
    }

    private static ContrastiveOptions options() {
        // batch 3 does not divide 11: the last round of each epoch is short
        return ContrastiveOptions.defaults().withEpochs(4).withBatchSize(3).withLearningRate(0.05).withSeed(9)
            .withMaxSweeps(20);
    }

    private static JavaRDD<LabeledPattern> rows(List<LabeledPattern> data, int partitions) {
        return SparkContrastiveTrainer.bipolar(TrainerFixtures.rdd(data, partitions));
    }

    private static SparkContrastiveTrainer.State spark(List<LabeledPattern> data, int partitions,
                                                       ContrastiveOptions o, SparkContrastiveTrainer.State from,
                                                       SparkContrastiveTrainer.EpochListener listener)
        throws Exception {
        JavaRDD<LabeledPattern> rows = rows(data, partitions);
        SparkContrastiveTrainer.State start = from != null ? from
            : SparkContrastiveTrainer.initialState(rows, N, o);
        return SparkContrastiveTrainer.train(TestSpark.context(), rows, data.size(), o, start, listener);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessNetworkBitForBit() throws Exception {
        double[][] patterns = TrainerFixtures.values(RANDOM);
        for (ContrastiveOptions.NegativePhase phase : ContrastiveOptions.NegativePhase.values()) {
            for (ContrastiveOptions.Initialization init : new ContrastiveOptions.Initialization[] {
                ContrastiveOptions.Initialization.HEBBIAN, ContrastiveOptions.Initialization.RANDOM}) {
                ContrastiveOptions o = options().withNegativePhase(phase).withInitialization(init);
                HopfieldNetwork reference = ContrastiveRule.train(patterns, o);
                // every partitioning for the Hebbian start, one for the random start (its kernel is the same)
                int[] partitionings = init == ContrastiveOptions.Initialization.HEBBIAN ? new int[] {1, 2, 3, 8}
                    : new int[] {3};
                for (int partitions : partitionings) {
                    int[] epochs = {0};
                    HopfieldNetwork got = spark(RANDOM, partitions, o, null, (s, t) -> epochs[0]++).network();
                    String what = phase + ", " + init + ", " + partitions + " partitions";
                    assertEquals(o.epochs(), epochs[0], what);
                    assertArrayEquals(reference.weights(), got.weights(), what);
                    assertArrayEquals(reference.biases(), got.biases(), what);
                }
            }
        }
    }

    @Test
    void hebbianAndRecallMonitorsAreThoseOfTheSingleProcessCode() {
        double[][] patterns = TrainerFixtures.values(DATA);
        HopfieldNetwork hebbian = SparkContrastiveTrainer.hebbian(rows(DATA, 3), N);
        assertArrayEquals(HebbianRule.train(patterns).weights(), hebbian.weights());
        HopfieldNetwork net = ContrastiveRule.train(TrainerFixtures.values(RANDOM), options());
        RecallRate.Report r = RecallRate.evaluate(net, TrainerFixtures.values(RANDOM), 0.2, 20, 5);
        double[] got = SparkContrastiveTrainer.recallMonitors(rows(RANDOM, 3), net, RANDOM.size(), 0.2, 20, 5);
        assertEquals(r.recallRate(), got[0], 0.0);
        assertEquals(r.meanOverlap(), got[1], 1e-12);
        double energy = 0;
        for (double[] y : UnitStates.toEncoding(TrainerFixtures.values(RANDOM), N, Encoding.BIPOLAR)) {
            energy += net.energy(y);
        }
        assertEquals(energy / RANDOM.size(), got[2], 1e-12);
    }

    @Test
    void aStoppedRunResumesToTheSameBits() throws Exception {
        ContrastiveOptions o = options().withEpochs(5);
        SparkContrastiveTrainer.State whole = spark(RANDOM, 3, o, null, (s, t) -> { });
        SparkContrastiveTrainer.State[] saved = {null};
        assertThrows(TrainerFixtures.Stop.class, () -> spark(RANDOM, 3, o, null, (s, t) -> {
            if (s.epochsDone() == 3) {
                saved[0] = TrainerFixtures.copy(s);
                throw new TrainerFixtures.Stop();
            }
        }));
        SparkContrastiveTrainer.State resumed = spark(RANDOM, 2, o, saved[0], (s, t) -> { });
        assertArrayEquals(whole.network().weights(), resumed.network().weights());
        assertArrayEquals(whole.network().biases(), resumed.network().biases());
    }
}
