package dev.boltzmann.sampling;

/**
 * Told about every unit flip made by asynchronous recall, right after the flip. For tests and monitoring;
 * recall runs without one when none is given.
 */
@FunctionalInterface
public interface FlipObserver {
    /**
     * Called after unit {@code unit} changed from {@code oldValue}.
     *
     * @param unit the index of the unit that flipped
     * @param oldValue its value before the flip
     * @param state the whole state after the flip (length n; the recall's working array, do not modify)
     */
    void flipped(int unit, double oldValue, double[] state);
}
