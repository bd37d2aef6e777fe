package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.learning.ContrastiveOptions.Initialization;
import dev.boltzmann.learning.ContrastiveOptions.NegativePhase;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contrastive ("valley-lifting") rule: its sign, its statistics, its variants. */
class ContrastiveRuleTest {
    private static final int N = 100;

    private static double[][] patterns(int count, long seed) {
        double[][] out = new double[count][];
        for (int p = 0; p < count; p++) {
            out[p] = HopfieldFixtures.randomState(N, Encoding.BIPOLAR, Seeds.rng(seed, p));
        }
        return out;
    }

    private static double meanEnergy(HopfieldNetwork net, double[][] ys) {
        double s = 0.0;
        for (double[] y : ys) {
            s += net.energy(y);
        }
        return s / ys.length;
    }

    /** Mean of E(y) − E(y'), y' the pattern's reconstruction (fixed streams, so before and after are comparable). */
    private static double meanGap(HopfieldNetwork net, double[][] ys, ContrastiveOptions options) {
        double s = 0.0;
        for (int p = 0; p < ys.length; p++) {
            double[] y2 = ContrastiveRule.reconstruction(net, ys[p], options, Seeds.rng(99, p));
            s += net.energy(ys[p]) - net.energy(y2);
        }
        return s / ys.length;
    }

    @Test
    void trainingLowersThePatternsEnergy() {
        // From a random network (from the Hebbian one the first step cannot lower Σ_p E(ξ^p): the reconstructions
        // descend the Hebbian energy, which is exactly -½ Σ_p (ξ^p·y)²/N_p up to a constant). With the note's
        // W − η(…) the patterns' energies would rise instead.
        double[][] ys = patterns(15, 71);
        ContrastiveOptions options = ContrastiveOptions.defaults().withInitialization(Initialization.RANDOM);
        HopfieldNetwork before = ContrastiveRule.initialNetwork(ys, options);
        HopfieldNetwork after = ContrastiveRule.train(ys, options);
        double eBefore = meanEnergy(before, ys);
        double eAfter = meanEnergy(after, ys);
        assertTrue(eAfter < eBefore - 10.0, "mean pattern energy went from " + eBefore + " to " + eAfter);
        double gapBefore = meanGap(before, ys, options);
        double gapAfter = meanGap(after, ys, options);
        assertTrue(gapBefore > 10.0, "a random network should not already hold the patterns: gap " + gapBefore);
        assertTrue(gapAfter < 0.1 * gapBefore, "E(y) - E(y') went from " + gapBefore + " to " + gapAfter);
        for (int p = 0; p < ys.length; p++) {
            assertTrue(after.isFixedPoint(ys[p]), "pattern " + p + " is not a fixed point after training");
        }
    }

    @ParameterizedTest
    @EnumSource(NegativePhase.class)
    void everyVariantMakesThePatternsStableAboveTheHebbianLoad(NegativePhase phase) {
        // 20 patterns in 100 units: the Hebbian network leaves some of them unstable
        double[][] ys = patterns(20, 72);
        ContrastiveOptions options = ContrastiveOptions.defaults().withNegativePhase(phase);
        HopfieldNetwork hebb = HebbianRule.train(ys);
        HopfieldNetwork net = ContrastiveRule.train(ys, options);
        int hebbStable = 0;
        int stable = 0;
        for (double[] y : ys) {
            hebbStable += hebb.isFixedPoint(y) ? 1 : 0;
            stable += net.isFixedPoint(y) ? 1 : 0;
        }
        assertTrue(hebbStable < 20, "the example is too easy: Hebbian keeps all 20 patterns");
        assertEquals(20, stable, phase + " kept " + stable + " of 20 patterns stable (Hebbian: " + hebbStable + ")");
        if (phase != NegativePhase.RANDOM_START_CONVERGED) {
            assertTrue(meanGap(hebb, ys, options) > 0.0);
            assertEquals(0.0, meanGap(net, ys, options), 1e-9, "every pattern should be its own reconstruction");
        }
    }

    @Test
    void statisticsMatchAHandExampleAndTheStepLowersThePatternEnergy() {
        ContrastiveStatistics stats = ContrastiveStatistics.empty(3);
        double[] y = {1, 1, -1};
        double[] y2 = {1, -1, -1};
        stats.addPositive(y).addNegative(y2);
        // ΔW = y yᵀ − y' y'ᵀ off the diagonal: W_01 = 1 − (−1) = 2, W_02 = −1 − (−1) = 0, W_12 = −1 − 1 = −2
        assertArrayEquals(new double[] {0, 2, 0, 2, 0, -2, 0, -2, 0}, stats.weightGradient());
        assertArrayEquals(new double[] {0, 2, 0}, stats.biasGradient());
        HopfieldNetwork zero = HopfieldNetwork.zeros(3, Encoding.BIPOLAR);
        HopfieldNetwork stepped = stats.applyTo(zero, 0.5, true);
        assertArrayEquals(new double[] {0, 1, 0, 1, 0, -1, 0, -1, 0}, stepped.weights());
        assertArrayEquals(new double[] {0, 1, 0}, stepped.biases());
        // E(y) = -(W_01 y_0 y_1 + W_12 y_1 y_2) - b_1 y_1 = -(1 + 1) - 1 = -3, down from 0;
        // E(y') = -(-1 - 1) + 1 = 3, up from 0
        assertEquals(-3.0, stepped.energy(y), 1e-15);
        assertEquals(3.0, stepped.energy(y2), 1e-15);
        assertArrayEquals(new double[3], stats.applyTo(zero, 0.5, false).biases());
    }

