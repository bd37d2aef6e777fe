package dev.boltzmann.evaluation;

import static dev.boltzmann.RbmTestSupport.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.RbmTestSupport;
import dev.boltzmann.learning.RbmEpochReport;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmStatistics;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The trouble-showing monitors against direct computation: brute-force free energies, explicit sigmoids, hand sums. */
class RbmDiagnosticsTest {
    private static double[] binaryRows(int rows, int nv, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[rows * nv];
        for (int k = 0; k < x.length; k++) {
            x[k] = rng.nextDouble() < 0.4 ? 1.0 : 0.0;
        }
        return x;
    }

    /** F(v) = −log Σ_h e^{−E(v,h)} by enumerating h. */
    private static double bruteFreeEnergy(Rbm rbm, double[] data, int row) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        double[] v = Arrays.copyOfRange(data, row * nv, (row + 1) * nv);
        double s = 0;
        for (int h = 0; h < (1 << nh); h++) {
            s += Math.exp(-rbm.energy(v, bits(h, nh)));
        }
        return -Math.log(s);
    }

    @Test
    void histogramCountsByHand() {
        long[] c = RbmDiagnostics.histogram(new double[] {0.0, 0.05, 0.1, 0.55, 0.999, 1.0, 1.0 + 1e-12}, 10);
        assertArrayEquals(new long[] {2, 1, 0, 0, 0, 1, 0, 0, 0, 3}, c);
        assertArrayEquals(new long[] {1, 1}, RbmDiagnostics.histogram(new double[] {0.49, 0.5}, 2));
        assertThrows(IllegalArgumentException.class, () -> RbmDiagnostics.histogram(new double[] {-0.1}, 10));
        assertThrows(IllegalArgumentException.class, () -> RbmDiagnostics.histogram(new double[] {Double.NaN}, 10));
        assertThrows(IllegalArgumentException.class, () -> RbmDiagnostics.histogram(new double[] {0.5}, 0));
    }

    @Test
    void meanHiddenActivationsAndTheirHistogramMatchExplicitSigmoids() {
        Rbm rbm = RbmTestSupport.randomRbm(7, 13, 1.5, 21);
        int rows = 40;
        double[] data = binaryRows(rows, 7, 22);
        double[] means = RbmDiagnostics.meanHiddenActivations(rbm, data, rows);
        long[] expectedCounts = new long[10];
        for (int j = 0; j < 13; j++) {
            double m = 0;
            for (int r = 0; r < rows; r++) {
                double x = rbm.hiddenBias()[j];
                for (int i = 0; i < 7; i++) {
                    x += data[r * 7 + i] * rbm.weight(i, j);
                }
                m += 1.0 / (1.0 + Math.exp(-x)) / rows;
            }
            assertEquals(m, means[j], 1e-12, "unit " + j);
            expectedCounts[Math.min(9, (int) Math.floor(m * 10))]++;
        }
        assertArrayEquals(expectedCounts, RbmDiagnostics.histogram(means, RbmDiagnostics.HISTOGRAM_BINS));
        assertTrue(Arrays.stream(expectedCounts).filter(c -> c > 0).count() >= 3, "the units spread over bins");
        int[] order = RbmDiagnostics.unitsByActivation(means);
        for (int k = 1; k < order.length; k++) {
            assertTrue(means[order[k - 1]] >= means[order[k]], "sorted, highest first");
        }
        assertEquals(13, Arrays.stream(order).distinct().count());
    }

    @Test
    void freeEnergyGapIsHeldOutMinusTrainingSubsetByEnumeration() {
        Rbm rbm = RbmTestSupport.randomRbm(6, 5, 1.0, 31);
        int trainRows = 25;
        int heldRows = 8;
        double[] train = binaryRows(trainRows, 6, 32);
        double[] held = binaryRows(heldRows, 6, 33);
        long seed = 7;
        long[] subset = RbmDiagnostics.gapSubset(trainRows, heldRows, seed);
        double fTrain = 0;
        for (long r : subset) {
            fTrain += bruteFreeEnergy(rbm, train, (int) r) / subset.length;
        }
        double fHeld = 0;
        for (int r = 0; r < heldRows; r++) {
            fHeld += bruteFreeEnergy(rbm, held, r) / heldRows;
        }
        double gap = RbmDiagnostics.freeEnergyGap(rbm, train, trainRows, held, heldRows, seed);
        assertEquals(fHeld - fTrain, gap, 1e-12);
        // log Z cancels: the gap is the subset's mean log-likelihood minus the held-out rows'
        double[] rowsOfSubset = new double[subset.length * 6];
        for (int k = 0; k < subset.length; k++) {
            System.arraycopy(train, (int) subset[k] * 6, rowsOfSubset, k * 6, 6);
        }
        assertEquals(RbmExactLikelihood.meanLogLikelihood(rbm, rowsOfSubset, subset.length)
            - RbmExactLikelihood.meanLogLikelihood(rbm, held, heldRows), gap, 1e-9);
        assertTrue(Math.abs(gap) > 1e-3, "a gap that can be told from 0: " + gap);
        // held-out data equal to the training data: no gap
        assertEquals(0.0, RbmDiagnostics.freeEnergyGap(rbm, train, trainRows, train, trainRows, seed), 1e-12);
    }

    @Test
    void theGapSubsetIsASeededUniformSampleOfDistinctRows() {
        long[] a = RbmDiagnostics.gapSubset(1000, 50, 3);
        assertEquals(50, a.length);
        assertEquals(50, Arrays.stream(a).distinct().count());
        for (int k = 0; k < a.length; k++) {
            assertTrue(a[k] >= 0 && a[k] < 1000);
            assertTrue(k == 0 || a[k] > a[k - 1], "sorted");
        }
        assertArrayEquals(a, RbmDiagnostics.gapSubset(1000, 50, 3), "the same rows every time");
        assertFalse(Arrays.equals(a, RbmDiagnostics.gapSubset(1000, 50, 4)), "another seed, other rows");
        long[] all = RbmDiagnostics.gapSubset(10, 25, 3);
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all, "more held-out rows than training rows");
        // every row is as likely to be chosen: 3 of 10 rows over 3000 seeds, 900 ± 25 expected per row (5σ ≈ 125)
        int[] hits = new int[10];
        for (long s = 0; s < 3000; s++) {
            for (long r : RbmDiagnostics.gapSubset(10, 3, s)) {
                hits[(int) r]++;
            }
        }
        for (int h : hits) {
            assertEquals(900, h, 125);
        }
        assertThrows(IllegalArgumentException.class, () -> RbmDiagnostics.gapSubset(0, 5, 1));
    }

    /**
     * By hand: W = [0.3, 0.4] (1 × 2), one data row v = 1 with p(h|v) = (0.5, 0.25), one model sample v = 0, rate
     * 0.1, no momentum or decay: ΔW = 0.1·(0.5, 0.25) = (0.05, 0.025), ||ΔW|| = √0.003125 = 0.0559017, the new
     * W = (0.35, 0.425), ||W|| = √0.303125 = 0.5505679, ratio 0.1015346.
     */
    @Test
    void updateToWeightRatioByHand() {
        Rbm rbm = Rbm.of(new double[] {0.3, 0.4}, new double[] {0.0}, new double[] {0.0, 0.0});
        RbmStatistics s = RbmStatistics.empty(1, 2);
        s.addPositive(new double[] {1.0}, 0, new double[] {0.5, 0.25}, 0, 1);
        s.addNegative(new double[] {0.0}, 0, new double[] {0.7, 0.1}, 0, 1);
        RbmOptimizer opt = new RbmOptimizer(1, 2, 0.1, 0.0, 0.0);
        assertEquals(0.0, opt.weightUpdateNorm(), 0.0, "no update yet");
        Rbm next = opt.step(rbm, s);
        assertEquals(0.0559017, opt.weightUpdateNorm(), 1e-7);
        RbmEpochReport report = new RbmEpochReport(1, next, 0, 0.1, 1, 1, opt.weightUpdateNorm());
        assertEquals(0.5505679, report.weightNorm(), 1e-7);
        assertEquals(0.1015346, report.updateToWeightRatio(), 1e-7);
        assertEquals(0.1015346, RbmDiagnostics.updateToWeightRatio(0.5505679, 0.0559017), 1e-6);
        assertTrue(Double.isNaN(RbmDiagnostics.updateToWeightRatio(0.0, 1.0)));
    }

    @Test
    void theTrainerReportsTheNormOfEachEpochsLastUpdate() {
        // one round per epoch (batch = all rows): the epoch's last update is the whole change of the epoch
        double[] data = binaryRows(12, 6, 41);
        RbmTrainingConfig cfg = RbmTrainingConfig.defaults().withNumHidden(4).withSchedule(12, 4).withSeed(3)
            .withRates(0.1, 0.5, 1e-3);
        List<RbmEpochReport> reports = new ArrayList<>();
        RbmTrainer trainer = new RbmTrainer(cfg);
        Rbm before = trainer.initialModel(data, 12, 6);
        trainer.train(data, 12, 6, reports::add);
        for (RbmEpochReport r : reports) {
            double[] w0 = before.weights();
            double[] w1 = r.model().weights();
            double d = 0;
            double n = 0;
            for (int k = 0; k < w0.length; k++) {
                d += (w1[k] - w0[k]) * (w1[k] - w0[k]);
                n += w1[k] * w1[k];
            }
            assertEquals(Math.sqrt(d), r.updateNorm(), 1e-12 + 1e-9 * Math.sqrt(d), "epoch " + r.epoch());
            assertEquals(Math.sqrt(n), r.weightNorm(), 1e-12);
            assertEquals(Math.sqrt(d) / Math.sqrt(n), r.updateToWeightRatio(), 1e-9);
            before = r.model();
        }
        assertEquals(4, reports.size());
    }
}
