package dev.boltzmann.sampling;

import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import java.util.SplittableRandom;

/**
 * Simulated annealing of a stochastic Hopfield network / Boltzmann machine: Gibbs sweeps
 * ({@link GibbsSampler}) at the temperatures of an {@link AnnealingSchedule}, then a zero-temperature
 * asynchronous descent ({@link HopfieldRecall}) to a fixed point.
 *
 * <p>The lowest-energy state met during the stochastic phase is remembered (its energy tracked incrementally
 * by {@code ΔE = -(y_i' - y_i) z_i} per flip). Both it and the last state are descended to fixed points and the
 * lower of the two is returned, with its energy recomputed exactly.
 *
 * <pre>
 * Kirkpatrick, Gelatt &amp; Vecchi, Science 220 (1983) 671–680.
 * </pre>
 */
public final class SimulatedAnnealing {
    /** The sweep cap of the final zero-temperature descent (it reaches a fixed point long before this). */
    public static final int DESCENT_MAX_SWEEPS = 10_000;

    private SimulatedAnnealing() {
    }

    /**
     * The outcome of annealing.
     *
     * @param state the lowest-energy state found, length n, in the network's encoding
     * @param energy E(state)
     * @param gibbsSweeps the number of stochastic sweeps run ({@link AnnealingSchedule#totalSweeps()})
     * @param fixedPoint whether {@code state} is a fixed point of the deterministic update (true unless the
     *     descent hit its sweep cap)
     */
    public record Result(double[] state, double energy, long gibbsSweeps, boolean fixedPoint) {
    }

    /**
     * Anneals from {@code start} with all units free.
     *
     * @see #anneal(HopfieldNetwork, double[], boolean[], AnnealingSchedule, SplittableRandom)
     */
    public static Result anneal(HopfieldNetwork net, double[] start, AnnealingSchedule schedule,
                                SplittableRandom rng) {
        return anneal(net, start, null, schedule, rng);
    }

    /**
     * Anneals from {@code start}; clamped units keep their start values throughout (completion).
     *
     * @param net the network (n units)
     * @param start length n, either encoding (not modified)
     * @param clamped length n, true for units never changed; {@code null} for none
     * @param schedule the temperatures and sweeps
     * @param rng the caller's generator: one {@code nextDouble()} per free unit per sweep, then permutations
     *     for the descent
     * @return the low-energy state found and its energy
     */
    public static Result anneal(HopfieldNetwork net, double[] start, boolean[] clamped, AnnealingSchedule schedule,
                                SplittableRandom rng) {
        GibbsSampler.checkArguments(net, start, clamped, schedule.initialTemperature());
        int n = net.size();
        double on = net.encoding().on();
        double off = net.encoding().off();
        double[] y = UnitStates.toEncoding(start, net.encoding());
        double energy = net.energy(y);
        double[] best = y.clone();
        double bestEnergy = energy;
        long sweeps = 0;
        for (double t = schedule.initialTemperature(); t >= schedule.minTemperature(); t *= schedule.alpha()) {
            for (int s = 0; s < schedule.sweepsPerTemperature(); s++) {
                for (int i = 0; i < n; i++) {
                    if (clamped != null && clamped[i]) {
                        continue;
                    }
                    double z = net.field(y, i);
                    double next = rng.nextDouble() < GibbsSampler.onProbability(net, z, t) ? on : off;
                    if (next != y[i]) {
                        energy -= (next - y[i]) * z;
                        y[i] = next;
                        if (energy < bestEnergy) {
                            bestEnergy = energy;
                            System.arraycopy(y, 0, best, 0, n);
                        }
                    }
                }
                sweeps++;
            }
        }
        RecallResult last = descend(net, y, clamped, rng);
        RecallResult fromBest = descend(net, best, clamped, rng);
        RecallResult winner = fromBest.energy() < last.energy() ? fromBest : last;
        return new Result(winner.state(), winner.energy(), sweeps, winner.converged());
    }

    private static RecallResult descend(HopfieldNetwork net, double[] y, boolean[] clamped, SplittableRandom rng) {
        return HopfieldRecall.asynchronous(net, y, clamped, DESCENT_MAX_SWEEPS, UpdateOrder.RANDOM, rng, null);
    }
}
