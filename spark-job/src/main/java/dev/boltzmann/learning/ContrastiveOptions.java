package dev.boltzmann.learning;

/**
 * Settings of the contrastive Hopfield rule ({@link ContrastiveRule}). Build with {@link #defaults()} and the
 * {@code with…} methods; every value is checked, with the parameter and the value named in the message.
 *
 * @param learningRate η &gt; 0, the step of {@code W ← W + η(⟨y yᵀ⟩ − ⟨y' y'ᵀ⟩)}. Default 0.05.
 * @param epochs passes over the patterns, ≥ 1. Default 30.
 * @param batchSize patterns per mini-batch (one weight update each), ≥ 1. Default 10.
 * @param sweeps k, asynchronous sweeps from each pattern for {@link NegativePhase#PATTERN_K_SWEEPS}, ≥ 1.
 *     Default 3.
 * @param maxSweeps the sweep cap of the "run to convergence" variants, ≥ 1. Default 100.
 * @param negativePhase how the reconstructions y' are made. Default {@link NegativePhase#PATTERN_K_SWEEPS}.
 * @param initialization the network training starts from. Default {@link Initialization#HEBBIAN}.
 * @param learnBiases whether b is learned too ({@code b ← b + η(⟨y⟩ − ⟨y'⟩)}). Default true.
 * @param seed the seed of every random choice (batch order, sweep order, random starts). Default 12345.
 */
public record ContrastiveOptions(double learningRate, int epochs, int batchSize, int sweeps, int maxSweeps,
                                 NegativePhase negativePhase, Initialization initialization, boolean learnBiases,
                                 long seed)
    implements java.io.Serializable {

    /** How the negative-phase states y' are produced (the lecture's three variants). */
    public enum NegativePhase {
        /** y' = the pattern after k asynchronous sweeps (the lecture's final algorithm). */
        PATTERN_K_SWEEPS,
        /** y' = the pattern run asynchronously to a fixed point (or maxSweeps). */
        PATTERN_CONVERGED,
        /** y' = a uniformly random state run asynchronously to a fixed point (spurious minima are lifted). */
        RANDOM_START_CONVERGED
    }

    /** The network training starts from. */
    public enum Initialization {
        /** The Hebbian network of the training patterns. */
        HEBBIAN,
        /** Symmetric Gaussian weights of standard deviation 1/sqrt(n), zero biases, from the seed. */
        RANDOM,
        /**
         * All zero. With a pattern-started negative phase every field is 0, ties keep the pattern, y' = y and
         * nothing is ever learned; useful only with {@link NegativePhase#RANDOM_START_CONVERGED}.
         */
        ZERO
    }

    /** Checks every value. */
    public ContrastiveOptions {
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (sweeps < 1) {
            throw new IllegalArgumentException("sweeps (k) must be >= 1, got " + sweeps);
        }
        if (maxSweeps < 1) {
            throw new IllegalArgumentException("maxSweeps must be >= 1, got " + maxSweeps);
        }
        if (negativePhase == null) {
            throw new IllegalArgumentException("negativePhase must be set, got null");
        }
        if (initialization == null) {
            throw new IllegalArgumentException("initialization must be set, got null");
        }
    }

    /** The defaults listed on the record components. */
    public static ContrastiveOptions defaults() {
        return new ContrastiveOptions(0.05, 30, 10, 3, 100, NegativePhase.PATTERN_K_SWEEPS, Initialization.HEBBIAN,
            true, 12345L);
    }

    /** A copy with learning rate η. */
    public ContrastiveOptions withLearningRate(double eta) {
        return new ContrastiveOptions(eta, epochs, batchSize, sweeps, maxSweeps, negativePhase, initialization,
            learnBiases, seed);
    }

    /** A copy with this many epochs. */
    public ContrastiveOptions withEpochs(int e) {
        return new ContrastiveOptions(learningRate, e, batchSize, sweeps, maxSweeps, negativePhase, initialization,
            learnBiases, seed);
    }

    /** A copy with this mini-batch size. */
    public ContrastiveOptions withBatchSize(int b) {
        return new ContrastiveOptions(learningRate, epochs, b, sweeps, maxSweeps, negativePhase, initialization,
            learnBiases, seed);
    }

    /** A copy with k sweeps for the negative phase. */
    public ContrastiveOptions withSweeps(int k) {
        return new ContrastiveOptions(learningRate, epochs, batchSize, k, maxSweeps, negativePhase, initialization,
            learnBiases, seed);
    }

    /** A copy with this convergence cap. */
    public ContrastiveOptions withMaxSweeps(int m) {
        return new ContrastiveOptions(learningRate, epochs, batchSize, sweeps, m, negativePhase, initialization,
            learnBiases, seed);
    }

    /** A copy with this negative-phase variant. */
    public ContrastiveOptions withNegativePhase(NegativePhase v) {
        return new ContrastiveOptions(learningRate, epochs, batchSize, sweeps, maxSweeps, v, initialization,
            learnBiases, seed);
    }

    /** A copy with this initialization. */
    public ContrastiveOptions withInitialization(Initialization init) {
        return new ContrastiveOptions(learningRate, epochs, batchSize, sweeps, maxSweeps, negativePhase, init,
            learnBiases, seed);
    }

    /** A copy that learns biases or not. */
    public ContrastiveOptions withLearnBiases(boolean learn) {
        return new ContrastiveOptions(learningRate, epochs, batchSize, sweeps, maxSweeps, negativePhase,
            initialization, learn, seed);
    }

    /** A copy with this seed. */
    public ContrastiveOptions withSeed(long s) {
        return new ContrastiveOptions(learningRate, epochs, batchSize, sweeps, maxSweeps, negativePhase,
            initialization, learnBiases, s);
    }
}
