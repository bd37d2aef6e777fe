package dev.boltzmann.evaluation;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.HopfieldRecall;
import dev.boltzmann.sampling.RecallResult;
import dev.boltzmann.sampling.UpdateOrder;
import java.util.SplittableRandom;

/**
 * How well a Hopfield network recalls its patterns from corrupted copies.
 *
 * <p>For each pattern ξ^p: exactly {@code m = round(fraction · n)} distinct units, chosen uniformly, are flipped;
 * the corrupted state is recalled asynchronously (random order); the result s is compared with ξ^p.
 * <pre>
 *   recall rate  = (1/N_p) Σ_p [s^p = ξ^p]
 *   mean overlap = (1/N_p) Σ_p (1/n) Σ_i ξ^p_i s^p_i     (bipolar values; 1 is perfect, ≈ 0 is unrelated)
 * </pre>
 * Pattern p uses the random stream {@code (seed, p)} for both its corruption and its recall, so the result does
 * not depend on the order in which patterns are evaluated.
 */
public final class RecallRate {
    /** The default sweep cap of one recall. */
    public static final int DEFAULT_MAX_SWEEPS = 100;

    private RecallRate() {
    }

    /**
     * The outcome of a recall evaluation.
     *
     * @param patterns N_p, the number of patterns evaluated
     * @param flipsPerPattern m, the number of units flipped in each
     * @param recallRate the fraction of patterns recovered exactly, in [0, 1]
     * @param meanOverlap the mean overlap between pattern and recalled state, in [-1, 1]
     * @param meanSweeps the mean number of sweeps a recall took
     */
    public record Report(int patterns, int flipsPerPattern, double recallRate, double meanOverlap,
                         double meanSweeps) {
    }

    /**
     * Evaluates recall with {@link #DEFAULT_MAX_SWEEPS}.
     *
     * @see #evaluate(HopfieldNetwork, double[][], double, int, long)
     */
    public static Report evaluate(HopfieldNetwork net, double[][] patterns, double flipFraction, long seed) {
        return evaluate(net, patterns, flipFraction, DEFAULT_MAX_SWEEPS, seed);
    }

    /**
     * Evaluates recall of {@code patterns} from copies with {@code round(flipFraction · n)} flipped units.
     *
     * @param net the network (n units)
     * @param patterns N_p ≥ 1 rows of length n, 0/1 or ±1 (not modified)
     * @param flipFraction the fraction of units to flip, in [0, 1]
     * @param maxSweeps the sweep cap of each recall, ≥ 1
     * @param seed the seed of the corruptions and the sweep orders
     */
    public static Report evaluate(HopfieldNetwork net, double[][] patterns, double flipFraction, int maxSweeps,
                                  long seed) {
        if (!(flipFraction >= 0.0 && flipFraction <= 1.0)) {
            throw new IllegalArgumentException("flipFraction must be in [0,1], got " + flipFraction);
        }
        if (patterns.length == 0) {
            throw new IllegalArgumentException("recall evaluation needs at least one pattern, got 0");
        }
        int n = net.size();
        double[][] targets = UnitStates.toEncoding(patterns, n, net.encoding());
        int flips = (int) Math.round(flipFraction * n);
        int exact = 0;
        double overlapSum = 0.0;
        long sweepSum = 0;
        int[] scratch = new int[n];
        for (int p = 0; p < targets.length; p++) {
            Outcome o = recall(net, targets[p], flips, maxSweeps, seed, p, scratch);
            exact += o.exact() ? 1 : 0;
            overlapSum += o.overlap();
            sweepSum += o.sweeps();
        }
        int np = targets.length;
        return new Report(np, flips, (double) exact / np, overlapSum / np, (double) sweepSum / np);
    }

    /**
     * The recall of one pattern.
     *
     * @param exact whether the recalled state is the pattern
     * @param overlap (agreeing − disagreeing units) / n
     * @param sweeps the sweeps the recall took
     */
    public record Outcome(boolean exact, double overlap, int sweeps) {
    }

    /**
     * Recalls pattern number {@code index} from a copy with {@code flips} flipped units; its corruption and sweep
     * order use stream {@code (seed, index)}, so any subset of the patterns can be evaluated anywhere (the sums of
     * {@link #evaluate} over the patterns in index order are the same).
     *
     * @param target the pattern in {@code net}'s encoding, length n (not modified)
     * @param scratch length n, overwritten
     */
    public static Outcome recall(HopfieldNetwork net, double[] target, int flips, int maxSweeps, long seed,
                                 long index, int[] scratch) {
        int n = target.length;
        SplittableRandom rng = Seeds.rng(seed, index);
        double[] start = corrupt(target, flips, net, rng, scratch);
        RecallResult r = HopfieldRecall.asynchronous(net, start, maxSweeps, UpdateOrder.RANDOM, rng);
        int agree = 0;
        for (int i = 0; i < n; i++) {
            if (r.state()[i] == target[i]) {
                agree++;
            }
        }
        return new Outcome(agree == n, (2.0 * agree - n) / n, r.sweeps());
    }

    /**
     * A copy of {@code state} with exactly {@code flips} distinct units switched between on and off, chosen
     * uniformly by a partial Fisher–Yates shuffle ({@code flips} draws of {@code rng}).
     *
     * @param state length n, in {@code net}'s encoding
     * @param scratch length n, overwritten
     */
    public static double[] corrupt(double[] state, int flips, HopfieldNetwork net, SplittableRandom rng, int[] scratch) {
        int n = state.length;
        for (int i = 0; i < n; i++) {
            scratch[i] = i;
        }
        double[] out = state.clone();
        double on = net.encoding().on();
        double off = net.encoding().off();
        for (int k = 0; k < flips; k++) {
            int j = k + rng.nextInt(n - k);
            int unit = scratch[j];
            scratch[j] = scratch[k];
            scratch[k] = unit;
            out[unit] = out[unit] == on ? off : on;
        }
        return out;
    }
}
