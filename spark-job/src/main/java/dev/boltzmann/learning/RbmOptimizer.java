package dev.boltzmann.learning;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Parallel;
import dev.boltzmann.model.FloatRbm;
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
 * {@link Rbm} (or {@link FloatRbm}). Serializable so a driver can checkpoint it. Not synchronized.
 *
 * <p>A step reads the gradient straight out of the statistics' sums and updates the velocities in the same pass
 * (no gradient array), split by rows of W over up to {@code threads} threads; every element's arithmetic is the one
 * of the formula above, in the same order, so the result does not depend on the thread count.
 *
 * <p>Float models ({@link #step(FloatRbm, RbmStatistics, double)}): the same update with velocities in double; the
 * new parameters are {@code (float) (θ + Δ)}.
 *
 * <p>Centred RBMs ({@link #withCentering}): the step is taken in the parameters of the centred energy and written
 * back in the ordinary ones; without offsets the step above is computed exactly as it always was.
 *
 * <pre>
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class RbmOptimizer implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Least number of weights worth a thread of their own in a step. */
    private static final long MIN_WEIGHTS_PER_THREAD = 1 << 16;

    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final double[] weightVelocity;
    private final double[] visibleVelocity;
    private final double[] hiddenVelocity;
    private final int threads;
    private long steps;
    /** The offsets of a centred RBM, or null for the ordinary gradient (see {@link #withCentering}). */
    private RbmCentering centering;

    /**
     * An optimiser with zero velocities.
     *
     * @param learningRate ε &gt; 0
     * @param momentum μ in [0, 1)
     * @param weightDecay λ ≥ 0
     * @throws IllegalArgumentException if a value is out of range
     */
    public RbmOptimizer(int numVisible, int numHidden, double learningRate, double momentum, double weightDecay) {
        this(numVisible, numHidden, learningRate, momentum, weightDecay, 1);
    }

    /**
     * An optimiser with zero velocities whose steps use up to {@code threads} threads (results independent of it).
     *
     * @throws IllegalArgumentException if a value is out of range or {@code threads < 1}
     */
    public RbmOptimizer(int numVisible, int numHidden, double learningRate, double momentum, double weightDecay,
                        int threads) {
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
        this.threads = Parallel.checkThreads(threads);
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
        checkSizes(current.numVisible(), current.numHidden(), stats);
        if (centering != null) {
            return centredStep(current, stats, rate);
        }
        double[] pos = stats.positiveWeightSums();
        double[] neg = stats.negativeWeightSums();
        double p = 1.0 / stats.positiveCount();
        double n = 1.0 / stats.negativeCount();
        int nh = hiddenVelocity.length;
        Parallel.forRange(Math.max(1, threads), visibleVelocity.length, nh, MIN_WEIGHTS_PER_THREAD, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i * nh;
                for (int j = 0; j < nh; j++) {
                    int k = row + j;
                    // the gradient (1/N⁺)Σ⁺ − (1/N⁻)Σ⁻, exactly as RbmStatistics.weightGradient forms it
                    double g = pos[k] * p - neg[k] * n;
                    weightVelocity[k] = momentum * weightVelocity[k] + rate * (g - weightDecay * current.weight(i, j));
                }
            }
        });
        updateBiasVelocities(stats, rate);
        steps++;
        return current.plus(weightVelocity, visibleVelocity, hiddenVelocity);
    }

    /** One update of a float model with the configured learning rate. */
    public FloatRbm step(FloatRbm current, RbmStatistics stats) {
        return step(current, stats, learningRate);
    }

    /**
     * One update of a float model with learning rate {@code rate}: the velocities (double) are updated as for
     * {@link #step(Rbm, RbmStatistics, double)} with {@code W} the float weights widened to double, and the new
     * parameters are {@code (float) (θ + Δ)}.
     *
     * @throws IllegalStateException if a phase of {@code stats} is empty
     * @throws IllegalArgumentException if the sizes disagree
     */
    public FloatRbm step(FloatRbm current, RbmStatistics stats, double rate) {
        checkSizes(current.numVisible(), current.numHidden(), stats);
        if (centering != null) {
            throw new IllegalStateException("centring is implemented for float64 models only");
        }
        double[] pos = stats.positiveWeightSums();
        double[] neg = stats.negativeWeightSums();
        double p = 1.0 / stats.positiveCount();
        double n = 1.0 / stats.negativeCount();
        int nh = hiddenVelocity.length;
        Parallel.forRange(Math.max(1, threads), visibleVelocity.length, nh, MIN_WEIGHTS_PER_THREAD, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i * nh;
                for (int j = 0; j < nh; j++) {
                    int k = row + j;
                    double g = pos[k] * p - neg[k] * n;
                    weightVelocity[k] = momentum * weightVelocity[k]
                        + rate * (g - weightDecay * (double) current.weight(i, j));
                }
            }
        });
        updateBiasVelocities(stats, rate);
        steps++;
        return current.plus(weightVelocity, visibleVelocity, hiddenVelocity);
    }

    /**
     * Makes every later step a step of the centred RBM with these offsets ({@link RbmCentering}): the offsets first
     * move towards the mini-batch's data means, then
     * <pre>
     *   Δ_W ← μ Δ_W + ε (g_W − m g_bᵀ − g_a lᵀ − λ W)      (m, l: the visible and hidden offsets)
     *   Δ_b̃ ← μ Δ_b̃ + ε g_a,   Δ_c̃ ← μ Δ_c̃ + ε g_b          (the centred biases' velocities)
     *   W ← W + Δ_W,   a ← a + Δ_b̃ − Δ_W l,   b ← b + Δ_c̃ − Δ_Wᵀ m
     * </pre>
     * which is the step {@code W, b̃, c̃ += Δ} of the centred parameters, written in the ordinary ones
     * ({@code a = b̃ − Wl}, {@code b = c̃ − Wᵀm}). Without it (the default) the steps are the ordinary ones, unchanged.
     *
     * @param offsets the offsets, updated in place by each step (null for the ordinary gradient)
     * @return this
     * @throws IllegalArgumentException if the offsets' sizes differ from the optimiser's
     */
    public RbmOptimizer withCentering(RbmCentering offsets) {
        if (offsets != null) {
            offsets.checkSizes(visibleVelocity.length, hiddenVelocity.length);
        }
        this.centering = offsets;
        return this;
    }

    /** The centred RBM's offsets, or null when the steps are ordinary ones. */
    public RbmCentering centering() {
        return centering;
    }

    private Rbm centredStep(Rbm current, RbmStatistics stats, double rate) {
        centering.update(stats);
        double[] m = centering.visibleOffsetView();
        double[] l = centering.hiddenOffsetView();
        double[] pos = stats.positiveWeightSums();
        double[] neg = stats.negativeWeightSums();
        double p = 1.0 / stats.positiveCount();
        double n = 1.0 / stats.negativeCount();
        double[] gA = stats.visibleBiasGradient();
        double[] gB = stats.hiddenBiasGradient();
        int nv = visibleVelocity.length;
        int nh = hiddenVelocity.length;
        Parallel.forRange(Math.max(1, threads), nv, nh, MIN_WEIGHTS_PER_THREAD, (from, to) -> {
            for (int i = from; i < to; i++) {
                int row = i * nh;
                for (int j = 0; j < nh; j++) {
                    int k = row + j;
                    double g = pos[k] * p - neg[k] * n - m[i] * gB[j] - gA[i] * l[j];
                    weightVelocity[k] = momentum * weightVelocity[k] + rate * (g - weightDecay * current.weight(i, j));
                }
            }
        });
        updateBiasVelocities(stats, rate);
        steps++;
        double[] dA = visibleVelocity.clone();
        double[] dB = hiddenVelocity.clone();
        for (int i = 0; i < nv; i++) {
            int row = i * nh;
            double s = 0.0;
            for (int j = 0; j < nh; j++) {
                double d = weightVelocity[row + j];
                s += d * l[j];
                dB[j] -= d * m[i];
            }
            dA[i] -= s;
        }
        return current.plus(weightVelocity, dA, dB);
    }

    private void updateBiasVelocities(RbmStatistics stats, double rate) {
        double[] gA = stats.visibleBiasGradient();
        double[] gB = stats.hiddenBiasGradient();
        for (int i = 0; i < gA.length; i++) {
            visibleVelocity[i] = momentum * visibleVelocity[i] + rate * gA[i];
        }
        for (int j = 0; j < gB.length; j++) {
            hiddenVelocity[j] = momentum * hiddenVelocity[j] + rate * gB[j];
        }
    }

    private void checkSizes(int nv, int nh, RbmStatistics stats) {
        if (nv * nh != weightVelocity.length || nv != visibleVelocity.length || stats.numVisible() != nv
            || stats.numHidden() != nh) {
            throw new IllegalArgumentException("sizes disagree: optimiser " + visibleVelocity.length + "×"
                + hiddenVelocity.length + ", model " + nv + "×" + nh + ", statistics " + stats.numVisible() + "×"
                + stats.numHidden());
        }
    }

    /**
     * {@code ||Δ_W||}, the Frobenius norm of the last update of the weights (W after it minus W before it, to rounding);
     * 0 before the first step.
     */
    public double weightUpdateNorm() {
        return Numerics.norm(weightVelocity);
    }

    /** Number of updates made. */
    public long steps() {
        return steps;
    }

    /**
     * Sets the velocities and the step count, as saved in a checkpoint ({@link #weightVelocity()} and friends), so
     * that training continues exactly where it stopped.
     *
     * @return this
     * @throws IllegalArgumentException if a length does not match
     */
    public RbmOptimizer restore(double[] weights, double[] visible, double[] hidden, long stepsDone) {
        if (weights.length != weightVelocity.length || visible.length != visibleVelocity.length
            || hidden.length != hiddenVelocity.length || stepsDone < 0) {
            throw new IllegalArgumentException("velocities of lengths " + weights.length + ", " + visible.length + ", "
                + hidden.length + " do not fit " + weightVelocity.length + ", " + visibleVelocity.length + ", "
                + hiddenVelocity.length + " (or steps " + stepsDone + " < 0)");
        }
        System.arraycopy(weights, 0, weightVelocity, 0, weights.length);
        System.arraycopy(visible, 0, visibleVelocity, 0, visible.length);
        System.arraycopy(hidden, 0, hiddenVelocity, 0, hidden.length);
        steps = stepsDone;
        return this;
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
