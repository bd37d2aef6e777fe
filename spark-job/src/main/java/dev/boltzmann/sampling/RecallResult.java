package dev.boltzmann.sampling;

/**
 * The outcome of deterministic Hopfield recall.
 *
 * @param state the final state, length n, in the network's encoding (owned by this result)
 * @param sweeps the number of sweeps made, counting the last one (the one that found no flip, if converged)
 * @param flips the total number of unit changes over all sweeps
 * @param converged whether the final state is a fixed point reached by a sweep that changed no unit
 * @param cycleDetected whether synchronous updating entered a 2-cycle (then {@code state} is one of its two states
 *     and {@code converged} is false); always false for asynchronous recall
 * @param energy E(state) under the network
 */
public record RecallResult(double[] state, int sweeps, long flips, boolean converged, boolean cycleDetected,
                           double energy) {
}
