package dev.boltzmann.learning;

import dev.boltzmann.model.EnergyFunction;
import java.util.List;

/**
 * The outcome of {@link EbmTrainer#train}: the trained energy, the final chain states (row-major
 * numChains × d; for persistent chains, pass them back to continue training) and the per-epoch history.
 * Immutable; {@link #chains()} returns a copy.
 */
public final class EbmTrainingResult {
    private final EnergyFunction energy;
    private final double[] chains;
    private final List<EbmEpochSummary> history;

    EbmTrainingResult(EnergyFunction energy, double[] chains, List<EbmEpochSummary> history) {
        this.energy = energy;
        this.chains = chains;
        this.history = List.copyOf(history);
    }

    /** The energy with the final θ. */
    public EnergyFunction energy() {
        return energy;
    }

    /** The chains' final states, row-major numChains × d (copy). */
    public double[] chains() {
        return chains.clone();
    }

    /** One summary per epoch, in order. */
    public List<EbmEpochSummary> history() {
        return history;
    }
}
