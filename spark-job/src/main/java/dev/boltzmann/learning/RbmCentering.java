package dev.boltzmann.learning;

import dev.boltzmann.model.Rbm;
import java.io.Serializable;

/**
 * The offsets of a centred RBM (Montavon &amp; Müller 2012; Melchior, Fischer &amp; Wiskott 2016) and the maps between
 * its parameters and the ordinary ones.
 *
 * <pre>
 *   centred energy   E(v,h) = −(v−μ)ᵀW(h−λ) − b̃ᵀ(v−μ) − c̃ᵀ(h−λ)
 *                           = −vᵀWh − (b̃ − Wλ)ᵀv − (c̃ − Wᵀμ)ᵀh + const
 *   so the ordinary RBM with   W,   a = b̃ − Wλ,   b = c̃ − Wᵀμ   has the same distribution;
 *   conversely                 b̃ = a + Wλ,   c̃ = b + Wᵀμ.
 *   centred gradient  g̃_W = ⟨(v−μ)(h−λ)ᵀ⟩_data − ⟨(v−μ)(h−λ)ᵀ⟩_model = g_W − μ g_bᵀ − g_a λᵀ
 *                     g̃_b̃ = g_a,   g̃_c̃ = g_b          (g: the ordinary gradients)
 *   offsets, before each update (Melchior et al., Algorithm 1), from the mini-batch's data:
 *                     μ ← (1−ν) μ + ν mean(v),   λ ← (1−ν) λ + ν mean(p(h|v))
 * </pre>
 * The ordinary parameters are the state that is kept, sampled from and stored (so every tool that reads an RBM works
 * unchanged); the centred ones are derived from them and the offsets. Moving an offset changes the centred biases by
 * {@code W(λ'−λ)} and {@code Wᵀ(μ'−μ)} and leaves the ordinary parameters, hence the distribution, as they are. The
 * gradient step is taken in the centred parameters and mapped back (see {@link RbmOptimizer}).
 *
 * <p>Modes: {@link Mode#VISIBLE} centres only the visible units (λ = 0 throughout), {@link Mode#BOTH} both layers
 * (λ starts at ½, Melchior et al.'s choice). μ starts at the data's mean; {@code rate = 0} keeps both offsets at
 * their starting values.
 *
 * <p>Mutable (the offsets), serializable so a driver can keep it with the optimiser. Not synchronized.
 *
 * <pre>
 * G. Montavon, K.-R. Müller: Deep Boltzmann machines and the centering trick, in Neural Networks: Tricks of the
 *     Trade, 2nd ed., LNCS 7700 (2012).
 * J. Melchior, A. Fischer, L. Wiskott: How to center deep Boltzmann machines, JMLR 17(99) (2016).
 * </pre>
 */
