package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.BmGibbsSampler;
import java.util.SplittableRandom;

/**
 * The positive (clamped) and negative (free) phases of Boltzmann-machine learning (Ackley, Hinton &amp; Sejnowski
 * 1985), one pattern or one chain at a time, so that any subset of a batch's patterns and any subset of the chains
 * can be processed anywhere and the partial {@link BmStatistics} merged.
 *
 * <pre>
 *   positive, pattern p:  y = (v^p, c^p, h); clamp v^p (and the label c^p if known); if nothing is free, add y
 *                         with weight M_c; else randomise the free units, burn in, then M_c times
 *                         {k sweeps of the free units, add y}                                   → S_c
 *   negative, chain c:    if fresh: random legal y, burn in; then M times {k free sweeps, add y} → S
 *   gradient:             ⟨y_i y_j⟩ over all kept S_c states − ⟨y_i y_j⟩ over all kept S states
 * </pre>
 * Every pattern contributes M_c states and every chain M, so the pooled means equal the lecture's
 * "mean over P of mean over S_c".
 *
 * <p><b>Random streams</b> (the contract a distributed trainer relies on). The positive phase of pattern p (its
 * index in the whole data set) in update (epoch, round) uses {@code Seeds.rng(seed, PURPOSE_POSITIVE, epoch,
 * round, p)}; chain c's free phase uses {@code Seeds.rng(seed, PURPOSE_NEGATIVE, epoch, round, c)}. Nothing
 * depends on which task, slice or partition does the work, and the sums are exact, so slices merged equal the
 * whole bit for bit.
 */
public final class BmPhases {
    /** Stream purpose of the random initial weights: {@code (seed, PURPOSE_INIT)}. */
    public static final long PURPOSE_INIT = 0x424D_0001L;
    /** Stream purpose of the per-epoch shuffle: {@code (seed, PURPOSE_SHUFFLE, epoch)}. */
    public static final long PURPOSE_SHUFFLE = 0x424D_0002L;
    /** Stream purpose of the clamped phase: {@code (seed, PURPOSE_POSITIVE, epoch, round, pattern)}. */
    public static final long PURPOSE_POSITIVE = 0x424D_0003L;
    /** Stream purpose of the free phase: {@code (seed, PURPOSE_NEGATIVE, epoch, round, chain)}. */
    public static final long PURPOSE_NEGATIVE = 0x424D_0004L;

    private static final double T = 1.0;

    private BmPhases() {
    }

    /** The clamped-phase stream of pattern p in update (epoch, round). */
    public static SplittableRandom positiveStream(long seed, int epoch, int round, long pattern) {
        return Seeds.rng(seed, PURPOSE_POSITIVE, epoch, round, pattern);
    }

    /** The free-phase stream of chain c in update (epoch, round). */
    public static SplittableRandom negativeStream(long seed, int epoch, int round, long chain) {
        return Seeds.rng(seed, PURPOSE_NEGATIVE, epoch, round, chain);
    }

    /**
     * The clamped mask of a pattern: the visible units, and the label group if {@code label} is known.
     *
     * @return a new boolean array of length n
     */
    public static boolean[] clampedMask(BoltzmannMachine bm, int label) {
        boolean[] mask = new boolean[bm.size()];
        int end = label == BoltzmannMachine.NO_LABEL ? bm.labelStart() : bm.hiddenStart();
        for (int i = 0; i < end; i++) {
            mask[i] = true;
        }
        return mask;
    }

