package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.evaluation.BinaryStateEnumeration;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.GaussianEnergy;
import dev.boltzmann.model.IsingEnergy;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metropolis sampling against exact distributions, acceptance behaviour, seeding and validation. */
class MetropolisSamplerTest {
    private static final double[] MEAN = {1.0, -2.0};
    private static final double[] COV = {2.0, 0.6, 0.6, 0.5};

    /**
     * The bound on the total variation between the empirical distribution of C chains and the exact P.
     *
     * <p>Derivation. Chain c records m states after burn-in; let q_cs be the fraction of them equal to s, so
     * P̂(s) = (1/C) Σ_c q_cs. Chains are independent and (after burn-in) stationary, so E q_cs = P(s), and
     * whatever the correlation between the m states of one chain, Var(q_cs) ≤ P(s)(1 - P(s)) (the variance of
     * an average of identically distributed indicators is at most the variance of one). Hence the effective
     * sample size is at least C, and E|P̂(s) - P(s)| ≤ sqrt(Var P̂(s)) ≤ sqrt(P(s)(1 - P(s)) / C), so
     * <pre>  E[TV] ≤ ½ Σ_s sqrt(P(s)(1 - P(s)) / C)     (≤ ½ sqrt(2^n / C) by Cauchy–Schwarz).</pre>
     * TV is a function of C independent chain records and changing one record moves TV by at most 1/C, so by
     * McDiarmid's inequality P(TV ≥ E[TV] + t) ≤ exp(-2 C t²); t = sqrt(ln(1/δ) / (2C)) with δ = 1e-6.
     */
    private static double tvBound(BinaryStateEnumeration exact, int chains) {
        double expected = 0.0;
        for (int s = 0; s < exact.numStates(); s++) {
            double p = exact.probability(s);
            expected += Math.sqrt(p * (1 - p) / chains);
        }
        return 0.5 * expected + Math.sqrt(Math.log(1e6) / (2.0 * chains));
    }

    @ParameterizedTest(name = "T = {0}, {1}")
    @CsvSource({"1.0, BINARY", "2.0, BINARY", "1.0, BIPOLAR", "2.0, BIPOLAR"})
    void binaryChainsMatchTheExactBoltzmannDistribution(double temperature, Encoding encoding) {
        int n = 7;
        IsingEnergy ising = IsingEnergy.random(n, encoding, encoding == Encoding.BINARY ? 1.2 : 0.6, 0.5,
            Seeds.rng(11, 1));
        BinaryStateEnumeration exact = BinaryStateEnumeration.of(ising, temperature);
        int chains = 20_000;
        MetropolisSampler sampler = new MetropolisSampler(ising, temperature, 1.0);
        double[] state = MetropolisSampler.randomChains(ising, chains, 1.0, 0, 11, 2);
        // Burn-in of 400 sweeps: the bipolar model at T = 1 has two deep modes (acceptance ≈ 7%), and 50 sweeps
        // leave a visible trace of the uniform start (TV ≈ 0.03 against ≈ 0.01 at stationarity).
        MetropolisSamples samples = sampler.sample(state, 0, 400 * n, 3, 10 * n, 11, 3);
        double tv = exact.totalVariation(samples.samples());
        double bound = tvBound(exact, chains);
        assertTrue(tv < bound, "TV " + tv + " exceeds the bound " + bound);
        // The test can fail: the other temperature's distribution is far outside the bound.
        BinaryStateEnumeration other = BinaryStateEnumeration.of(ising, temperature == 1.0 ? 2.0 : 1.0);
        assertTrue(other.totalVariation(samples.samples()) > 2 * bound,
            "samples should be far from the distribution at the wrong temperature");
    }

    /**
     * Mean, variances and covariance of a non-isotropic 2-D Gaussian at T = 1 and T = 2 (target N(μ, TΣ)).
     * Each chain's average of a statistic is one batch mean; chains are independent, so the standard error of
     * the grand mean is the spread of the batch means over sqrt(C), whatever the autocorrelation within chains.
     */
    @ParameterizedTest(name = "T = {0}")
    @CsvSource({"1.0", "2.0"})
    void gaussianChainsMatchMeanAndCovariance(double temperature) {
        GaussianEnergy g = GaussianEnergy.of(MEAN, COV);
        int chains = 400;
        int perChain = 250;
        MetropolisSampler sampler = new MetropolisSampler(g, temperature, 1.2);
        double[] state = MetropolisSampler.randomChains(g, chains, 1.0, 0, 12, 1);
        MetropolisSamples samples = sampler.sample(state, 0, 300, perChain, 4, 12, 2);
        double[] truth = {MEAN[0], MEAN[1], temperature * COV[0], temperature * COV[3], temperature * COV[1]};
        String[] names = {"mean x0", "mean x1", "var x0", "var x1", "cov x0 x1"};
        double[][] batchMeans = new double[truth.length][chains];
        for (int c = 0; c < chains; c++) {
            for (int k = 0; k < perChain; k++) {
                int row = c * perChain + k;
                double d0 = samples.get(row, 0) - MEAN[0];
                double d1 = samples.get(row, 1) - MEAN[1];
                double[] stat = {samples.get(row, 0), samples.get(row, 1), d0 * d0, d1 * d1, d0 * d1};
                for (int q = 0; q < truth.length; q++) {
                    batchMeans[q][c] += stat[q] / perChain;
                }
            }
        }
        for (int q = 0; q < truth.length; q++) {
            double mean = Arrays.stream(batchMeans[q]).average().orElseThrow();
            double var = Arrays.stream(batchMeans[q]).map(b -> (b - mean) * (b - mean)).sum() / (chains - 1);
            double se = Math.sqrt(var / chains);
            assertTrue(Math.abs(mean - truth[q]) < 4 * se,
                names[q] + ": estimate " + mean + ", truth " + truth[q] + ", standard error " + se);
            // The test can fail: 4 standard errors resolve a 10% error in the variances.
            assertTrue(4 * se < 0.1 * temperature * Math.max(COV[0], COV[3]), names[q] + " SE too large: " + se);
        }
    }

