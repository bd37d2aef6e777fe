package dev.boltzmann.model;

import dev.boltzmann.math.Numerics;

/**
 * Exhaustive enumeration of the legal states of a {@link BoltzmannMachine} with some units held fixed, for
 * exact partition functions, marginals and moments of small machines.
 *
 * <p>The free binary units (m of them, m ≤ {@link #MAX_FREE_UNITS}) are walked in Gray-code order, so consecutive
 * states differ in one unit i and the negative energy is updated in O(1) and the fields in O(n):
 * <pre>
 *   -E(y') = -E(y) + (y'_i - y_i) z_i,     z_j ← z_j + W_ji (y'_i - y_i)
 * </pre>
 * Every 4096 states the fields and the energy are recomputed from scratch, so rounding never drifts. If the label
 * group is free, the walk is repeated for each of its C one-hot states (the only legal ones); if it is fixed it
 * must be one-hot in the given state. The cost is O(C · 2^m · n).
 */
public final class BmEnumeration {
    /** The largest number of free binary units enumerated (2^24 ≈ 1.7e7 states per label). */
    public static final int MAX_FREE_UNITS = 24;

    private static final int CHUNK = 4096;

    private BmEnumeration() {
    }

    /** Receives each enumerated state. */
    @FunctionalInterface
    public interface StateVisitor {
        /**
         * @param y the current state, length n (a scratch array owned by the enumeration: read, do not keep
         *     or modify)
         * @param negativeEnergy -E(y)
         */
        void visit(double[] y, double negativeEnergy);
    }

    /**
     * Calls {@code visitor} once for every legal state that agrees with {@code start} on the fixed units.
     *
     * @param bm the machine (n units)
     * @param start length n; the values of the fixed units (not modified)
     * @param fixed length n, true for units held at their {@code start} value; {@code null} for none. The label
     *     group must be entirely fixed (and one-hot in {@code start}) or entirely free.
     * @throws IllegalArgumentException if the shapes disagree, the label group is partly fixed or not one-hot,
     *     a fixed value is not 0/1, or more than {@link #MAX_FREE_UNITS} binary units are free
     */
    public static void forEachState(BoltzmannMachine bm, double[] start, boolean[] fixed, StateVisitor visitor) {
        int n = bm.size();
        int[] free = freeBinaryUnits(bm, start, fixed);
        boolean labelsFree = bm.numLabels() > 0 && (fixed == null || !fixed[bm.labelStart()]);
        double[] w = bm.weights();
        double[] y = start.clone();
        double[] z = new double[n];
        int labelRuns = labelsFree ? bm.numLabels() : 1;
        for (int c = 0; c < labelRuns; c++) {
            if (labelsFree) {
                bm.setLabel(y, c);
            }
            for (int f : free) {
                y[f] = 0.0;
            }
            double negE = refresh(bm, y, z);
            visitor.visit(y, negE);
            long count = 1L << free.length;
            for (long k = 1; k < count; k++) {
                int i = free[Long.numberOfTrailingZeros(k)];
                double delta = 1.0 - 2.0 * y[i];
                negE += delta * z[i];
                y[i] += delta;
                if ((k & (CHUNK - 1)) == 0) {
                    negE = refresh(bm, y, z);
                } else {
                    int row = i * n;
                    for (int j = 0; j < n; j++) {
                        z[j] += w[row + j] * delta;
                    }
                }
                visitor.visit(y, negE);
            }
        }
    }

    /**
     * log Σ exp(-E(y)) over the legal states that agree with {@code start} on the fixed units (a stable
     * log-sum-exp, folded in chunks of 4096 terms).
     *
     * @see #forEachState(BoltzmannMachine, double[], boolean[], StateVisitor)
     */
    public static double logSumExp(BoltzmannMachine bm, double[] start, boolean[] fixed) {
        double[] buffer = new double[(int) Math.min(CHUNK, stateCount(bm, start, fixed))];
        int[] filled = {0};
        double[] total = {Double.NEGATIVE_INFINITY};
        forEachState(bm, start, fixed, (y, negE) -> {
            buffer[filled[0]++] = negE;
            if (filled[0] == buffer.length) {
                total[0] = Numerics.logAddExp(total[0], Numerics.logSumExp(buffer, 0, buffer.length));
                filled[0] = 0;
            }
        });
        return Numerics.logAddExp(total[0], Numerics.logSumExp(buffer, 0, filled[0]));
    }

    /**
     * The number of legal states {@link #forEachState} visits: C^[labels free] · 2^m.
     */
    public static long stateCount(BoltzmannMachine bm, double[] start, boolean[] fixed) {
        int m = freeBinaryUnits(bm, start, fixed).length;
        boolean labelsFree = bm.numLabels() > 0 && (fixed == null || !fixed[bm.labelStart()]);
        return (labelsFree ? bm.numLabels() : 1) * (1L << m);
    }

    /** Fields z = Wy + b into {@code z}; returns -E(y) = ½ yᵀWy + bᵀy = ½ Σ y_i (z_i + b_i). */
    private static double refresh(BoltzmannMachine bm, double[] y, double[] z) {
        double negE = 0.0;
        for (int i = 0; i < z.length; i++) {
            z[i] = bm.field(y, i);
            negE += y[i] * (z[i] + bm.bias(i));
        }
        return 0.5 * negE;
    }

    private static int[] freeBinaryUnits(BoltzmannMachine bm, double[] start, boolean[] fixed) {
        int n = bm.size();
        UnitStates.checkLength(start, n, "start state");
        if (fixed != null && fixed.length != n) {
            throw new IllegalArgumentException("fixed mask has " + fixed.length + " entries, expected " + n);
        }
        int lo = bm.labelStart();
        int hi = bm.hiddenStart();
        if (bm.numLabels() > 0 && fixed != null) {
            int labelsOn = 0;
            for (int i = lo; i < hi; i++) {
                if (fixed[i] != fixed[lo]) {
                    throw new IllegalArgumentException("the label group must be fixed as a whole; unit " + i
                        + " is " + (fixed[i] ? "fixed" : "free") + ", unit " + lo + " is not");
                }
                labelsOn += start[i] == 1.0 ? 1 : 0;
            }
            if (fixed[lo] && labelsOn != 1) {
                throw new IllegalArgumentException("a fixed label group must be one-hot, found " + labelsOn
                    + " label units on");
            }
        }
        int m = 0;
        int[] free = new int[n];
        for (int i = 0; i < n; i++) {
            if (bm.isLabelUnit(i)) {
                continue;
            }
            if (fixed == null || !fixed[i]) {
                free[m++] = i;
            } else if (start[i] != 0.0 && start[i] != 1.0) {
                throw new IllegalArgumentException("fixed unit " + i + " is " + start[i] + ", expected 0 or 1");
            }
        }
        if (m > MAX_FREE_UNITS) {
            throw new IllegalArgumentException(m + " free binary units are too many to enumerate (at most "
                + MAX_FREE_UNITS + ")");
        }
        return java.util.Arrays.copyOf(free, m);
    }
}