public final class RbmCentering implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Which layers are centred. */
    public enum Mode {
        /** No centring: the ordinary RBM gradient. */
        NONE,
        /** Visible units only: μ slides towards the data mean, λ = 0. */
        VISIBLE,
        /** Both layers: μ towards the data mean, λ towards the mean of p(h|v) over the data. */
        BOTH;

        /** Parses "none", "visible" or "both", case-insensitively. */
        public static Mode parse(String name) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(name.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown centering '" + name + "'; allowed: none, visible, both");
        }
    }

    private final Mode mode;
    private final double rate;
    private final double[] visibleOffset;
    private final double[] hiddenOffset;

    private RbmCentering(Mode mode, double rate, double[] visibleOffset, double[] hiddenOffset) {
        this.mode = mode;
        this.rate = rate;
        this.visibleOffset = visibleOffset;
        this.hiddenOffset = hiddenOffset;
    }

    /**
     * Offsets at their starting values: μ = the data's per-unit means, λ = ½ ({@link Mode#BOTH}) or 0.
     *
     * @param mode VISIBLE or BOTH
     * @param rate ν in [0, 1], the weight of each mini-batch in the sliding averages
     * @param dataMeans per-unit means of the training data, each in [0, 1] (copied)
     * @param numHidden nh ≥ 1
     * @throws IllegalArgumentException for NONE, a rate outside [0, 1] or a mean outside [0, 1]
     */
    public static RbmCentering start(Mode mode, double rate, double[] dataMeans, int numHidden) {
        if (mode == null || mode == Mode.NONE) {
            throw new IllegalArgumentException("centering mode must be visible or both, got " + mode);
        }
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("centering rate must be in [0, 1], got " + rate);
        }
        if (dataMeans.length < 1 || numHidden < 1) {
            throw new IllegalArgumentException("centering needs numVisible >= 1 and numHidden >= 1, got "
                + dataMeans.length + " and " + numHidden);
        }
        for (int i = 0; i < dataMeans.length; i++) {
            if (!(dataMeans[i] >= 0.0 && dataMeans[i] <= 1.0)) {
                throw new IllegalArgumentException("data mean of visible unit " + i + " is " + dataMeans[i]
                    + ", expected a value in [0, 1]");
            }
        }
        double[] lambda = new double[numHidden];
        if (mode == Mode.BOTH) {
            java.util.Arrays.fill(lambda, 0.5);
        }
        return new RbmCentering(mode, rate, dataMeans.clone(), lambda);
    }

    /** Per-unit means of a row-major {@code rows × width} data set (the starting μ). */
    public static double[] columnMeans(double[] data, int rows, int width) {
        double[] mean = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < width; i++) {
                mean[i] += data[r * width + i];
            }
        }
        for (int i = 0; i < width; i++) {
            mean[i] /= rows;
        }
        return mean;
    }

    /**
     * Moves the offsets towards the means of the mini-batch's data in {@code stats} (its positive phase):
     * {@code μ ← (1−ν)μ + ν·mean⁺v}, and for BOTH {@code λ ← (1−ν)λ + ν·mean⁺p(h|v)}.
     *
     * @throws IllegalStateException if the statistics hold no data rows
     */
    public void update(RbmStatistics stats) {
        checkSizes(stats.numVisible(), stats.numHidden());
        update(stats.positiveVisibleMean(), mode == Mode.BOTH ? stats.positiveHiddenMean() : null);
    }

    /** {@code μ ← (1−ν)μ + ν·meanV}, and for BOTH {@code λ ← (1−ν)λ + ν·meanH} (meanH unused otherwise). */
    void update(double[] meanV, double[] meanH) {
        for (int i = 0; i < visibleOffset.length; i++) {
            visibleOffset[i] = (1.0 - rate) * visibleOffset[i] + rate * meanV[i];
        }
        if (mode == Mode.BOTH) {
            for (int j = 0; j < hiddenOffset.length; j++) {
                hiddenOffset[j] = (1.0 - rate) * hiddenOffset[j] + rate * meanH[j];
            }
        }
    }

    /** The centred visible biases {@code b̃ = a + Wλ} of {@code rbm} at the current offsets, a new array. */
    public double[] centredVisibleBias(Rbm rbm) {
        checkSizes(rbm.numVisible(), rbm.numHidden());
        double[] w = rbm.weights();
        double[] out = rbm.visibleBias();
        int nh = hiddenOffset.length;
        for (int i = 0; i < out.length; i++) {
            double s = 0.0;
            for (int j = 0; j < nh; j++) {
                s += w[i * nh + j] * hiddenOffset[j];
            }
            out[i] += s;
        }
        return out;
    }

    /** The centred hidden biases {@code c̃ = b + Wᵀμ} of {@code rbm} at the current offsets, a new array. */
    public double[] centredHiddenBias(Rbm rbm) {
        checkSizes(rbm.numVisible(), rbm.numHidden());
        double[] w = rbm.weights();
        double[] out = rbm.hiddenBias();
        int nh = out.length;
        for (int i = 0; i < visibleOffset.length; i++) {
            double mu = visibleOffset[i];
            for (int j = 0; j < nh; j++) {
                out[j] += w[i * nh + j] * mu;
            }
        }
        return out;
    }

    /**
     * The ordinary RBM of centred parameters at the current offsets: {@code W}, {@code a = b̃ − Wλ},
     * {@code b = c̃ − Wᵀμ}.
     */
    public Rbm uncentred(double[] weights, double[] centredVisibleBias, double[] centredHiddenBias) {
        checkSizes(centredVisibleBias.length, centredHiddenBias.length);
        Rbm zeroBias = Rbm.of(weights, new double[visibleOffset.length], new double[hiddenOffset.length]);
        double[] a = centredVisibleBias.clone();
        double[] b = centredHiddenBias.clone();
        double[] wl = centredVisibleBias(zeroBias);
        double[] wm = centredHiddenBias(zeroBias);
        for (int i = 0; i < a.length; i++) {
            a[i] -= wl[i];
        }
        for (int j = 0; j < b.length; j++) {
            b[j] -= wm[j];
        }
        return Rbm.of(weights, a, b);
    }

    /**
     * Sets the offsets, as saved in a checkpoint.
     *
     * @return this
     * @throws IllegalArgumentException if a length does not match
     */
    public RbmCentering restore(double[] visible, double[] hidden) {
        if (visible.length != visibleOffset.length || hidden.length != hiddenOffset.length) {
            throw new IllegalArgumentException("offsets of lengths " + visible.length + ", " + hidden.length
                + " do not fit " + visibleOffset.length + ", " + hiddenOffset.length);
        }
        System.arraycopy(visible, 0, visibleOffset, 0, visible.length);
        System.arraycopy(hidden, 0, hiddenOffset, 0, hidden.length);
        return this;
    }

    /** The mode. */
    public Mode mode() {
        return mode;
    }

    /** ν, the sliding-average rate. */
    public double rate() {
        return rate;
    }

    /** A copy of μ. */
    public double[] visibleOffset() {
        return visibleOffset.clone();
    }

    /** A copy of λ. */
    public double[] hiddenOffset() {
        return hiddenOffset.clone();
    }

    /** μ itself, for the optimiser's step (not to be modified). */
    double[] visibleOffsetView() {
        return visibleOffset;
    }

    /** λ itself, for the optimiser's step (not to be modified). */
    double[] hiddenOffsetView() {
        return hiddenOffset;
    }

    void checkSizes(int nv, int nh) {
        if (nv != visibleOffset.length || nh != hiddenOffset.length) {
            throw new IllegalArgumentException("centering offsets are for " + visibleOffset.length + "×"
                + hiddenOffset.length + " but the RBM or statistics are " + nv + "×" + nh);
        }
    }

    @Override
    public String toString() {
        return "RbmCentering(mode=" + mode + ", rate=" + rate + ")";
    }
}
