package dev.boltzmann.learning;

import dev.boltzmann.model.LabelRbm;
import java.io.Serializable;

/**
 * Gradient ascent with momentum and L2 weight decay for a {@link LabelRbm}, the rule of {@link RbmOptimizer}
 * extended to the label weights U and label bias d:
 *
 * <pre>
 *   Δ_W ← μ Δ_W + ε (g_W − λ W)      Δ_U ← μ Δ_U + ε (g_U − λ U)
 *   Δ_a ← μ Δ_a + ε g_a              Δ_b ← μ Δ_b + ε g_b              Δ_d ← μ Δ_d + ε g_d
 *   θ ← θ + Δ
 * </pre>
 * g are the per-example mean gradients of {@link LabelRbmStatistics}; biases are not decayed. The velocities are this
 * object's state; each {@link #step} returns a new model. Serializable for checkpoints; not synchronized.
 *
 * <pre>
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010), §9–10.
 * </pre>
 */
public final class LabelRbmOptimizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final double[] vW;
    private final double[] vA;
    private final double[] vB;
    private final double[] vU;
    private final double[] vD;
    private long steps;

    /**
     * An optimiser with zero velocities.
     *
     * @param learningRate ε &gt; 0
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     * @throws IllegalArgumentException if a size is below 1 or a rate out of range
     */
    public LabelRbmOptimizer(int numVisible, int numHidden, int numLabels, double learningRate, double momentum,
                             double weightDecay) {
        if (numVisible < 1 || numHidden < 1 || numLabels < 1) {
            throw new IllegalArgumentException("numVisible, numHidden and numLabels must be >= 1, got numVisible="
                + numVisible + ", numHidden=" + numHidden + ", numLabels=" + numLabels);
        }
        RbmTrainingConfig.checkRates(learningRate, momentum, weightDecay);
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.vW = new double[numVisible * numHidden];
        this.vA = new double[numVisible];
        this.vB = new double[numHidden];
        this.vU = new double[numLabels * numHidden];
        this.vD = new double[numLabels];
    }

    /** One update with the configured learning rate. */
    public LabelRbm step(LabelRbm current, LabelRbmStatistics stats) {
        return step(current, stats, learningRate);
    }

    /**
     * One update with learning rate {@code rate}.
     *
     * @return the new parameters θ + Δ
     * @throws IllegalStateException if a phase of {@code stats} is empty
     * @throws IllegalArgumentException if the sizes disagree
     */
    public LabelRbm step(LabelRbm current, LabelRbmStatistics stats, double rate) {
        if (current.numVisible() != vA.length || current.numHidden() != vB.length || current.numLabels() != vD.length
            || stats.numVisible() != vA.length || stats.numHidden() != vB.length || stats.numLabels() != vD.length) {
            throw new IllegalArgumentException("sizes disagree: optimiser " + vA.length + "×" + vB.length + " with "
                + vD.length + " labels, model " + current + ", statistics " + stats);
        }
        RbmStatistics part = stats.visiblePart();
        update(vW, part.weightGradient(), current.weights(), rate, weightDecay);
        update(vA, part.visibleBiasGradient(), null, rate, 0.0);
        update(vB, part.hiddenBiasGradient(), null, rate, 0.0);
        update(vU, stats.labelWeightGradient(), current.labelWeights(), rate, weightDecay);
        update(vD, stats.labelBiasGradient(), null, rate, 0.0);
        steps++;
        return current.plus(vW, vA, vB, vU, vD);
    }

    private void update(double[] velocity, double[] gradient, double[] params, double rate, double decay) {
        for (int k = 0; k < velocity.length; k++) {
            double g = params == null ? gradient[k] : gradient[k] - decay * params[k];
            velocity[k] = momentum * velocity[k] + rate * g;
        }
    }

    /** Copies of the velocities, in the order W, a, b, U, d (for checkpoints). */
    public double[][] velocities() {
        return new double[][] {vW.clone(), vA.clone(), vB.clone(), vU.clone(), vD.clone()};
    }

    /**
     * Sets the velocities (order of {@link #velocities()}) and the step count, as saved in a checkpoint, so that
     * training continues exactly where it stopped.
     *
     * @return this
     * @throws IllegalArgumentException if a length differs or {@code stepsDone} is negative
     */
    public LabelRbmOptimizer restore(double[][] velocities, long stepsDone) {
        double[][] mine = {vW, vA, vB, vU, vD};
        if (velocities.length != mine.length || stepsDone < 0) {
            throw new IllegalArgumentException("expected " + mine.length + " velocities and stepsDone >= 0, got "
                + velocities.length + " and " + stepsDone);
        }
        for (int k = 0; k < mine.length; k++) {
            if (velocities[k].length != mine[k].length) {
                throw new IllegalArgumentException("velocity " + k + " has length " + velocities[k].length
                    + ", expected " + mine[k].length);
            }
        }
        for (int k = 0; k < mine.length; k++) {
            System.arraycopy(velocities[k], 0, mine[k], 0, mine[k].length);
        }
        steps = stepsDone;
        return this;
    }

    /** Number of updates made. */
    public long steps() {
        return steps;
    }

    @Override
    public String toString() {
        return "LabelRbmOptimizer(learningRate=" + learningRate + ", momentum=" + momentum + ", weightDecay="
            + weightDecay + ", steps=" + steps + ")";
    }
}
