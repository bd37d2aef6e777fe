package dev.boltzmann.sampling;

import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Deterministic recall in a Hopfield network: repeated application of the update rule
 * <pre>
 *   y_i ← on if z_i &gt; 0, off if z_i &lt; 0, unchanged if z_i = 0,   z_i = Σ_j W_ij y_j + b_i
 * </pre>
 * either asynchronously (one unit at a time, each seeing the changes made before it) or synchronously (all units
 * from the same old state).
 *
 * <ul>
 *   <li>Asynchronous: each flip changes the energy by {@code -(y_i' - y_i) z_i < 0}, so E never rises and the
 *       dynamics reaches a fixed point after finitely many flips. Recall stops after the first sweep without a
 *       flip, or after {@code maxSweeps} sweeps.</li>
 *   <li>Synchronous: with symmetric W the dynamics ends in a fixed point or a 2-cycle (Goles–Olivos 1981);
 *       a state equal to the one two steps back (and different from the last) is reported as a 2-cycle.</li>
 * </ul>
 * Start states may be given in either encoding ({@link UnitStates}); results are in the network's encoding.
 * Clamped units (a boolean mask, {@code null} for none) are never updated. The methods are stateless and
 * thread-safe; the random generator is the caller's.
 */
public final class HopfieldRecall {
    private HopfieldRecall() {
    }

    /**
     * Asynchronous recall from {@code start}.
     *
     * @param net the network (n units)
     * @param start the start state, length n, in either encoding (not modified)
     * @param maxSweeps the most sweeps to run (≥ 1)
     * @param order the visiting order of each sweep
     * @param rng the source of the random permutations; may be {@code null} only for {@link UpdateOrder#FIXED}
     * @return the final state and how it was reached; {@code cycleDetected} is always false
     */
    public static RecallResult asynchronous(HopfieldNetwork net, double[] start, int maxSweeps, UpdateOrder order,
                                            SplittableRandom rng) {
        return asynchronous(net, start, null, maxSweeps, order, rng, null);
    }

    /**
     * Asynchronous recall with clamped units and an optional observer of every flip.
     *
     * @param net the network (n units)
     * @param start the start state, length n, in either encoding (not modified); clamped units keep these values
     * @param clamped length n, true for units never updated; {@code null} for none
     * @param maxSweeps the most sweeps to run (≥ 1)
     * @param order the visiting order of each sweep
     * @param rng the source of the random permutations; may be {@code null} only for {@link UpdateOrder#FIXED}
     * @param observer told of each flip; {@code null} for none
     * @return the final state and how it was reached
     */
    public static RecallResult asynchronous(HopfieldNetwork net, double[] start, boolean[] clamped, int maxSweeps,
                                            UpdateOrder order, SplittableRandom rng, FlipObserver observer) {
        int n = net.size();
        checkArguments(n, start, clamped, maxSweeps);
        if (order == UpdateOrder.RANDOM && rng == null) {
            throw new IllegalArgumentException("UpdateOrder.RANDOM needs a random generator, got null");
        }
        double[] y = UnitStates.toEncoding(start, net.encoding());
        int[] scan = identity(n);
        long flips = 0;
        int sweeps = 0;
        boolean converged = false;
        while (sweeps < maxSweeps) {
            if (order == UpdateOrder.RANDOM) {
                shuffle(scan, rng);
            }
            int changed = sweep(net, y, scan, clamped, observer);
            sweeps++;
            flips += changed;
            if (changed == 0) {
                converged = true;
                break;
            }
        }
        return new RecallResult(y, sweeps, flips, converged, false, net.energy(y));
    }

    /**
     * Completion or recall of a 0/1 pattern (the lecture's use of a Hopfield network as content-addressable
     * memory): known units start at their values and, when the pattern has unknown units (NaN) and {@code free}
     * is false, stay clamped; unknown units start at random; then asynchronous recall in random order.
     *
     * @param net the network (either encoding)
     * @param pattern length n: 0/1 values (thresholded at ½), NaN for unknown (not modified)
     * @param free let known units change too (a pattern without unknown units is always recalled freely)
     * @param maxSweeps the most sweeps (≥ 1)
     * @param rng the random starts and sweep orders
     * @return a new 0/1 array of length n: the recalled state
     */
    public static double[] complete(HopfieldNetwork net, double[] pattern, boolean free, int maxSweeps,
                                    SplittableRandom rng) {
        HopfieldNetwork b = net.withEncoding(dev.boltzmann.model.Encoding.BIPOLAR);
        boolean partial = false;
        double[] start = new double[pattern.length];
        for (int i = 0; i < start.length; i++) {
            if (Double.isNaN(pattern[i])) {
                partial = true;
                start[i] = rng.nextBoolean() ? 1.0 : -1.0;
            } else {
                start[i] = pattern[i] >= 0.5 ? 1.0 : -1.0;
            }
        }
        boolean[] clamped = new boolean[pattern.length];
        for (int i = 0; i < start.length; i++) {
            clamped[i] = partial && !free && !Double.isNaN(pattern[i]);
        }
        double[] y = asynchronous(b, start, clamped, maxSweeps, UpdateOrder.RANDOM, rng, null).state();
        double[] out = new double[y.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = y[i] > 0 ? 1.0 : 0.0;
        }
        return out;
    }

    /**
     * One asynchronous sweep over the units in the order {@code scan}, in place. This is the inner loop of recall
     * and does not check its arguments; {@code y} must hold only the network's on/off values.
     *
     * @param net the network (n units)
     * @param y the state, length n, in the network's encoding; updated in place
     * @param scan the units to visit, in order (usually a permutation of 0..n-1)
     * @param clamped length n, true for units never updated; {@code null} for none
     * @param observer told of each flip; {@code null} for none
     * @return the number of units that changed
     */
    public static int sweep(HopfieldNetwork net, double[] y, int[] scan, boolean[] clamped, FlipObserver observer) {
        int changed = 0;
        for (int k = 0; k < scan.length; k++) {
            int i = scan[k];
            if (clamped != null && clamped[i]) {
                continue;
            }
            double old = y[i];
            double next = net.updatedValue(y, i);
            if (next != old) {
                y[i] = next;
                changed++;
                if (observer != null) {
                    observer.flipped(i, old, y);
                }
            }
        }
        return changed;
    }

    /**
     * Synchronous recall from {@code start}: {@code y(t+1)_i = sgn(z_i(y(t)))}, ties keeping {@code y(t)_i}, until
     * {@code y(t+1) = y(t)} (fixed point), {@code y(t+1) = y(t-1) ≠ y(t)} (2-cycle) or {@code maxSweeps} steps.
     *
     * @param net the network (n units)
     * @param start the start state, length n, in either encoding (not modified)
     * @param maxSweeps the most synchronous steps (≥ 1)
     * @return the final state; in a 2-cycle, the later of its two states, with {@code cycleDetected = true}
     */
    public static RecallResult synchronous(HopfieldNetwork net, double[] start, int maxSweeps) {
        int n = net.size();
        checkArguments(n, start, null, maxSweeps);
        double[] previous = null;
        double[] current = UnitStates.toEncoding(start, net.encoding());
        long flips = 0;
        int sweeps = 0;
        boolean converged = false;
        boolean cycle = false;
        while (sweeps < maxSweeps) {
            double[] next = new double[n];
            int changed = 0;
            for (int i = 0; i < n; i++) {
                next[i] = net.updatedValue(current, i);
                if (next[i] != current[i]) {
                    changed++;
                }
            }
            sweeps++;
            flips += changed;
            if (changed == 0) {
                converged = true;
                break;
            }
            if (previous != null && Arrays.equals(next, previous)) {
                cycle = true;
                previous = current;
                current = next;
                break;
            }
            previous = current;
            current = next;
        }
        return new RecallResult(current, sweeps, flips, converged, cycle, net.energy(current));
    }

    /**
     * Asynchronous recall of many start states, one after another with the same generator.
     *
     * @param net the network (n units)
     * @param maxSweeps the most sweeps per start state (≥ 1)
     * @param order the visiting order of each sweep
     * @param rng the source of the random permutations, shared in sequence; {@code null} only for FIXED
     * @param starts N rows of length n, in either encoding (not modified)
     * @return N results, in the order of {@code starts}
     */
    public static RecallResult[] recallAll(HopfieldNetwork net, double[][] starts, int maxSweeps, UpdateOrder order,
                                           SplittableRandom rng) {
        RecallResult[] out = new RecallResult[starts.length];
        for (int p = 0; p < starts.length; p++) {
            UnitStates.checkLength(starts[p], net.size(), "start state " + p);
            out[p] = asynchronous(net, starts[p], maxSweeps, order, rng);
        }
        return out;
    }

    /**
     * Asynchronous recall of many start states stored row-major in one array.
     *
     * @param flatStarts N·n values, start state p at {@code [p*n, (p+1)*n)}, in either encoding (not modified)
     * @return a new array of N·n values: the final states, row-major, in the network's encoding
     * @throws IllegalArgumentException if {@code flatStarts.length} is not a multiple of n
     */
    public static double[] recallAll(HopfieldNetwork net, double[] flatStarts, int maxSweeps, UpdateOrder order,
                                     SplittableRandom rng) {
        int n = net.size();
        if (flatStarts.length % n != 0) {
            throw new IllegalArgumentException("flat start array has " + flatStarts.length
                + " values, not a multiple of the network size " + n);
        }
        double[] out = new double[flatStarts.length];
        double[] row = new double[n];
        for (int off = 0; off < flatStarts.length; off += n) {
            System.arraycopy(flatStarts, off, row, 0, n);
            System.arraycopy(asynchronous(net, row, maxSweeps, order, rng).state(), 0, out, off, n);
        }
        return out;
    }

    /** The identity permutation 0..n-1. */
    static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /**
     * Shuffles {@code a} in place into a uniformly random permutation (Fisher–Yates), consuming
     * {@code a.length - 1} draws of {@code rng}.
     */
    public static void shuffle(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void checkArguments(int n, double[] start, boolean[] clamped, int maxSweeps) {
        UnitStates.checkLength(start, n, "start state");
        if (clamped != null && clamped.length != n) {
            throw new IllegalArgumentException("clamped mask has " + clamped.length + " entries, expected " + n);
        }
        if (maxSweeps < 1) {
            throw new IllegalArgumentException("maxSweeps must be >= 1, got " + maxSweeps);
        }
    }
}
