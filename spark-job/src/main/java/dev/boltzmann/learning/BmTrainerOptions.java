package dev.boltzmann.learning;

/**
 * Settings of the single-process Boltzmann-machine trainer ({@link BmTrainer}). Build with {@link #defaults()} and
 * the {@code with…} methods; every value is checked and the message names the parameter and the value found.
 *
 * @param learningRate η &gt; 0, finite. Default 0.05.
 * @param momentum μ in [0, 1). Default 0.5.
 * @param weightDecay L2 coefficient λ ≥ 0 on the weights (not the biases). Default 0.
 * @param epochs passes over the data, ≥ 1. Default 50.
 * @param batchSize patterns per update, ≥ 1 (the last batch of an epoch may be smaller). Default 10.
 * @param initialWeightSd standard deviation of the random initial weights, ≥ 0. Default 0.01.
 * @param seed the seed of every random stream (initial weights, shuffles, both phases). Default 12345.
 * @param sampling how the phases are sampled. Default {@link BmSamplingOptions#defaults()}.
 */
public record BmTrainerOptions(double learningRate, double momentum, double weightDecay, int epochs, int batchSize,
                               double initialWeightSd, long seed, BmSamplingOptions sampling)
    implements java.io.Serializable {

    /** Checks every value. */
    public BmTrainerOptions {
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
        BmSamplingOptions.atLeast("epochs", epochs, 1);
        BmSamplingOptions.atLeast("batchSize", batchSize, 1);
        if (!(initialWeightSd >= 0.0) || Double.isInfinite(initialWeightSd)) {
            throw new IllegalArgumentException("initialWeightSd must be finite and >= 0, got " + initialWeightSd);
        }
        if (sampling == null) {
            throw new IllegalArgumentException("sampling must be set, got null");
        }
    }

    /** The defaults listed on the record components. */
    public static BmTrainerOptions defaults() {
        return new BmTrainerOptions(0.05, 0.5, 0.0, 50, 10, 0.01, 12345L, BmSamplingOptions.defaults());
    }

    /** A copy with learning rate η. */
    public BmTrainerOptions withLearningRate(double eta) {
        return new BmTrainerOptions(eta, momentum, weightDecay, epochs, batchSize, initialWeightSd, seed, sampling);
    }

    /** A copy with momentum μ. */
    public BmTrainerOptions withMomentum(double mu) {
        return new BmTrainerOptions(learningRate, mu, weightDecay, epochs, batchSize, initialWeightSd, seed,
            sampling);
    }

    /** A copy with weight decay λ. */
    public BmTrainerOptions withWeightDecay(double lambda) {
        return new BmTrainerOptions(learningRate, momentum, lambda, epochs, batchSize, initialWeightSd, seed,
            sampling);
    }

    /** A copy with this many epochs. */
    public BmTrainerOptions withEpochs(int e) {
        return new BmTrainerOptions(learningRate, momentum, weightDecay, e, batchSize, initialWeightSd, seed,
            sampling);
    }

    /** A copy with this batch size. */
    public BmTrainerOptions withBatchSize(int b) {
        return new BmTrainerOptions(learningRate, momentum, weightDecay, epochs, b, initialWeightSd, seed,
            sampling);
    }

    /** A copy with this initial weight standard deviation. */
    public BmTrainerOptions withInitialWeightSd(double sd) {
        return new BmTrainerOptions(learningRate, momentum, weightDecay, epochs, batchSize, sd, seed, sampling);
    }

    /** A copy with this seed. */
    public BmTrainerOptions withSeed(long s) {
        return new BmTrainerOptions(learningRate, momentum, weightDecay, epochs, batchSize, initialWeightSd, s,
            sampling);
    }

    /** A copy with these sampling options. */
    public BmTrainerOptions withSampling(BmSamplingOptions s) {
        return new BmTrainerOptions(learningRate, momentum, weightDecay, epochs, batchSize, initialWeightSd, seed, s);
    }
}
