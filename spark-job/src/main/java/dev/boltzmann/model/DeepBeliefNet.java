package dev.boltzmann.model;

import dev.boltzmann.math.Seeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deep belief net (Hinton, Osindero &amp; Teh 2006): a stack of RBMs in which the top RBM is an undirected
 * associative memory and every lower layer is a directed, top-down generative connection {@code P(v | h)}.
 *
 * <pre>
 *   layers      RBM_1 (x ↔ h¹), RBM_2 (h¹ ↔ h²), …, RBM_L (h^{L−1} ↔ h^L), sizes n_0 = nv, n_1, …, n_L
 *   generative  P(x, h¹, …, h^L) = P(x | h¹) · P(h¹ | h²) ⋯ P(h^{L−2} | h^{L−1}) · P_L(h^{L−1}, h^L)
 *               with P(h^{k−1} | h^k) the visible conditional of RBM_k and P_L the top RBM's joint
 *   recognition Q(h^k = 1 | h^{k−1}) = σ(b_k + (h^{k−1})ᵀ W_k), used bottom-up (mean-field here)
 * </pre>
 * The top layer may be a {@link LabelRbm}: its visible layer is {@code h^{L−1}} plus the label group, so the net
 * models {@code P(x, c)} and classifies by {@code argmax_c P(c | h^{L−1})} with {@code h^{L−1}} the bottom-up
 * probabilities (the usual approximation: it is exact for the top RBM, not for the whole net).
 *
 * <p>Layer k (0-based) has {@code layer(k).numVisible() = size(k)} and {@code numHidden = size(k+1)}. Immutable,
 * Serializable; the layers are immutable.
 *
 * <pre>
 * G. E. Hinton, S. Osindero, Y.-W. Teh: A fast learning algorithm for deep belief nets, Neural Computation 18 (2006).
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class DeepBeliefNet implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Purpose key of the top-down pass's streams ("DBN_DOWN"): row r uses {@code Seeds.rng(seed, DOWN, r)}. */
    public static final long DOWN_PURPOSE = 0x44424E5F444F574EL;

    private final Rbm[] lower;
    private final Rbm plainTop;
    private final LabelRbm labelTop;

    private DeepBeliefNet(Rbm[] lower, Rbm plainTop, LabelRbm labelTop) {
        this.lower = lower;
        this.plainTop = plainTop;
        this.labelTop = labelTop;
    }

    /**
     * A net of plain RBMs, bottom first.
     *
     * @throws IllegalArgumentException if the list is empty or adjacent sizes do not match
     */
    public static DeepBeliefNet of(List<Rbm> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("a deep belief net needs at least one layer, got " + layers);
        }
        Rbm[] lower = layers.subList(0, layers.size() - 1).toArray(new Rbm[0]);
        Rbm top = layers.get(layers.size() - 1);
        checkChain(lower, top.numVisible());
        return new DeepBeliefNet(lower, top, null);
    }

    /**
     * A net whose top layer is a label RBM.
     *
     * @param lower the plain layers below the top, bottom first (may be empty)
     * @param top the top layer; its numVisible is the size of the last lower layer's hidden layer
     * @throws IllegalArgumentException if adjacent sizes do not match
     */
    public static DeepBeliefNet withLabelTop(List<Rbm> lower, LabelRbm top) {
        if (top == null) {
            throw new IllegalArgumentException("top must not be null");
        }
        Rbm[] l = lower.toArray(new Rbm[0]);
        checkChain(l, top.numVisible());
        return new DeepBeliefNet(l, null, top);
    }

    /** Number of RBM layers L (the top included). */
    public int numLayers() {
        return lower.length + 1;
    }

    /** Sizes {@code n_0 = nv, n_1, …, n_L}; length L + 1 (labels not counted). */
    public int[] layerSizes() {
        int[] sizes = new int[numLayers() + 1];
        for (int k = 0; k < lower.length; k++) {
            sizes[k] = lower[k].numVisible();
        }
        sizes[lower.length] = topVisible();
        sizes[lower.length + 1] = labelTop != null ? labelTop.numHidden() : plainTop.numHidden();
        return sizes;
    }

    /**
     * Plain layer k, 0 ≤ k &lt; L (the top only if it is not a label RBM; see {@link #labelTop()}).
     *
     * @throws IllegalArgumentException if k is out of range or names a label-RBM top
     */
    public Rbm layer(int k) {
        if (k >= 0 && k < lower.length) {
            return lower[k];
        }
        if (k == lower.length && plainTop != null) {
            return plainTop;
        }
        throw new IllegalArgumentException("layer " + k + " is not a plain RBM layer of this " + this);
    }

    /** The plain layers, bottom first (the top included unless it is a label RBM). */
    public List<Rbm> plainLayers() {
        List<Rbm> out = new ArrayList<>(List.of(lower));
        if (plainTop != null) {
            out.add(plainTop);
        }
        return out;
    }

    /** Whether the top layer is a label RBM. */
    public boolean hasLabels() {
        return labelTop != null;
    }

    /** The label-RBM top layer, or null if the top is plain. */
    public LabelRbm labelTop() {
        return labelTop;
    }

    /**
     * The top layer as a label RBM: {@link #labelTop()} or, for a plain top, {@link LabelRbm#fromRbm} of it (one
     * inert label), so a sampler can treat both alike.
     */
    public LabelRbm topAsLabelRbm() {
        return labelTop != null ? labelTop : LabelRbm.fromRbm(plainTop);
    }

    /** Size of the top layer's visible (non-label) units, {@code n_{L−1}}. */
    public int topVisible() {
        return labelTop != null ? labelTop.numVisible() : plainTop.numVisible();
    }

    /** Number of visible units of the bottom layer, {@code n_0}. */
    public int numVisible() {
        return lower.length > 0 ? lower[0].numVisible() : topVisible();
    }

    /**
     * Bottom-up mean-field pass through the first {@code count} layers: {@code x ↦ p(h¹|x) ↦ p(h²|p(h¹|x)) …}.
     *
     * @param v bottom visible rows, {@code rows × n_0}
     * @param count layers to pass through, 0 ≤ count ≤ L (L only for a plain top)
     * @return a new {@code rows × n_count} array of probabilities ({@code v} itself copied when count = 0)
     */
    public double[] upPass(double[] v, int rows, int count) {
        List<Rbm> plain = plainLayers();
        if (count < 0 || count > plain.size()) {
            throw new IllegalArgumentException("count must be in [0, " + plain.size() + "], got " + count);
        }
        if (v.length != (long) rows * numVisible()) {
            throw new IllegalArgumentException("v has " + v.length + " values, expected rows*numVisible = " + rows + "*"
                + numVisible());
        }
        double[] x = v.clone();
        for (int k = 0; k < count; k++) {
            x = plain.get(k).hiddenProbabilities(x, rows);
        }
        return x;
    }

    /**
     * Classifies bottom visible rows with a label-RBM top: {@code argmax_c P(c | h^{L−1})}, {@code h^{L−1}} from
     * {@link #upPass} through the lower layers.
     *
     * @throws IllegalStateException if the top is not a label RBM
     */
    public int[] classify(double[] v, int rows) {
        if (labelTop == null) {
            throw new IllegalStateException("classification needs a label-RBM top layer; this net is " + this);
        }
        return labelTop.classify(upPass(v, rows, lower.length), rows);
    }

    /**
     * The single top-down pass of generation: from states of the top layer's visible units, each lower layer in turn
     * from the top: {@code p(h^{k−1} | h^k)}; intermediate layers are sampled (binary), the bottom layer is returned
     * as probabilities {@code P(x | h¹)} (threshold or sample them for binary images). Row r draws its uniforms from
     * {@code Seeds.rng(seed, DOWN_PURPOSE, r)}, layer by layer from the top.
     *
     * @param top states of the top layer's visible units, {@code rows × n_{L−1}} (not modified)
     * @return a new {@code rows × n_0} array ({@code top} copied when there are no lower layers)
     */
    public double[] downPass(double[] top, int rows, long seed) {
        if (top.length != (long) rows * topVisible()) {
            throw new IllegalArgumentException("top has " + top.length + " values, expected rows*" + topVisible() + " = "
                + ((long) rows * topVisible()));
        }
        SplittableRandom[] rngs = new SplittableRandom[rows];
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DOWN_PURPOSE, r);
        }
        double[] h = top.clone();
        for (int k = lower.length - 1; k >= 0; k--) {
            int nv = lower[k].numVisible();
            double[] p = lower[k].visibleProbabilities(h, rows);
            if (k > 0) {
                for (int r = 0; r < rows; r++) {
                    Rbm.sampleBernoulli(p, r * nv, nv, rngs[r], p, r * nv);
                }
            }
            h = p;
        }
        return h;
    }

    private static void checkChain(Rbm[] lower, int topVisible) {
        for (int k = 0; k < lower.length; k++) {
            int above = k + 1 < lower.length ? lower[k + 1].numVisible() : topVisible;
            if (lower[k].numHidden() != above) {
                throw new IllegalArgumentException("layer " + k + " has " + lower[k].numHidden()
                    + " hidden units but the layer above has " + above + " visible units");
            }
        }
    }

    @Override
    public String toString() {
        return "DeepBeliefNet(sizes=" + java.util.Arrays.toString(layerSizes())
            + (labelTop != null ? ", labels=" + labelTop.numLabels() : "") + ")";
    }
}
