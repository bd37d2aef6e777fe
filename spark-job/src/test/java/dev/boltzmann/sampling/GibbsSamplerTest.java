package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gibbs sampling against the exact Boltzmann distribution, computed by enumerating all 2^n states.
 *
 * <p>Sample design: {@link #CHAINS} independent chains, each from its own random start and generator, discard
 * {@link #BURN_IN} sweeps, then record the state every {@link #THIN} sweeps, {@link #PER_CHAIN} times; N = 100 000
 * recorded states.
 *
 * <p>Tolerance. If the N states were independent draws from p, each count would be Binomial(N, p_x) and, by
 * Jensen, E|p̂_x − p_x| ≤ sqrt(p_x(1 − p_x)/N), so E[TV] ≤ μ = ½ Σ_x sqrt(p_x(1 − p_x)/N). TV changes by at most
 * 1/N when one draw changes, so McDiarmid's inequality gives P(TV ≥ μ + t) ≤ exp(−2 N t²); t = sqrt(ln(10⁶)/(2N))
 * makes a false failure a one-in-a-million event. Thinned chain states are only nearly independent; we allow for
 * that by using N_eff = N / 2 in place of N (a safety factor of 2 on the sample size, i.e. √2 on μ). At
 * N = 100 000 and n = 8 the bound is about 0.02–0.04 (the observed TV is about 0.4 of it), while samples at
 * the wrong temperature are off by ≫ 0.1 (checked below, so the test has power).
 */
class GibbsSamplerTest {
    private static final int N = 8;
    private static final int CHAINS = 200;
    private static final int BURN_IN = 20;
    private static final int THIN = 3;
    private static final int PER_CHAIN = 500;

    /** The empirical distribution of CHAINS × PER_CHAIN thinned states, indexed by state code. */
    static double[] empirical(HopfieldNetwork net, boolean[] clamped, double[] clampedValues, double temperature,
                              long seed) {
        int n = net.size();
        double[] counts = new double[1 << n];
        for (int c = 0; c < CHAINS; c++) {
            SplittableRandom rng = Seeds.rng(seed, c);
            double[] y = HopfieldFixtures.randomState(n, net.encoding(), rng);
            if (clampedValues != null) {
                for (int i = 0; i < n; i++) {
                    if (clamped[i]) {
                        y[i] = clampedValues[i];
                    }
                }
            }
            y = GibbsSampler.sample(net, y, clamped, temperature, BURN_IN, rng);
            for (int s = 0; s < PER_CHAIN; s++) {
                for (int t = 0; t < THIN; t++) {
                    GibbsSampler.sweep(net, y, clamped, temperature, rng);
                }
                counts[HopfieldFixtures.code(y, net.encoding())]++;
            }
        }
        double total = (double) CHAINS * PER_CHAIN;
        for (int k = 0; k < counts.length; k++) {
            counts[k] /= total;
        }
        return counts;
    }

    /** μ + t of the class comment, with N_eff = N / 2. */
    static double tvBound(double[] p, double samples) {
        double nEff = samples / 2.0;
        double mu = 0.0;
        for (double px : p) {
            mu += Math.sqrt(px * (1.0 - px) / nEff);
        }
        return 0.5 * mu + Math.sqrt(Math.log(1e6) / (2.0 * nEff));
    }

    @ParameterizedTest
    @CsvSource({"BIPOLAR, 1.0", "BIPOLAR, 2.0", "BINARY, 1.0", "BINARY, 2.0"})
    void matchesTheExactBoltzmannDistribution(Encoding encoding, double temperature) {
        // bipolar couplings of sd 0.5 give fields of order 1.3; binary units need 4x the weights for a comparably
        // peaked distribution, so the binary case uses the bipolar network rewritten for 0/1 units.
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 0.5, 0.5, Encoding.BIPOLAR, Seeds.rng(21, 1))
            .withEncoding(encoding);
        double[] exact = HopfieldFixtures.boltzmann(net, temperature);
        double[] sampled = empirical(net, null, null, temperature, Seeds.derive(21, 2, (long) temperature));
        double tv = HopfieldFixtures.totalVariation(exact, sampled);
        double bound = tvBound(exact, (double) CHAINS * PER_CHAIN);
        assertTrue(bound < 0.05, "bound " + bound + " too loose to mean anything");
        assertTrue(tv < bound, "TV(sampled, exact) = " + tv + " exceeds " + bound);
        // power: the other temperature's distribution, and the note's sign-flipped conditional σ(-2z/T)
        // (which samples exp(+E/T)), are both far outside the bound
        double[] wrongT = HopfieldFixtures.boltzmann(net, temperature == 1.0 ? 2.0 : 1.0);
        assertTrue(HopfieldFixtures.totalVariation(wrongT, sampled) > 3 * bound,
            "the test could not tell T=1 from T=2");
        double[] flipped = HopfieldFixtures.boltzmann(net, -temperature);
        assertTrue(HopfieldFixtures.totalVariation(flipped, sampled) > 3 * bound);
    }

    @Test
    void clampedUnitsNeverChangeAndTheRestSampleTheConditional() {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 0.5, 0.5, Encoding.BIPOLAR, Seeds.rng(22, 1));
        boolean[] clamped = new boolean[N];
        double[] values = new double[N];
        int[] clampedUnits = {1, 4, 6};
        double[] clampedTo = {1, -1, 1};
        for (int k = 0; k < clampedUnits.length; k++) {
            clamped[clampedUnits[k]] = true;
            values[clampedUnits[k]] = clampedTo[k];
        }
        double[] sampled = empirical(net, clamped, values, 1.0, 23);
        // exact conditional: the joint restricted to states that agree with the clamped values, renormalised
        double[] joint = HopfieldFixtures.boltzmann(net, 1.0);
        double[] conditional = new double[joint.length];
        double mass = 0.0;
        for (int c = 0; c < joint.length; c++) {
            double[] y = HopfieldFixtures.state(c, N, Encoding.BIPOLAR);
            boolean agrees = true;
            for (int k = 0; k < clampedUnits.length; k++) {
                agrees &= y[clampedUnits[k]] == clampedTo[k];
            }
            if (agrees) {
                conditional[c] = joint[c];
                mass += joint[c];
            } else {
                assertEquals(0.0, sampled[c], "a state with a changed clamped unit was visited: " + c);
            }
        }
        for (int c = 0; c < conditional.length; c++) {
            conditional[c] /= mass;
        }
        double tv = HopfieldFixtures.totalVariation(conditional, sampled);
        double bound = tvBound(conditional, (double) CHAINS * PER_CHAIN);
        assertTrue(tv < bound, "TV(sampled, exact conditional) = " + tv + " exceeds " + bound);
    }

    @Test
    void meanOfTheLastSweepsEstimatesTheMarginals() {
        HopfieldNetwork net = HopfieldFixtures.randomNetwork(N, 0.5, 0.5, Encoding.BINARY, Seeds.rng(24, 1));
        double[] exact = HopfieldFixtures.boltzmann(net, 1.0);
        double[] marginal = new double[N];
        for (int c = 0; c < exact.length; c++) {
            for (int i = 0; i < N; i++) {
                marginal[i] += exact[c] * ((c >>> i) & 1);
            }
        }
        double[] start = new double[N];
        double[] mean = GibbsSampler.meanState(net, start, null, 1.0, 60_000, 50_000, Seeds.rng(24, 2));
        for (int i = 0; i < N; i++) {
            // sd of a mean of 50 000 correlated 0/1 draws is below 0.5/sqrt(50 000/4) ≈ 0.0045; allow 0.02
            assertEquals(marginal[i], mean[i], 0.02, "marginal of unit " + i);
        }
        double[] last = GibbsSampler.meanState(net, start, null, 1.0, 10, 1, Seeds.rng(24, 3));
        for (double v : last) {
            assertTrue(v == 0.0 || v == 1.0, "the mean of one state is that state, got " + v);
        }
    }

    @Test
    void conditionalProbabilitiesFollowTheEncoding() {
        HopfieldNetwork bip = HopfieldNetwork.of(new double[] {0, 0.5, 0.5, 0}, new double[] {0.25, 0},
            Encoding.BIPOLAR);
        // z_0 = 0.5·1 + 0.25 = 0.75: P(+1) = σ(2·0.75/T)
        assertEquals(1.0 / (1.0 + Math.exp(-1.5)), GibbsSampler.probabilityOn(bip, new double[] {-1, 1}, 0, 1.0),
            1e-15);
        assertEquals(1.0 / (1.0 + Math.exp(-0.75)), GibbsSampler.probabilityOn(bip, new double[] {-1, 1}, 0, 2.0),
            1e-15);
        HopfieldNetwork bin = HopfieldNetwork.of(new double[] {0, 0.5, 0.5, 0}, new double[] {0.25, 0},
            Encoding.BINARY);
        assertEquals(1.0 / (1.0 + Math.exp(-0.75)), GibbsSampler.probabilityOn(bin, new double[] {0, 1}, 0, 1.0),
            1e-15);
    }

    @Test
    void invalidArgumentsAreNamed() {
        HopfieldNetwork net = HopfieldNetwork.zeros(2, Encoding.BINARY);
        SplittableRandom rng = Seeds.rng(1);
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
            () -> GibbsSampler.sample(net, new double[2], null, 0.0, 5, rng));
        assertEquals("temperature must be finite and > 0, got 0.0", t.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
            () -> GibbsSampler.meanState(net, new double[2], null, 1.0, 5, 6, rng));
        assertEquals("keepLast must be in [1, sweeps=5], got 6", m.getMessage());
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class,
            () -> GibbsSampler.sample(net, new double[2], new boolean[3], 1.0, 5, rng));
        assertTrue(mask.getMessage().contains("clamped mask has 3 entries"), mask.getMessage());
    }
}
