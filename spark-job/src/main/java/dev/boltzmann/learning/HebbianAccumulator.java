package dev.boltzmann.learning;

import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import java.io.Serializable;

/**
 * The sufficient statistic of the Hebbian rule: the sum of outer products of bipolar patterns and their count,
 * <pre>
 *   S = Σ_p ξ^p ξ^pᵀ  (off-diagonal entries only),   N_p = number of patterns,
 *   W = S / N_p with zero diagonal, b = 0.
 * </pre>
 * Patterns may be given in either encoding ({@link UnitStates}); they are converted to ±1 before being added,
 * since the Hebbian rule is defined on bipolar units. The diagonal is never accumulated (ξ_i² = 1 carries no
 * information and W must have a zero diagonal).
 *
 * <p>Built for aggregation in the manner of Spark's loss aggregators: {@link #add} folds one pattern in,
 * {@link #merge} adds another accumulator's sums (an empty one is a no-op), both return {@code this}. Sums of
 * ±1 products are exact in floating point (up to 2^53 patterns), so the result does not depend on the order or
 * grouping of adds and merges. Mutable and not synchronized: use one instance per partition or thread.
 */
public final class HebbianAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int n;
    private final double[] sum;
    private long count;

    private HebbianAccumulator(int n) {
        this.n = n;
        this.sum = new double[n * n];
    }

    /**
     * An accumulator with no patterns.
     *
     * @param n the number of units, ≥ 1
     */
    public static HebbianAccumulator empty(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of units n must be >= 1, got " + n);
        }
        return new HebbianAccumulator(n);
    }

    /**
     * An accumulator that already holds {@code count} patterns whose sum of outer products is {@code sum}: a
     * stored Hebbian network to add new patterns to (a warm start; {@code sum = N_p · W}).
     *
     * @param sum row-major n × n with zero diagonal (copied)
     * @param count N_p ≥ 0
     * @throws IllegalArgumentException if {@code sum} is not square, its diagonal is not zero, or count &lt; 0
     */
    public static HebbianAccumulator of(double[] sum, int n, long count) {
        if (sum.length != (long) n * n) {
            throw new IllegalArgumentException("sum has " + sum.length + " entries, expected n * n = " + (long) n * n);
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        HebbianAccumulator acc = empty(n);
        for (int i = 0; i < n; i++) {
            if (sum[i * n + i] != 0.0) {
                throw new IllegalArgumentException("the diagonal of a Hebbian sum is zero; entry " + i + " is "
                    + sum[i * n + i]);
            }
        }
        System.arraycopy(sum, 0, acc.sum, 0, sum.length);
        acc.count = count;
        return acc;
    }

    /**
     * The accumulator of a stored Hebbian network: {@code S = N_p · W} (W in bipolar encoding), each entry rounded
     * to the whole number it is (a sum of ±1 products), so adding patterns to it and forming {@link #network()}
     * gives exactly the network of all the patterns.
     *
     * @param net a Hebbian network of {@code count} patterns, any encoding
     * @param count N_p ≥ 1
     * @throws IllegalArgumentException if some {@code N_p · W_ij} is not a whole number (within 1e-6): then
     *     {@code net} is not the Hebbian network of {@code count} patterns
     */
    public static HebbianAccumulator ofNetwork(HopfieldNetwork net, long count) {
        if (count < 1) {
            throw new IllegalArgumentException("a Hebbian network stores at least 1 pattern, got " + count);
        }
        int n = net.size();
        double[] s = net.withEncoding(Encoding.BIPOLAR).weights();
        for (int k = 0; k < s.length; k++) {
            double x = s[k] * count;
            double whole = Math.rint(x);
            if (Math.abs(x - whole) > 1e-6) {
                throw new IllegalArgumentException("not the Hebbian weights of " + count + " patterns: " + count
                    + " * W[" + k / n + "][" + k % n + "] = " + x + " is not a whole number");
            }
            s[k] = whole;
        }
        return of(s, n, count);
    }

    /**
     * Adds ξ ξᵀ (off-diagonal) for one pattern.
     *
     * @param pattern length n, 0/1 or ±1 (not modified)
     * @return this
     */
    public HebbianAccumulator add(double[] pattern) {
        UnitStates.checkLength(pattern, n, "pattern");
        double[] xi = UnitStates.toEncoding(pattern, Encoding.BIPOLAR);
        double[] s = sum;
        for (int i = 0; i < n; i++) {
            double xiI = xi[i];
            int row = i * n;
            for (int j = i + 1; j < n; j++) {
                double prod = xiI * xi[j];
                s[row + j] += prod;
                s[j * n + i] += prod;
            }
        }
        count++;
        return this;
    }

    /** Adds every row of {@code patterns} (each length n); returns this. */
    public HebbianAccumulator addAll(double[][] patterns) {
        for (int p = 0; p < patterns.length; p++) {
            UnitStates.checkLength(patterns[p], n, "pattern " + p);
            add(patterns[p]);
        }
        return this;
    }

    /**
     * Adds the sums and count of {@code other} to this one; an empty {@code other} changes nothing.
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ
     */
    public HebbianAccumulator merge(HebbianAccumulator other) {
        if (other.n != n) {
            throw new IllegalArgumentException("cannot merge a Hebbian accumulator of " + other.n
                + " units into one of " + n + " units");
        }
        if (other.count == 0) {
            return this;
        }
        for (int k = 0; k < sum.length; k++) {
            sum[k] += other.sum[k];
        }
        count += other.count;
        return this;
    }

    /** The number of patterns added, N_p. */
    public long count() {
        return count;
    }

    /** The number of units n. */
    public int size() {
        return n;
    }

    /** A copy of S = Σ_p ξ^p ξ^pᵀ with zero diagonal, row-major n × n. */
    public double[] outerProductSum() {
        return sum.clone();
    }

    /**
     * The Hebbian network W = S / N_p (zero diagonal), b = 0, in bipolar encoding.
     *
     * @throws IllegalStateException if no pattern was added
     */
    public HopfieldNetwork network() {
        if (count == 0) {
            throw new IllegalStateException("the Hebbian rule needs at least one pattern, got 0");
        }
        double[] w = new double[n * n];
        double inv = 1.0 / count;
        for (int k = 0; k < w.length; k++) {
            w[k] = sum[k] * inv;
        }
        return HopfieldNetwork.of(w, new double[n], Encoding.BIPOLAR);
    }
}
