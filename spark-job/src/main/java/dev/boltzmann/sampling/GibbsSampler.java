package dev.boltzmann.sampling;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import java.util.SplittableRandom;

/**
 * Sequential Gibbs sampling of a stochastic Hopfield network (a fully connected Boltzmann machine) at
 * temperature {@code T > 0}, whose stationary distribution is {@code P(y) = exp(-E(y)/T) / Z}.
 *
 * <p>Each unit in turn (order 0..n-1, each sweep) is redrawn from its conditional given all the others:
 * <pre>
 *   bipolar ±1:  P(y_i = +1 | rest) = σ(2 z_i / T)
 *   binary 0/1:  P(y_i =  1 | rest) = σ(z_i / T)
 * </pre>
 * Both are {@code σ((on - off)·z_i / T)}, because E(y with y_i off) - E(y with y_i on) = (on - off)·z_i.
 * Each single-unit update leaves the Boltzmann distribution invariant, so the systematic scan does too.
 *
 * <p>Clamped units (a boolean mask of length n, {@code null} for none) keep their start values and are never
 * resampled; the free units then sample the conditional distribution given the clamped ones. Each resampled unit
 * consumes exactly one {@code nextDouble()} of the caller's generator. The class is stateless and thread-safe.
 *
 * <pre>
 * Geman &amp; Geman, IEEE PAMI 6 (1984) 721–741.
 * Ackley, Hinton &amp; Sejnowski, Cognitive Science 9 (1985) 147–169.
 * </pre>
 */
public final class GibbsSampler {
    private GibbsSampler() {
    }

    /**
     * P(unit i is on | the other units) at temperature T: {@code σ((on - off)·z_i / T)}.
     *
     * @param y the state, length n, in the network's encoding
     */
    public static double probabilityOn(HopfieldNetwork net, double[] y, int i, double temperature) {
        return onProbability(net, net.field(y, i), temperature);
    }

    static double onProbability(HopfieldNetwork net, double field, double temperature) {
        double gap = net.encoding().on() - net.encoding().off();
        return Numerics.sigmoid(gap * field / temperature);
    }

    /**
     * One sequential sweep in place: units 0..n-1 not clamped are each redrawn from their conditional.
     *
     * @param y the state, length n, in the network's encoding; updated in place
     * @param clamped length n, true for units never resampled; {@code null} for none
     * @param temperature T &gt; 0
     * @param rng one {@code nextDouble()} per free unit
     * @return the number of units whose value changed
     * @throws IllegalArgumentException if the lengths disagree or T is not finite and positive
     */
    public static int sweep(HopfieldNetwork net, double[] y, boolean[] clamped, double temperature,
                            SplittableRandom rng) {
        checkArguments(net, y, clamped, temperature);
        double on = net.encoding().on();
        double off = net.encoding().off();
        int n = net.size();
        int changed = 0;
        for (int i = 0; i < n; i++) {
            if (clamped != null && clamped[i]) {
                continue;
            }
            double p = onProbability(net, net.field(y, i), temperature);
            double next = rng.nextDouble() < p ? on : off;
            if (next != y[i]) {
                y[i] = next;
                changed++;
            }
        }
        return changed;
    }

    /**
     * Runs {@code sweeps} sweeps from {@code start} and returns the last state.
     *
     * @param start length n, either encoding (not modified); clamped units keep these values
     * @param clamped length n, true for units never resampled; {@code null} for none
     * @param temperature T &gt; 0
     * @param sweeps L ≥ 0
     * @return a new array of length n in the network's encoding
     */
    public static double[] sample(HopfieldNetwork net, double[] start, boolean[] clamped, double temperature,
                                  int sweeps, SplittableRandom rng) {
        checkArguments(net, start, clamped, temperature);
        if (sweeps < 0) {
            throw new IllegalArgumentException("sweeps must be >= 0, got " + sweeps);
        }
        double[] y = UnitStates.toEncoding(start, net.encoding());
        for (int s = 0; s < sweeps; s++) {
            sweep(net, y, clamped, temperature, rng);
        }
        return y;
    }

    /**
     * Runs {@code sweeps} sweeps from {@code start} and returns the mean of the states after the last
     * {@code keepLast} of them (the lecture's output of a trained stochastic network).
     *
     * @param start length n, either encoding (not modified); clamped units keep these values
     * @param clamped length n, true for units never resampled; {@code null} for none
     * @param temperature T &gt; 0
     * @param sweeps L ≥ 1
     * @param keepLast M, 1 ≤ M ≤ L
     * @return a new array of length n: the per-unit means, in the network's encoding's range
     */
    public static double[] meanState(HopfieldNetwork net, double[] start, boolean[] clamped, double temperature,
                                     int sweeps, int keepLast, SplittableRandom rng) {
        checkArguments(net, start, clamped, temperature);
        if (sweeps < 1) {
            throw new IllegalArgumentException("sweeps must be >= 1, got " + sweeps);
        }
        if (keepLast < 1 || keepLast > sweeps) {
            throw new IllegalArgumentException("keepLast must be in [1, sweeps=" + sweeps + "], got " + keepLast);
        }
        int n = net.size();
        double[] y = UnitStates.toEncoding(start, net.encoding());
        double[] sum = new double[n];
        for (int s = 0; s < sweeps; s++) {
            sweep(net, y, clamped, temperature, rng);
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

    static void checkArguments(HopfieldNetwork net, double[] start, boolean[] clamped, double temperature) {
        UnitStates.checkLength(start, net.size(), "start state");
        if (clamped != null && clamped.length != net.size()) {
            throw new IllegalArgumentException("clamped mask has " + clamped.length + " entries, expected "
                + net.size());
        }
        checkTemperature(temperature);
    }

    static void checkTemperature(double temperature) {
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
    }
}
