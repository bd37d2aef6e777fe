package dev.boltzmann.model;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An RBM whose visible layer holds, besides the binary units {@code v ∈ {0,1}^nv}, one softmax group of
 * {@code nc} label units {@code y = e_c} (one-hot, class c), joined to binary hidden units {@code h ∈ {0,1}^nh}.
 *
 * <pre>
 *   energy        E(v,c,h) = −vᵀWh − aᵀv − bᵀh − U_cᵀh − d_c
 *   hidden        P(h_j = 1 | v,c) = σ(b_j + (vᵀW)_j + U_cj)
 *   visible       P(v_i = 1 | h)   = σ(a_i + (Wh)_i)
 *   label         P(c | h)         = softmax_c(d_c + (Uh)_c)
 *   free energy   F(v,c) = −log Σ_h e^{−E(v,c,h)} = −aᵀv − d_c − Σ_j softplus(b_j + (vᵀW)_j + U_cj)
 *   classifier    P(c | v) = softmax_c(−F(v,c))          (exact: the hidden units are summed out)
 * </pre>
 * W is {@code nv × nh} and U is {@code nc × nh}, both row-major; a has length nv, b length nh, d length nc. The
 * label group is part of the visible layer, so a block-Gibbs step samples {@code h} given {@code (v, y)}, then
 * {@code v} and {@code y} given {@code h} (independently).
 *
 * <p>Batch methods take labels as one-hot rows ({@code rows × nc}, see {@link SoftmaxGroup#oneHot}); rows of
 * probabilities (soft labels) are accepted too, and the hidden input is then linear in them. All layer computations of a batch
 * are matrix products through {@link Blas#gemm}; methods with offsets write into caller arrays and allocate nothing.
 *
 * <p>With {@code nc = 1} and {@code U = 0, d = 0} the label group is inert and the model is the plain {@link Rbm}
 * ({@link #fromRbm}), which lets samplers treat both kinds alike.
 *
 * <p>Immutable and Serializable; arrays are copied in and out.
 *
 * <pre>
 * H. Larochelle, Y. Bengio: Classification using discriminative restricted Boltzmann machines, ICML 2008.
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010), §16.
 * </pre>
 */
public final class LabelRbm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Purpose key of the weight-initialisation stream ("LRBMINIT"). */
    public static final long INIT_PURPOSE = 0x4C52424D494E4954L;

    private final int numVisible;
    private final int numHidden;
    private final int numLabels;
    private final double[] weights;
    private final double[] visibleBias;
    private final double[] hiddenBias;
    private final double[] labelWeights;
    private final double[] labelBias;

    private LabelRbm(double[] w, double[] a, double[] b, double[] u, double[] d) {
        this.numVisible = a.length;
        this.numHidden = b.length;
        this.numLabels = d.length;
        this.weights = w;
        this.visibleBias = a;
        this.hiddenBias = b;
        this.labelWeights = u;
        this.labelBias = d;
    }

    /**
     * A label RBM from its parameters (copied).
     *
     * @param weights W, row-major {@code nv × nh}
     * @param visibleBias a, length nv ≥ 1
     * @param hiddenBias b, length nh ≥ 1
     * @param labelWeights U, row-major {@code nc × nh}
     * @param labelBias d, length nc ≥ 1
     * @throws IllegalArgumentException if a layer is empty, a length disagrees or a value is not finite
     */
    public static LabelRbm of(double[] weights, double[] visibleBias, double[] hiddenBias, double[] labelWeights,
                              double[] labelBias) {
        checkSizes(visibleBias.length, hiddenBias.length, labelBias.length);
        checkLength("weights", weights, (long) visibleBias.length * hiddenBias.length);
        checkLength("labelWeights", labelWeights, (long) labelBias.length * hiddenBias.length);
        checkFinite("weights", weights);
        checkFinite("visibleBias", visibleBias);
        checkFinite("hiddenBias", hiddenBias);
        checkFinite("labelWeights", labelWeights);
        checkFinite("labelBias", labelBias);
        return new LabelRbm(weights.clone(), visibleBias.clone(), hiddenBias.clone(), labelWeights.clone(),
            labelBias.clone());
    }

    /** The plain RBM as a label RBM with one inert label (nc = 1, U = 0, d = 0): same distribution over (v, h). */
    public static LabelRbm fromRbm(Rbm rbm) {
        return new LabelRbm(rbm.weights(), rbm.visibleBias(), rbm.hiddenBias(), new double[rbm.numHidden()],
            new double[1]);
    }

    /**
     * Random initialisation (Hinton 2010, §8): {@code W_ij, U_cj ~ N(0, weightStd²)}, drawn from
     * {@code Seeds.rng(seed, INIT_PURPOSE)} (W row-major first, then U), hidden biases 0.
     *
     * @param visibleBias initial a, length nv (copied), or null for zeros
     * @param labelBias initial d, length nc (copied), e.g. {@link SoftmaxGroup#baseRateBias}, or null for zeros
     * @param weightStd finite, ≥ 0
     */
    public static LabelRbm random(int numVisible, int numHidden, int numLabels, double weightStd, double[] visibleBias,
                                  double[] labelBias, long seed) {
        checkSizes(numVisible, numHidden, numLabels);
        if (!(weightStd >= 0.0) || Double.isInfinite(weightStd)) {
            throw new IllegalArgumentException("weightStd must be finite and >= 0, got " + weightStd);
        }
        double[] a = visibleBias == null ? new double[numVisible] : visibleBias;
        double[] d = labelBias == null ? new double[numLabels] : labelBias;
        if (a.length != numVisible || d.length != numLabels) {
            throw new IllegalArgumentException("visibleBias has length " + a.length + " and labelBias " + d.length
                + ", expected numVisible = " + numVisible + " and numLabels = " + numLabels);
        }
        SplittableRandom rng = Seeds.rng(seed, INIT_PURPOSE);
        double[] w = new double[numVisible * numHidden];
        double[] u = new double[numLabels * numHidden];
        for (int k = 0; k < w.length; k++) {
            w[k] = weightStd * rng.nextGaussian();
        }
        for (int k = 0; k < u.length; k++) {
            u[k] = weightStd * rng.nextGaussian();
        }
        return of(w, a, new double[numHidden], u, d);
    }

    /** Number of binary visible units nv. */
    public int numVisible() {
        return numVisible;
    }

    /** Number of hidden units nh. */
    public int numHidden() {
        return numHidden;
    }

    /** Number of label units (classes) nc. */
    public int numLabels() {
        return numLabels;
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return weights[i * numHidden + j];
    }

    /** U_cj. */
    public double labelWeight(int c, int j) {
        return labelWeights[c * numHidden + j];
    }

    /** A copy of W, row-major {@code nv × nh}. */
    public double[] weights() {
        return weights.clone();
    }

    /** A copy of a, length nv. */
    public double[] visibleBias() {
        return visibleBias.clone();
    }

    /** A copy of b, length nh. */
    public double[] hiddenBias() {
        return hiddenBias.clone();
    }

    /** A copy of U, row-major {@code nc × nh}. */
    public double[] labelWeights() {
        return labelWeights.clone();
    }

    /** A copy of d, length nc. */
    public double[] labelBias() {
        return labelBias.clone();
    }

    /** The (v, h) part {@code (W, a, b)} as a plain RBM; it ignores the labels, so it is not P(v) of this model. */
    public Rbm visiblePart() {
        return Rbm.of(weights, visibleBias, hiddenBias);
    }

    /** E(v,c,h) for one configuration (v length nv, h length nh, c in [0, nc)). */
    public double energy(double[] v, int c, double[] h) {
        checkRows("v", v, 0, 1, numVisible);
        checkRows("h", h, 0, 1, numHidden);
        checkLabel(c, numLabels, 0);
        double e = -labelBias[c];
        for (int j = 0; j < numHidden; j++) {
            e -= (hiddenBias[j] + labelWeights[c * numHidden + j]) * h[j];
        }
        for (int i = 0; i < numVisible; i++) {
            double s = visibleBias[i];
            for (int j = 0; j < numHidden; j++) {
                s += weights[i * numHidden + j] * h[j];
            }
            e -= v[i] * s;
        }
        return e;
    }

    /**
     * Hidden inputs {@code X = V·W + Y·U + 1·bᵀ} of a batch.
     *
     * @param v visible states, {@code rows × nv} from {@code vOff}
     * @param y label rows (one-hot or probabilities), {@code rows × nc} from {@code yOff}
     * @param out receives {@code rows × nh} from {@code outOff}
     */
    public void hiddenInputs(double[] v, int vOff, double[] y, int yOff, int rows, double[] out, int outOff) {
        checkRows("v", v, vOff, rows, numVisible);
        checkRows("y", y, yOff, rows, numLabels);
        checkRows("out", out, outOff, rows, numHidden);
        Blas.gemm(false, false, rows, numHidden, numVisible, 1.0, v, vOff, weights, 0, 0.0, out, outOff);
        Blas.gemm(false, false, rows, numHidden, numLabels, 1.0, y, yOff, labelWeights, 0, 1.0, out, outOff);
        addRowVector(out, outOff, rows, hiddenBias);
    }

    /** {@code P(h_rj = 1 | v_r, y_r) = σ(x_rj)}, {@code x} the {@link #hiddenInputs}; {@code rows × nh} into out. */
    public void hiddenProbabilities(double[] v, int vOff, double[] y, int yOff, int rows, double[] out, int outOff) {
        hiddenInputs(v, vOff, y, yOff, rows, out, outOff);
        for (int k = outOff; k < outOff + rows * numHidden; k++) {
            out[k] = Numerics.sigmoid(out[k]);
        }
    }

    /** Visible inputs {@code a_i + (W h_r)_i} of a batch: h is {@code rows × nh} from hOff, out {@code rows × nv}. */
    public void visibleInputs(double[] h, int hOff, int rows, double[] out, int outOff) {
        checkRows("h", h, hOff, rows, numHidden);
        checkRows("out", out, outOff, rows, numVisible);
        Blas.gemm(false, true, rows, numVisible, numHidden, 1.0, h, hOff, weights, 0, 0.0, out, outOff);
        addRowVector(out, outOff, rows, visibleBias);
    }

    /** {@code P(v_ri = 1 | h_r) = σ(a_i + (W h_r)_i)}: h is {@code rows × nh} from hOff, out {@code rows × nv}. */
    public void visibleProbabilities(double[] h, int hOff, int rows, double[] out, int outOff) {
        visibleInputs(h, hOff, rows, out, outOff);
        for (int k = outOff; k < outOff + rows * numVisible; k++) {
            out[k] = Numerics.sigmoid(out[k]);
        }
    }

    /** Label inputs {@code d_c + (U h_r)_c} of a batch: h is {@code rows × nh} from hOff, out {@code rows × nc}. */
    public void labelInputs(double[] h, int hOff, int rows, double[] out, int outOff) {
        checkRows("h", h, hOff, rows, numHidden);
        checkRows("out", out, outOff, rows, numLabels);
        Blas.gemm(false, true, rows, numLabels, numHidden, 1.0, h, hOff, labelWeights, 0, 0.0, out, outOff);
        addRowVector(out, outOff, rows, labelBias);
    }

    /** {@code P(c | h_r) = softmax_c(d_c + (U h_r)_c)}: h is {@code rows × nh} from hOff, out {@code rows × nc}. */
    public void labelProbabilities(double[] h, int hOff, int rows, double[] out, int outOff) {
        labelInputs(h, hOff, rows, out, outOff);
        for (int r = 0; r < rows; r++) {
            SoftmaxGroup.softmaxInPlace(out, outOff + r * numLabels, numLabels);
        }
    }

    /**
     * Free energies of every class, {@code F(v_r, c)} for c in [0, nc), of a batch: one matrix product for
     * {@code V·W + 1·bᵀ}, then {@code rows·nc·nh} softplus evaluations.
     *
     * @param v visible states, {@code rows × nv} from {@code vOff}
     * @param scratch work space of at least {@code rows × nh} doubles (overwritten)
     * @param out receives {@code rows × nc} from {@code outOff}
     */
    public void freeEnergies(double[] v, int vOff, int rows, double[] scratch, double[] out, int outOff) {
        checkRows("v", v, vOff, rows, numVisible);
        checkRows("scratch", scratch, 0, rows, numHidden);
        checkRows("out", out, outOff, rows, numLabels);
        Blas.gemm(false, false, rows, numHidden, numVisible, 1.0, v, vOff, weights, 0, 0.0, scratch, 0);
        for (int r = 0; r < rows; r++) {
            double av = 0.0;
            for (int i = 0; i < numVisible; i++) {
                av += visibleBias[i] * v[vOff + r * numVisible + i];
            }
            int x = r * numHidden;
            for (int c = 0; c < numLabels; c++) {
                double f = -av - labelBias[c];
                int u = c * numHidden;
                for (int j = 0; j < numHidden; j++) {
                    f -= Numerics.softplus(scratch[x + j] + hiddenBias[j] + labelWeights[u + j]);
                }
                out[outOff + r * numLabels + c] = f;
            }
        }
    }

    /** {@link #freeEnergies(double[], int, int, double[], double[], int)} of a {@code rows × nv} batch, new array. */
    public double[] freeEnergies(double[] v, int rows) {
        double[] out = new double[rows * numLabels];
        freeEnergies(v, 0, rows, new double[rows * numHidden], out, 0);
        return out;
    }

    /** F(v, c) of one visible vector (length nv). */
    public double freeEnergy(double[] v, int c) {
        checkLabel(c, numLabels, 0);
        return freeEnergies(v, 1)[c];
    }

    /**
     * The exact class posterior {@code P(c | v_r) = softmax_c(−F(v_r, c))} of a batch (Larochelle &amp; Bengio 2008).
     *
     * @param v visible states, {@code rows × nv}
     * @return a new {@code rows × nc} array whose rows sum to 1
     */
    public double[] labelPosterior(double[] v, int rows) {
        double[] p = freeEnergies(v, rows);
        for (int k = 0; k < p.length; k++) {
            p[k] = -p[k];
        }
        for (int r = 0; r < rows; r++) {
            SoftmaxGroup.softmaxInPlace(p, r * numLabels, numLabels);
        }
        return p;
    }

    /** {@code argmax_c P(c | v_r)} for each row (the lowest c on ties); a new array of length rows. */
    public int[] classify(double[] v, int rows) {
        double[] f = freeEnergies(v, rows);
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            int best = 0;
            for (int c = 1; c < numLabels; c++) {
                if (f[r * numLabels + c] < f[r * numLabels + best]) {
                    best = c;
                }
            }
            out[r] = best;
        }
        return out;
    }

    /** This model with every parameter multiplied by {@code beta}: the distribution {@code ∝ e^{−β E}}. */
    public LabelRbm scaled(double beta) {
        if (!(beta >= 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }
        return new LabelRbm(times(weights, beta), times(visibleBias, beta), times(hiddenBias, beta),
            times(labelWeights, beta), times(labelBias, beta));
    }

    /**
     * A new model with parameters {@code (W + dW, a + da, b + db, U + dU, d + dd)}; this one is unchanged.
     *
     * @throws IllegalArgumentException if a length differs or a result is not finite
     */
    public LabelRbm plus(double[] dW, double[] da, double[] db, double[] dU, double[] dd) {
        return new LabelRbm(add("weights", weights, dW), add("visibleBias", visibleBias, da),
            add("hiddenBias", hiddenBias, db), add("labelWeights", labelWeights, dU), add("labelBias", labelBias, dd));
    }

    private static void addRowVector(double[] m, int off, int rows, double[] bias) {
        int cols = bias.length;
        for (int r = 0; r < rows; r++) {
            int row = off + r * cols;
            for (int c = 0; c < cols; c++) {
                m[row + c] += bias[c];
            }
        }
    }

    private static double[] times(double[] x, double s) {
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = s * x[k];
        }
        return y;
    }

    private static double[] add(String name, double[] x, double[] dx) {
        checkLength("update of " + name, dx, x.length);
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            y[k] = x[k] + dx[k];
        }
        checkFinite(name + " after the update", y);
        return y;
    }

    static int checkLabel(int c, int numLabels, int row) {
        if (c < 0 || c >= numLabels) {
            throw new IllegalArgumentException("label of row " + row + " is " + c + ", expected a class in [0, "
                + numLabels + ")");
        }
        return c;
    }

    private static void checkRows(String name, double[] x, int off, int rows, int cols) {
        if (rows < 0 || off < 0 || off + (long) rows * cols > x.length) {
            throw new IllegalArgumentException(name + " must hold " + rows + " rows of " + cols + " values from offset "
                + off + ", but has length " + x.length);
        }
    }

    private static void checkLength(String name, double[] x, long expected) {
        if (x.length != expected) {
            throw new IllegalArgumentException(name + " has " + x.length + " entries, expected " + expected);
        }
    }

    private static void checkSizes(int nv, int nh, int nc) {
        if (nv < 1 || nh < 1 || nc < 1) {
            throw new IllegalArgumentException("a label RBM needs numVisible, numHidden, numLabels >= 1, got numVisible="
                + nv + ", numHidden=" + nh + ", numLabels=" + nc);
        }
    }

    private static void checkFinite(String name, double[] x) {
        for (int k = 0; k < x.length; k++) {
            if (!Double.isFinite(x[k])) {
                throw new IllegalArgumentException(name + "[" + k + "] is not finite: " + x[k]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelRbm m && m.numVisible == numVisible && Arrays.equals(m.weights, weights)
            && Arrays.equals(m.visibleBias, visibleBias) && Arrays.equals(m.hiddenBias, hiddenBias)
            && Arrays.equals(m.labelWeights, labelWeights) && Arrays.equals(m.labelBias, labelBias);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new double[][] {weights, visibleBias, hiddenBias, labelWeights, labelBias});
    }

    @Override
    public String toString() {
        return "LabelRbm(numVisible=" + numVisible + ", numHidden=" + numHidden + ", numLabels=" + numLabels + ")";
    }
}
