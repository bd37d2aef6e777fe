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
 * <p>Centred label RBMs ({@link #withCentering}): the label units count as visible units, so the offsets are one
 * {@link RbmCentering} over the {@code nv + nc} units {@code x = (v, y)} (v first) and the nh hidden units, with
 * {@code μ = (m, k)} (m for v, k for the one-hot y) and λ = l:
 * <pre>
 *   centred energy  E = −(v−m)ᵀW(h−l) − (y−k)ᵀU(h−l) − ãᵀ(v−m) − d̃ᵀ(y−k) − b̃ᵀ(h−l)
 *                     = −vᵀWh − yᵀUh − (ã − Wl)ᵀv − (d̃ − Ul)ᵀy − (b̃ − Wᵀm − Uᵀk)ᵀh + const
 *   so              a = ã − Wl,   d = d̃ − Ul,   b = b̃ − Wᵀm − Uᵀk      (W, U shared)
 *   centred gradient  g̃_W = ⟨(v−m)(h−l)ᵀ⟩⁺ − ⟨(v−m)(h−l)ᵀ⟩⁻ = g_W − m g_bᵀ − g_a lᵀ
 *                     g̃_U = g_U − k g_bᵀ − g_d lᵀ,   g̃_ã = g_a,  g̃_d̃ = g_d,  g̃_b̃ = g_b
 * </pre>
 * (⟨(v−m)(h−l)ᵀ⟩ = ⟨vhᵀ⟩ − m⟨h⟩ᵀ − ⟨v⟩lᵀ + mlᵀ in each phase, and the constant mlᵀ cancels between the phases). A
 * step first moves the offsets towards the mini-batch's data means ({@code m ← (1−ν)m + ν mean⁺v},
 * {@code k ← (1−ν)k + ν mean⁺y}, with BOTH {@code l ← (1−ν)l + ν mean⁺p(h|v,y)}); that move changes the centred
 * biases only, never the ordinary parameters (which are the state), hence not the distribution. Then, with the
 * velocities of W, U (decayed, as in the plain rule) and of the centred biases,
 * <pre>
 *   Δ_W ← μ Δ_W + ε (g̃_W − λ W)     Δ_U ← μ Δ_U + ε (g̃_U − λ U)
 *   Δ_ã ← μ Δ_ã + ε g_a            Δ_d̃ ← μ Δ_d̃ + ε g_d            Δ_b̃ ← μ Δ_b̃ + ε g_b
 *   W += Δ_W,  U += Δ_U,  a += Δ_ã − Δ_W l,  d += Δ_d̃ − Δ_U l,  b += Δ_b̃ − Δ_Wᵀ m − Δ_Uᵀ k
 * </pre>
 * which is the step {@code θ̃ += Δ} of the centred parameters written in the ordinary ones (the map above at the new
 * offsets). With zero offsets it is the plain step.
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
    /** The offsets of a centred label RBM over (v, y) and h, or null for the ordinary gradient. */
    private RbmCentering centering;

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
        if (centering != null) {
            return centredStep(current, stats, rate);
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

    /**
     * Makes every later step a step of the centred label RBM with these offsets (see the class doc); null restores
     * the ordinary steps.
     *
     * @param offsets over {@code nv + nc} visible units (v first, then the labels) and nh hidden units, updated in
     *     place by each step
     * @return this
     * @throws IllegalArgumentException if the offsets' sizes differ
     */
    public LabelRbmOptimizer withCentering(RbmCentering offsets) {
        if (offsets != null) {
            offsets.checkSizes(vA.length + vD.length, vB.length);
        }
        this.centering = offsets;
        return this;
    }

    /** The centred label RBM's offsets over (v, y) and h, or null when the steps are ordinary ones. */
    public RbmCentering centering() {
        return centering;
    }

    private LabelRbm centredStep(LabelRbm current, LabelRbmStatistics stats, double rate) {
        int nv = vA.length;
        int nc = vD.length;
        RbmStatistics part = stats.visiblePart();
        double[] meanX = new double[nv + nc];
        System.arraycopy(part.positiveVisibleMean(), 0, meanX, 0, nv);
        System.arraycopy(stats.positiveLabelMean(), 0, meanX, nv, nc);
        centering.update(meanX, centering.mode() == RbmCentering.Mode.BOTH ? part.positiveHiddenMean() : null);
        double[] mu = centering.visibleOffsetView();
        double[] l = centering.hiddenOffsetView();
        double[] gA = part.visibleBiasGradient();
        double[] gB = part.hiddenBiasGradient();
        double[] gD = stats.labelBiasGradient();
        double[] gW = part.weightGradient();
        double[] gU = stats.labelWeightGradient();
        centre(gW, gA, gB, mu, 0, l);
        centre(gU, gD, gB, mu, nv, l);
        update(vW, gW, current.weights(), rate, weightDecay);
        update(vA, gA, null, rate, 0.0);
        update(vB, gB, null, rate, 0.0);
        update(vU, gU, current.labelWeights(), rate, weightDecay);
        update(vD, gD, null, rate, 0.0);
        steps++;
        double[] dA = vA.clone();
        double[] dB = vB.clone();
        double[] dD = vD.clone();
        uncentre(vW, dA, dB, mu, 0, l);
        uncentre(vU, dD, dB, mu, nv, l);
        return current.plus(vW, dA, dB, vU, dD);
    }

    /** {@code g_M ← g_M − μ[off..] g_hᵀ − g_x lᵀ} for the rows of M (visible or label units from {@code off}). */
    private static void centre(double[] gM, double[] gX, double[] gH, double[] mu, int off, double[] l) {
        int nh = gH.length;
        for (int i = 0; i < gX.length; i++) {
            for (int j = 0; j < nh; j++) {
                gM[i * nh + j] -= mu[off + i] * gH[j] + gX[i] * l[j];
            }
        }
    }

    /** {@code dX ← dX − Δ_M l}, {@code dH ← dH − Δ_Mᵀ μ[off..]}: a centred step written in the ordinary biases. */
    private static void uncentre(double[] dM, double[] dX, double[] dH, double[] mu, int off, double[] l) {
        int nh = dH.length;
        for (int i = 0; i < dX.length; i++) {
            double s = 0.0;
            for (int j = 0; j < nh; j++) {
                double d = dM[i * nh + j];
                s += d * l[j];
                dH[j] -= d * mu[off + i];
            }
            dX[i] -= s;
        }
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
