package dev.boltzmann.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.sampling.BmModes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Exact enumeration (Gray code, incremental energies, chunked log-sum-exp) against brute-force double loops. */
class BmExactTest {

    @ParameterizedTest(name = "nv={0} C={1} nh={2}")
    @CsvSource({"4, 0, 0", "7, 0, 0", "3, 0, 3", "5, 0, 4", "3, 3, 2", "2, 2, 0", "4, 4, 3"})
    void logPartitionEqualsBruteForce(int nv, int nl, int nh) {
        BoltzmannMachine bm = BmFixtures.randomMachine(nv, nl, nh, 1.5, 1.0, Seeds.rng(11, nv, nl, nh));
        assertEquals(BmFixtures.bruteLogPartition(bm, true), BmExact.logPartition(bm), 1e-10);
    }

    @Test
    void longGrayWalksStayExact() {
        // 2^14 states: more than three refresh chunks of 4096, and large energies (weights sd 2).
        BoltzmannMachine bm = BmFixtures.randomMachine(10, 0, 4, 2.0, 1.0, Seeds.rng(12));
        assertEquals(BmFixtures.bruteLogPartition(bm, true), BmExact.logPartition(bm), 1e-9);
        long[] visits = {0};
        BmEnumeration.forEachState(bm, new double[14], null, (y, negE) -> {
            visits[0]++;
            assertEquals(-BmFixtures.bruteEnergy(bm, y), negE, 1e-9);
        });
        assertEquals(1L << 14, visits[0]);
    }

