package dev.boltzmann.learning;

import static dev.boltzmann.RbmTestSupport.bits;
import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Parallel tempering against exact enumeration: every replica's marginal is its tempered distribution, the swap
 * move satisfies detailed balance, one whole update leaves the product of the tempered distributions invariant,
 * slices of the chains merge to the whole, and the swap rates are counted.
 */
class ParallelTemperingTest {

    /** Exact p_β(v) ∝ Σ_h exp(−β E(v,h)), by enumerating every (v, h) (independent of the sampler). */
    static double[] temperedVisibleMarginal(Rbm rbm, double beta) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        double[] p = new double[1 << nv];
        double total = 0;
        for (int v = 0; v < p.length; v++) {
            for (int h = 0; h < (1 << nh); h++) {
                p[v] += Math.exp(-beta * rbm.energy(bits(v, nv), bits(h, nh)));
            }
            total += p[v];
        }
        for (int v = 0; v < p.length; v++) {
            p[v] /= total;
        }
        return p;
    }

    /** Exact p_β(h) ∝ Σ_v exp(−β E(v,h)). */
    static double[] temperedHiddenMarginal(Rbm rbm, double beta) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        double[] p = new double[1 << nh];
        double total = 0;
        for (int h = 0; h < p.length; h++) {
            for (int v = 0; v < (1 << nv); v++) {
                p[h] += Math.exp(-beta * rbm.energy(bits(v, nv), bits(h, nh)));
            }
            total += p[h];
        }
        for (int h = 0; h < p.length; h++) {
            p[h] /= total;
        }
        return p;
    }

    static int index(double[] x, int off, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s |= (x[off + i] != 0.0 ? 1 : 0) << i;
        }
        return s;
    }

    static double totalVariation(double[] p, double[] q) {
        double tv = 0;
        for (int i = 0; i < p.length; i++) {
            tv += Math.abs(p[i] - q[i]);
        }
        return tv / 2;
    }

    /** A bimodal RBM: one hidden unit switches all visible units on together, the biases favour all off. */
    static Rbm bimodal() {
        int nv = 5;
        int nh = 2;
        double[] w = new double[nv * nh];
        for (int i = 0; i < nv; i++) {
            w[i * nh] = 8.0;
            w[i * nh + 1] = 0.5 * (i % 2 == 0 ? 1 : -1);
        }
        double[] a = new double[nv];
        Arrays.fill(a, -4.0);
        return Rbm.of(w, a, new double[] {-20.0, 0.3});
    }

    @Test
    void everyReplicaSamplesItsTemperedMarginal() {
        Rbm rbm = bimodal();
        int nv = rbm.numVisible();
        TemperingOptions o = new TemperingOptions(4, 0.2, TemperingOptions.Spacing.GEOMETRIC);
        ParallelTempering pt = new ParallelTempering(nv, rbm.numHidden(), o);
        int k = pt.replicas();
        int chains = 40;
        double[] state = ParallelTempering.initialChains(chains, k, rbm.numHidden());
        double[][] counts = new double[k][1 << nv];
        SwapCounts swaps = SwapCounts.empty(k);
        int updates = 2500;
        for (int u = 0; u < updates; u++) {
            pt.advance(rbm, state, chains, 0, 1, 7L, u / 100, u % 100, swaps);
            if (u >= 100) {
                double[] v = pt.replicaVisible();
                for (int c = 0; c < chains; c++) {
                    for (int r = 0; r < k; r++) {
                        counts[r][index(v, (c * k + r) * nv, nv)]++;
                    }
                }
                assertArrayEquals(Arrays.copyOfRange(v, 0, nv), Arrays.copyOfRange(pt.coldVisible(), 0, nv));
            }
        }
        double[] betas = pt.betas();
        for (int r = 0; r < k; r++) {
            double n = Arrays.stream(counts[r]).sum();
            double[] empirical = Arrays.stream(counts[r]).map(x -> x / n).toArray();
            double tv = totalVariation(empirical, temperedVisibleMarginal(rbm, betas[r]));
            assertTrue(tv < 0.02, "replica " + r + " (beta " + betas[r] + "): total variation " + tv);
        }
        // the all-on mode holds a good share of the mass at beta = 1 and the chains started in the other one
        double[] exact = temperedVisibleMarginal(rbm, 1.0);
        assertTrue(exact[(1 << nv) - 1] > 0.2 && exact[0] > 0.2, Arrays.toString(exact));
        for (int pair = 0; pair < k - 1; pair++) {
            assertEquals((long) chains * updates, swaps.proposed(pair));
            double rate = swaps.rates()[pair];
            assertTrue(rate > 0.0 && rate < 1.0, "pair " + pair + " rate " + rate);
        }
    }

    @Test
    void plainGibbsChainsStayInOneModeWhereTemperingMixes() {
        // the reason for tempering, and a check that the marginal test above can fail: PCD chains from the same
        // start, with the same number of steps, miss the second mode
        Rbm rbm = bimodal();
        int nv = rbm.numVisible();
        int chains = 40;
        double[] hidden = CdKernel.initialChains(chains, rbm.numHidden());
        CdKernel kernel = new CdKernel(nv, rbm.numHidden());
        double[] counts = new double[1 << nv];
        for (int u = 0; u < 2500; u++) {
            RbmStatistics s = RbmStatistics.empty(nv, rbm.numHidden());
            kernel.persistentNegativePhase(rbm, hidden, chains, 0, 1, 7L, u / 100, u % 100, s);
            if (u >= 100) {
                for (int c = 0; c < chains; c++) {
                    double[] v = rbm.visibleProbabilities(Arrays.copyOfRange(hidden, c * 2, c * 2 + 2), 1);
                    counts[v[0] > 0.5 ? (1 << nv) - 1 : 0]++;
                }
            }
        }
        double onShare = counts[(1 << nv) - 1] / (counts[0] + counts[(1 << nv) - 1]);
        double exactOn = temperedHiddenMarginal(rbm, 1.0)[1] + temperedHiddenMarginal(rbm, 1.0)[3];
        assertTrue(Math.abs(onShare - exactOn) > 0.1, "Gibbs share " + onShare + ", exact " + exactOn);
    }

    /** The swap move on 2 temperatures of an RBM with 1 visible and 1 hidden unit: 16 joint states. */
    private static double[][] swapKernel(Rbm rbm, double b0, double b1, boolean flipSign) {
        double[][] t = new double[16][16];
        for (int s = 0; s < 16; s++) {
            double e0 = rbm.energy(bits(s & 1, 1), bits((s >> 1) & 1, 1));
            double e1 = rbm.energy(bits((s >> 2) & 1, 1), bits((s >> 3) & 1, 1));
            double log = ParallelTempering.logSwapRatio(b0, b1, e0, e1) * (flipSign ? -1 : 1);
            double accept = Math.min(1.0, Math.exp(log));
            int swapped = ((s & 3) << 2) | (s >> 2);
            t[s][swapped] += accept;
            t[s][s] += 1.0 - accept;
        }
        return t;
    }

    private static double detailedBalanceViolation(Rbm rbm, double b0, double b1, double[][] t) {
        double[] pi = new double[16];
        double z = 0;
        for (int s = 0; s < 16; s++) {
            double e0 = rbm.energy(bits(s & 1, 1), bits((s >> 1) & 1, 1));
            double e1 = rbm.energy(bits((s >> 2) & 1, 1), bits((s >> 3) & 1, 1));
            pi[s] = Math.exp(-b0 * e0 - b1 * e1);
            z += pi[s];
        }
        double worst = 0;
        for (int s = 0; s < 16; s++) {
            for (int u = 0; u < 16; u++) {
                worst = Math.max(worst, Math.abs(pi[s] * t[s][u] - pi[u] * t[u][s]) / z);
            }
        }
        return worst;
    }

    @Test
    void theSwapMoveSatisfiesDetailedBalanceOnTwoTemperatures() {
        Rbm rbm = Rbm.of(new double[] {2.5}, new double[] {-1.0}, new double[] {0.7});
        double b0 = 1.0;
        double b1 = 0.35;
        assertTrue(detailedBalanceViolation(rbm, b0, b1, swapKernel(rbm, b0, b1, false)) < 1e-15);
        // and it would notice the sign slip the acceptance is easy to get wrong
        assertTrue(detailedBalanceViolation(rbm, b0, b1, swapKernel(rbm, b0, b1, true)) > 1e-3);
    }

    @Test
    void oneUpdateLeavesTheProductOfTemperedDistributionsInvariant() {
        // start every chain with exact draws of p_{β_k}(h) per replica; after one Gibbs step and a swap the
        // replicas' joint (h_0, h_1) must still be p_1(h_0) p_β(h_1), and v_0 must be p_1(v)
        Rbm rbm = Rbm.of(new double[] {3.0, -2.0, 2.5, 1.5}, new double[] {-1.5, 1.0}, new double[] {-1.0, 0.5});
        TemperingOptions o = new TemperingOptions(2, 0.25, TemperingOptions.Spacing.LINEAR);
        ParallelTempering pt = new ParallelTempering(2, 2, o);
        double[] h0 = temperedHiddenMarginal(rbm, 1.0);
        double[] h1 = temperedHiddenMarginal(rbm, 0.25);
        int chains = 60_000;
        double[] state = new double[chains * 2 * 2];
        SplittableRandom rng = new SplittableRandom(5);
        for (int c = 0; c < chains; c++) {
            System.arraycopy(bits(draw(h0, rng), 2), 0, state, c * 4, 2);
            System.arraycopy(bits(draw(h1, rng), 2), 0, state, c * 4 + 2, 2);
        }
        SwapCounts swaps = SwapCounts.empty(2);
        pt.advance(rbm, state, chains, 0, 1, 3L, 0, 0, swaps);
        double[] joint = new double[16];
        double[] cold = new double[4];
        for (int c = 0; c < chains; c++) {
            joint[index(state, c * 4, 4)] += 1.0 / chains;
            cold[index(pt.coldVisible(), c * 2, 2)] += 1.0 / chains;
        }
        double[] expected = new double[16];
        for (int s = 0; s < 16; s++) {
            expected[s] = h0[s & 3] * h1[s >> 2];
        }
        assertTrue(totalVariation(joint, expected) < 0.01, "joint TV " + totalVariation(joint, expected));
        assertTrue(totalVariation(cold, temperedVisibleMarginal(rbm, 1.0)) < 0.01);
        double rate = swaps.rates()[0];
        assertTrue(rate > 0.05 && rate < 0.95, "swap rate " + rate);
    }

    private static int draw(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        for (int s = 0; s < p.length; s++) {
            u -= p[s];
            if (u < 0) {
                return s;
            }
        }
        return p.length - 1;
    }

    @Test
    void slicesOfTheChainsMergeToTheWhole() {
        Rbm rbm = randomRbm(6, 4, 1.0, 2L);
        TemperingOptions o = TemperingOptions.defaults();
        int k = o.numTemperatures();
        double[] whole = ParallelTempering.initialChains(5, k, 4);
        RbmStatistics all = RbmStatistics.empty(6, 4);
        SwapCounts allSwaps = SwapCounts.empty(k);
        ParallelTempering pt = new ParallelTempering(6, 4, o);
        double[] a = Arrays.copyOfRange(whole, 0, 2 * k * 4);
        double[] b = Arrays.copyOfRange(whole, 2 * k * 4, whole.length);
        RbmStatistics sa = RbmStatistics.empty(6, 4);
        RbmStatistics sb = RbmStatistics.empty(6, 4);
        SwapCounts wa = SwapCounts.empty(k);
        SwapCounts wb = SwapCounts.empty(k);
        for (int round = 0; round < 3; round++) {
            all.reset();
            sa.reset();
            sb.reset();
            pt.negativePhase(rbm, whole, 5, 0, 2, 9L, 1, round, all, allSwaps);
            pt.negativePhase(rbm, b, 3, 2, 2, 9L, 1, round, sb, wb);
            pt.negativePhase(rbm, a, 2, 0, 2, 9L, 1, round, sa, wa);
        }
        double[] joined = new double[whole.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        assertArrayEquals(whole, joined);
        double[] data = new double[6];
        all.addPositive(data, 0, new double[4], 0, 1);
        sa.merge(sb).addPositive(data, 0, new double[4], 0, 1);
        assertArrayEquals(all.weightGradient(), sa.weightGradient(), 1e-12);
        wa.merge(wb);
        for (int p = 0; p < k - 1; p++) {
            assertEquals(allSwaps.accepted(p), wa.accepted(p));
            assertEquals(15, wa.proposed(p));
        }
    }

    @Test
    void theLadderAndItsValidation() {
        assertArrayEquals(new double[] {1.0, 0.5, 0.25}, new TemperingOptions(3, 0.25,
            TemperingOptions.Spacing.GEOMETRIC).betas(), 1e-15);
        assertArrayEquals(new double[] {1.0, 0.5, 0.0}, new TemperingOptions(3, 0.0,
            TemperingOptions.Spacing.LINEAR).betas(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new TemperingOptions(1, 0.5,
            TemperingOptions.Spacing.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> new TemperingOptions(3, 1.0,
            TemperingOptions.Spacing.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> new TemperingOptions(3, -0.1,
            TemperingOptions.Spacing.LINEAR));
        assertThrows(IllegalArgumentException.class, () -> new TemperingOptions(3, 0.0,
            TemperingOptions.Spacing.GEOMETRIC));
    }
}
