package dev.boltzmann.learning;

/**
 * Hyper-parameters of the §6 energy-based-model trainer ({@link EbmTrainer}). Validated on construction;
 * {@link #defaults()} then {@code withX(...)} to change one value.
 *
 * @param learningRate η &gt; 0 in θ ← θ - η (mean_data ∂E/∂θ - mean_samples ∂E/∂θ + λ θ). Default 0.01.
 * @param learningRateFactor γ ∈ (0, 1]: epoch e uses η γ^e. A decaying rate lets the last epochs average out
 *     the Monte-Carlo noise of the negative phase. Default 1 (constant).
 * @param epochs passes over the data, ≥ 1. Default 10.
 * @param batchSize data rows per update, ≥ 1 (the last batch of an epoch may be smaller). Default 100.
 * @param numChains Metropolis chains giving the negative samples of each update, ≥ 1. Default 100.
 * @param stepsPerUpdate Metropolis proposals per chain per update, ≥ 1. Default 10.
 * @param stepSize σ of the Gaussian proposal for continuous states, &gt; 0 (unused for binary). Default 0.5.
 * @param l2Decay λ ≥ 0, weight decay on all of θ. Default 0.
 * @param negativePhase where the chains of each update start. Default {@link NegativePhase#PERSISTENT}.
 * @param initialSpread standard deviation of the random start of persistent continuous chains, &gt; 0
 *     (binary chains start uniform). Default 1.
 * @param seed the one seed every random stream derives from. Default 12345.
 */
public record EbmTrainingOptions(double learningRate, double learningRateFactor, int epochs, int batchSize,
        int numChains, int stepsPerUpdate, double stepSize, double l2Decay, NegativePhase negativePhase,
        double initialSpread, long seed) implements java.io.Serializable {

    /** Where the negative-phase Metropolis chains of an update start. */
    public enum NegativePhase {
        /** Persistent chains: started once at random, carried from update to update (Tieleman 2008). */
        PERSISTENT,
        /** Restarted at every update from the rows of the current batch (chain c at batch row c mod size). */
        FROM_DATA
    }

    /** Validates every value; messages name the quantity and the value found. */
    public EbmTrainingOptions {
        positive(learningRate, "learning rate");
        if (!(learningRateFactor > 0 && learningRateFactor <= 1)) {
            throw new IllegalArgumentException("learning rate factor must be in (0, 1], got " + learningRateFactor);
        }
        atLeastOne(epochs, "epochs");
        atLeastOne(batchSize, "batch size");
        atLeastOne(numChains, "number of chains");
        atLeastOne(stepsPerUpdate, "steps per update");
        positive(stepSize, "step size");
        if (!(l2Decay >= 0) || !Double.isFinite(l2Decay)) {
            throw new IllegalArgumentException("L2 decay must be finite and >= 0, got " + l2Decay);
        }
        if (negativePhase == null) {
            throw new IllegalArgumentException("negative phase must be PERSISTENT or FROM_DATA, got null");
        }
        positive(initialSpread, "initial spread");
    }

    /** All defaults (see the component docs). */
    public static EbmTrainingOptions defaults() {
        return new EbmTrainingOptions(0.01, 1.0, 10, 100, 100, 10, 0.5, 0.0, NegativePhase.PERSISTENT, 1.0, 12345L);
    }

    /** A copy with η = {@code v}. */
    public EbmTrainingOptions withLearningRate(double v) {
        return new EbmTrainingOptions(v, learningRateFactor, epochs, batchSize, numChains, stepsPerUpdate, stepSize,
            l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with learning-rate factor γ = {@code v}. */
    public EbmTrainingOptions withLearningRateFactor(double v) {
        return new EbmTrainingOptions(learningRate, v, epochs, batchSize, numChains, stepsPerUpdate, stepSize,
            l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with {@code v} epochs. */
    public EbmTrainingOptions withEpochs(int v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, v, batchSize, numChains, stepsPerUpdate,
            stepSize, l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with batch size {@code v}. */
    public EbmTrainingOptions withBatchSize(int v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, v, numChains, stepsPerUpdate,
            stepSize, l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with {@code v} chains. */
    public EbmTrainingOptions withNumChains(int v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, v, stepsPerUpdate,
            stepSize, l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with {@code v} Metropolis steps per update. */
    public EbmTrainingOptions withStepsPerUpdate(int v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, numChains, v, stepSize,
            l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with proposal step size {@code v}. */
    public EbmTrainingOptions withStepSize(double v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, numChains, stepsPerUpdate,
            v, l2Decay, negativePhase, initialSpread, seed);
    }

    /** A copy with L2 decay {@code v}. */
    public EbmTrainingOptions withL2Decay(double v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, numChains, stepsPerUpdate,
            stepSize, v, negativePhase, initialSpread, seed);
    }

    /** A copy with negative phase {@code v}. */
    public EbmTrainingOptions withNegativePhase(NegativePhase v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, numChains, stepsPerUpdate,
            stepSize, l2Decay, v, initialSpread, seed);
    }

    /** A copy with initial spread {@code v}. */
    public EbmTrainingOptions withInitialSpread(double v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, numChains, stepsPerUpdate,
            stepSize, l2Decay, negativePhase, v, seed);
    }

    /** A copy with seed {@code v}. */
    public EbmTrainingOptions withSeed(long v) {
        return new EbmTrainingOptions(learningRate, learningRateFactor, epochs, batchSize, numChains, stepsPerUpdate,
            stepSize, l2Decay, negativePhase, initialSpread, v);
    }

    private static void positive(double v, String name) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    private static void atLeastOne(int v, String name) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }
}
