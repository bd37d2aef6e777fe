package dev.boltzmann.learning;

import dev.boltzmann.model.EnergyFunction;
import java.io.Serializable;

/**
 * Positive- and negative-phase sums of the energy gradient for the §6 learning rule:
 * <pre>
 *   ∇θ L ≈ -mean_{x∈data} ∂E(x)/∂θ + mean_{x'∈samples} ∂E(x')/∂θ
 *   gradient() = mean_data ∂E/∂θ - mean_samples ∂E/∂θ  = ∇θ(-L),  so  θ ← θ - η · gradient()
 * </pre>
 * Holds {@code Σ_data ∂E/∂θ}, {@code Σ_samples ∂E/∂θ} (length numParameters), both counts and the sums of the
 * energies and the negative phase's Metropolis proposals and acceptances (for monitoring). Because everything is a plain sum, statistics built on disjoint shards and
 * {@link #merge merged} equal those built in one pass, in any order up to floating-point rounding: this is the
 * aggregator a distributed trainer folds per partition and combines on the driver.
 *
 * <p>Mutable and not synchronized: use one instance per partition or thread. Edge cases:
 * <ul>
 *   <li>{@link #gradient()} and the means throw {@link IllegalStateException} while the phase they read is
 *       empty;</li>
 *   <li>merging an empty instance changes nothing; merging a different parameter count throws.</li>
 * </ul>
 */
public final class EnergyGradientStatistics implements Serializable {
    private static final long serialVersionUID = 2L;

    private final int numParameters;
    private final double[] positiveSum;
    private final double[] negativeSum;
    private long positiveCount;
    private long negativeCount;
    private double positiveEnergySum;
    private double negativeEnergySum;
    private long proposals;
    private long accepted;

    private EnergyGradientStatistics(int numParameters) {
        this.numParameters = numParameters;
        this.positiveSum = new double[numParameters];
        this.negativeSum = new double[numParameters];
    }

    /** Empty statistics for θ of length {@code numParameters} (≥ 0). */
    public static EnergyGradientStatistics empty(int numParameters) {
        if (numParameters < 0) {
            throw new IllegalArgumentException("number of parameters must be >= 0, got " + numParameters);
        }
        return new EnergyGradientStatistics(numParameters);
    }

    /** Length of θ. */
    public int numParameters() {
        return numParameters;
    }

    /** Adds one data point x (length d): Σ_data ∂E/∂θ += ∂E(x)/∂θ. Returns {@code this}. */
    public EnergyGradientStatistics addPositive(EnergyFunction energy, double[] x) {
        checkEnergy(energy);
        energy.addParameterGradient(x, 1.0, positiveSum);
        positiveEnergySum += energy.energy(x);
        positiveCount++;
        return this;
    }

    /** Adds one model sample x (length d) to the negative phase. Returns {@code this}. */
    public EnergyGradientStatistics addNegative(EnergyFunction energy, double[] x) {
        checkEnergy(energy);
        energy.addParameterGradient(x, 1.0, negativeSum);
        negativeEnergySum += energy.energy(x);
        negativeCount++;
        return this;
    }

    /** Adds rows {@code [fromRow, toRow)} of row-major {@code rows} (width d) to the positive phase. */
    public EnergyGradientStatistics addPositiveRows(EnergyFunction energy, double[] rows, int fromRow, int toRow) {
        double[] x = new double[energy.dimension()];
        for (int r = fromRow; r < toRow; r++) {
            System.arraycopy(rows, r * x.length, x, 0, x.length);
            addPositive(energy, x);
        }
        return this;
    }

    /** Adds rows {@code [fromRow, toRow)} of row-major {@code rows} (width d) to the negative phase. */
    public EnergyGradientStatistics addNegativeRows(EnergyFunction energy, double[] rows, int fromRow, int toRow) {
        double[] x = new double[energy.dimension()];
        for (int r = fromRow; r < toRow; r++) {
            System.arraycopy(rows, r * x.length, x, 0, x.length);
            addNegative(energy, x);
        }
        return this;
    }

