package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmTrainer;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.learning.SwapCounts;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The distributed Boltzmann-machine trainer computes what {@link BmTrainer} computes in one process — bit for bit,
 * since the statistics are exact sums of 0/1 products — with 1, 2, 3 and 8 partitions, fully visible and with
 * hidden and label units, with fresh and persistent chains, with Gibbs chains and with parallel tempering (swap
 * counts included); a stopped run resumes to the same bits.
 */
class SparkBmTrainerTest {
    private static final int NV = 6;

    private static BmTrainerOptions options(boolean persistent) {
        // batch 4 does not divide 13: the last round of each epoch is short; 5 chains over 8 partitions
        return BmTrainerOptions.defaults().withEpochs(3).withBatchSize(4).withSeed(21).withLearningRate(0.1)
            .withWeightDecay(1e-3).withSampling(BmSamplingOptions.defaults().withChains(5).withBurnIn(3)
                .withSamplesPerChain(2).withSweepsBetweenSamples(1).withPersistent(persistent).withClampedBurnIn(2)
                .withClampedSamples(2));
    }

    private static JavaRDD<LabeledPattern> rows(List<LabeledPattern> data, int partitions, boolean labelled) {
        return SparkBmTrainer.rows(TrainerFixtures.rdd(data, partitions), NV, labelled);
    }

    private static BoltzmannMachine local(List<LabeledPattern> data, int labels, int hidden, BmTrainerOptions o) {
        int[] y = labels > 0 ? data.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray() : null;
        return BmTrainer.train(TrainerFixtures.values(data), y, labels, hidden, o, null);
    }

    private static SparkBmTrainer.State spark(List<LabeledPattern> data, int partitions, BmTrainerOptions o,
                                              SparkBmTrainer.State from, SparkBmTrainer.EpochListener listener)
        throws Exception {
        boolean labelled = from.machine().numLabels() > 0;
        return SparkBmTrainer.train(TestSpark.context(), rows(data, partitions, labelled), data.size(), o, from,
            listener);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessMachineBitForBit() throws Exception {
        int[][] shapes = {{0, 0}, {2, 2}};
        for (int[] shape : shapes) {
            int labels = shape[0];
            int hidden = shape[1];
            List<LabeledPattern> data = TrainerFixtures.patterns(13, NV, labels, 5);
            for (boolean persistent : new boolean[] {false, true}) {
                BmTrainerOptions o = options(persistent);
                BoltzmannMachine reference = local(data, labels, hidden, o);
                for (int partitions : new int[] {1, 2, 3, 8}) {
                    int[] epochs = {0};
                    SparkBmTrainer.State end = spark(data, partitions, o,
                        SparkBmTrainer.initialState(NV, labels, hidden, o), (s, t) -> epochs[0]++);
                    assertEquals(o.epochs(), epochs[0]);
                    String what = labels + " labels, " + hidden + " hidden, persistent " + persistent + ", "
                        + partitions + " partitions";
                    assertArrayEquals(reference.weights(), end.machine().weights(), what);
                    assertArrayEquals(reference.biases(), end.machine().biases(), what);
                }
            }
        }
    }

    private static final TemperingOptions LADDER = new TemperingOptions(4, 0.2, TemperingOptions.Spacing.GEOMETRIC);

    @Test
    void temperingOnAnyPartitioningGivesTheSingleProcessMachineAndSwapCountsBitForBit() throws Exception {
        int[][] shapes = {{0, 1}, {2, 2}};
        for (int[] shape : shapes) {
            int labels = shape[0];
            int hidden = shape[1];
            List<LabeledPattern> data = TrainerFixtures.patterns(13, NV, labels, 5);
            int[] y = labels > 0 ? data.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray() : null;
            for (boolean persistent : new boolean[] {false, true}) {
                BmTrainerOptions o = options(persistent);
                SwapCounts referenceSwaps = SwapCounts.empty(LADDER.numTemperatures());
                BmTrainer.Progress reference = BmTrainer.train(BmTrainer.start(BmTrainer.initialMachine(NV, labels,
                    hidden, o), o, LADDER), TrainerFixtures.values(data), y, o, LADDER, referenceSwaps, p -> { });
                for (int k = 0; k < referenceSwaps.pairs(); k++) {
                    assertTrue(referenceSwaps.accepted(k) > 0 && referenceSwaps.accepted(k)
                        < referenceSwaps.proposed(k), "pair " + k + " swaps sometimes, not always");
                }
                for (int partitions : new int[] {1, 2, 3}) {
                    SwapCounts summed = SwapCounts.empty(LADDER.numTemperatures());
                    SparkBmTrainer.State end = SparkBmTrainer.train(TestSpark.context(),
                        rows(data, partitions, labels > 0), data.size(), o, LADDER,
                        SparkBmTrainer.initialState(NV, labels, hidden, o, LADDER), (s, t) -> summed.merge(s.swaps()));
                    String what = labels + " labels, " + hidden + " hidden, persistent " + persistent + ", "
                        + partitions + " partitions";
                    assertArrayEquals(reference.bm().weights(), end.machine().weights(), what);
                    assertArrayEquals(reference.bm().biases(), end.machine().biases(), what);
                    double[] flat = Arrays.stream(reference.chains()).flatMapToDouble(Arrays::stream).toArray();
                    assertArrayEquals(flat, end.chains(), "every replica of every chain, " + what);
                    for (int k = 0; k < summed.pairs(); k++) {
                        assertEquals(referenceSwaps.proposed(k), summed.proposed(k), what);
                        assertEquals(referenceSwaps.accepted(k), summed.accepted(k), what);
                    }
                }
            }
        }
    }

    @Test
    void aStoppedTemperingRunResumesToTheSameBitsWithEveryReplica() throws Exception {
        List<LabeledPattern> data = TrainerFixtures.patterns(13, NV, 0, 5);
        BmTrainerOptions o = options(true).withEpochs(4);
        JavaRDD<LabeledPattern> three = rows(data, 3, false);
        SparkBmTrainer.State whole = SparkBmTrainer.train(TestSpark.context(), three, data.size(), o, LADDER,
            SparkBmTrainer.initialState(NV, 0, 2, o, LADDER), (s, t) -> { });
        SparkBmTrainer.State[] saved = {null};
        assertThrows(TrainerFixtures.Stop.class, () -> SparkBmTrainer.train(TestSpark.context(), three,
            data.size(), o, LADDER, SparkBmTrainer.initialState(NV, 0, 2, o, LADDER), (s, t) -> {
                if (s.epochsDone() == 2) {
                    saved[0] = TrainerFixtures.copy(s);
                    throw new TrainerFixtures.Stop();
                }
            }));
        assertEquals(5 * 4 * (NV + 2), saved[0].chains().length, "5 chains x 4 replicas x 8 units");
        SparkBmTrainer.State resumed = SparkBmTrainer.train(TestSpark.context(), rows(data, 2, false), data.size(),
            o, LADDER, saved[0], (s, t) -> { });
        assertArrayEquals(whole.machine().weights(), resumed.machine().weights());
        assertArrayEquals(whole.machine().biases(), resumed.machine().biases());
        assertArrayEquals(whole.chains(), resumed.chains());
        // a state with Gibbs chains only is refused
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkBmTrainer.train(
            TestSpark.context(), three, data.size(), o, LADDER, SparkBmTrainer.initialState(NV, 0, 2, o),
            (s, t) -> { }));
        assertTrue(e.getMessage().contains("4 replicas"), e.getMessage());
    }

