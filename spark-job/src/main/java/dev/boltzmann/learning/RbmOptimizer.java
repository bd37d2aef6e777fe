package dev.boltzmann.learning;

import dev.boltzmann.model.Rbm;
import java.io.Serializable;

/**
 * Gradient ascent with momentum and L2 weight decay for an RBM (Hinton 2010, §9–10):
 *
 * <pre>
 *   Δ_W ← μ Δ_W + ε (g_W − λ W)        W ← W + Δ_W
 *   Δ_a ← μ Δ_a + ε g_a                a ← a + Δ_a
 *   Δ_b ← μ Δ_b + ε g_b                b ← b + Δ_b
 * </pre>
 * where g are the gradients read from {@link RbmStatistics} (means per example, so ε does not depend on the batch
 * size), ε the learning rate, μ the momentum and λ the weight decay (biases are not decayed).
 *
 * <p>The velocities Δ are this object's mutable state; the parameters are not: each {@link #step} returns a new
 * {@link Rbm}. Serializable so a driver can checkpoint it. Not synchronized.
 *
 * <pre>
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class RbmOptimizer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final double[] weightVelocity;
    private final double[] visibleVelocity;
    private final double[] hiddenVelocity;
    private long steps;
    private transient double[] gradient;

    /**
     * An optimiser with zero velocities.
     *
     * @param learningRate ε &gt; 0
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     * @throws IllegalArgumentException if a value is out of range
     */
    public RbmOptimizer(int numVisible, int numHidden, double learningRate, double momentum, double weightDecay) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numVisible and numHidden must be >= 1, got numVisible=" + numVisible
                + ", numHidden=" + numHidden);
        }
        RbmTrainingConfig.checkRates(learningRate, momentum, weightDecay);
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.weightVelocity = new double[numVisible * numHidden];
        this.visibleVelocity = new double[numVisible];
        this.hiddenVelocity = new double[numHidden];
    }

    /** One update with the configured learning rate. */
    public Rbm step(Rbm current, RbmStatistics stats) {
        return step(current, stats, learningRate);
    }

    /**
     * One update with learning rate {@code rate} (for schedules).
     *
     * @param current the parameters θ
     * @param stats summed statistics of the mini-batch (both phases non-empty)
     * @return the new parameters θ + Δ
     * @throws IllegalStateException if a phase of {@code stats} is empty
     * @throws IllegalArgumentException if the sizes disagree
     */
    public Rbm step(Rbm current, RbmStatistics stats, double rate) {
        if (current.numVisible() * current.numHidden() != weightVelocity.length
            || current.numVisible() != visibleVelocity.length || stats.numVisible() != current.numVisible()
            || stats.numHidden() != current.numHidden()) {
            throw new IllegalArgumentException("sizes disagree: optimiser " + visibleVelocity.length + "×"
                + hiddenVelocity.length + ", model " + current.numVisible() + "×" + current.numHidden()
                + ", statistics " + stats.numVisible() + "×" + stats.numHidden());
        }
        double[] gW = stats.weightGradient(gradientBuffer());
        double[] gA = stats.visibleBiasGradient();
        double[] gB = stats.hiddenBiasGradient();
        int nh = hiddenVelocity.length;
        for (int i = 0; i < visibleVelocity.length; i++) {
            int row = i * nh;
            for (int j = 0; j < nh; j++) {
                int k = row + j;
                weightVelocity[k] = momentum * weightVelocity[k] + rate * (gW[k] - weightDecay * current.weight(i, j));
            }
        }
        for (int i = 0; i < gA.length; i++) {
            visibleVelocity[i] = momentum * visibleVelocity[i] + rate * gA[i];
        }
        for (int j = 0; j < gB.length; j++) {
            hiddenVelocity[j] = momentum * hiddenVelocity[j] + rate * gB[j];
        }
        steps++;
        return current.plus(weightVelocity, visibleVelocity, hiddenVelocity);
    }

    private double[] gradientBuffer() {
        if (gradient == null) {
            gradient = new double[weightVelocity.length];
        }
        return gradient;
    }

    /** Number of updates made. */
    public long steps() {
        return steps;
    }

    /** A copy of Δ_W (row-major nv × nh). */
    public double[] weightVelocity() {
        return weightVelocity.clone();
    }

    /** A copy of Δ_a. */
    public double[] visibleVelocity() {
        return visibleVelocity.clone();
    }

    /** A copy of Δ_b. */
    public double[] hiddenVelocity() {
        return hiddenVelocity.clone();
    }

    @Override
    public String toString() {
        return "RbmOptimizer(learningRate=" + learningRate + ", momentum=" + momentum + ", weightDecay=" + weightDecay
            + ", steps=" + steps + ")";
    }
}
