package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The phases of Boltzmann learning: the clamped phase clamps, slices of the work merge to the whole bit for bit
 * (random streams named by pattern and chain, exact integer sums), and seeds reproduce.
 */
class BmPhasesTest {
    private static final BmSamplingOptions SAMPLING = BmSamplingOptions.defaults().withChains(12)
        .withSamplesPerChain(3).withClampedSamples(4).withBurnIn(5).withClampedBurnIn(3);

    private static final double[][] VISIBLE = {
        {1, 0, 1, 1}, {0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 0, 1}, {1, 1, 0, 0}, {0, 1, 1, 0}, {1, 0, 0, 1}};
    private static final int[] LABELS = {0, 2, BoltzmannMachine.NO_LABEL, 1, 1, BoltzmannMachine.NO_LABEL, 0};

    private static BoltzmannMachine machine() {
        // Strong biases pulling every unit towards 1: clamping to 0 must still hold.
        BoltzmannMachine shape = BmFixtures.randomMachine(4, 3, 3, 1.0, 0.0, Seeds.rng(31));
        double[] b = new double[shape.size()];
        Arrays.fill(b, 5.0);
        return BoltzmannMachine.of(4, 3, 3, shape.weights(), b);
    }

    private static long[] indices(int from, int to) {
        long[] idx = new long[to - from];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = from + k;
        }
        return idx;
    }

    @Test
    void theClampedPhaseClampsVisibleUnitsAndKnownLabels() {
        BoltzmannMachine bm = machine();
        for (int p = 0; p < VISIBLE.length; p++) {
            BmStatistics s = BmStatistics.empty(bm.size());
            BmPhases.addPositive(bm, VISIBLE[p], LABELS[p], p, SAMPLING, 7, 0, 0, s);
            assertEquals(SAMPLING.clampedSamples(), s.positiveCount());
            double[] means = s.dataMeans();
            double[] corr = s.dataCorrelations();
            for (int i = 0; i < 4; i++) {
                assertEquals(VISIBLE[p][i], means[i], 0.0, "pattern " + p + " visible " + i);
                for (int j = i + 1; j < 4; j++) {
                    assertEquals(VISIBLE[p][i] * VISIBLE[p][j], corr[i * bm.size() + j], 0.0);
                }
            }
            double labelMass = means[4] + means[5] + means[6];
            assertEquals(1.0, labelMass, 1e-12, "exactly one label on in every kept state");
            if (LABELS[p] != BoltzmannMachine.NO_LABEL) {
                assertEquals(1.0, means[4 + LABELS[p]], 0.0, "pattern " + p + " label clamped");
            }
            // the free hidden units were sampled: with biases +5 they are nearly always on
            assertTrue(means[7] + means[8] + means[9] > 0.0);
        }
    }

    @Test
    void aFullyVisiblePatternIsItsOwnPositivePhase() {
        BoltzmannMachine bm = BmFixtures.randomMachine(4, 0, 0, 1.0, 0.5, Seeds.rng(32));
        BmStatistics s = BmPhases.positive(bm, VISIBLE, null, indices(0, VISIBLE.length), SAMPLING, 7, 0, 0);
        assertEquals((long) VISIBLE.length * SAMPLING.clampedSamples(), s.positiveCount());
        double[] mean = new double[4];
        for (double[] v : VISIBLE) {
            for (int i = 0; i < 4; i++) {
                mean[i] += v[i] / VISIBLE.length;
            }
        }
        assertArrayEquals(mean, s.dataMeans(), 1e-15);
    }

    @Test
    void slicesOfPatternsAndChainsMergeToTheWhole() {
        BoltzmannMachine bm = machine();
        long seed = 99;
        int epoch = 3;
        int round = 2;
        BmStatistics whole = BmPhases.positive(bm, VISIBLE, LABELS, indices(0, 7), SAMPLING, seed, epoch, round);
        double[][] chains = BmPhases.newChains(bm, SAMPLING.chains());
        whole.merge(BmPhases.negative(bm, chains, 0, true, SAMPLING, seed, epoch, round));

        // patterns 0..2 and 3..6 in two slices, given in reverse order; chains 0..4 and 5..11 as two blocks
        BmStatistics a = BmPhases.positive(bm, Arrays.copyOfRange(VISIBLE, 3, 7), Arrays.copyOfRange(LABELS, 3, 7),
            indices(3, 7), SAMPLING, seed, epoch, round);
        BmStatistics b = BmPhases.positive(bm, Arrays.copyOfRange(VISIBLE, 0, 3), Arrays.copyOfRange(LABELS, 0, 3),
            indices(0, 3), SAMPLING, seed, epoch, round);
        double[][] blockA = BmPhases.newChains(bm, 5);
        double[][] blockB = BmPhases.newChains(bm, 7);
        b.merge(BmPhases.negative(bm, blockB, 5, true, SAMPLING, seed, epoch, round));
        a.merge(BmPhases.negative(bm, blockA, 0, true, SAMPLING, seed, epoch, round));
        BmStatistics merged = b.merge(a);

        assertEquals(whole.positiveCount(), merged.positiveCount());
        assertEquals(whole.negativeCount(), merged.negativeCount());
        assertArrayEquals(whole.weightGradient(), merged.weightGradient(), 1e-12);
        assertArrayEquals(whole.biasGradient(), merged.biasGradient(), 1e-12);
        for (int c = 0; c < 12; c++) {
            assertArrayEquals(chains[c], c < 5 ? blockA[c] : blockB[c - 5], "chain " + c + " state");
        }
    }

    @Test
    void persistentChainsContinueFromTheirState() {
        BoltzmannMachine bm = BmFixtures.randomMachine(4, 3, 3, 1.0, 0.5, Seeds.rng(33));
        double[][] chains = BmPhases.newChains(bm, 4);
        BmPhases.negative(bm, chains, 0, true, SAMPLING, 5, 0, 0);
        double[][] copy = new double[4][];
        for (int c = 0; c < 4; c++) {
            copy[c] = chains[c].clone();
            assertTrue(bm.isLegal(chains[c]));
        }
        BmStatistics continued = BmPhases.negative(bm, chains, 0, false, SAMPLING, 5, 0, 1);
        BmStatistics restarted = BmPhases.negative(bm, copy, 0, true, SAMPLING, 5, 0, 1);
        // same stream (seed, epoch 0, round 1, chain c); only the start differs
        assertFalse(Arrays.equals(continued.modelCorrelations(), restarted.modelCorrelations()));
    }

    @Test
    void sameSeedSameStatisticsOtherSeedOther() {
        BoltzmannMachine bm = machine();
        BmStatistics a = BmPhases.positive(bm, VISIBLE, LABELS, indices(0, 7), SAMPLING, 1, 0, 0);
        BmStatistics b = BmPhases.positive(bm, VISIBLE, LABELS, indices(0, 7), SAMPLING, 1, 0, 0);
        BmStatistics c = BmPhases.positive(bm, VISIBLE, LABELS, indices(0, 7), SAMPLING, 2, 0, 0);
        BmStatistics d = BmPhases.positive(bm, VISIBLE, LABELS, indices(0, 7), SAMPLING, 1, 0, 1);
        assertArrayEquals(a.dataCorrelations(), b.dataCorrelations(), 0.0);
        assertNotEquals(Arrays.toString(a.dataCorrelations()), Arrays.toString(c.dataCorrelations()));
        assertNotEquals(Arrays.toString(a.dataCorrelations()), Arrays.toString(d.dataCorrelations()));
    }
}
