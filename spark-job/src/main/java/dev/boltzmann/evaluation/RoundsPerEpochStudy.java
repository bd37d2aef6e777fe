package dev.boltzmann.evaluation;

import dev.boltzmann.learning.RbmEpochMonitor;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;

/**
 * How much an RBM learns per pass over the data as a function of the number of synchronous updates per epoch
 * ({@code train.roundsPerEpoch} = R): with N training rows, R rounds are mini-batches of ⌈N/R⌉ rows, and the Spark
 * trainer with R rounds gives the same model as the single-process trainer with that batch size (a test in the
 * spark package shows it), so the study trains in one process.
 *
 * <p>For each (R, learning rate) pair it trains from the same seed for the same number of epochs and measures the
 * exact mean log-likelihood of the training and the held-out rows (the hidden layer is enumerated, so it needs
 * {@code numHidden ≤ 24}). The learning rate is a separate axis because the best rate depends on the batch: the
 * gradient is a per-example mean, so a large batch has less noise but makes fewer steps.
 */
public final class RoundsPerEpochStudy {
    private RoundsPerEpochStudy() {
    }

    /**
     * One point of the study.
     *
     * @param rounds R, updates per epoch
     * @param batchSize ⌈N/R⌉
     * @param learningRate the rate trained with
     * @param updates R × epochs
     * @param trainLogLikelihood exact mean log-likelihood of the training rows, nats
     * @param heldOutLogLikelihood exact mean log-likelihood of the held-out rows, nats
     * @param seconds training time (without the measurement)
     */
    public record Point(int rounds, int batchSize, double learningRate, int updates, double trainLogLikelihood,
                        double heldOutLogLikelihood, double seconds) {
    }

    /**
     * Trains and measures one point.
     *
     * @param base the settings (hidden units, rule, epochs, seed, ...); its batch size and rate are replaced
     * @param rounds R ≥ 1 (capped at N: one row per update)
     * @param learningRate the rate for this point
     * @param train row-major training rows, values in [0, 1]
     * @param trainRows N
     * @param heldOut row-major held-out rows
     * @param heldOutRows their number
     * @param numVisible row width
     * @throws IllegalArgumentException if the hidden layer is too wide to enumerate or R &lt; 1
     */
    public static Point point(RbmTrainingConfig base, int rounds, double learningRate, double[] train, int trainRows,
                              double[] heldOut, int heldOutRows, int numVisible) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds per epoch must be >= 1, got " + rounds);
        }
        if (base.numHidden() > RbmExactLikelihood.MAX_ENUMERATED_UNITS) {
            throw new IllegalArgumentException("the study measures the exact log-likelihood: at most "
                + RbmExactLikelihood.MAX_ENUMERATED_UNITS + " hidden units, got " + base.numHidden());
        }
        int r = Math.min(rounds, trainRows);
        int batch = (trainRows + r - 1) / r;
        int actualRounds = (trainRows + batch - 1) / batch;
        RbmTrainingConfig config = base.withSchedule(batch, base.epochs())
            .withRates(learningRate, base.momentum(), base.weightDecay());
        long start = System.nanoTime();
        Rbm model = new RbmTrainer(config).train(train, trainRows, numVisible, RbmEpochMonitor.NONE);
        double seconds = (System.nanoTime() - start) * 1e-9;
        double logZ = RbmExactLikelihood.logPartition(model);
        return new Point(actualRounds, batch, learningRate, actualRounds * config.epochs(),
            RbmExactLikelihood.meanLogLikelihood(model, train, trainRows, logZ),
            RbmExactLikelihood.meanLogLikelihood(model, heldOut, heldOutRows, logZ), seconds);
    }
}
