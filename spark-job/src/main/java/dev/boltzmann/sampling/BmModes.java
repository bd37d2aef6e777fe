package dev.boltzmann.sampling;

import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.UnitStates;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The modes of use of a trained {@link BoltzmannMachine} (Ackley, Hinton &amp; Sejnowski 1985; lecture §4):
 * <ul>
 *   <li><b>generation</b> — free Gibbs sampling from a random legal state ({@link #generate}); optionally
 *       annealed ({@link #generateAnnealed}): with {@code endAtUnitTemperature} the schedule's temperatures above 1
 *       are visited and the chain then runs at T = 1, so the result is a sample of P (the heat only helps the chain
 *       cross between modes); otherwise the whole schedule is followed down to T_min and the result is a
 *       low-energy state near a mode of P, not a sample;</li>
 *   <li><b>completion</b> — clamp the known visible units, sample the rest (hidden units and label group too) for
 *       L sweeps, return the mean of the visible units over the last M ({@link #completeMean}) or that mean
 *       thresholded at ½ ({@link #complete});</li>
 *   <li><b>classification</b> — P(c | v) ∝ Σ_h exp(-E(v, c, h)): exact by enumerating the hidden units when
 *       nh ≤ {@link #MAX_EXACT_HIDDEN}, otherwise a Gibbs estimate ({@link #classProbabilities});</li>
 *   <li><b>conditional generation</b> — clamp the label group to class c, sample everything else
 *       ({@link #generateConditional}, {@link #conditionalMean}).</li>
 * </ul>
 * All sampling is at T = 1 unless said otherwise; every method that samples takes the caller's generator.
 */
public final class BmModes {
    /** The largest hidden layer for which {@link #classProbabilities} enumerates exactly. */
    public static final int MAX_EXACT_HIDDEN = 20;

    private BmModes() {
    }

    /**
     * A sample after {@code sweeps} free sweeps at T = 1 from a uniformly random legal state.
     *
     * @param sweeps ≥ 0
     * @return a new legal state of length n
     */
    public static double[] generate(BoltzmannMachine bm, int sweeps, SplittableRandom rng) {
        double[] y = new double[bm.size()];
        BmGibbsSampler.randomize(bm, y, null, rng);
        BmGibbsSampler.sweeps(bm, y, null, 1.0, sweeps, rng);
        return y;
    }

    /**
     * Generation with annealing from a uniformly random legal state: Gibbs sweeps at the schedule's temperatures
     * T_0, αT_0, … — only those above 1 if {@code endAtUnitTemperature}, else all down to T_min — then
     * {@code finalSweeps} sweeps at the end temperature (1, or T_min).
     *
     * @param endAtUnitTemperature true: a sample of P (T ends at 1); false: a low-energy state (T ends at T_min)
     * @param finalSweeps ≥ 0
     * @return a new legal state of length n
     */
    public static double[] generateAnnealed(BoltzmannMachine bm, AnnealingSchedule schedule,
                                            boolean endAtUnitTemperature, int finalSweeps, SplittableRandom rng) {
        double[] y = new double[bm.size()];
        BmGibbsSampler.randomize(bm, y, null, rng);
        double last = schedule.minTemperature();
        for (double t = schedule.initialTemperature(); t >= schedule.minTemperature(); t *= schedule.alpha()) {
            if (endAtUnitTemperature && t <= 1.0) {
                break;
            }
            BmGibbsSampler.sweeps(bm, y, null, t, schedule.sweepsPerTemperature(), rng);
            last = t;
        }
        BmGibbsSampler.sweeps(bm, y, null, endAtUnitTemperature ? 1.0 : last, finalSweeps, rng);
        return y;
    }

    /**
     * The mean state over the last {@code keepLast} of {@code sweeps} sweeps at T = 1, starting from {@code start}
     * with its unclamped units randomised (the lecture's output of a stochastic network).
     *
     * @param start length n; the clamped units' values (one-hot label group if it is clamped)
     * @param clamped length n, or {@code null} for none
     * @param sweeps L ≥ 1
     * @param keepLast M in [1, L]
     * @return a new array of length n of per-unit means in [0, 1]
     */
    public static double[] meanState(BoltzmannMachine bm, double[] start, boolean[] clamped, int sweeps,
                                     int keepLast, SplittableRandom rng) {
        if (sweeps < 1) {
            throw new IllegalArgumentException("sweeps must be >= 1, got " + sweeps);
        }
        if (keepLast < 1 || keepLast > sweeps) {
            throw new IllegalArgumentException("keepLast must be in [1, sweeps=" + sweeps + "], got " + keepLast);
        }
        int n = bm.size();
        double[] y = start.clone();
        BmGibbsSampler.randomize(bm, y, clamped, rng);
        double[] sum = new double[n];
        for (int s = 0; s < sweeps; s++) {
            BmGibbsSampler.sweep(bm, y, clamped, 1.0, rng);
            if (s >= sweeps - keepLast) {
                for (int i = 0; i < n; i++) {
                    sum[i] += y[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            sum[i] /= keepLast;
        }
        return sum;
    }

    /**
     * Completion: the mean of each visible unit over the last M of L sweeps with the known units clamped.
     *
     * @param visible length nv; the known units' 0/1 values (the others are ignored)
     * @param known length nv, true for the units given
     * @return a new array of length nv: known units as given, the others' means in [0, 1]
     */
    public static double[] completeMean(BoltzmannMachine bm, double[] visible, boolean[] known, int sweeps,
                                        int keepLast, SplittableRandom rng) {
        int nv = bm.numVisible();
        UnitStates.checkLength(visible, nv, "visible pattern");
        if (known.length != nv) {
            throw new IllegalArgumentException("known mask has " + known.length + " entries, expected " + nv);
        }
        double[] start = new double[bm.size()];
        boolean[] clamped = new boolean[bm.size()];
        for (int i = 0; i < nv; i++) {
            if (known[i]) {
                if (visible[i] != 0.0 && visible[i] != 1.0) {
                    throw new IllegalArgumentException("known visible unit " + i + " is " + visible[i]
                        + ", expected 0 or 1");
                }
                start[i] = visible[i];
                clamped[i] = true;
            }
        }
        return Arrays.copyOf(meanState(bm, start, clamped, sweeps, keepLast, rng), nv);
    }

    /** Completion thresholded: unit on iff its mean over the last M sweeps exceeds ½. Length nv. */
    public static double[] complete(BoltzmannMachine bm, double[] visible, boolean[] known, int sweeps,
                                    int keepLast, SplittableRandom rng) {
        double[] mean = completeMean(bm, visible, known, sweeps, keepLast, rng);
        for (int i = 0; i < mean.length; i++) {
            mean[i] = mean[i] > 0.5 ? 1.0 : 0.0;
        }
        return mean;
    }

    /**
     * Exact P(c | v) = exp(ℓ_c − logsumexp ℓ), ℓ_c = log Σ_h exp(-E(v, c, h)), enumerating the 2^nh hidden states
     * for each label.
     *
     * @param visible 0/1, length nv
     * @return length C, sums to 1
     * @throws IllegalArgumentException if there is no label group or nh &gt; {@link BmEnumeration#MAX_FREE_UNITS}
     */
    public static double[] classProbabilitiesExact(BoltzmannMachine bm, double[] visible) {
        checkHasLabels(bm);
        boolean[] fixed = new boolean[bm.size()];
        Arrays.fill(fixed, 0, bm.hiddenStart(), true);
        double[] logScore = new double[bm.numLabels()];
        for (int c = 0; c < logScore.length; c++) {
            logScore[c] = BmEnumeration.logSumExp(bm, bm.stateOf(visible, c), fixed);
        }
        return softmax(logScore);
    }

    /**
     * A Gibbs estimate of P(c | v): clamp v, sample the label group and the hidden units for L sweeps, and average
     * the label group's conditional softmax(z_c) over the last M (a Rao–Blackwellised estimate; consistent as
     * M → ∞, biased by a finite burn-in).
     *
     * @return length C, sums to 1
     */
    public static double[] classProbabilitiesGibbs(BoltzmannMachine bm, double[] visible, int sweeps, int keepLast,
                                                   SplittableRandom rng) {
        checkHasLabels(bm);
        if (keepLast < 1 || keepLast > sweeps) {
            throw new IllegalArgumentException("keepLast must be in [1, sweeps=" + sweeps + "], got " + keepLast);
        }
        double[] y = bm.stateOf(visible, BoltzmannMachine.NO_LABEL);
        boolean[] clamped = new boolean[bm.size()];
        Arrays.fill(clamped, 0, bm.numVisible(), true);
        BmGibbsSampler.randomize(bm, y, clamped, rng);
        double[] mean = new double[bm.numLabels()];
        for (int s = 0; s < sweeps; s++) {
            BmGibbsSampler.sweep(bm, y, clamped, 1.0, rng);
            if (s >= sweeps - keepLast) {
                double[] p = BmGibbsSampler.labelProbabilities(bm, y, 1.0);
                for (int c = 0; c < p.length; c++) {
                    mean[c] += p[c] / keepLast;
                }
            }
        }
        return mean;
    }

    /**
     * P(c | v): exact ({@link #classProbabilitiesExact}) when nh ≤ {@link #MAX_EXACT_HIDDEN} — then
     * {@code sweeps}, {@code keepLast} and {@code rng} are unused — else the Gibbs estimate
     * ({@link #classProbabilitiesGibbs}).
     */
    public static double[] classProbabilities(BoltzmannMachine bm, double[] visible, int sweeps, int keepLast,
                                              SplittableRandom rng) {
        if (bm.numHidden() <= MAX_EXACT_HIDDEN) {
            return classProbabilitiesExact(bm, visible);
        }
        return classProbabilitiesGibbs(bm, visible, sweeps, keepLast, rng);
    }

    /** argmax_c P(c | v) by {@link #classProbabilities}. */
    public static int classify(BoltzmannMachine bm, double[] visible, int sweeps, int keepLast,
                               SplittableRandom rng) {
        return argmax(classProbabilities(bm, visible, sweeps, keepLast, rng));
    }

    /**
     * Conditional generation: the visible part of the state after {@code sweeps} sweeps with the label group
     * clamped to {@code label} (start uniformly random).
     *
     * @return a new 0/1 array of length nv
     */
    public static double[] generateConditional(BoltzmannMachine bm, int label, int sweeps, SplittableRandom rng) {
        checkHasLabels(bm);
        double[] y = new double[bm.size()];
        bm.setLabel(y, label);
        boolean[] clamped = labelMask(bm);
        BmGibbsSampler.randomize(bm, y, clamped, rng);
        BmGibbsSampler.sweeps(bm, y, clamped, 1.0, sweeps, rng);
        return bm.visiblePart(y);
    }

    /** Conditional generation, averaged: the visible means over the last M of L sweeps with the label clamped. */
    public static double[] conditionalMean(BoltzmannMachine bm, int label, int sweeps, int keepLast,
                                           SplittableRandom rng) {
        checkHasLabels(bm);
        double[] y = new double[bm.size()];
        bm.setLabel(y, label);
        return Arrays.copyOf(meanState(bm, y, labelMask(bm), sweeps, keepLast, rng), bm.numVisible());
    }

    /** The index of the largest entry (the first one on ties). */
    public static int argmax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }

    private static boolean[] labelMask(BoltzmannMachine bm) {
        boolean[] mask = new boolean[bm.size()];
        Arrays.fill(mask, bm.labelStart(), bm.hiddenStart(), true);
        return mask;
    }

    private static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double total = 0.0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            total += p[c];
        }
        for (int c = 0; c < p.length; c++) {
            p[c] /= total;
        }
        return p;
    }

    private static void checkHasLabels(BoltzmannMachine bm) {
        if (bm.numLabels() == 0) {
            throw new IllegalArgumentException("the machine has no label group (numLabels = 0)");
        }
    }
}
