package dev.boltzmann.learning;

/** Called by {@link RbmTrainer} after every epoch; may compute further metrics from the report's model. */
@FunctionalInterface
public interface RbmEpochMonitor {
    /** A monitor that does nothing. */
    RbmEpochMonitor NONE = report -> { };

    /**
     * Receives one epoch's report.
     *
     * @param report the epoch just finished
     */
    void onEpoch(RbmEpochReport report);
}
