package dev.boltzmann.learning;

/**
 * What one epoch of {@link EbmTrainer} did, for monitoring.
 *
 * @param epoch 0-based epoch number
 * @param updates parameter updates made in the epoch
 * @param learningRate the rate η γ^epoch used in the epoch
 * @param meanDataEnergy mean of E(x) over the epoch's data rows, each under the θ of its update
 * @param meanSampleEnergy mean of E(x') over the negative samples, each under the θ of its update; a large gap
 *     {@code meanSampleEnergy - meanDataEnergy} means the model still puts too much mass away from the data
 * @param acceptanceRate fraction of the epoch's Metropolis proposals accepted
 * @param seconds wall-clock time of the epoch
 */
public record EbmEpochSummary(int epoch, int updates, double learningRate, double meanDataEnergy,
        double meanSampleEnergy, double acceptanceRate, double seconds) implements java.io.Serializable {
}
