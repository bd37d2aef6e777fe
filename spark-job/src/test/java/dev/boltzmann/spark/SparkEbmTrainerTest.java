package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.evaluation.BinaryStateEnumeration;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.EbmEpochSummary;
import dev.boltzmann.learning.EbmTrainer;
import dev.boltzmann.learning.EbmTrainingOptions;
import dev.boltzmann.learning.EbmTrainingResult;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.IsingEnergy;
import dev.boltzmann.model.NeuralEnergy;
import dev.boltzmann.model.StateSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The distributed EBM trainer computes what {@link EbmTrainer} computes in one process, with 1, 2, 3 and 8
 * partitions, for the Ising energy (binary and bipolar units: exact sums, so bit for bit) and the neural energy
 * (real sums added in another order: bit for bit on one partition, to 1e-9 otherwise), with persistent chains and
 * chains restarted from the batch; a rerun on the same partitioning gives the same bits, and a stopped run resumes
 * to them.
 */
class SparkEbmTrainerTest {
    private static final int ROWS = 13;

    private static EbmTrainingOptions options(EbmTrainingOptions.NegativePhase phase) {
        // batch 4 does not divide 13: the last round of each epoch is short (1 row, so all chains restarted from the
        // batch start from the same row); 5 chains over 8 partitions leave some tasks without chains
        return EbmTrainingOptions.defaults().withEpochs(3).withBatchSize(4).withNumChains(5).withStepsPerUpdate(7)
            .withLearningRate(0.2).withLearningRateFactor(0.9).withL2Decay(1e-3).withStepSize(0.6)
            .withNegativePhase(phase).withSeed(21);
    }

    /** The three energies with their data: Ising on 0/1 and on ±1 units (6 units), neural on R^3. */
    private record Case(String name, EnergyFunction initial, List<LabeledPattern> data, boolean exact) {
    }

