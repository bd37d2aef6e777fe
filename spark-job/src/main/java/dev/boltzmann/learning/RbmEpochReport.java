package dev.boltzmann.learning;

import dev.boltzmann.math.Numerics;
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
 * @param updateNorm {@code ||ΔW||}, the Frobenius norm of the epoch's last weight update (NaN when unknown)
 */
public record RbmEpochReport(int epoch, Rbm model, double reconstructionError, double learningRate, double seconds,
                             double samplesPerSecond, double updateNorm) {

    /** A report without the update norm (NaN). */
    public RbmEpochReport(int epoch, Rbm model, double reconstructionError, double learningRate, double seconds,
                          double samplesPerSecond) {
        this(epoch, model, reconstructionError, learningRate, seconds, samplesPerSecond, Double.NaN);
    }

    /** {@code ||W||}, the Frobenius norm of the weights after this epoch. */
    public double weightNorm() {
        return Numerics.norm(model.weights());
    }

    /**
     * {@code ||ΔW|| / ||W||}: the size of the last update relative to the weights; Hinton's guide suggests about
     * 1e-3 (the rule of thumb of §4). NaN when the weights are all zero or the update norm is unknown.
     */
    public double updateToWeightRatio() {
        double w = weightNorm();
        return w > 0.0 ? updateNorm / w : Double.NaN;
    }
}
