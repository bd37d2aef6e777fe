package dev.boltzmann.sampling;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.UnitStates;
import java.util.SplittableRandom;

/**
 * Sequential Gibbs sampling of a {@link BoltzmannMachine} at temperature T, with clamped units and the softmax
 * label group sampled as one block.
 *
 * <p>A sweep visits the units in index order (visible, label group, hidden) and redraws each free one from its
 * conditional given all the others:
 * <pre>
 *   binary unit i:   P(y_i = 1 | rest) = σ(z_i / T),             z_i = Σ_j W_ij y_j + b_i
 *   label group:     P(c | rest) = exp(z_c / T) / Σ_c' exp(z_c' / T),   z_c = b_c + Σ_j W_cj y_j
 * </pre>
 * (W is zero inside the label group, so z_c does not depend on the current label). Each redraw leaves
 * {@code exp(-E/T)} restricted to the legal states invariant, hence so does the sweep. Without a label group the
 * sweep is exactly {@link GibbsSampler#sweep} on {@link BoltzmannMachine#asHopfield()}.
 *
 * <p>Randomness: one {@code nextDouble()} per free binary unit and one per free label group, per sweep. The class
 * is stateless and thread-safe.
 *
 * <pre>
 * Ackley, Hinton &amp; Sejnowski, Cognitive Science 9 (1985) 147–169.
 * Geman &amp; Geman, IEEE PAMI 6 (1984) 721–741.
 * </pre>
 */
public final class BmGibbsSampler {
    private BmGibbsSampler() {
    }

    /**
     * One sweep in place.
     *
     * @param bm the machine (n units)
     * @param y a legal state of length n (0/1, one-hot label group if any); updated in place
     * @param clamped length n, true for units never resampled, {@code null} for none; the label group must be
     *     clamped as a whole or not at all
     * @param temperature T &gt; 0, finite
     * @param rng the caller's generator
     * @throws IllegalArgumentException if the lengths disagree, the label group is partly clamped, or T is bad
     */
    public static void sweep(BoltzmannMachine bm, double[] y, boolean[] clamped, double temperature,
                             SplittableRandom rng) {
        if (bm.numLabels() == 0) {
            GibbsSampler.sweep(bm.asHopfield(), y, clamped, temperature, rng);
            return;
        }
        checkArguments(bm, y, clamped, temperature);
        int n = bm.size();
        int labelStart = bm.labelStart();
        int hiddenStart = bm.hiddenStart();
        double[] logits = new double[bm.numLabels()];
        for (int i = 0; i < n; i++) {
            if (i == labelStart) {
                if (clamped == null || !clamped[i]) {
                    sampleLabel(bm, y, temperature, logits, rng);
                }
                i = hiddenStart - 1;
                continue;
            }
            if (clamped != null && clamped[i]) {
                continue;
            }
            y[i] = rng.nextDouble() < Numerics.sigmoid(bm.field(y, i) / temperature) ? 1.0 : 0.0;
        }
    }

    /** Runs {@code sweeps} sweeps in place (see {@link #sweep}). */
    public static void sweeps(BoltzmannMachine bm, double[] y, boolean[] clamped, double temperature, int sweeps,
                              SplittableRandom rng) {
        if (sweeps < 0) {
            throw new IllegalArgumentException("sweeps must be >= 0, got " + sweeps);
        }
        for (int s = 0; s < sweeps; s++) {
            sweep(bm, y, clamped, temperature, rng);
        }
    }

    /**
     * The conditional distribution of the label group given the other units: softmax of z_c / T.
     *
     * @param y a state of length n (the label group's own values are ignored)
     * @return a new array of length C summing to 1
     * @throws IllegalArgumentException if the machine has no label group
     */
    public static double[] labelProbabilities(BoltzmannMachine bm, double[] y, double temperature) {
        if (bm.numLabels() == 0) {
            throw new IllegalArgumentException("the machine has no label group");
        }
        GibbsSampler.checkTemperature(temperature);
        double[] p = new double[bm.numLabels()];
        labelLogits(bm, y, temperature, p);
        double lse = Numerics.logSumExp(p);
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - lse);
        }
        return p;
    }

    /** z_c / T for each label c into {@code out} (length C). */
    private static void labelLogits(BoltzmannMachine bm, double[] y, double temperature, double[] out) {
        int start = bm.labelStart();
        for (int c = 0; c < out.length; c++) {
            // W is zero inside the label group, so the current one-hot code does not enter z_c.
            out[c] = bm.field(y, start + c) / temperature;
        }
    }

    /** Redraws the label group from its softmax conditional with one {@code nextDouble()}. */
    private static void sampleLabel(BoltzmannMachine bm, double[] y, double temperature, double[] logits,
                                    SplittableRandom rng) {
        labelLogits(bm, y, temperature, logits);
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            max = Math.max(max, l);
        }
        double total = 0.0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            total += logits[c];
        }
        double u = rng.nextDouble() * total;
        int chosen = logits.length - 1;
        double cumulative = 0.0;
        for (int c = 0; c < logits.length; c++) {
            cumulative += logits[c];
            if (u < cumulative) {
                chosen = c;
                break;
            }
        }
        bm.setLabel(y, chosen);
    }

    /**
     * Overwrites the units that are not clamped with a uniformly random legal assignment: each free binary unit
     * on with probability ½ ({@code nextBoolean()}), a free label group one-hot at a uniform label
     * ({@code nextInt(C)}), in index order.
     *
     * @param y length n; clamped units are left as they are
     * @param clamped length n or {@code null}
     */
    public static void randomize(BoltzmannMachine bm, double[] y, boolean[] clamped, SplittableRandom rng) {
        checkArguments(bm, y, clamped, 1.0);
        int n = bm.size();
        for (int i = 0; i < n; i++) {
            if (clamped != null && clamped[i]) {
                continue;
            }
            if (bm.numLabels() > 0 && i == bm.labelStart()) {
                bm.setLabel(y, rng.nextInt(bm.numLabels()));
                i = bm.hiddenStart() - 1;
                continue;
            }
            y[i] = rng.nextBoolean() ? 1.0 : 0.0;
        }
    }

    static void checkArguments(BoltzmannMachine bm, double[] y, boolean[] clamped, double temperature) {
        UnitStates.checkLength(y, bm.size(), "state");
        if (clamped != null) {
            if (clamped.length != bm.size()) {
                throw new IllegalArgumentException("clamped mask has " + clamped.length + " entries, expected "
                    + bm.size());
            }
            int lo = bm.labelStart();
            for (int i = lo; i < bm.hiddenStart(); i++) {
                if (clamped[i] != clamped[lo]) {
                    throw new IllegalArgumentException("the label group must be clamped as a whole; unit " + i
                        + " differs from unit " + lo);
                }
            }
        }
        GibbsSampler.checkTemperature(temperature);
    }
}
