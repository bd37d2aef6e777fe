package dev.boltzmann.evaluation;

import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BarsAndStripes;
import dev.boltzmann.learning.RbmEpochMonitor;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import org.junit.jupiter.api.Test;

class RbmAisTest {
    @Test
    void scheduleRunsFromZeroToOneAndIncreases() {
        for (int k : new int[] {1, 5, 28, 29, 1000, 10000}) {
            double[] b = RbmAis.betas(k);
            assertEquals(k + 1, b.length);
            assertEquals(0.0, b[0]);
            assertEquals(1.0, b[k]);
            for (int i = 1; i <= k; i++) {
                assertTrue(b[i] > b[i - 1], "β must increase at " + i + " of " + k);
            }
        }
        double[] b = RbmAis.betas(14500);
        assertEquals(0.5, b[500], 1e-12);
        assertEquals(0.9, b[4500], 1e-12);
    }

    @Test
    void exactWhenTheBaseModelIsTheModel() {
        double[] a = {0.3, -1.2, 2.0};
        Rbm rbm = Rbm.of(new double[3 * 4], a, new double[4]);
        RbmAis.Result r = RbmAis.estimate(rbm, a, new RbmAis.Options(50, 10, 1L));
        assertEquals(RbmExactLikelihood.logPartition(rbm), r.logZ(), 1e-12);
        assertEquals(0.0, r.logWeightStd(), 1e-12);
        assertEquals(10.0, r.effectiveSampleSize(), 1e-9);
    }

    /** CD-10 on 4×4 bars and stripes for 1000 epochs gives a sharply multimodal 16×20 RBM (30 modes). */
    @Test
    void withinHalfANatOfExactLogZOnATrainedRbm() {
        double[][] patterns = BarsAndStripes.patterns(4);
        double[] data = RbmTrainer.flatten(patterns);
        RbmTrainingConfig config = RbmTrainingConfig.defaults().withNumHidden(20)
            .withRule(RbmTrainingConfig.Rule.CD, 10).withRates(0.05, 0.5, 0.0).withSchedule(10, 1000)
            .withLearningRateDecay(0.002).withSeed(3L);
        Rbm rbm = new RbmTrainer(config).train(data, patterns.length, 16, RbmEpochMonitor.NONE);
        double exact = RbmExactLikelihood.logPartition(rbm);
        double ll = RbmExactLikelihood.meanLogLikelihood(rbm, data, patterns.length, exact);
        assertTrue(ll > -6.0, "the RBM should have learnt something; mean log-likelihood " + ll);
        RbmAis.Result ais = RbmAis.estimate(rbm, data, patterns.length, RbmAis.Options.defaults());
        assertEquals(exact, ais.logZ(), 0.5, "AIS " + ais + " vs exact " + exact);
        assertTrue(ais.logZLow() <= ais.logZ() && ais.logZ() <= ais.logZHigh());
        // the reported ±3 standard errors are honest here (about ±0.03 nat; the estimate is off by about 0.01)
        assertTrue(ais.logZLow() <= exact && exact <= ais.logZHigh(), "interval " + ais + " misses " + exact);
    }

    @Test
    void withinHalfANatOnARandomRbmWithStrongWeights() {
        Rbm rbm = randomRbm(20, 12, 1.0, 4L);
        double exact = RbmExactLikelihood.logPartition(rbm);
        RbmAis.Result ais = RbmAis.estimate(rbm, (double[]) null, new RbmAis.Options(2000, 100, 5L));
        assertEquals(exact, ais.logZ(), 0.5, "AIS " + ais + " vs exact " + exact);
    }

    @Test
    void sameSeedSameEstimate() {
        Rbm rbm = randomRbm(6, 5, 0.5, 6L);
        RbmAis.Options o = new RbmAis.Options(100, 10, 9L);
        assertEquals(RbmAis.estimate(rbm, (double[]) null, o), RbmAis.estimate(rbm, (double[]) null, o));
        assertThrows(IllegalArgumentException.class, () -> new RbmAis.Options(0, 10, 1L));
        assertThrows(IllegalArgumentException.class, () -> new RbmAis.Options(10, 1, 1L));
        assertThrows(IllegalArgumentException.class, () -> RbmAis.estimate(rbm, new double[5], o));
    }
}
