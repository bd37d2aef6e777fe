package dev.boltzmann.learning;

import java.io.Serializable;

/**
 * Hyper-parameters of RBM training by CD-k or PCD, validated on construction.
 *
 * @param numHidden number of hidden units (≥ 1). Default 64.
 * @param rule how negative samples are drawn. Default {@link Rule#CD}.
 * @param cdSteps Gibbs steps per update, the k of CD-k / PCD-k (≥ 1). Default 1.
 * @param learningRate ε (&gt; 0, finite); gradients are per-example means, so ε does not scale with the batch.
 *     Default 0.1; values in 0.001–0.5 are usual for binary data.
 * @param momentum μ in [0, 1). Default 0.5 (Hinton's guide starts at 0.5 and moves to 0.9).
 * @param weightDecay L2 coefficient λ on the weights only (≥ 0). Default 1e-4 (the guide suggests 1e-2 to 1e-5).
 * @param batchSize rows per mini-batch (≥ 1); the last batch of an epoch may be smaller. Default 10.
 * @param epochs passes over the data (≥ 0). Default 10.
 * @param numChains PCD's persistent chains (≥ 0; 0 means batchSize). Ignored by CD. Default 0.
 * @param seed the run's one seed; every random stream is derived from it ({@code dev.boltzmann.math.Seeds}).
 *     Default 12345.
 * @param initialWeightStd standard deviation of the initial Gaussian weights (≥ 0). Default 0.01.
 * @param visibleBiasFromData whether the initial visible biases are log(p/(1−p)) of the data means (Hinton's
 *     guide §8) rather than 0. Default true.
 * @param learningRateDecay d ≥ 0: epoch e uses ε / (1 + d·e). Default 0 (constant rate).
 */
public record RbmTrainingConfig(int numHidden, Rule rule, int cdSteps, double learningRate, double momentum,
                                double weightDecay, int batchSize, int epochs, int numChains, long seed,
                                double initialWeightStd, boolean visibleBiasFromData, double learningRateDecay)
    implements Serializable {

    /** The source of the negative-phase samples. */
    public enum Rule {
        /** Contrastive divergence: chains start at the mini-batch's data rows and run k steps (Hinton 2002). */
        CD,
        /** Persistent CD: chains carried across updates, each advanced k steps per update (Tieleman 2008). */
        PCD;

        /** Parses "cd" or "pcd", case-insensitively. */
        public static Rule parse(String name) {
            for (Rule r : values()) {
                if (r.name().equalsIgnoreCase(name.trim())) {
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown RBM training rule '" + name + "'; allowed: cd, pcd");
        }
    }

    /** Validates every field; see the record description for the ranges. */
    public RbmTrainingConfig {
        if (numHidden < 1) {
            throw new IllegalArgumentException("numHidden must be >= 1, got " + numHidden);
        }
        if (rule == null) {
            throw new IllegalArgumentException("rule must be cd or pcd, got null");
        }
        if (cdSteps < 1) {
            throw new IllegalArgumentException("cdSteps must be >= 1, got " + cdSteps);
        }
        checkRates(learningRate, momentum, weightDecay);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (numChains < 0) {
            throw new IllegalArgumentException("numChains must be >= 0 (0 = batchSize), got " + numChains);
        }
        if (!(initialWeightStd >= 0.0) || Double.isInfinite(initialWeightStd)) {
            throw new IllegalArgumentException("initialWeightStd must be finite and >= 0, got " + initialWeightStd);
        }
        if (!(learningRateDecay >= 0.0) || Double.isInfinite(learningRateDecay)) {
            throw new IllegalArgumentException("learningRateDecay must be finite and >= 0, got " + learningRateDecay);
        }
    }

    /** The defaults listed in the record description. */
    public static RbmTrainingConfig defaults() {
        return new RbmTrainingConfig(64, Rule.CD, 1, 0.1, 0.5, 1e-4, 10, 10, 0, 12345L, 0.01, true, 0.0);
    }

    /** The number of persistent chains actually used: {@code numChains}, or {@code batchSize} when it is 0. */
    public int effectiveChains() {
        return numChains == 0 ? batchSize : numChains;
    }

    /** The learning rate of epoch {@code epoch}: ε / (1 + d·epoch). */
    public double learningRateAt(int epoch) {
        return learningRate / (1.0 + learningRateDecay * epoch);
    }

    /** A copy with {@code numHidden} replaced. */
    public RbmTrainingConfig withNumHidden(int v) {
        return new RbmTrainingConfig(v, rule, cdSteps, learningRate, momentum, weightDecay, batchSize, epochs,
            numChains, seed, initialWeightStd, visibleBiasFromData, learningRateDecay);
    }

    /** A copy with {@code rule} and {@code cdSteps} replaced. */
    public RbmTrainingConfig withRule(Rule v, int steps) {
        return new RbmTrainingConfig(numHidden, v, steps, learningRate, momentum, weightDecay, batchSize, epochs,
            numChains, seed, initialWeightStd, visibleBiasFromData, learningRateDecay);
    }

    /** A copy with the learning rate, momentum and weight decay replaced. */
    public RbmTrainingConfig withRates(double rate, double mom, double decay) {
        return new RbmTrainingConfig(numHidden, rule, cdSteps, rate, mom, decay, batchSize, epochs, numChains, seed,
            initialWeightStd, visibleBiasFromData, learningRateDecay);
    }

    /** A copy with {@code learningRateDecay} replaced. */
    public RbmTrainingConfig withLearningRateDecay(double v) {
        return new RbmTrainingConfig(numHidden, rule, cdSteps, learningRate, momentum, weightDecay, batchSize, epochs,
            numChains, seed, initialWeightStd, visibleBiasFromData, v);
    }

    /** A copy with {@code batchSize} and {@code epochs} replaced. */
    public RbmTrainingConfig withSchedule(int batch, int numEpochs) {
        return new RbmTrainingConfig(numHidden, rule, cdSteps, learningRate, momentum, weightDecay, batch, numEpochs,
            numChains, seed, initialWeightStd, visibleBiasFromData, learningRateDecay);
    }

    /** A copy with {@code numChains} replaced. */
    public RbmTrainingConfig withNumChains(int v) {
        return new RbmTrainingConfig(numHidden, rule, cdSteps, learningRate, momentum, weightDecay, batchSize, epochs,
            v, seed, initialWeightStd, visibleBiasFromData, learningRateDecay);
    }

    /** A copy with {@code seed} replaced. */
    public RbmTrainingConfig withSeed(long v) {
        return new RbmTrainingConfig(numHidden, rule, cdSteps, learningRate, momentum, weightDecay, batchSize, epochs,
            numChains, v, initialWeightStd, visibleBiasFromData, learningRateDecay);
    }

    /** A copy with the initialisation replaced. */
    public RbmTrainingConfig withInit(double weightStd, boolean biasFromData) {
        return new RbmTrainingConfig(numHidden, rule, cdSteps, learningRate, momentum, weightDecay, batchSize, epochs,
            numChains, seed, weightStd, biasFromData, learningRateDecay);
    }

    static void checkRates(double learningRate, double momentum, double weightDecay) {
        if (!(learningRate > 0.0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and > 0, got " + learningRate);
        }
        if (!(momentum >= 0.0 && momentum < 1.0)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + weightDecay);
        }
    }
}
