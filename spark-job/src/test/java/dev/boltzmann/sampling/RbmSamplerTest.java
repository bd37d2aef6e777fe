package dev.boltzmann.sampling;

import static dev.boltzmann.RbmTestSupport.bits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.RbmTestSupport;
import dev.boltzmann.evaluation.RbmExactLikelihood;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampler's modes against exact distributions of models small enough to enumerate. */
class RbmSamplerTest {
    private static final int N = 20_000;
    /** Annealing from T = 8 (β = 0.125) down to T ≈ 1.04 in steps of 0.6, two sweeps each. */
    private static final AnnealingSchedule ANNEAL = AnnealingSchedule.geometric(8.0, 0.6, 1.0, 2);

    /**
     * A bound on the total variation between the empirical distribution of N independent samples over K states and
     * the true one, exceeded with probability below 1e-4: E[TV] ≤ ½ Σ_s √(p_s/N) ≤ ½ √(K/N) (Cauchy–Schwarz), and TV
     * changes by at most 1/N when one sample changes, so P(TV > E[TV] + t) ≤ exp(−2Nt²) (McDiarmid), t = √(ln 1e4 / 2N).
     * For K = 16, N = 20,000: 0.0141 + 0.0152 = 0.029.
     */
    private static double tvBound(int states, int samples) {
        return 0.5 * Math.sqrt((double) states / samples) + Math.sqrt(Math.log(1e4) / (2.0 * samples));
    }

    private static double totalVariation(double[] p, double[] q) {
        double tv = 0.0;
        for (int s = 0; s < p.length; s++) {
            tv += Math.abs(p[s] - q[s]);
        }
        return 0.5 * tv;
    }

    /** Exact P(v) ∝ e^{−F(v)} of every visible state of {@code rbm} at inverse temperature β. */
    private static double[] exactMarginal(Rbm rbm, double beta) {
        Rbm scaled = Rbm.of(scale(rbm.weights(), beta), scale(rbm.visibleBias(), beta), scale(rbm.hiddenBias(), beta));
        int nv = rbm.numVisible();
        double logZ = RbmExactLikelihood.logPartition(scaled);
        double[] p = new double[1 << nv];
        for (int s = 0; s < p.length; s++) {
            p[s] = Math.exp(-scaled.freeEnergy(bits(s, nv)) - logZ);
        }
        return p;
    }

    private static double[] scale(double[] x, double s) {
        double[] y = x.clone();
        for (int k = 0; k < y.length; k++) {
            y[k] *= s;
        }
        return y;
    }

    /** Histogram of binary rows ({@code rows × n}) over the 2^n states, bit i = unit i; optional class in the high bits. */
    private static double[] histogram(double[] x, int rows, int n, double[] labels, int nc) {
        double[] h = new double[(1 << n) * nc];
        for (int r = 0; r < rows; r++) {
            int s = 0;
            for (int i = 0; i < n; i++) {
                s |= (x[r * n + i] == 1.0 ? 1 : 0) << i;
            }
            int c = 0;
            for (int k = 0; labels != null && k < nc; k++) {
                c = labels[r * nc + k] == 1.0 ? k : c;
            }
            h[c * (1 << n) + s] += 1.0 / rows;
        }
        return h;
    }

    @Test
    void generationMatchesTheExactMarginalWithAndWithoutAnnealing() {
        Rbm rbm = RbmTestSupport.randomRbm(4, 3, 2.0, 21L);
        double[] exact = exactMarginal(rbm, 1.0);
        double bound = tvBound(16, N);
        // the check can tell β = 1 from a chain that stopped at β = 0.5
        assertTrue(totalVariation(exact, exactMarginal(rbm, 0.5)) > 3 * bound);

        double[] plain = RbmSampler.generate(rbm, N, null, RbmSampler.Options.lastState(30, 1L));
        double tvPlain = totalVariation(exact, histogram(plain, N, 4, null, 1));
        assertTrue(tvPlain < bound, "plain Gibbs: TV " + tvPlain + " >= " + bound);

        RbmSampler.Options annealed = RbmSampler.Options.lastState(3, 2L).withAnnealing(ANNEAL);
        double[] start = {0.9, 0.1, 0.5, 0.5}; // a base-rate style start, far from the model
        double[] fromAnnealing = RbmSampler.generate(rbm, N, start, annealed);
        double tvAnnealed = totalVariation(exact, histogram(fromAnnealing, N, 4, null, 1));
        assertTrue(tvAnnealed < bound, "annealed: TV " + tvAnnealed + " >= " + bound);
    }

    @Test
    void labelRbmGenerationMatchesTheExactJointOfImageAndLabel() {
        LabelRbm m = randomLabelRbm(3, 3, 3, 1.5, 22L);
        double[] f = m.freeEnergies(RbmTestSupport.allStates(3), 8);
        double[] exact = new double[24];
        double z = 0.0;
        for (int s = 0; s < 8; s++) {
            for (int c = 0; c < 3; c++) {
                exact[c * 8 + s] = Math.exp(-f[s * 3 + c]);
                z += exact[c * 8 + s];
            }
        }
        for (int k = 0; k < 24; k++) {
            exact[k] /= z;
        }
        RbmSampler.Samples samples = RbmSampler.generate(m, N, null,
            RbmSampler.Options.lastState(4, 3L).withAnnealing(ANNEAL));
        double tv = totalVariation(exact, histogram(samples.visible(), N, 3, samples.labels(), 3));
        assertTrue(tv < tvBound(24, N), "TV " + tv + " >= " + tvBound(24, N));
    }

