package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.model.LabelRbm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The tempered label-RBM sampler against exact enumeration of a tiny label RBM (3 visible units, 2 labels, 2 hidden
 * units: 8 × 2 × 4 joint states): each replica's empirical distribution of (v, y) over many updates is its tempered
 * distribution p_β(v, y) ∝ Σ_h exp(−β E(v, y, h)) — the β = 1 replica the model's — and the joint energy the swaps
 * use is E(v, y, h); slices of the chains merge to the whole.
 */
class LabelTemperingTest {
    private static final int NV = 3;
    private static final int NC = 2;
    private static final int NH = 2;

    /** Strong weights, so that p_β differs clearly from p_1 and from uniform at the ladder's betas. */
    private static LabelRbm tiny() {
        double[] w = {3.0, -2.0, -2.5, 2.0, 2.0, 1.5};
        double[] a = {-1.5, 0.5, -0.5};
        double[] b = {-1.0, 0.5};
        double[] u = {2.5, -3.0, -2.0, 2.5};
        double[] d = {0.3, -0.3};
        return LabelRbm.of(w, a, b, u, d);
    }

    /** Exact p_β(v, y), indexed by {@code v + 2^nv · c}, by summing exp(−β E) over every (v, c, h). */
    static double[] tempered(LabelRbm m, double beta) {
        double[] p = new double[(1 << NV) * NC];
        double total = 0;
        for (int c = 0; c < NC; c++) {
            for (int v = 0; v < (1 << NV); v++) {
                for (int h = 0; h < (1 << NH); h++) {
                    p[v + (c << NV)] += Math.exp(-beta * m.energy(bits(v, NV), c, bits(h, NH)));
                }
            }
        }
        for (double x : p) {
            total += x;
        }
        for (int s = 0; s < p.length; s++) {
            p[s] /= total;
        }
        return p;
    }

