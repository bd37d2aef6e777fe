package dev.boltzmann.evaluation;

import dev.boltzmann.learning.StorageRule;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.HopfieldNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Capacity curves of the Hopfield storage rules: recall rate against load N_p / n for random patterns.
 *
 * <p>At each load, {@code N_p = max(1, round(load · n))} uniformly random ±1 patterns are drawn from stream
 * {@code (seed, n, N_p, trial)} — the same patterns for every rule — stored with each rule, and recalled by
 * {@link RecallRate} from copies with {@code flipFraction} of their units flipped (stream {@code (seed, trial)}).
 * Rates and overlaps are averaged over {@code trials} independent pattern sets.
 */
public final class CapacityCurve {
    private static final long KEY_PATTERNS = 0x70617474L;
    private static final long KEY_RECALL = 0x72656361L;

    private CapacityCurve() {
    }

    /**
     * One point of a capacity curve.
     *
     * @param rule the storage rule
     * @param n the number of units
     * @param patterns N_p, the number of stored patterns
     * @param load N_p / n
     * @param recallRate the mean fraction of patterns recalled exactly
     * @param meanOverlap the mean overlap of recalled state and pattern
     * @param trials the number of pattern sets averaged
     */
    public record Point(StorageRule rule, int n, int patterns, double load, double recallRate, double meanOverlap,
                        int trials) {
    }

    /**
     * The default loads 0.02, 0.05, 0.08, 0.10, 0.12, 0.14, 0.16, 0.20, 0.25, 0.30.
     *
     * @return a new array
     */
    public static double[] defaultLoads() {
        return new double[] {0.02, 0.05, 0.08, 0.10, 0.12, 0.14, 0.16, 0.20, 0.25, 0.30};
    }

    /**
     * The curve for every rule and load, rule-major.
     *
     * @param rules the rules to compare
     * @param n units, ≥ 2
     * @param loads loads &gt; 0
     * @param flipFraction the fraction of units flipped before recall, in [0, 1]
     * @param trials pattern sets per point, ≥ 1
     * @param seed the seed of the patterns, the corruptions and the rules' own randomness
     * @return {@code rules.size() · loads.length} points
     */
    public static List<Point> curve(List<StorageRule> rules, int n, double[] loads, double flipFraction, int trials,
                                    long seed) {
        List<Point> out = new ArrayList<>();
        for (StorageRule rule : rules) {
            for (double load : loads) {
                if (!(load > 0.0) || Double.isInfinite(load)) {
                    throw new IllegalArgumentException("load must be finite and > 0, got " + load);
                }
                int count = (int) Math.max(1, Math.round(load * n));
                out.add(point(rule, n, count, flipFraction, trials, seed));
            }
        }
        return out;
    }

    /**
     * One point: {@code numPatterns} random patterns of {@code n} units, stored by {@code rule}.
     *
     * @param numPatterns N_p ≥ 1
     */
    public static Point point(StorageRule rule, int n, int numPatterns, double flipFraction, int trials, long seed) {
        if (n < 2) {
            throw new IllegalArgumentException("n must be >= 2, got " + n);
        }
        if (numPatterns < 1) {
            throw new IllegalArgumentException("numPatterns must be >= 1, got " + numPatterns);
        }
        if (trials < 1) {
            throw new IllegalArgumentException("trials must be >= 1, got " + trials);
        }
        double rate = 0.0;
        double overlap = 0.0;
        for (int t = 0; t < trials; t++) {
            double[][] patterns = randomPatterns(numPatterns, n, Seeds.rng(seed, KEY_PATTERNS, n, numPatterns, t));
            HopfieldNetwork net = rule.train(patterns, Seeds.derive(seed, n, numPatterns, t));
            RecallRate.Report r = RecallRate.evaluate(net, patterns, flipFraction, Seeds.derive(seed, KEY_RECALL, t));
            rate += r.recallRate();
            overlap += r.meanOverlap();
        }
        return new Point(rule, n, numPatterns, (double) numPatterns / n, rate / trials, overlap / trials, trials);
    }

    /**
     * Uniformly random bipolar patterns.
     *
     * @return {@code count} new rows of length n with values ±1, one {@code nextBoolean()} per unit
     */
    public static double[][] randomPatterns(int count, int n, SplittableRandom rng) {
        double[][] out = new double[count][n];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < n; i++) {
                out[p][i] = rng.nextBoolean() ? 1.0 : -1.0;
            }
        }
        return out;
    }
}
