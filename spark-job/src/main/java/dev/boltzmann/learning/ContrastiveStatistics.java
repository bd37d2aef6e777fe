package dev.boltzmann.learning;

import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.io.Serializable;

/**
 * The two phases' statistics of the contrastive ("valley-lifting") Hopfield rule, as plain sums:
 * <pre>
 *   positive:  S⁺ = Σ_{y ∈ batch} y yᵀ,   s⁺ = Σ y,    N⁺ = count
 *   negative:  S⁻ = Σ_{y'} y' y'ᵀ,        s⁻ = Σ y',   N⁻ = count
 *   gradient:  ΔW = S⁺/N⁺ − S⁻/N⁻  (zero diagonal),   Δb = s⁺/N⁺ − s⁻/N⁻
 * </pre>
 * States are bipolar (±1) and must already be in that encoding. The step {@link #applyTo} makes
 * {@code W ← W + η ΔW}, {@code b ← b + η Δb}: the patterns' valleys are deepened and those of the network's own
 * reconstructions y' lifted (the lecture's rule with its sign erratum corrected).
 *
 * <p>Aggregator contract as in Spark's loss aggregators: {@link #addPositive}/{@link #addNegative} fold in one
 * state, {@link #merge} adds another instance's sums (an empty one is a no-op), all return {@code this}. Sums of
 * ±1 products are exact, so the result does not depend on how the batch was split. Mutable and not synchronized:
 * use one instance per partition or thread.
 */
public final class ContrastiveStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int n;
    private final double[] positiveOuter;
    private final double[] negativeOuter;
    private final double[] positiveSum;
    private final double[] negativeSum;
    private long positiveCount;
    private long negativeCount;

    private ContrastiveStatistics(int n) {
        this.n = n;
        this.positiveOuter = new double[n * n];
        this.negativeOuter = new double[n * n];
        this.positiveSum = new double[n];
        this.negativeSum = new double[n];
    }

    /**
     * Empty statistics for {@code n} units.
     *
     * @param n the number of units, ≥ 1
     */
    public static ContrastiveStatistics empty(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of units n must be >= 1, got " + n);
        }
        return new ContrastiveStatistics(n);
    }

    /** Adds a pattern y (bipolar, length n) to the positive phase; returns this. */
    public ContrastiveStatistics addPositive(double[] y) {
        accumulate(y, positiveOuter, positiveSum, "positive-phase state");
        positiveCount++;
        return this;
    }

    /** Adds a reconstruction y' (bipolar, length n) to the negative phase; returns this. */
    public ContrastiveStatistics addNegative(double[] y) {
        accumulate(y, negativeOuter, negativeSum, "negative-phase state");
        negativeCount++;
        return this;
    }

    private void accumulate(double[] y, double[] outer, double[] linear, String what) {
        if (y.length != n) {
            throw new IllegalArgumentException(what + " has " + y.length + " units, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            double yi = y[i];
            if (yi != 1.0 && yi != -1.0) {
                throw new IllegalArgumentException(what + " unit " + i + " is " + yi + ", expected -1 or +1");
            }
            linear[i] += yi;
            int row = i * n;
            for (int j = i + 1; j < n; j++) {
                double prod = yi * y[j];
                outer[row + j] += prod;
                outer[j * n + i] += prod;
            }
        }
    }

    /**
     * Adds {@code other}'s sums and counts to this one; an empty {@code other} changes nothing.
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ
     */
    public ContrastiveStatistics merge(ContrastiveStatistics other) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge contrastive statistics of " + other.n
                + " units into statistics of " + n + " units");
        }
        if (other.positiveCount == 0 && other.negativeCount == 0) {
            return this;
        }
        for (int k = 0; k < positiveOuter.length; k++) {
            positiveOuter[k] += other.positiveOuter[k];
            negativeOuter[k] += other.negativeOuter[k];
        }
        for (int i = 0; i < n; i++) {
            positiveSum[i] += other.positiveSum[i];
            negativeSum[i] += other.negativeSum[i];
        }
        positiveCount += other.positiveCount;
        negativeCount += other.negativeCount;
        return this;
    }

    /** The number of units n. */
    public int size() {
        return n;
    }

    /** N⁺, the number of positive-phase states. */
    public long positiveCount() {
        return positiveCount;
    }

    /** N⁻, the number of negative-phase states. */
    public long negativeCount() {
        return negativeCount;
    }

    /**
     * ΔW = S⁺/N⁺ − S⁻/N⁻, row-major n × n, zero diagonal.
     *
     * @throws IllegalStateException if either phase is empty
     */
    public double[] weightGradient() {
        checkNonEmpty();
        double[] g = new double[n * n];
        double ip = 1.0 / positiveCount;
        double in = 1.0 / negativeCount;
        for (int k = 0; k < g.length; k++) {
            g[k] = positiveOuter[k] * ip - negativeOuter[k] * in;
        }
        return g;
    }

    /**
     * Δb = s⁺/N⁺ − s⁻/N⁻, length n.
     *
     * @throws IllegalStateException if either phase is empty
     */
    public double[] biasGradient() {
        checkNonEmpty();
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = positiveSum[i] / positiveCount - negativeSum[i] / negativeCount;
        }
        return g;
    }

    /**
     * One gradient step: {@code W + η ΔW}, and {@code b + η Δb} if {@code learnBiases} (else b unchanged).
     *
     * @param net a bipolar network of n units
     * @param learningRate η &gt; 0
     * @return the updated network (bipolar)
     * @throws IllegalArgumentException if {@code net} is not bipolar or its size differs
     * @throws IllegalStateException if either phase is empty
     */
    public HopfieldNetwork applyTo(HopfieldNetwork net, double learningRate, boolean learnBiases) {
        if (net.encoding() != Encoding.BIPOLAR || net.size() != n) {
            throw new IllegalArgumentException("expected a bipolar network of " + n + " units, got " + net);
        }
        double[] w = net.weights();
        double[] dw = weightGradient();
        for (int k = 0; k < w.length; k++) {
            w[k] += learningRate * dw[k];
        }
        double[] b = net.biases();
        if (learnBiases) {
            double[] db = biasGradient();
            for (int i = 0; i < n; i++) {
                b[i] += learningRate * db[i];
            }
        }
        return HopfieldNetwork.of(w, b, Encoding.BIPOLAR);
    }

    private void checkNonEmpty() {
        if (positiveCount == 0 || negativeCount == 0) {
            throw new IllegalStateException("contrastive statistics need both phases, got " + positiveCount
                + " positive and " + negativeCount + " negative states");
        }
    }
}