    private static double totalVariation(double[] p, double[] q) {
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += Math.abs(p[i] - q[i]);
        }
        return tv / 2;
    }

    @Test
    void everyReplicaSamplesItsTemperedDistributionOfImagesAndLabels() {
        LabelRbm m = tiny();
        TemperingOptions o = new TemperingOptions(3, 0.3, TemperingOptions.Spacing.GEOMETRIC);
        LabelTempering pt = new LabelTempering(NV, NH, NC, o);
        int k = pt.replicas();
        int chains = 20;
        double[] state = ParallelTempering.initialChains(chains, k, NH);
        double[][] counts = new double[k][(1 << NV) * NC];
        SwapCounts swaps = SwapCounts.empty(k);
        int updates = 4000;
        for (int u = 0; u < updates; u++) {
            pt.advance(m, state, chains, 0, 1, 17L, u / 100, u % 100, swaps);
            if (u >= 50) {
                double[] v = pt.replicaVisible();
                double[] y = pt.replicaLabels();
                for (int row = 0; row < chains * k; row++) {
                    int s = ParallelTemperingTest.index(v, row * NV, NV) + ((y[row * NC + 1] == 1.0 ? 1 : 0) << NV);
                    assertEquals(1.0, y[row * NC] + y[row * NC + 1], "one-hot label");
                    counts[row % k][s]++;
                }
            }
        }
        double[] betas = pt.betas();
        double[] cold = tempered(m, 1.0);
        for (int r = 0; r < k; r++) {
            double n = Arrays.stream(counts[r]).sum();
            double[] empirical = Arrays.stream(counts[r]).map(x -> x / n).toArray();
            double[] exact = tempered(m, betas[r]);
            double tv = totalVariation(empirical, exact);
            assertTrue(tv < 0.02, "replica " + r + " (beta " + betas[r] + "): total variation " + tv);
            if (r > 0) {
                // and the test can tell: the hot replica's distribution is not the model's
                double off = totalVariation(empirical, cold);
                assertTrue(off > 0.1, "replica " + r + " is " + off + " from p_1, expected its tempered law");
            }
        }
        for (int pair = 0; pair < k - 1; pair++) {
            assertEquals((long) chains * updates, swaps.proposed(pair));
            double rate = swaps.rates()[pair];
            assertTrue(rate > 0.0 && rate < 1.0, "pair " + pair + " rate " + rate);
        }
    }

    @Test
    void theColdStatisticsAreThoseOfTheColdReplica() {
        LabelRbm m = tiny();
        TemperingOptions o = new TemperingOptions(3, 0.3, TemperingOptions.Spacing.LINEAR);
        LabelTempering pt = new LabelTempering(NV, NH, NC, o);
        int chains = 4;
        double[] state = ParallelTempering.initialChains(chains, 3, NH);
        LabelRbmStatistics stats = LabelRbmStatistics.empty(NV, NH, NC);
        pt.negativePhase(m, state, chains, 0, 2, 3L, 0, 0, stats, SwapCounts.empty(3));
        // the same sums from the β = 1 replicas' states, computed here from the model's conditionals
        LabelRbmStatistics expected = LabelRbmStatistics.empty(NV, NH, NC);
        for (int c = 0; c < chains; c++) {
            double[] v = Arrays.copyOfRange(pt.replicaVisible(), c * 3 * NV, c * 3 * NV + NV);
            double[] y = Arrays.copyOfRange(pt.replicaLabels(), c * 3 * NC, c * 3 * NC + NC);
            double[] p = new double[NH];
            m.hiddenProbabilities(v, 0, y, 0, 1, p, 0);
            expected.addNegative(v, 0, y, 0, p, 0, 1);
        }
        assertEquals(chains, stats.negativeCount());
        assertArrayEquals(gradients(expected), gradients(stats), 1e-12);
    }

    /** Every gradient, after one all-zero data row (a gradient needs both phases), in one array. */
    private static double[] gradients(LabelRbmStatistics s) {
        s.addPositive(new double[NV], 0, new double[] {1, 0}, 0, new double[NH], 0, 1);
        double[][] g = {s.visiblePart().weightGradient(), s.visiblePart().visibleBiasGradient(),
            s.visiblePart().hiddenBiasGradient(), s.labelWeightGradient(), s.labelBiasGradient()};
        return Arrays.stream(g).flatMapToDouble(Arrays::stream).toArray();
    }

    @Test
    void slicesOfTheChainsMergeToTheWhole() {
        LabelRbm m = tiny();
        TemperingOptions o = TemperingOptions.defaults();
        int k = o.numTemperatures();
        double[] whole = ParallelTempering.initialChains(5, k, NH);
        double[] a = Arrays.copyOf(whole, 2 * k * NH);
        double[] b = Arrays.copyOfRange(whole, 2 * k * NH, whole.length);
        LabelTempering pt = new LabelTempering(NV, NH, NC, o);
        LabelRbmStatistics all = LabelRbmStatistics.empty(NV, NH, NC);
        LabelRbmStatistics sa = LabelRbmStatistics.empty(NV, NH, NC);
        LabelRbmStatistics sb = LabelRbmStatistics.empty(NV, NH, NC);
        SwapCounts allSwaps = SwapCounts.empty(k);
        SwapCounts parts = SwapCounts.empty(k);
        for (int round = 0; round < 4; round++) {
            pt.negativePhase(m, whole, 5, 0, 2, 9L, 1, round, all, allSwaps);
            pt.negativePhase(m, b, 3, 2, 2, 9L, 1, round, sb, parts);
            pt.negativePhase(m, a, 2, 0, 2, 9L, 1, round, sa, parts);
        }
        double[] joined = Arrays.copyOf(a, whole.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertArrayEquals(whole, joined);
        sa.merge(sb);
        assertArrayEquals(gradients(all), gradients(sa), 1e-12);
        for (int p = 0; p < k - 1; p++) {
            assertEquals(allSwaps.accepted(p), parts.accepted(p));
        }
    }

    @Test
    void wrongSizesAreRefused() {
        LabelTempering pt = new LabelTempering(NV, NH, NC, TemperingOptions.defaults());
        LabelRbm other = LabelRbm.random(NV, NH, 3, 0.1, null, null, 1L);
        assertThrows(IllegalArgumentException.class, () -> pt.advance(other,
            ParallelTempering.initialChains(1, 10, NH), 1, 0, 1, 1L, 0, 0, SwapCounts.empty(10)));
        assertThrows(IllegalArgumentException.class, () -> new LabelRbmTrainer(RbmTrainingConfig.defaults(),
            TemperingOptions.defaults()));
    }
}