    @Test
    void theExactMonitorsAreThoseOfBmExact() throws Exception {
        List<LabeledPattern> data = TrainerFixtures.patterns(13, NV, 2, 5);
        BmTrainerOptions o = options(true);
        BoltzmannMachine bm = local(data, 2, 2, o);
        int[] y = data.stream().mapToInt(p -> Integer.parseInt(p.label())).toArray();
        double[] got = SparkBmTrainer.exactMonitors(rows(data, 3, true), bm, data.size());
        assertEquals(BmExact.meanLogLikelihood(bm, TrainerFixtures.values(data), y), got[0], 1e-12);
        assertEquals(BmExact.accuracy(bm, TrainerFixtures.values(data), y), got[1], 0.0);
        assertTrue(Double.isNaN(SparkBmTrainer.exactMonitors(rows(data, 2, false), local(data, 0, 1, o),
            data.size())[1]));
    }

    @Test
    void aStoppedRunResumesToTheSameBitsWithItsPersistentChains() throws Exception {
        List<LabeledPattern> data = TrainerFixtures.patterns(13, NV, 2, 5);
        BmTrainerOptions o = options(true).withEpochs(4);
        SparkBmTrainer.State whole = spark(data, 3, o, SparkBmTrainer.initialState(NV, 2, 2, o), (s, t) -> { });
        SparkBmTrainer.State[] saved = {null};
        assertThrows(TrainerFixtures.Stop.class, () -> spark(data, 3, o, SparkBmTrainer.initialState(NV, 2, 2, o),
            (s, t) -> {
                if (s.epochsDone() == 2) {
                    saved[0] = TrainerFixtures.copy(s);
                    throw new TrainerFixtures.Stop();
                }
            }));
        assertFalse(Arrays.stream(saved[0].chains()).allMatch(x -> x == 0.0), "the chains have moved");
        SparkBmTrainer.State resumed = spark(data, 2, o, saved[0], (s, t) -> { });
        assertArrayEquals(whole.machine().weights(), resumed.machine().weights());
        assertArrayEquals(whole.machine().biases(), resumed.machine().biases());
        assertArrayEquals(whole.chains(), resumed.chains());
    }

    @Test
    void aPatternThatIsNotZeroOrOneIsNamed() {
        List<LabeledPattern> data = new java.util.ArrayList<>(TrainerFixtures.patterns(13, NV, 0, 5));
        double[] v = data.get(9).values().clone();
        v[4] = 0.5;
        data.set(9, new LabeledPattern(null, v, 10, 9));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SparkBmTrainer.check(TrainerFixtures.rdd(data, 3), NV));
        assertTrue(e.getMessage().contains("pattern 9 unit 4 is 0.5"), e.getMessage());
    }
}
