package dev.boltzmann.learning;

/** Called by {@link LabelRbmTrainer} after every epoch. */
@FunctionalInterface
public interface LabelRbmEpochMonitor {
    /** A monitor that does nothing; with it the trainer skips the per-epoch accuracies. */
    LabelRbmEpochMonitor NONE = report -> { };

    /**
     * Receives one epoch's report.
     *
     * @param report the epoch just finished
     */
    void onEpoch(LabelRbmEpochReport report);
}