    @Test
    void statisticsMergeLikeSums() {
        double[][] ys = patterns(12, 73);
        HopfieldNetwork net = HebbianRule.train(ys);
        ContrastiveOptions options = ContrastiveOptions.defaults();
        // the whole batch in one accumulator, and split in two "partitions" merged afterwards, with the
        // per-pattern streams a distributed trainer would use
        ContrastiveStatistics whole = ContrastiveStatistics.empty(N);
        ContrastiveStatistics left = ContrastiveStatistics.empty(N);
        ContrastiveStatistics right = ContrastiveStatistics.empty(N);
        for (int p = 0; p < ys.length; p++) {
            ContrastiveRule.addPattern(whole, net, ys[p], options, ContrastiveRule.negativeStream(options, 0, p));
            ContrastiveRule.addPattern(p % 3 == 0 ? left : right, net, ys[p], options,
                ContrastiveRule.negativeStream(options, 0, p));
        }
        ContrastiveStatistics merged = right.merge(left);
        assertSame(right, merged);
        assertEquals(12, merged.positiveCount());
        assertEquals(12, merged.negativeCount());
        assertArrayEquals(whole.weightGradient(), merged.weightGradient(), 1e-15);
        assertArrayEquals(whole.biasGradient(), merged.biasGradient(), 1e-15);
        double[] before = merged.weightGradient();
        merged.merge(ContrastiveStatistics.empty(N));
        assertArrayEquals(before, merged.weightGradient());
        assertEquals(12, merged.positiveCount());
    }

    @Test
    void invalidStatisticsAreRejected() {
        IllegalStateException empty = assertThrows(IllegalStateException.class,
            () -> ContrastiveStatistics.empty(3).addPositive(new double[] {1, 1, 1}).weightGradient());
        assertEquals("contrastive statistics need both phases, got 1 positive and 0 negative states",
            empty.getMessage());
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
            () -> ContrastiveStatistics.empty(3).addNegative(new double[] {1, 0, 1}));
        assertEquals("negative-phase state unit 1 is 0.0, expected -1 or +1", value.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> ContrastiveStatistics.empty(3).merge(ContrastiveStatistics.empty(4)));
    }

    @Test
    void trainingIsReproducibleAndUsesItsSeed() {
        double[][] ys = patterns(15, 74);
        ContrastiveOptions options = ContrastiveOptions.defaults().withNegativePhase(
            NegativePhase.RANDOM_START_CONVERGED).withEpochs(5);
        HopfieldNetwork a = ContrastiveRule.train(ys, options);
        assertEquals(a, ContrastiveRule.train(ys, options));
        assertNotEquals(a, ContrastiveRule.train(ys, options.withSeed(options.seed() + 1)));
        // 0/1 input trains the same network
        double[][] binary = new double[ys.length][];
        for (int p = 0; p < ys.length; p++) {
            binary[p] = Encoding.BIPOLAR.convert(ys[p], Encoding.BINARY);
        }
        assertEquals(a, ContrastiveRule.train(binary, options));
    }

    @Test
    void aZeroStartWithPatternStartedReconstructionsLearnsNothing() {
        // all fields are 0, ties keep the pattern, so y' = y and both phases cancel (documented on ZERO)
        double[][] ys = patterns(5, 75);
        HopfieldNetwork net = ContrastiveRule.train(ys, ContrastiveOptions.defaults()
            .withInitialization(Initialization.ZERO).withEpochs(2));
        assertEquals(HopfieldNetwork.zeros(N, Encoding.BIPOLAR), net);
    }

    @Test
    void invalidOptionsAreNamed() {
        ContrastiveOptions d = ContrastiveOptions.defaults();
        assertEquals("learningRate must be finite and > 0, got -0.1", assertThrows(IllegalArgumentException.class,
            () -> d.withLearningRate(-0.1)).getMessage());
        assertEquals("epochs must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> d.withEpochs(0)).getMessage());
        assertEquals("batchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> d.withBatchSize(0)).getMessage());
        assertEquals("sweeps (k) must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> d.withSweeps(0)).getMessage());
        assertEquals(3, d.sweeps());
        assertEquals(NegativePhase.PATTERN_K_SWEEPS, d.negativePhase());
    }
}