    /** Counts {@code proposals} Metropolis proposals of the negative phase, {@code accepted} of them accepted. */
    public EnergyGradientStatistics addProposals(long proposals, long accepted) {
        this.proposals += proposals;
        this.accepted += accepted;
        return this;
    }

    /** Metropolis proposals counted by {@link #addProposals}. */
    public long proposals() {
        return proposals;
    }

    /** Accepted Metropolis proposals counted by {@link #addProposals}. */
    public long accepted() {
        return accepted;
    }

    /**
     * Adds {@code other}'s sums and counts to this one; an empty {@code other} is skipped.
     *
     * @return {@code this}
     * @throws IllegalArgumentException if the parameter counts differ
     */
    public EnergyGradientStatistics merge(EnergyGradientStatistics other) {
        if (other.numParameters != numParameters) {
            throw new IllegalArgumentException("mismatched number of parameters: " + other.numParameters
                + " in the other statistics while " + numParameters + " in these");
        }
        if (other.positiveCount == 0 && other.negativeCount == 0 && other.proposals == 0) {
            return this;
        }
        for (int k = 0; k < numParameters; k++) {
            positiveSum[k] += other.positiveSum[k];
            negativeSum[k] += other.negativeSum[k];
        }
        positiveCount += other.positiveCount;
        negativeCount += other.negativeCount;
        positiveEnergySum += other.positiveEnergySum;
        negativeEnergySum += other.negativeEnergySum;
        proposals += other.proposals;
        accepted += other.accepted;
        return this;
    }

    /** Clears all sums and counts. Returns {@code this}. */
    public EnergyGradientStatistics reset() {
        java.util.Arrays.fill(positiveSum, 0.0);
        java.util.Arrays.fill(negativeSum, 0.0);
        positiveCount = 0;
        negativeCount = 0;
        positiveEnergySum = 0.0;
        negativeEnergySum = 0.0;
        proposals = 0;
        accepted = 0;
        return this;
    }

    /** Number of data points added. */
    public long positiveCount() {
        return positiveCount;
    }

    /** Number of model samples added. */
    public long negativeCount() {
        return negativeCount;
    }

    /** mean_data ∂E/∂θ (new array, length numParameters). */
    public double[] positiveMean() {
        return mean(positiveSum, positiveCount, "positive");
    }

    /** mean_samples ∂E/∂θ (new array, length numParameters). */
    public double[] negativeMean() {
        return mean(negativeSum, negativeCount, "negative");
    }

    /**
     * mean_data ∂E/∂θ - mean_samples ∂E/∂θ, the gradient of the negative log-likelihood -L (new array).
     *
     * @throws IllegalStateException if either phase is empty
     */
    public double[] gradient() {
        double[] g = positiveMean();
        double[] neg = negativeMean();
        for (int k = 0; k < numParameters; k++) {
            g[k] -= neg[k];
        }
        return g;
    }

    /** mean_data E(x). */
    public double meanPositiveEnergy() {
        requireCount(positiveCount, "positive");
        return positiveEnergySum / positiveCount;
    }

    /** mean_samples E(x'). */
    public double meanNegativeEnergy() {
        requireCount(negativeCount, "negative");
        return negativeEnergySum / negativeCount;
    }

    private static double[] mean(double[] sum, long count, String phase) {
        requireCount(count, phase);
        double[] m = new double[sum.length];
        for (int k = 0; k < sum.length; k++) {
            m[k] = sum[k] / count;
        }
        return m;
    }

    private static void requireCount(long count, String phase) {
        if (count == 0) {
            throw new IllegalStateException("the " + phase + " phase is empty: add at least one state first");
        }
    }

    private void checkEnergy(EnergyFunction energy) {
        if (energy.numParameters() != numParameters) {
            throw new IllegalArgumentException("energy has " + energy.numParameters()
                + " parameters while the statistics have " + numParameters);
        }
    }

    @Override
    public String toString() {
        return "EnergyGradientStatistics(numParameters=" + numParameters + ", positive=" + positiveCount
            + ", negative=" + negativeCount + ")";
    }
}
