package dev.boltzmann.learning;

import java.io.Serializable;

/**
 * The two phases' sufficient statistics of Boltzmann-machine learning, as plain sums over 0/1 states:
 * <pre>
 *   positive (clamped, data) phase:  S⁺_ij = Σ_s w_s y_i y_j  (i &lt; j),   s⁺_i = Σ_s w_s y_i,   N⁺ = Σ_s w_s
 *   negative (free, model) phase:    S⁻, s⁻, N⁻ likewise
 *   gradient of the mean log-likelihood:
 *     ∂L/∂W_ij ≈ ⟨y_i y_j⟩_data − ⟨y_i y_j⟩_model = S⁺_ij/N⁺ − S⁻_ij/N⁻   (i ≠ j; the diagonal is 0)
 *     ∂L/∂b_i  ≈ ⟨y_i⟩_data − ⟨y_i⟩_model        = s⁺_i/N⁺ − s⁻_i/N⁻
 * </pre>
 * (Ackley, Hinton &amp; Sejnowski 1985). Each state is added with an integer multiplicity w_s ≥ 1, and the pair sums
 * are kept for the upper triangle only, packed row by row in n(n−1)/2 doubles. Because the states are 0/1 and the
 * multiplicities integers, every sum is an integer below 2^53 and exact in floating point: the statistics of any
 * split of the work, merged in any order, are <em>bit-identical</em> to those of the whole.
 *
 * <p>Aggregator contract (as Spark's loss aggregators): {@code addPositive}/{@code addNegative} fold in one state,
 * {@link #merge} adds another instance's sums (an empty one changes nothing), all return {@code this}; read-outs
 * throw {@link IllegalStateException} while a phase is empty. No randomness, no Spark. Mutable and not
 * synchronized: use one instance per partition or thread.
 */