    /**
     * Adds pattern p's clamped-phase states to {@code into}: M_c = {@code o.clampedSamples()} states in total.
     *
     * @param visible the pattern v, 0/1, length nv (not modified)
     * @param label its class in [0, C), or {@link BoltzmannMachine#NO_LABEL} (the label group is then sampled)
     * @param pattern p, the pattern's index in the whole data set (names its random stream)
     * @param o the sampling options
     * @param seed the run's seed
     * @param epoch the epoch of this update
     * @param round the update's index within the epoch
     * @param into the statistics to add to
     */
    public static void addPositive(BoltzmannMachine bm, double[] visible, int label, long pattern,
                                   BmSamplingOptions o, long seed, int epoch, int round, BmStatistics into) {
        double[] y = bm.stateOf(visible, label);
        boolean[] clamped = clampedMask(bm, label);
        boolean anyFree = bm.numHidden() > 0 || (bm.numLabels() > 0 && label == BoltzmannMachine.NO_LABEL);
        if (!anyFree) {
            into.addPositive(y, o.clampedSamples());
            return;
        }
        SplittableRandom rng = positiveStream(seed, epoch, round, pattern);
        BmGibbsSampler.randomize(bm, y, clamped, rng);
        BmGibbsSampler.sweeps(bm, y, clamped, T, o.clampedBurnIn(), rng);
        for (int s = 0; s < o.clampedSamples(); s++) {
            BmGibbsSampler.sweeps(bm, y, clamped, T, o.sweepsBetweenSamples(), rng);
            into.addPositive(y, 1);
        }
    }

    /**
     * The clamped-phase statistics of some patterns of a batch.
     *
     * @param visible the patterns, each 0/1 of length nv
     * @param labels their labels ({@link BoltzmannMachine#NO_LABEL} for unknown), or {@code null} for none known
     * @param patterns their indices in the whole data set, same length as {@code visible}
     * @return new statistics with only the positive phase filled
     */
    public static BmStatistics positive(BoltzmannMachine bm, double[][] visible, int[] labels, long[] patterns,
                                        BmSamplingOptions o, long seed, int epoch, int round) {
        if (patterns.length != visible.length || (labels != null && labels.length != visible.length)) {
            throw new IllegalArgumentException("visible (" + visible.length + "), labels ("
                + (labels == null ? "null" : labels.length) + ") and patterns (" + patterns.length
                + ") must have equal lengths");
        }
        BmStatistics stats = BmStatistics.empty(bm.size());
        for (int k = 0; k < visible.length; k++) {
            int label = labels == null ? BoltzmannMachine.NO_LABEL : labels[k];
            addPositive(bm, visible[k], label, patterns[k], o, seed, epoch, round, stats);
        }
        return stats;
    }

    /**
     * Advances chain c in place and adds its M = {@code o.samplesPerChain()} kept states to {@code into}.
     *
     * @param state the chain's state, length n; overwritten with a random legal state first if {@code fresh},
     *     otherwise it must be legal (a persistent chain's last state)
     * @param chain c, the chain's global index (names its random stream)
     * @param fresh whether to restart the chain (random state + {@code o.burnIn()} sweeps)
     */
    public static void advanceChain(BoltzmannMachine bm, double[] state, long chain, boolean fresh,
                                    BmSamplingOptions o, long seed, int epoch, int round, BmStatistics into) {
        UnitStates.checkLength(state, bm.size(), "chain " + chain + " state");
        SplittableRandom rng = negativeStream(seed, epoch, round, chain);
        if (fresh) {
            BmGibbsSampler.randomize(bm, state, null, rng);
            BmGibbsSampler.sweeps(bm, state, null, T, o.burnIn(), rng);
        }
        for (int s = 0; s < o.samplesPerChain(); s++) {
            BmGibbsSampler.sweeps(bm, state, null, T, o.sweepsBetweenSamples(), rng);
            into.addNegative(state, 1);
        }
    }

    /**
     * The free-phase statistics of some chains; {@code states[k]} is chain {@code firstChain + k} and is advanced
     * in place (plain arrays, so a task can own any block of the chains).
     *
     * @param states chains × n
     * @return new statistics with only the negative phase filled
     */
    public static BmStatistics negative(BoltzmannMachine bm, double[][] states, long firstChain, boolean fresh,
                                        BmSamplingOptions o, long seed, int epoch, int round) {
        BmStatistics stats = BmStatistics.empty(bm.size());
        for (int k = 0; k < states.length; k++) {
            advanceChain(bm, states[k], firstChain + k, fresh, o, seed, epoch, round, stats);
        }
        return stats;
    }

    /** New chain states, {@code count} × n, all zero (start them with {@code fresh = true}). */
    public static double[][] newChains(BoltzmannMachine bm, int count) {
        return new double[count][bm.size()];
    }
}