    @Test
    void theLabelGroupContributesOnlyItsOneHotStates() {
        BoltzmannMachine zero = BoltzmannMachine.zeros(2, 3, 1);
        // Z = C · 2^(nv + nh) = 3 · 8 for a zero machine, not 2^6 = 64.
        assertEquals(Math.log(24), BmExact.logPartition(zero), 1e-12);
        assertEquals(Math.log(64), BmFixtures.bruteLogPartition(zero, false), 1e-12);
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 3, 2, 1.0, 1.0, Seeds.rng(13));
        double all = BmFixtures.bruteLogPartition(bm, false);
        double oneHot = BmFixtures.bruteLogPartition(bm, true);
        assertTrue(Math.abs(all - oneHot) > 0.1, "counting every label pattern must differ");
        assertEquals(oneHot, BmExact.logPartition(bm), 1e-10);
        assertEquals(3 * 32, BmEnumeration.stateCount(bm, new double[bm.size()], null));
    }

    @Test
    void marginalsMatchBruteForceAndSumToOne() {
        BoltzmannMachine bm = BmFixtures.randomMachine(4, 0, 3, 1.2, 0.8, Seeds.rng(14));
        double total = 0.0;
        for (int code = 0; code < 16; code++) {
            double[] v = BmFixtures.state(code, 4);
            assertEquals(BmFixtures.bruteLogMarginal(bm, v), BmExact.logUnnormalizedMarginal(bm, v, -1), 1e-10);
            total += Math.exp(BmExact.logLikelihood(bm, v, BoltzmannMachine.NO_LABEL));
        }
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void labelledMarginalsAndClassPosteriors() {
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 3, 2, 1.2, 0.8, Seeds.rng(15));
        double total = 0.0;
        for (int code = 0; code < 8; code++) {
            double[] v = BmFixtures.state(code, 3);
            double[] joint = new double[3];
            for (int c = 0; c < 3; c++) {
                double[] prefix = Arrays.copyOf(bm.stateOf(v, c), bm.hiddenStart());
                assertEquals(BmFixtures.bruteLogMarginal(bm, prefix), BmExact.logUnnormalizedMarginal(bm, v, c),
                    1e-10);
                joint[c] = Math.exp(BmExact.logLikelihood(bm, v, c));
                total += joint[c];
            }
            double marginal = Math.exp(BmExact.logLikelihood(bm, v, BoltzmannMachine.NO_LABEL));
            assertEquals(joint[0] + joint[1] + joint[2], marginal, 1e-12);
            double[] posterior = BmExact.classProbabilities(bm, v);
            for (int c = 0; c < 3; c++) {
                assertEquals(joint[c] / marginal, posterior[c], 1e-12);
            }
        }
        assertEquals(1.0, total, 1e-12);
    }

    @Test
    void gibbsClassEstimateApproachesTheExactPosterior() {
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 3, 4, 1.0, 0.5, Seeds.rng(16));
        double[] v = {1, 0, 1};
        double[] exact = BmModes.classProbabilitiesExact(bm, v);
        double[] gibbs = BmModes.classProbabilitiesGibbs(bm, v, 20_100, 20_000, Seeds.rng(17));
        // 20 000 correlated sweeps averaging a bounded estimator: 0.02 leaves a wide margin for the Monte-Carlo
        // error (observed differences are a few thousandths).
        assertArrayEquals(exact, gibbs, 0.02);
    }

    /** Central differences of the mean log-likelihood, an independent check of the moment formulas. */
    @Test
    void exactGradientMatchesFiniteDifferences() {
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 2, 2, 1.0, 0.5, Seeds.rng(18));
        double[][] data = {{1, 0, 1}, {0, 1, 1}, {1, 1, 0}, {0, 0, 0}};
        int[] labels = {0, 1, BoltzmannMachine.NO_LABEL, 1};
        BmExact.Gradient g = BmExact.gradient(bm, data, labels);
        int n = bm.size();
        double h = 1e-5;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (bm.isLabelUnit(i) && bm.isLabelUnit(j)) {
                    assertEquals(0.0, g.weights()[i * n + j], 0.0);
                    continue;
                }
                double fd = (shifted(bm, data, labels, i, j, h) - shifted(bm, data, labels, i, j, -h)) / (2 * h);
                assertEquals(fd, g.weights()[i * n + j], 1e-7, "W[" + i + "][" + j + "]");
                assertEquals(g.weights()[i * n + j], g.weights()[j * n + i], 0.0);
            }
            double fd = (shifted(bm, data, labels, i, i, h) - shifted(bm, data, labels, i, i, -h)) / (2 * h);
            assertEquals(fd, g.biases()[i], 1e-7, "b[" + i + "]");
            assertEquals(0.0, g.weights()[i * n + i], 0.0);
        }
    }

    /** The mean log-likelihood with W_ij = W_ji (or b_i when i == j) moved by delta. */
    private static double shifted(BoltzmannMachine bm, double[][] data, int[] labels, int i, int j, double delta) {
        int n = bm.size();
        double[] w = bm.weights();
        double[] b = bm.biases();
        if (i == j) {
            b[i] += delta;
        } else {
            w[i * n + j] += delta;
            w[j * n + i] += delta;
        }
        BoltzmannMachine moved = BoltzmannMachine.of(bm.numVisible(), bm.numLabels(), bm.numHidden(), w, b);
        return BmExact.meanLogLikelihood(moved, data, labels);
    }

    @Test
    void modelMomentsOfAZeroMachineAreUniform() {
        BmExact.Moments m = BmExact.modelMoments(BoltzmannMachine.zeros(2, 2, 1));
        // units 0,1 visible, 2,3 labels, 4 hidden: P(label c) = ½, P(binary unit on) = ½.
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5, 0.5}, m.means(), 1e-12);
        assertEquals(0.25, m.correlations()[0 * 5 + 1], 1e-12);
        assertEquals(0.0, m.correlations()[2 * 5 + 3], 1e-12);
    }

    @Test
    void refusesWhatItCannotEnumerate() {
        BoltzmannMachine big = BoltzmannMachine.zeros(20, 0, 5);
        assertThrows(IllegalArgumentException.class, () -> BmExact.logPartition(big));
        BoltzmannMachine labelled = BoltzmannMachine.zeros(2, 2, 1);
        boolean[] partial = {false, false, true, false, false};
        assertThrows(IllegalArgumentException.class,
            () -> BmEnumeration.logSumExp(labelled, new double[5], partial));
        assertThrows(IllegalArgumentException.class,
            () -> BmExact.meanLogLikelihood(labelled, new double[0][], null));
    }
}