public final class BmStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int n;
    private final double[] positivePairs;
    private final double[] negativePairs;
    private final double[] positiveUnits;
    private final double[] negativeUnits;
    private long positiveCount;
    private long negativeCount;

    private BmStatistics(int n) {
        this.n = n;
        int pairs = n * (n - 1) / 2;
        this.positivePairs = new double[pairs];
        this.negativePairs = new double[pairs];
        this.positiveUnits = new double[n];
        this.negativeUnits = new double[n];
    }

    /**
     * Empty statistics for {@code n} units.
     *
     * @param n the number of units, ≥ 1
     */
    public static BmStatistics empty(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of units n must be >= 1, got " + n);
        }
        return new BmStatistics(n);
    }

    /**
     * Adds a clamped-phase state {@code weight} times.
     *
     * @param y 0/1 state, length n (not modified)
     * @param weight multiplicity ≥ 1
     * @return this
     */
    public BmStatistics addPositive(double[] y, long weight) {
        accumulate(y, weight, positivePairs, positiveUnits, "positive-phase state");
        positiveCount += weight;
        return this;
    }

    /**
     * Adds a free-phase state {@code weight} times.
     *
     * @param y 0/1 state, length n (not modified)
     * @param weight multiplicity ≥ 1
     * @return this
     */
    public BmStatistics addNegative(double[] y, long weight) {
        accumulate(y, weight, negativePairs, negativeUnits, "negative-phase state");
        negativeCount += weight;
        return this;
    }

    private void accumulate(double[] y, long weight, double[] pairs, double[] units, String what) {
        if (y.length != n) {
            throw new IllegalArgumentException(what + " has " + y.length + " units, expected " + n);
        }
        if (weight < 1) {
            throw new IllegalArgumentException(what + " weight must be >= 1, got " + weight);
        }
        for (int i = 0; i < n; i++) {
            if (y[i] != 0.0 && y[i] != 1.0) {
                throw new IllegalArgumentException(what + " unit " + i + " is " + y[i] + ", expected 0 or 1");
            }
        }
        double w = weight;
        for (int i = 0; i < n; i++) {
            if (y[i] == 0.0) {
                continue;
            }
            units[i] += w;
            int base = rowStart(i) - i - 1;
            for (int j = i + 1; j < n; j++) {
                if (y[j] != 0.0) {
                    pairs[base + j] += w;
                }
            }
        }
    }

    /** The packed index of pair (i, i+1): rows 0..i-1 hold (n-1) + (n-2) + … + (n-i) entries. */
    private int rowStart(int i) {
        return i * n - i * (i + 1) / 2;
    }

    /**
     * Adds {@code other}'s sums and counts to this one; an empty {@code other} changes nothing.
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ
     */
    public BmStatistics merge(BmStatistics other) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge Boltzmann statistics of " + other.n
                + " units into statistics of " + n + " units");
        }
        if (other.isEmpty()) {
            return this;
        }
        for (int k = 0; k < positivePairs.length; k++) {
            positivePairs[k] += other.positivePairs[k];
            negativePairs[k] += other.negativePairs[k];
        }
        for (int i = 0; i < n; i++) {
            positiveUnits[i] += other.positiveUnits[i];
            negativeUnits[i] += other.negativeUnits[i];
        }
        positiveCount += other.positiveCount;
        negativeCount += other.negativeCount;
        return this;
    }

    /** The number of units n. */
    public int size() {
        return n;
    }

    /** N⁺, the total weight of the positive-phase states. */
    public long positiveCount() {
        return positiveCount;
    }

    /** N⁻, the total weight of the negative-phase states. */
    public long negativeCount() {
        return negativeCount;
    }

    /** Whether nothing was added to either phase. */
    public boolean isEmpty() {
        return positiveCount == 0 && negativeCount == 0;
    }

    /**
     * ⟨y_i y_j⟩_data = S⁺/N⁺ as a symmetric n × n row-major matrix with zero diagonal.
     *
     * @throws IllegalStateException if the positive phase is empty
     */
    public double[] dataCorrelations() {
        return correlations(positivePairs, positiveCount, "positive");
    }

    /**
     * ⟨y_i y_j⟩_model = S⁻/N⁻ as a symmetric n × n row-major matrix with zero diagonal.
     *
     * @throws IllegalStateException if the negative phase is empty
     */
    public double[] modelCorrelations() {
        return correlations(negativePairs, negativeCount, "negative");
    }

    /** ⟨y_i⟩_data = s⁺/N⁺, length n. @throws IllegalStateException if the positive phase is empty */
    public double[] dataMeans() {
        return means(positiveUnits, positiveCount, "positive");
    }

    /** ⟨y_i⟩_model = s⁻/N⁻, length n. @throws IllegalStateException if the negative phase is empty */
    public double[] modelMeans() {
        return means(negativeUnits, negativeCount, "negative");
    }

    /**
     * ∂L/∂W ≈ ⟨y yᵀ⟩_data − ⟨y yᵀ⟩_model, symmetric n × n row-major, zero diagonal.
     *
     * @throws IllegalStateException if either phase is empty
     */
    public double[] weightGradient() {
        double[] g = dataCorrelations();
        double[] m = modelCorrelations();
        for (int k = 0; k < g.length; k++) {
            g[k] -= m[k];
        }
        return g;
    }

    /**
     * ∂L/∂b ≈ ⟨y⟩_data − ⟨y⟩_model, length n.
     *
     * @throws IllegalStateException if either phase is empty
     */
    public double[] biasGradient() {
        double[] g = dataMeans();
        double[] m = modelMeans();
        for (int i = 0; i < n; i++) {
            g[i] -= m[i];
        }
        return g;
    }

    private double[] correlations(double[] pairs, long count, String phase) {
        checkNonEmpty(count, phase);
        double[] c = new double[n * n];
        double inv = 1.0 / count;
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = pairs[k++] * inv;
                c[i * n + j] = v;
                c[j * n + i] = v;
            }
        }
        return c;
    }

    private double[] means(double[] units, long count, String phase) {
        checkNonEmpty(count, phase);
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            m[i] = units[i] / count;
        }
        return m;
    }

    private static void checkNonEmpty(long count, String phase) {
        if (count == 0) {
            throw new IllegalStateException("the " + phase + " phase of the Boltzmann statistics is empty");
        }
    }

    @Override
    public String toString() {
        return "BmStatistics(n=" + n + ", positiveCount=" + positiveCount + ", negativeCount=" + negativeCount + ")";
    }
}
