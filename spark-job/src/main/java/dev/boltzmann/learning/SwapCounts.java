package dev.boltzmann.learning;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Swap proposals and acceptances of parallel tempering per neighbouring pair of temperatures (pair k is
 * (β_k, β_{k+1})). Plain counts, so the counts of slices of the chains merge exactly, in any order.
 *
 * <p>Not synchronized: one instance per thread or task.
 */
public final class SwapCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] proposed;
    private final long[] accepted;

    private SwapCounts(int pairs) {
        proposed = new long[pairs];
        accepted = new long[pairs];
    }

    /** Zero counts for a ladder of {@code temperatures} ≥ 2 (that many − 1 pairs). */
    public static SwapCounts empty(int temperatures) {
        if (temperatures < 2) {
            throw new IllegalArgumentException("temperatures must be >= 2, got " + temperatures);
        }
        return new SwapCounts(temperatures - 1);
    }

    /** The number of neighbouring pairs. */
    public int pairs() {
        return proposed.length;
    }

    /** Counts one proposal of pair {@code k}, accepted or not. */
    public void add(int k, boolean wasAccepted) {
        proposed[k]++;
        if (wasAccepted) {
            accepted[k]++;
        }
    }

    /** Adds {@code other}'s counts to these; returns this. */
    public SwapCounts merge(SwapCounts other) {
        if (other.pairs() != pairs()) {
            throw new IllegalArgumentException("swap counts of " + other.pairs() + " pairs cannot merge into "
                + pairs());
        }
        for (int k = 0; k < proposed.length; k++) {
            proposed[k] += other.proposed[k];
            accepted[k] += other.accepted[k];
        }
        return this;
    }

    /** Sets every count to zero (for counts per epoch). */
    public void reset() {
        java.util.Arrays.fill(proposed, 0);
        java.util.Arrays.fill(accepted, 0);
    }

    /** Proposals of pair k. */
    public long proposed(int k) {
        return proposed[k];
    }

    /** Accepted proposals of pair k. */
    public long accepted(int k) {
        return accepted[k];
    }

    /** Acceptance rate of each pair, accepted / proposed (NaN for a pair never proposed); a new array. */
    public double[] rates() {
        double[] r = new double[proposed.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = proposed[k] == 0 ? Double.NaN : (double) accepted[k] / proposed[k];
        }
        return r;
    }

    @Override
    public String toString() {
        return "SwapCounts(accepted " + Arrays.toString(accepted) + " of " + Arrays.toString(proposed) + ")";
    }
}
