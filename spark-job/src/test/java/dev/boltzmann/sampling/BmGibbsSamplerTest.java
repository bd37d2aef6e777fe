package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gibbs sampling of a Boltzmann machine with a softmax label group against the exact distribution over its legal
 * states (enumerated). Same design and tolerance as {@link GibbsSamplerTest}: 200 chains × 500 states kept every
 * 3 sweeps after 20 sweeps of burn-in; the bound on the total-variation distance is {@link GibbsSamplerTest#tvBound}
 * (expected TV of N/2 independent draws plus a McDiarmid deviation at one-in-a-million).
 */
class BmGibbsSamplerTest {
    private static final int CHAINS = 200;
    private static final int PER_CHAIN = 500;

    /** Exact probabilities of the legal states agreeing with start on the clamped units, keyed by state code. */
    static Map<Long, Double> exact(BoltzmannMachine bm, double[] start, boolean[] clamped, double temperature) {
        Map<Long, Double> logw = new HashMap<>();
        BmEnumeration.forEachState(bm, start, clamped, (y, negE) -> logw.put(code(y), negE / temperature));
        double logZ = BmFixtures.logSumExp(new java.util.ArrayList<>(logw.values()));
        Map<Long, Double> p = new HashMap<>();
        logw.forEach((k, v) -> p.put(k, Math.exp(v - logZ)));
        return p;
    }

    static long code(double[] y) {
        long c = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1.0) {
                c |= 1L << i;
            }
        }
        return c;
    }

    /** TV distance between the empirical distribution of sampled states and the exact one; fails on illegal states. */
    static double tv(BoltzmannMachine bm, double[] start, boolean[] clamped, double temperature, long seed) {
        return tv(bm, start, clamped, temperature, temperature, seed);
    }

    /** As above, sampling at {@code temperature} but comparing with the exact distribution at {@code exactT}. */
    static double tv(BoltzmannMachine bm, double[] start, boolean[] clamped, double temperature, double exactT,
                     long seed) {
        Map<Long, Double> p = exact(bm, start, clamped, exactT);
        Map<Long, Double> counts = new HashMap<>();
        for (int c = 0; c < CHAINS; c++) {
            SplittableRandom rng = Seeds.rng(seed, c);
            double[] y = start.clone();
            BmGibbsSampler.randomize(bm, y, clamped, rng);
            BmGibbsSampler.sweeps(bm, y, clamped, temperature, 20, rng);
            for (int s = 0; s < PER_CHAIN; s++) {
                BmGibbsSampler.sweeps(bm, y, clamped, temperature, 3, rng);
                assertTrue(p.containsKey(code(y)), "sampled an illegal or unclamped state");
                counts.merge(code(y), 1.0, Double::sum);
            }
        }
        double total = (double) CHAINS * PER_CHAIN;
        double dist = 0.0;
        for (Map.Entry<Long, Double> e : p.entrySet()) {
            dist += Math.abs(counts.getOrDefault(e.getKey(), 0.0) / total - e.getValue());
        }
        return dist / 2.0;
    }

    static double bound(BoltzmannMachine bm, double[] start, boolean[] clamped, double temperature) {
        double[] p = exact(bm, start, clamped, temperature).values().stream().mapToDouble(Double::doubleValue)
            .toArray();
        return GibbsSamplerTest.tvBound(p, (double) CHAINS * PER_CHAIN);
    }

    @Test
    void labelledMachineMatchesTheExactDistribution() {
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 3, 2, 1.0, 0.7, Seeds.rng(21));
        double[] start = new double[bm.size()];
        for (double t : new double[] {1.0, 2.0}) {
            double tv = tv(bm, start, null, t, 22);
            assertTrue(tv < bound(bm, start, null, t), "T=" + t + ": TV " + tv);
        }
        // power: the same samples compared with the T = 3 distribution fail the bound
        double wrong = tv(bm, start, null, 1.0, 3.0, 22);
        assertTrue(wrong > 2 * bound(bm, start, null, 3.0), "T=1 samples against T=3: TV " + wrong);
    }

    @Test
    void clampedVisibleAndLabelsGiveTheExactConditional() {
        BoltzmannMachine bm = BmFixtures.randomMachine(3, 3, 3, 1.0, 0.7, Seeds.rng(24));
        double[] start = bm.stateOf(new double[] {1, 0, 1}, BoltzmannMachine.NO_LABEL);
        boolean[] visibleOnly = {true, true, true, false, false, false, false, false, false};
        double tv = tv(bm, start, visibleOnly, 1.0, 25);
        assertTrue(tv < bound(bm, start, visibleOnly, 1.0), "labels free: TV " + tv);
        double[] labelled = bm.stateOf(new double[] {0, 1, 1}, 1);
        boolean[] withLabels = {true, true, true, true, true, true, false, false, false};
        tv = tv(bm, labelled, withLabels, 1.0, 26);
        assertTrue(tv < bound(bm, labelled, withLabels, 1.0), "labels clamped: TV " + tv);
    }

    @Test
    void withoutLabelsItIsTheHopfieldGibbsSampler() {
        BoltzmannMachine bm = BmFixtures.randomMachine(5, 0, 3, 1.0, 0.5, Seeds.rng(27));
        double[] a = new double[8];
        double[] b = new double[8];
        boolean[] clamped = {true, false, false, true, false, false, false, false};
        SplittableRandom ra = Seeds.rng(28);
        SplittableRandom rb = Seeds.rng(28);
        for (int s = 0; s < 50; s++) {
            BmGibbsSampler.sweep(bm, a, clamped, 1.3, ra);
            GibbsSampler.sweep(bm.asHopfield(), b, clamped, 1.3, rb);
            assertArrayEquals(b, a);
        }
    }

    @Test
    void labelProbabilitiesAreTheSoftmaxOfTheFields() {
        BoltzmannMachine bm = BmFixtures.randomMachine(2, 3, 1, 1.0, 1.0, Seeds.rng(29));
        double[] y = {1, 1, 0, 0, 0, 1};
        double[] p = BmGibbsSampler.labelProbabilities(bm, y, 2.0);
        double[] e = new double[3];
        double sum = 0.0;
        for (int c = 0; c < 3; c++) {
            e[c] = Math.exp((bm.bias(2 + c) + bm.weight(2 + c, 0) + bm.weight(2 + c, 1) + bm.weight(2 + c, 5)) / 2.0);
            sum += e[c];
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(e[c] / sum, p[c], 1e-12);
        }
    }

    @Test
    void aPartlyClampedLabelGroupIsRefused() {
        BoltzmannMachine bm = BoltzmannMachine.zeros(2, 2, 1);
        boolean[] partial = {false, false, true, false, false};
        assertThrows(IllegalArgumentException.class,
            () -> BmGibbsSampler.sweep(bm, new double[5], partial, 1.0, Seeds.rng(1)));
        assertThrows(IllegalArgumentException.class,
            () -> BmGibbsSampler.sweep(bm, new double[5], null, 0.0, Seeds.rng(1)));
        assertThrows(IllegalArgumentException.class,
            () -> BmGibbsSampler.labelProbabilities(BoltzmannMachine.zeros(2, 0, 1), new double[3], 1.0));
    }
}