    @Test
    void acceptanceRateTendsToOneAtHugeTemperatureAndFallsWhenCold() {
        IsingEnergy ising = IsingEnergy.random(8, Encoding.BINARY, 1.5, 0.5, Seeds.rng(13, 1));
        double[] rates = new double[4];
        double[] temps = {0.05, 0.5, 2.0, 1e9};
        for (int t = 0; t < temps.length; t++) {
            MetropolisSampler s = new MetropolisSampler(ising, temps[t], 1.0);
            double[] state = MetropolisSampler.randomChains(ising, 50, 1.0, 0, 13, 2);
            MetropolisSamples out = s.sample(state, 0, 400, 100, 8, 13, 3);
            rates[t] = out.acceptanceRate();
            assertTrue(s.proposals() == 50L * (400 + 800) && s.accepted() <= s.proposals());
        }
        assertTrue(rates[3] > 0.999, "rate at huge T: " + rates[3]);
        assertTrue(rates[0] < 0.05, "rate at T = 0.05: " + rates[0]);
        assertTrue(rates[0] < rates[1] && rates[1] < rates[2] && rates[2] < rates[3], Arrays.toString(rates));

        GaussianEnergy g = GaussianEnergy.of(MEAN, COV);
        double hot = gaussianRate(g, 1e9, 3.0);
        double small = gaussianRate(g, 1.0, 0.1);
        double large = gaussianRate(g, 1.0, 3.0);
        assertTrue(hot > 0.999, "continuous rate at huge T: " + hot);
        assertTrue(small > 0.8 && large < 0.4 && large < small, "rates: small step " + small + ", large " + large);
    }

    private static double gaussianRate(EnergyFunction f, double temperature, double step) {
        MetropolisSampler s = new MetropolisSampler(f, temperature, step);
        double[] state = MetropolisSampler.randomChains(f, 20, 1.0, 0, 14, 1);
        s.advanceAll(state, 0, 200, 14, 2);
        s.resetCounts();
        s.advanceAll(state, 0, 500, 14, 3);
        return s.acceptanceRate();
    }

    @Test
    void chainStreamsDependOnlyOnSeedKeysAndGlobalChainIndex() {
        for (EnergyFunction f : new EnergyFunction[] {
            IsingEnergy.random(6, Encoding.BIPOLAR, 1.0, 1.0, Seeds.rng(15, 1)), GaussianEnergy.of(MEAN, COV)}) {
            int d = f.dimension();
            double[] all = MetropolisSampler.randomChains(f, 10, 1.0, 0, 15, 2);
            double[] head = Arrays.copyOfRange(all, 0, 4 * d);
            double[] tail = Arrays.copyOfRange(all, 4 * d, 10 * d);
            assertArrayEquals(tail, MetropolisSampler.randomChains(f, 6, 1.0, 4, 15, 2), 0.0);
            MetropolisSampler s = new MetropolisSampler(f, 1.0, 0.5);
            long accAll = s.advanceAll(all, 0, 30, 15, 3, 7);
            long accParts = s.advanceAll(head, 0, 30, 15, 3, 7) + s.advanceAll(tail, 4, 30, 15, 3, 7);
            assertEquals(accAll, accParts);
            double[] joined = new double[10 * d];
            System.arraycopy(head, 0, joined, 0, 4 * d);
            System.arraycopy(tail, 0, joined, 4 * d, 6 * d);
            assertArrayEquals(all, joined, 0.0, "splitting the chains between calls must not change them");
            double[] again = MetropolisSampler.randomChains(f, 10, 1.0, 0, 15, 2);
            s.advanceAll(again, 0, 30, 16, 3, 7);
            assertFalse(Arrays.equals(all, again), "another seed must give other trajectories");
        }
    }

    @Test
    void invalidArgumentsAreRejectedWithNamedMessages() {
        GaussianEnergy g = GaussianEnergy.of(MEAN, COV);
        assertEquals("temperature must be finite and > 0, got -1.0", assertThrows(IllegalArgumentException.class,
            () -> new MetropolisSampler(g, -1.0, 1.0)).getMessage());
        assertEquals("temperature must be finite and > 0, got 0.0", assertThrows(IllegalArgumentException.class,
            () -> new MetropolisSampler(g, 0.0, 1.0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MetropolisSampler(g, Double.NaN, 1.0));
        assertEquals("step size must be finite and > 0, got 0.0", assertThrows(IllegalArgumentException.class,
            () -> new MetropolisSampler(g, 1.0, 0.0)).getMessage());
        MetropolisSampler s = new MetropolisSampler(g, 1.0, 1.0);
        assertEquals("thinning must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
            () -> s.sample(new double[4], 0, 0, 1, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.advanceAll(new double[3], 0, 1, 1));
        assertTrue(Double.isNaN(s.acceptanceRate()));
    }
}
