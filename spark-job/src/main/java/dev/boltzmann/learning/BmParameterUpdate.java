package dev.boltzmann.learning;

import dev.boltzmann.model.BoltzmannMachine;
import java.io.Serializable;

/**
 * Gradient ascent on the mean log-likelihood of a Boltzmann machine with momentum and L2 weight decay:
 * <pre>
 *   V_W ← μ V_W + η (ΔW − λ W),   W ← W + V_W       ΔW = ⟨y yᵀ⟩_data − ⟨y yᵀ⟩_model
 *   V_b ← μ V_b + η Δb,            b ← b + V_b       Δb = ⟨y⟩_data − ⟨y⟩_model
 * </pre>
 * (biases are not decayed). ΔW has a zero diagonal and is zero among the label units (one-hot states never have two
 * labels on), so W keeps both properties. Holds the velocities between updates; the driver of a distributed trainer
 * keeps one instance. Mutable, not synchronized.
 */
public final class BmParameterUpdate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double[] weightVelocity;
    private final double[] biasVelocity;

    private BmParameterUpdate(int n) {
        this.weightVelocity = new double[n * n];
        this.biasVelocity = new double[n];
    }

    /** Zero velocities for machines of {@code n} units. */
    public static BmParameterUpdate zeroVelocity(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of units n must be >= 1, got " + n);
        }
        return new BmParameterUpdate(n);
    }

    /**
     * One step.
     *
     * @param bm the current machine (n units)
     * @param stats both phases filled, n units
     * @param learningRate η &gt; 0
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     * @return the updated machine
     * @throws IllegalArgumentException if the sizes differ
     * @throws IllegalStateException if a phase of {@code stats} is empty
     */
    public BoltzmannMachine apply(BoltzmannMachine bm, BmStatistics stats, double learningRate, double momentum,
                                  double weightDecay) {
        int n = bm.size();
        if (stats.size() != n || biasVelocity.length != n) {
            throw new IllegalArgumentException("machine has " + n + " units, statistics " + stats.size()
                + ", velocities " + biasVelocity.length);
        }
        double[] w = bm.weights();
        double[] b = bm.biases();
        double[] dw = stats.weightGradient();
        double[] db = stats.biasGradient();
        for (int k = 0; k < w.length; k++) {
            weightVelocity[k] = momentum * weightVelocity[k] + learningRate * (dw[k] - weightDecay * w[k]);
            w[k] += weightVelocity[k];
        }
        for (int i = 0; i < n; i++) {
            biasVelocity[i] = momentum * biasVelocity[i] + learningRate * db[i];
            b[i] += biasVelocity[i];
        }
        return BoltzmannMachine.of(bm.numVisible(), bm.numLabels(), bm.numHidden(), w, b);
    }

    /** A copy of the weight velocities, n × n (for checkpoints). */
    public double[] weightVelocity() {
        return weightVelocity.clone();
    }

    /** A copy of the bias velocities, length n (for checkpoints). */
    public double[] biasVelocity() {
        return biasVelocity.clone();
    }

    /**
     * Sets the velocities, as saved in a checkpoint, so that training continues exactly where it stopped.
     *
     * @return this
     * @throws IllegalArgumentException if a length differs
     */
    public BmParameterUpdate restore(double[] weights, double[] biases) {
        if (weights.length != weightVelocity.length || biases.length != biasVelocity.length) {
            throw new IllegalArgumentException("velocities of lengths " + weights.length + " and " + biases.length
                + ", expected " + weightVelocity.length + " and " + biasVelocity.length);
        }
        System.arraycopy(weights, 0, weightVelocity, 0, weights.length);
        System.arraycopy(biases, 0, biasVelocity, 0, biases.length);
        return this;
    }
}
