package dev.boltzmann.learning;

import dev.boltzmann.model.LabelRbm;

/**
 * What {@link LabelRbmTrainer} reports after each epoch.
 *
 * @param epoch epochs completed so far (1 after the first)
 * @param model the parameters after this epoch (immutable)
 * @param reconstructionError mean over the epoch's rows of {@code ||v0 − p(v|h0)||²} (visible units only),
 *     {@code h0 ~ p(h|v0,y0)}, with the parameters before each update
 * @param trainingAccuracy fraction of training rows classified correctly by {@code argmax_c P(c|v)} with this
 *     epoch's model
 * @param heldOutAccuracy the same on the held-out rows, or NaN when none were given
 * @param learningRate the learning rate of this epoch
 * @param seconds wall time of the epoch's updates (the accuracies not included)
 */
public record LabelRbmEpochReport(int epoch, LabelRbm model, double reconstructionError, double trainingAccuracy,
                                  double heldOutAccuracy, double learningRate, double seconds) {
}
