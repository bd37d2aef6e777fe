package dev.boltzmann.learning;

import dev.boltzmann.model.Rbm;

/**
 * What the single-process trainer reports after each epoch.
 *
 * @param epoch the number of epochs completed so far (1 after the first)
 * @param model the parameters after this epoch (immutable)
 * @param reconstructionError mean over the epoch's rows of {@code ||v0 − p(v|h0)||²}, {@code h0 ~ p(h|v0)},
 *     measured with the parameters before each update (a cheap monitor, not a likelihood)
 * @param learningRate the learning rate used in this epoch
 * @param seconds wall time of this epoch
 * @param samplesPerSecond data rows processed per second in this epoch
 */
public record RbmEpochReport(int epoch, Rbm model, double reconstructionError, double learningRate, double seconds,
                             double samplesPerSecond) {
}
