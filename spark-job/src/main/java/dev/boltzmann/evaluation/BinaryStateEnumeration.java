package dev.boltzmann.evaluation;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.EnergyFunction;
import java.util.SplittableRandom;

/**
 * The exact Boltzmann distribution P(y) = exp(-E(y)/T) / Z of a binary or bipolar {@link EnergyFunction} with
 * few units, by enumerating all 2^n states.
 *
 * <p>State index s ∈ [0, 2^n) stands for the state whose unit i is on exactly when bit i of s is set.
 * From the table follow log Z, exact moments E[y_i] and E[y_i y_j], exact log-likelihoods and exact sampling
 * (inverse CDF), which the tests of samplers and trainers compare against. Cost O(2^n · cost of E), memory
 * 2^n doubles; n is limited to {@value #MAX_UNITS}. Immutable.
 */
public final class BinaryStateEnumeration {
    /** The largest number of units enumerated. */
    public static final int MAX_UNITS = 22;

    private final int n;
    private final Encoding encoding;
    private final double temperature;
    private final double logZ;
    private final double[] probability;

    private BinaryStateEnumeration(int n, Encoding encoding, double temperature, double logZ, double[] p) {
        this.n = n;
        this.encoding = encoding;
        this.temperature = temperature;
        this.logZ = logZ;
        this.probability = p;
    }

    /**
     * Enumerates the distribution of {@code energy} at temperature {@code temperature}.
     *
     * @throws IllegalArgumentException if the energy is continuous, has more than {@value #MAX_UNITS} units,
     *     or T is not finite and &gt; 0
     */
    public static BinaryStateEnumeration of(EnergyFunction energy, double temperature) {
        if (!energy.stateSpace().isDiscrete()) {
            throw new IllegalArgumentException("enumeration needs binary states, got " + energy.stateSpace());
        }
        int n = energy.dimension();
        if (n > MAX_UNITS) {
            throw new IllegalArgumentException("enumeration is limited to " + MAX_UNITS + " units, got " + n);
        }
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        Encoding enc = energy.stateSpace().encoding();
        int size = 1 << n;
        double[] logWeight = new double[size];
        double[] y = new double[n];
        for (int s = 0; s < size; s++) {
            fill(s, enc, y);
            logWeight[s] = -energy.energy(y) / temperature;
        }
        double logZ = Numerics.logSumExp(logWeight);
        for (int s = 0; s < size; s++) {
            logWeight[s] = Math.exp(logWeight[s] - logZ);
        }
        return new BinaryStateEnumeration(n, enc, temperature, logZ, logWeight);
    }

    private static void fill(int s, Encoding enc, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] = enc.value(((s >>> i) & 1) != 0);
        }
    }

    /** Number of units n. */
    public int size() {
        return n;
    }

    /** Number of states 2^n. */
    public int numStates() {
        return probability.length;
    }

    /** T. */
    public double temperature() {
        return temperature;
    }

    /** log Z = log Σ_y exp(-E(y)/T). */
    public double logZ() {
        return logZ;
    }

    /** P(state s). */
    public double probability(int s) {
        return probability[s];
    }

    /** A copy of the table P(s), length 2^n. */
    public double[] probabilities() {
        return probability.clone();
    }

    /** Writes state {@code s} into {@code out} (length n) and returns it. */
    public double[] state(int s, double[] out) {
        fill(s, encoding, out);
        return out;
    }

    /** The index of state {@code y}; a unit counts as on per {@link Encoding#isOn}. */
    public int index(double[] y, int offset) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            if (encoding.isOn(y[offset + i])) {
                s |= 1 << i;
            }
        }
        return s;
    }

    /**
     * Mean log-likelihood (1/N) Σ_r log P(row r) of row-major data {@code N × n}.
     */
    public double meanLogLikelihood(double[] rows) {
        int count = checkRows(rows);
        double sum = 0.0;
        for (int r = 0; r < count; r++) {
            sum += Math.log(probability[index(rows, r * n)]);
        }
        return sum / count;
    }

    /** Exact E[y_i], length n. */
    public double[] means() {
        double[] m = new double[n];
        double[] y = new double[n];
        for (int s = 0; s < probability.length; s++) {
            fill(s, encoding, y);
            for (int i = 0; i < n; i++) {
                m[i] += probability[s] * y[i];
            }
        }
        return m;
    }

    /** Exact E[y_i y_j], row-major n × n. */
    public double[] secondMoments() {
        double[] m = new double[n * n];
        double[] y = new double[n];
        for (int s = 0; s < probability.length; s++) {
            fill(s, encoding, y);
            double p = probability[s];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    m[i * n + j] += p * y[i] * y[j];
                }
            }
        }
        return m;
    }

    /**
     * Total variation ½ Σ_s |P̂(s) - P(s)| between this distribution and the empirical distribution of
     * row-major samples {@code N × n}.
     */
    public double totalVariation(double[] rows) {
        int count = checkRows(rows);
        double[] empirical = new double[probability.length];
        for (int r = 0; r < count; r++) {
            empirical[index(rows, r * n)] += 1.0 / count;
        }
        return totalVariationTo(empirical);
    }

    /** ½ Σ_s |q(s) - P(s)| for another table q of length 2^n. */
    public double totalVariationTo(double[] q) {
        if (q.length != probability.length) {
            throw new IllegalArgumentException("table has " + q.length + " entries, expected " + probability.length);
        }
        double tv = 0.0;
        for (int s = 0; s < q.length; s++) {
            tv += Math.abs(q[s] - probability[s]);
        }
        return 0.5 * tv;
    }

    /**
     * {@code count} exact, independent draws (inverse CDF), row-major count × n.
     *
     * @param rng consumed for one uniform per draw
     */
    public double[] sample(int count, SplittableRandom rng) {
        double[] out = new double[Math.multiplyExact(count, n)];
        double[] cdf = new double[probability.length];
        double cum = 0.0;
        for (int s = 0; s < cdf.length; s++) {
            cum += probability[s];
            cdf[s] = cum;
        }
        double[] y = new double[n];
        for (int r = 0; r < count; r++) {
            double u = rng.nextDouble() * cum;
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (u < cdf[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            fill(lo, encoding, y);
            System.arraycopy(y, 0, out, r * n, n);
        }
        return out;
    }

    private int checkRows(double[] rows) {
        if (rows.length == 0 || rows.length % n != 0) {
            throw new IllegalArgumentException("data has " + rows.length
                + " entries, expected a positive multiple of n = " + n);
        }
        return rows.length / n;
    }
}
