package dev.boltzmann.learning;

import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;

/**
 * The Storkey storage rule: incremental, local, and of higher capacity than the Hebbian rule
 * (about n / sqrt(2 ln n) patterns). Starting from W = 0, each bipolar pattern ξ in turn updates
 * <pre>
 *   h_ij  = Σ_{k ≠ i,j} W_ik ξ_k          (the field at i without the contributions of i and j)
 *   ΔW_ij = (1/n) (ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j),   i ≠ j;   W_ii = 0;   b = 0
 * </pre>
 * With the full field h_i = Σ_k W_ik ξ_k (W_ii = 0), h_ij = h_i − W_ij ξ_j, so one pattern costs O(n²).
 * The update is symmetric in i and j, so W stays symmetric. Patterns may be given in either encoding; the
 * result is bipolar. The result depends on the order of the patterns.
 *
 * <pre>
 * Storkey, ICANN 1997, LNCS 1327, 451–456; Storkey &amp; Valabregue, Neural Networks 12 (1999) 869–876.
 * </pre>
 */
public final class StorkeyRule {
    private StorkeyRule() {
    }

    /**
     * Stores {@code patterns} in order.
     *
     * @param patterns N_p ≥ 1 rows of equal length n, 0/1 or ±1
     * @return the bipolar network
     */
    public static HopfieldNetwork train(double[][] patterns) {
        if (patterns.length == 0) {
            throw new IllegalArgumentException("the Storkey rule needs at least one pattern, got 0");
        }
        int n = patterns[0].length;
        return train(HopfieldNetwork.of(new double[n * n], new double[n], Encoding.BIPOLAR), patterns);
    }

    /**
     * Stores {@code patterns} in order into a network that already holds some (a warm start): the incremental rule
     * continued from {@code start}'s weights (in bipolar encoding) instead of W = 0, so storing A and then B this way
     * gives {@code train(A then B)}. Biases stay 0, as the rule has none.
     *
     * @param start the network to continue, any encoding
     * @param patterns rows of length {@code start.size()}, 0/1 or ±1 (none is allowed: the network is returned
     *     in bipolar encoding with zero biases)
     */
    public static HopfieldNetwork train(HopfieldNetwork start, double[][] patterns) {
        int n = start.size();
        double[] w = start.withEncoding(Encoding.BIPOLAR).weights();
        double[][] xs = UnitStates.toEncoding(patterns, n, Encoding.BIPOLAR);
        double[] h = new double[n];
        for (double[] xi : xs) {
            addPattern(w, n, xi, h);
        }
        return HopfieldNetwork.of(w, new double[n], Encoding.BIPOLAR);
    }

    /** Stores patterns given row-major in one array ({@code [p*n, (p+1)*n)} is pattern p). */
    public static HopfieldNetwork train(double[] flat, int n) {
        return train(UnitStates.rowsToEncoding(flat, n, Encoding.BIPOLAR));
    }

    /**
     * One Storkey step in place.
     *
     * @param w row-major n × n, symmetric, zero diagonal; updated in place
     * @param xi the bipolar pattern, length n
     * @param h scratch of length n
     */
    static void addPattern(double[] w, int n, double[] xi, double[] h) {
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            int row = i * n;
            for (int k = 0; k < n; k++) {
                s += w[row + k] * xi[k];
            }
            h[i] = s;
        }
        double invN = 1.0 / n;
        // ΔW_ij = (1/n)(ξ_iξ_j − ξ_i(h_j − W_ij ξ_i) − (h_i − W_ij ξ_j)ξ_j), using ξ² = 1; all terms read the old W.
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = i + 1; j < n; j++) {
                double wij = w[row + j];
                double delta = invN * (xi[i] * xi[j] - xi[i] * (h[j] - wij * xi[i]) - (h[i] - wij * xi[j]) * xi[j]);
                double updated = wij + delta;
                w[row + j] = updated;
                w[j * n + i] = updated;
            }
        }
    }
}