    @Test
    void conditionalGenerationMatchesTheExactConditionalOfTheImage() {
        LabelRbm m = randomLabelRbm(4, 3, 3, 1.5, 23L);
        double[] f = m.freeEnergies(RbmTestSupport.allStates(4), 16);
        int c = 2;
        double[] exact = new double[16];
        double z = 0.0;
        for (int s = 0; s < 16; s++) {
            exact[s] = Math.exp(-f[s * 3 + c]);
            z += exact[s];
        }
        for (int s = 0; s < 16; s++) {
            exact[s] /= z;
        }
        int[] labels = new int[N];
        Arrays.fill(labels, c);
        double[] v = RbmSampler.generateWithLabels(m, labels, N, null, RbmSampler.Options.lastState(20, 4L));
        double tv = totalVariation(exact, histogram(v, N, 4, null, 1));
        assertTrue(tv < tvBound(16, N), "TV " + tv);
    }

    @Test
    void completionMeansMatchTheExactConditionalOfTheUnknownUnits() {
        Rbm rbm = RbmTestSupport.randomRbm(6, 4, 1.5, 24L);
        double[] known = {1, 0, 1};
        double[] exact = new double[3];
        double z = 0.0;
        for (int s = 0; s < 8; s++) {
            double[] v = {1, 0, 1, s & 1, (s >> 1) & 1, (s >> 2) & 1};
            double w = Math.exp(-rbm.freeEnergy(v));
            z += w;
            for (int i = 0; i < 3; i++) {
                exact[i] += v[3 + i] * w;
            }
        }
        int rows = 2000;
        double[] partial = new double[rows * 6];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(known, 0, partial, r * 6, 3);
            Arrays.fill(partial, r * 6 + 3, r * 6 + 6, Double.NaN);
        }
        double[] out = RbmSampler.complete(rbm, partial, rows, null, RbmSampler.Options.mean(60, 50, 5L));
        double[] mean = new double[3];
        for (int r = 0; r < rows; r++) {
            assertArrayEquals(known, Arrays.copyOfRange(out, r * 6, r * 6 + 3), 0.0, "known units are kept");
            for (int i = 0; i < 3; i++) {
                mean[i] += out[r * 6 + 3 + i] / rows;
            }
        }
        for (int i = 0; i < 3; i++) {
            // each row's value is in [0, 1], so the standard error of the mean is ≤ 0.5/√2000 = 0.011; 4 of them
            assertEquals(exact[i] / z, mean[i], 0.045, "P(v_" + (3 + i) + " = 1 | known)");
        }
    }

    @Test
    void eachRowHasItsOwnStreamAndTheInputsAreKept() {
        Rbm rbm = RbmTestSupport.randomRbm(5, 3, 1.0, 25L);
        RbmSampler.Options o = RbmSampler.Options.lastState(5, 9L);
        double[] three = RbmSampler.generate(rbm, 3, null, o);
        double[] many = RbmSampler.generate(rbm, 700, null, o);
        assertArrayEquals(three, Arrays.copyOf(many, 15), 0.0);
        assertFalse(Arrays.equals(three, RbmSampler.generate(rbm, 3, null, RbmSampler.Options.lastState(5, 10L))));
        double[] partial = {1, Double.NaN, 0, Double.NaN, 1};
        double[] copy = partial.clone();
        double[] done = RbmSampler.complete(rbm, partial, 1, null, o);
        assertArrayEquals(copy, partial, 0.0);
        assertEquals(1.0, done[0]);
        assertEquals(0.0, done[2]);
        assertArrayEquals(new double[] {0, 1, 1}, RbmSampler.threshold(new double[] {0.2, 0.5, 0.9}, 0.5), 0.0);
    }

    @Test
    void invalidOptionsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new RbmSampler.Options(0, 0, null, 1L));
        assertTrue(e.getMessage().contains("sweeps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RbmSampler.Options(5, 6, null, 1L));
        assertTrue(e.getMessage().contains("averageLast"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> RbmSampler.Options.lastState(5, 1L).withAnnealing(AnnealingSchedule.geometric(5.0, 0.9, 0.5, 1)));
        assertTrue(e.getMessage().contains("minTemperature"), e.getMessage());
        LabelRbm m = randomLabelRbm(3, 2, 2, 1.0, 26L);
        e = assertThrows(IllegalArgumentException.class,
            () -> RbmSampler.generateWithLabels(m, new int[] {0, 2}, 2, null, RbmSampler.Options.lastState(1, 1L)));
        assertTrue(e.getMessage().contains("row 1 is 2"), e.getMessage());
    }

    static LabelRbm randomLabelRbm(int nv, int nh, int nc, double std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] p = {new double[nv * nh], new double[nv], new double[nh], new double[nc * nh], new double[nc]};
        for (double[] x : p) {
            for (int k = 0; k < x.length; k++) {
                x[k] = std * rng.nextGaussian();
            }
        }
        return LabelRbm.of(p[0], p[1], p[2], p[3], p[4]);
    }
}