    private static List<Case> cases() {
        List<LabeledPattern> binary = TrainerFixtures.patterns(ROWS, 6, 0, 5);
        List<LabeledPattern> bipolar = new ArrayList<>();
        for (LabeledPattern p : binary) {
            bipolar.add(new LabeledPattern(null, Arrays.stream(p.values()).map(x -> 2 * x - 1).toArray(), p.line(),
                p.index()));
        }
        SplittableRandom rng = new SplittableRandom(8);
        List<LabeledPattern> real = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            double c = r % 2 == 0 ? -1 : 1;
            real.add(new LabeledPattern(null, new double[] {c + 0.3 * rng.nextGaussian(), 0.3 * rng.nextGaussian(),
                -c + 0.3 * rng.nextGaussian()}, r + 1, r));
        }
        return List.of(
            new Case("ising binary", IsingEnergy.random(6, Encoding.BINARY, 0.3, 0.3, Seeds.rng(3, 1)), binary, true),
            new Case("ising bipolar", IsingEnergy.random(6, Encoding.BIPOLAR, 0.3, 0.3, Seeds.rng(3, 2)), bipolar,
                true),
            new Case("neural", NeuralEnergy.random(3, 4, 1.5, 0.5, Seeds.rng(3, 3)), real, false));
    }

    private static double[] flat(List<LabeledPattern> data) {
        return data.stream().flatMapToDouble(p -> Arrays.stream(p.values())).toArray();
    }

    private static SparkEbmTrainer.State spark(Case c, int partitions, EbmTrainingOptions o,
                                               List<EbmEpochSummary> seen) throws Exception {
        return SparkEbmTrainer.train(TestSpark.context(), TrainerFixtures.rdd(c.data(), partitions), c.data().size(),
            o, SparkEbmTrainer.initialState(c.initial(), o), s -> seen.add(s.summary()));
    }

    /** Max over all entries of |a − b| / max(1e-3, |a|). */
    private static double relative(double[] a, double[] b) {
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs(a[k] - b[k]) / Math.max(1e-3, Math.abs(a[k])));
        }
        return max;
    }

    @Test
    void anyPartitioningGivesTheSingleProcessModel() throws Exception {
        for (Case c : cases()) {
            for (EbmTrainingOptions.NegativePhase phase : EbmTrainingOptions.NegativePhase.values()) {
                EbmTrainingOptions o = options(phase);
                List<EbmEpochSummary> history = new ArrayList<>();
                EbmTrainingResult reference = new EbmTrainer(o).trainObserving(c.initial(), flat(c.data()), null,
                    (s, e) -> history.add(s));
                double[] theta = reference.energy().parameters();
                assertTrue(relative(c.initial().parameters(), theta) > 0.01, c.name() + ": training moved θ");
                for (int partitions : new int[] {1, 2, 3, 8}) {
                    String what = c.name() + ", " + phase + ", " + partitions + " partitions";
                    List<EbmEpochSummary> seen = new ArrayList<>();
                    SparkEbmTrainer.State end = spark(c, partitions, o, seen);
                    assertEquals(o.epochs(), end.epochsDone(), what);
                    if (c.exact() || partitions == 1) {
                        assertArrayEquals(theta, end.energy().parameters(), 0.0, what);
                    } else {
                        double rel = relative(theta, end.energy().parameters());
                        assertTrue(rel <= 1e-9, what + ": max relative difference " + rel);
                    }
                    if (phase == EbmTrainingOptions.NegativePhase.PERSISTENT) {
                        double[] chains = reference.chains();
                        assertFalse(Arrays.equals(SparkEbmTrainer.initialState(c.initial(), o).chains(), chains),
                            what + ": the chains have moved");
                        assertTrue(relative(chains, end.chains()) <= (c.exact() ? 0.0 : 1e-9), what + ": chains");
                    } else {
                        assertNull(end.chains(), what + ": chains restarted from the batch are not carried");
                    }
                    assertEquals(history.size(), seen.size(), what);
                    for (int e = 0; e < history.size(); e++) {
                        EbmEpochSummary want = history.get(e);
                        EbmEpochSummary got = seen.get(e);
                        assertEquals(want.epoch(), got.epoch(), what);
                        assertEquals(want.updates(), got.updates(), what);
                        assertEquals(want.learningRate(), got.learningRate(), 0.0, what);
                        assertEquals(want.acceptanceRate(), got.acceptanceRate(), 0.0, what);
                        assertTrue(want.acceptanceRate() > 0 && want.acceptanceRate() < 1, what);
                        assertEquals(want.meanDataEnergy(), got.meanDataEnergy(),
                            1e-12 * Math.max(1, Math.abs(want.meanDataEnergy())), what);
                        assertEquals(want.meanSampleEnergy(), got.meanSampleEnergy(),
                            1e-12 * Math.max(1, Math.abs(want.meanSampleEnergy())), what);
                    }
                }
            }
        }
    }

    @Test
    void aRerunOnTheSamePartitioningGivesTheSameBits() throws Exception {
        Case neural = cases().get(2);
        for (EbmTrainingOptions.NegativePhase phase : EbmTrainingOptions.NegativePhase.values()) {
            EbmTrainingOptions o = options(phase);
            SparkEbmTrainer.State a = spark(neural, 3, o, new ArrayList<>());
            SparkEbmTrainer.State b = spark(neural, 3, o, new ArrayList<>());
            assertArrayEquals(a.energy().parameters(), b.energy().parameters(), 0.0, phase.toString());
            if (a.chains() != null) {
                assertArrayEquals(a.chains(), b.chains(), 0.0);
            }
            // and one job per round gives what the resident tasks give
            SparkEbmTrainer.State c = RoundEngine.withResidentRounds(TestSpark.context(), "off",
                () -> spark(neural, 2, o, new ArrayList<>()));
            SparkEbmTrainer.State r = RoundEngine.withResidentRounds(TestSpark.context(), "auto",
                () -> spark(neural, 2, o, new ArrayList<>()));
            assertArrayEquals(r.energy().parameters(), c.energy().parameters(), 0.0, phase.toString());
        }
    }

    @Test
    void aStoppedRunResumesToTheSameBitsWithItsPersistentChains() throws Exception {
        for (Case c : List.of(cases().get(0), cases().get(2))) {
            EbmTrainingOptions o = options(EbmTrainingOptions.NegativePhase.PERSISTENT).withEpochs(4);
            SparkEbmTrainer.State whole = spark(c, 3, o, new ArrayList<>());
            SparkEbmTrainer.State[] saved = {null};
            assertThrows(TrainerFixtures.Stop.class, () -> SparkEbmTrainer.train(TestSpark.context(),
                TrainerFixtures.rdd(c.data(), 3), ROWS, o, SparkEbmTrainer.initialState(c.initial(), o), s -> {
                    if (s.epochsDone() == 2) {
                        saved[0] = TrainerFixtures.copy(s);
                        throw new TrainerFixtures.Stop();
                    }
                }));
            // what a checkpoint holds: θ, the chains and the epochs done
            SparkEbmTrainer.State from = new SparkEbmTrainer.State(c.initial().withParameters(
                saved[0].energy().parameters()), saved[0].chains(), saved[0].epochsDone(), null);
            SparkEbmTrainer.State resumed = SparkEbmTrainer.train(TestSpark.context(),
                TrainerFixtures.rdd(c.data(), 3), ROWS, o, from, s -> { });
            assertArrayEquals(whole.energy().parameters(), resumed.energy().parameters(), 0.0, c.name());
            assertArrayEquals(whole.chains(), resumed.chains(), 0.0, c.name());
            // a state whose chains do not fit the options is refused
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkEbmTrainer.train(
                TestSpark.context(), TrainerFixtures.rdd(c.data(), 2), ROWS,
                o.withNegativePhase(EbmTrainingOptions.NegativePhase.FROM_DATA), from, s -> { }));
            assertTrue(e.getMessage().contains("has persistent chains"), e.getMessage());
        }
    }

    @Test
    void theExactLogLikelihoodIsThatOfTheEnumeration() {
        for (Case c : cases().subList(0, 2)) {
            double want = BinaryStateEnumeration.of(c.initial(), 1.0).meanLogLikelihood(flat(c.data()));
            double got = SparkEbmTrainer.exactLogLikelihood(TrainerFixtures.rdd(c.data(), 3), c.initial(), ROWS);
            assertEquals(want, got, 1e-12, c.name());
        }
    }

    @Test
    void aValueOutsideTheStateSpaceIsNamed() {
        List<LabeledPattern> data = new ArrayList<>(TrainerFixtures.patterns(ROWS, 6, 0, 5));
        SparkEbmTrainer.check(TrainerFixtures.rdd(data, 3), StateSpace.BINARY);
        for (int bad : new int[] {9, 4}) {
            double[] v = data.get(bad).values().clone();
            v[bad == 9 ? 4 : 1] = bad == 9 ? 0.5 : -1;
            data.set(bad, new LabeledPattern(null, v, bad + 1, bad));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SparkEbmTrainer.check(TrainerFixtures.rdd(data, 3), StateSpace.BINARY));
        assertEquals("pattern 4 (line 5) unit 1 is -1.0, not a valid binary value", e.getMessage());
        List<LabeledPattern> real = new ArrayList<>(cases().get(2).data());
        SparkEbmTrainer.check(TrainerFixtures.rdd(real, 2), StateSpace.CONTINUOUS);
        real.set(7, new LabeledPattern(null, new double[] {0, Double.NaN, 1}, 8, 7));
        e = assertThrows(IllegalArgumentException.class,
            () -> SparkEbmTrainer.check(TrainerFixtures.rdd(real, 2), StateSpace.CONTINUOUS));
        assertTrue(e.getMessage().startsWith("pattern 7 (line 8) unit 1 is NaN"), e.getMessage());
    }
}
