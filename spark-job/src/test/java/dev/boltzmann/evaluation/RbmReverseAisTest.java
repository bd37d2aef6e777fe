package dev.boltzmann.evaluation;

import static dev.boltzmann.RbmTestSupport.allStates;
import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Forward and reverse AIS against the exact log Z of RBMs small enough to enumerate: forward AIS is low and
 * reverse AIS high in expectation over seeds, their intervals bracket the exact value, and both converge to it as
 * the number of intermediate distributions grows.
 */
class RbmReverseAisTest {
    private static final int NV = 12;
    private static final int NH = 10;

    /** Strong weights: few intermediate distributions leave both estimates visibly biased. */
    private static Rbm model() {
        return randomRbm(NV, NH, 2.0, 21L);
    }

    /** {@code count} exact samples of p(v) ∝ e^{−F(v)}, drawn by enumerating the 2^nv visible states. */
    static double[] exactSamples(Rbm rbm, int count, long seed) {
        int nv = rbm.numVisible();
        double[] states = allStates(nv);
        double[] fe = rbm.freeEnergy(states, 1 << nv);
        double max = Double.NEGATIVE_INFINITY;
        for (double f : fe) {
            max = Math.max(max, -f);
        }
        double[] cumulative = new double[fe.length];
        double total = 0;
        for (int s = 0; s < fe.length; s++) {
            total += Math.exp(-fe[s] - max);
            cumulative[s] = total;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[count * nv];
        for (int c = 0; c < count; c++) {
            double u = rng.nextDouble() * total;
            int s = 0;
            while (s < fe.length - 1 && cumulative[s] <= u) {
                s++;
            }
            System.arraycopy(states, s * nv, out, c * nv, nv);
        }
        return out;
    }

    private static RbmAis.Result reverse(Rbm rbm, int betas, int runs, long seed) {
        return RbmReverseAis.estimate(rbm, exactSamples(rbm, runs, seed * 31 + 7), null,
            new RbmAis.Options(betas, runs, seed));
    }

    /** Mean over 20 seeds of (forward, reverse) log Z − exact, with K intermediate distributions and 10 runs. */
    private static double[] meanErrors(Rbm rbm, double exact, int betas) {
        int seeds = 20;
        double[] mean = new double[2];
        for (long seed = 1; seed <= seeds; seed++) {
            mean[0] += (RbmAis.estimate(rbm, (double[]) null, new RbmAis.Options(betas, 10, seed)).logZ() - exact)
                / seeds;
            mean[1] += (reverse(rbm, betas, 10, seed).logZ() - exact) / seeds;
        }
        return mean;
    }

    @Test
    void forwardIsLowAndReverseHighInExpectationOverSeedsAndTheGapClosesAsTheScheduleGrows() {
        Rbm rbm = model();
        double exact = RbmExactLikelihood.logPartition(rbm);
        double previousGap = Double.POSITIVE_INFINITY;
        for (int betas : new int[] {2, 5, 20}) {
            double[] e = meanErrors(rbm, exact, betas);
            // with few distributions the biases (−var/2-like for forward, + for reverse) dwarf the noise
            assertTrue(e[0] < 0 && e[1] > 0, "K = " + betas + ": forward " + e[0] + ", reverse " + e[1]);
            double gap = e[1] - e[0];
            assertTrue(gap < previousGap, "K = " + betas + ": the sandwich " + gap + " should be narrower than "
                + previousGap);
            previousGap = gap;
        }
    }

    @Test
    void bothIntervalsBracketTheExactValue() {
        Rbm rbm = model();
        double exact = RbmExactLikelihood.logPartition(rbm);
        for (long seed = 1; seed <= 3; seed++) {
            RbmAis.Result f = RbmAis.estimate(rbm, (double[]) null, new RbmAis.Options(1000, 100, seed));
            RbmAis.Result r = reverse(rbm, 1000, 100, seed);
            assertTrue(f.logZLow() <= exact && exact <= f.logZHigh(), "forward " + f + " vs exact " + exact);
            assertTrue(r.logZLow() <= exact && exact <= r.logZHigh(), "reverse " + r + " vs exact " + exact);
            assertTrue(r.logZLow() <= r.logZ() && r.logZ() <= r.logZHigh(), "reverse " + r);
        }
    }

    @Test
    void bothConvergeToTheExactValueAsTheScheduleGrows() {
        Rbm rbm = model();
        double exact = RbmExactLikelihood.logPartition(rbm);
        double previousForward = Double.POSITIVE_INFINITY;
        double previousReverse = Double.POSITIVE_INFINITY;
        // uniform schedules (K < 29), then the default spacing with many distributions and runs
        for (int betas : new int[] {2, 5, 20}) {
            double[] e = meanErrors(rbm, exact, betas);
            assertTrue(Math.abs(e[0]) < previousForward && Math.abs(e[1]) < previousReverse, "K = " + betas
                + ": mean errors " + e[0] + ", " + e[1]);
            previousForward = Math.abs(e[0]);
            previousReverse = Math.abs(e[1]);
        }
        assertEquals(exact, RbmAis.estimate(rbm, (double[]) null, new RbmAis.Options(3000, 100, 1L)).logZ(), 0.1);
        assertEquals(exact, reverse(rbm, 3000, 100, 1L).logZ(), 0.1);
    }

    @Test
    void startSamplesFromParallelTemperingGiveTheUpperSide() {
        Rbm rbm = model();
        double exact = RbmExactLikelihood.logPartition(rbm);
        TemperingOptions ladder = new TemperingOptions(8, 0.2, TemperingOptions.Spacing.GEOMETRIC);
        RbmAis.Result r = RbmReverseAis.estimate(rbm, null, new RbmAis.Options(1000, 100, 3L), ladder, 300);
        assertTrue(r.logZLow() <= exact && exact <= r.logZHigh(), "reverse from PT " + r + " vs exact " + exact);
        assertEquals(exact, r.logZ(), 0.3, "approximate start samples: within a third of a nat");
    }

    @Test
    void exactWhenTheBaseModelIsTheModelAndBadInputIsRefused() {
        double[] a = {0.3, -1.2, 2.0};
        Rbm rbm = Rbm.of(new double[3 * 4], a, new double[4]);
        RbmAis.Result r = RbmReverseAis.estimate(rbm, exactSamples(rbm, 10, 1L), a, new RbmAis.Options(50, 10, 1L));
        assertEquals(RbmExactLikelihood.logPartition(rbm), r.logZ(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> RbmReverseAis.estimate(rbm, new double[5], a,
            new RbmAis.Options(50, 10, 1L)));
    }
}
