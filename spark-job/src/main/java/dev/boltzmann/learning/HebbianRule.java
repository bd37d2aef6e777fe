package dev.boltzmann.learning;

import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;

/**
 * The Hebbian storage rule for a Hopfield network:
 * <pre>
 *   W = (1/N_p) Σ_p ξ^p ξ^pᵀ,  W_ii = 0,  b = 0,   ξ^p ∈ {-1,+1}^n
 * </pre>
 * In 0/1 terms (ξ = 2v - 1) the same rule reads W_ij = (1/N_p) Σ_p (2v_i - 1)(2v_j - 1). Patterns may be given in
 * either encoding. Capacity for random patterns is about 0.138 n (Amit, Gutfreund &amp; Sompolinsky 1985); the result
 * is in bipolar encoding, use {@link HopfieldNetwork#withEncoding} for 0/1 units. See {@link HebbianAccumulator}
 * for the mergeable form used by distributed training.
 *
 * <pre>
 * Hopfield, PNAS 79 (1982) 2554–2558.
 * </pre>
 */
public final class HebbianRule {
    private HebbianRule() {
    }

    /**
     * Stores {@code patterns}.
     *
     * @param patterns N_p ≥ 1 rows of equal length n, 0/1 or ±1
     * @return the bipolar network
     */
    public static HopfieldNetwork train(double[][] patterns) {
        if (patterns.length == 0) {
            throw new IllegalArgumentException("the Hebbian rule needs at least one pattern, got 0");
        }
        return HebbianAccumulator.empty(patterns[0].length).addAll(patterns).network();
    }

    /**
     * Stores patterns given row-major in one array.
     *
     * @param flat N_p·n values, pattern p at {@code [p*n, (p+1)*n)}
     * @param n the pattern length
     */
    public static HopfieldNetwork train(double[] flat, int n) {
        return train(UnitStates.rowsToEncoding(flat, n, Encoding.BIPOLAR));
    }
}
