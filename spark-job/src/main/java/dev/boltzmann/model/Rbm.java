package dev.boltzmann.model;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A restricted Boltzmann machine with binary visible units {@code v ∈ {0,1}^nv} and binary hidden units
 * {@code h ∈ {0,1}^nh}.
 *
 * <pre>
 *   energy        E(v,h) = −vᵀWh − aᵀv − bᵀh
 *   hidden        P(h_j = 1 | v) = σ(b_j + Σ_i v_i W_ij)
 *   visible       P(v_i = 1 | h) = σ(a_i + Σ_j W_ij h_j)
 *   free energy   F(v) = −log Σ_h e^{−E(v,h)} = −aᵀv − Σ_j softplus(b_j + (vᵀW)_j)
 *   marginal      P(v) = e^{−F(v)} / Z,  Z = Σ_v e^{−F(v)}
 * </pre>
 * W is {@code nv × nh}, stored row-major ({@code W[i*nh + j]}); a (visible bias) has length nv, b (hidden bias)
 * length nh.
 *
 * <p>Batch methods work on mini-batches stored row-major, one example per row ({@code rows × nv} visible states,
 * {@code rows × nh} hidden states), and use matrix products ({@link Blas#gemm}), so a whole layer of a whole batch is
 * computed at once (block Gibbs sampling). They write into caller-supplied arrays and allocate nothing.
 *
 * <p>Ownership: instances are immutable; arrays are copied in and out. Training produces a new instance per update
 * ({@link #plus}), so a model handed to a monitor, a broadcast or another thread never changes. Serializable, so a
 * Spark broadcast can carry it.
 *
 * <pre>
 * G. E. Hinton: Training products of experts by minimizing contrastive divergence, Neural Computation 14 (2002).
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class Rbm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Purpose key of the weight-initialisation stream, {@code Seeds.rng(seed, INIT_PURPOSE)}. */
    public static final long INIT_PURPOSE = 0x52424D5F494E4954L; // "RBM_INIT"

    private final int numVisible;
    private final int numHidden;
    private final double[] weights;
    private final double[] visibleBias;
    private final double[] hiddenBias;

    private Rbm(double[] weights, double[] visibleBias, double[] hiddenBias) {
        this.numVisible = visibleBias.length;
        this.numHidden = hiddenBias.length;
        this.weights = weights;
        this.visibleBias = visibleBias;
        this.hiddenBias = hiddenBias;
    }

    /**
     * An RBM from its parameters (copied).
     *
     * @param weights W, row-major {@code nv × nh}
     * @param visibleBias a, length nv (at least 1)
     * @param hiddenBias b, length nh (at least 1)
     * @throws IllegalArgumentException if a layer is empty, the lengths disagree or a value is not finite
     */
    public static Rbm of(double[] weights, double[] visibleBias, double[] hiddenBias) {
        int nv = visibleBias.length;
        int nh = hiddenBias.length;
        if (nv < 1 || nh < 1) {
            throw new IllegalArgumentException("an RBM needs numVisible >= 1 and numHidden >= 1, got numVisible="
                + nv + ", numHidden=" + nh);
        }
        if (weights.length != (long) nv * nh) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries, expected numVisible*numHidden = "
                + nv + "*" + nh + " = " + ((long) nv * nh));
        }
        checkFinite("weights", weights);
        checkFinite("visibleBias", visibleBias);
        checkFinite("hiddenBias", hiddenBias);
        return new Rbm(weights.clone(), visibleBias.clone(), hiddenBias.clone());
    }

    /** An RBM with all parameters zero (the uniform distribution over v). */
    public static Rbm zeros(int numVisible, int numHidden) {
        checkSizes(numVisible, numHidden);
        return new Rbm(new double[numVisible * numHidden], new double[numVisible], new double[numHidden]);
    }

    /**
     * Random initialisation as in Hinton's guide (§8): {@code W_ij ~ N(0, weightStd²)}, hidden biases 0.
     *
     * @param weightStd standard deviation of the weights (the guide suggests 0.01), {@code >= 0}
     * @param visibleBias initial a, length numVisible (copied), e.g. {@link #baseRateVisibleBias}; null means zeros
     * @param seed weights come from {@code Seeds.rng(seed, INIT_PURPOSE)}, row-major order
     */
    public static Rbm random(int numVisible, int numHidden, double weightStd, double[] visibleBias, long seed) {
        checkSizes(numVisible, numHidden);
        if (!(weightStd >= 0.0) || Double.isInfinite(weightStd)) {
            throw new IllegalArgumentException("weightStd must be finite and >= 0, got " + weightStd);
        }
        double[] a = visibleBias == null ? new double[numVisible] : visibleBias.clone();
        if (a.length != numVisible) {
            throw new IllegalArgumentException("visibleBias has length " + a.length + ", expected numVisible = " + numVisible);
        }
        checkFinite("visibleBias", a);
        SplittableRandom rng = Seeds.rng(seed, INIT_PURPOSE);
        double[] w = new double[numVisible * numHidden];
        for (int k = 0; k < w.length; k++) {
            w[k] = weightStd * rng.nextGaussian();
        }
        return new Rbm(w, a, new double[numHidden]);
    }

    /**
     * Visible biases {@code a_i = log(p_i / (1 − p_i))} from the data means {@code p_i} (Hinton's guide §8), the
     * biases for which an RBM with zero weights reproduces the per-unit frequencies. Means are clamped to
     * {@code [1e-3, 1 − 1e-3]} so units that are always off or on get a finite bias (±6.9).
     *
     * @param data row-major {@code rows × numVisible}, values in [0, 1]
     * @return a new array of length numVisible (zeros if rows = 0)
     */
    public static double[] baseRateVisibleBias(double[] data, int rows, int numVisible) {
        checkBatch("data", data, 0, rows, numVisible);
        double[] a = new double[numVisible];
        if (rows == 0) {
            return a;
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < numVisible; i++) {
                a[i] += data[r * numVisible + i];
            }
        }
        for (int i = 0; i < numVisible; i++) {
            double p = Math.min(1.0 - 1e-3, Math.max(1e-3, a[i] / rows));
            a[i] = Math.log(p / (1.0 - p));
        }
        return a;
    }

    /** Number of visible units nv. */
    public int numVisible() {
        return numVisible;
    }

    /** Number of hidden units nh. */
    public int numHidden() {
        return numHidden;
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return weights[i * numHidden + j];
    }

    /** A copy of W, row-major {@code nv × nh}. */
    public double[] weights() {
        return weights.clone();
    }

    /** A copy of the visible bias a, length nv. */
    public double[] visibleBias() {
        return visibleBias.clone();
    }

    /** A copy of the hidden bias b, length nh. */
    public double[] hiddenBias() {
        return hiddenBias.clone();
    }

    /** E(v,h) = −vᵀWh − aᵀv − bᵀh for one pair (lengths nv and nh). */
    public double energy(double[] v, double[] h) {
        checkBatch("v", v, 0, 1, numVisible);
        checkBatch("h", h, 0, 1, numHidden);
        double e = 0.0;
        for (int i = 0; i < numVisible; i++) {
            double s = visibleBias[i];
            for (int j = 0; j < numHidden; j++) {
                s += weights[i * numHidden + j] * h[j];
            }
            e -= v[i] * s;
        }
        for (int j = 0; j < numHidden; j++) {
            e -= hiddenBias[j] * h[j];
        }
        return e;
    }

    /**
     * Hidden inputs {@code X = V·W + 1·bᵀ}, i.e. {@code x_rj = b_j + Σ_i v_ri W_ij}.
     *
     * @param v visible states, {@code rows × nv} from {@code vOff}
     * @param out receives {@code rows × nh} from {@code outOff}
     */
    public void hiddenInputs(double[] v, int vOff, int rows, double[] out, int outOff) {
        checkBatch("v", v, vOff, rows, numVisible);
        checkBatch("out", out, outOff, rows, numHidden);
        Blas.gemm(false, false, rows, numHidden, numVisible, 1.0, v, vOff, weights, 0, 0.0, out, outOff);
        addRowVector(out, outOff, rows, hiddenBias);
    }

    /**
     * Hidden probabilities {@code P(h_rj = 1 | v_r) = σ(b_j + (v_r W)_j)} for a batch.
     *
     * @param v visible states, {@code rows × nv} from {@code vOff}
     * @param out receives {@code rows × nh} from {@code outOff}
     */
    public void hiddenProbabilities(double[] v, int vOff, int rows, double[] out, int outOff) {
        hiddenInputs(v, vOff, rows, out, outOff);
        sigmoidInPlace(out, outOff, rows * numHidden);
    }

    /** {@link #hiddenProbabilities(double[], int, int, double[], int)} into a new {@code rows × nh} array. */
    public double[] hiddenProbabilities(double[] v, int rows) {
        double[] out = new double[rows * numHidden];
        hiddenProbabilities(v, 0, rows, out, 0);
        return out;
    }

    /**
     * Visible inputs {@code Y = H·Wᵀ + 1·aᵀ}, i.e. {@code y_ri = a_i + Σ_j W_ij h_rj}.
     *
     * @param h hidden states, {@code rows × nh} from {@code hOff}
     * @param out receives {@code rows × nv} from {@code outOff}
     */
    public void visibleInputs(double[] h, int hOff, int rows, double[] out, int outOff) {
        checkBatch("h", h, hOff, rows, numHidden);
        checkBatch("out", out, outOff, rows, numVisible);
        Blas.gemm(false, true, rows, numVisible, numHidden, 1.0, h, hOff, weights, 0, 0.0, out, outOff);
        addRowVector(out, outOff, rows, visibleBias);
    }

    /**
     * Visible probabilities {@code P(v_ri = 1 | h_r) = σ(a_i + (W h_r)_i)} for a batch ({@code σ(H·Wᵀ + 1·aᵀ)}).
     *
     * @param h hidden states, {@code rows × nh} from {@code hOff}
     * @param out receives {@code rows × nv} from {@code outOff}
     */
    public void visibleProbabilities(double[] h, int hOff, int rows, double[] out, int outOff) {
        visibleInputs(h, hOff, rows, out, outOff);
        sigmoidInPlace(out, outOff, rows * numVisible);
    }

    /** {@link #visibleProbabilities(double[], int, int, double[], int)} into a new {@code rows × nv} array. */
    public double[] visibleProbabilities(double[] h, int rows) {
        double[] out = new double[rows * numVisible];
        visibleProbabilities(h, 0, rows, out, 0);
        return out;
    }

    /**
     * Samples {@code h ~ P(h | v)} for a batch, one uniform per unit from {@code rng}, row by row.
     *
     * @return a new {@code rows × nh} array of 0/1
     */
    public double[] sampleHidden(double[] v, int rows, RandomGenerator rng) {
        double[] h = hiddenProbabilities(v, rows);
        sampleBernoulli(h, 0, h.length, rng, h, 0);
        return h;
    }

    /**
     * Samples {@code v ~ P(v | h)} for a batch, one uniform per unit from {@code rng}, row by row.
     *
     * @return a new {@code rows × nv} array of 0/1
     */
    public double[] sampleVisible(double[] h, int rows, RandomGenerator rng) {
        double[] v = visibleProbabilities(h, rows);
        sampleBernoulli(v, 0, v.length, rng, v, 0);
        return v;
    }

    /**
     * Free energies {@code F(v_r) = −aᵀv_r − Σ_j softplus(b_j + (v_r W)_j)} of a batch.
     *
     * @param v visible states, {@code rows × nv} from {@code vOff}
     * @param scratch at least {@code rows × nh} doubles of work space (overwritten)
     * @param out receives {@code rows} values from {@code outOff}
     */
    public void freeEnergy(double[] v, int vOff, int rows, double[] scratch, double[] out, int outOff) {
        hiddenInputs(v, vOff, rows, scratch, 0);
        checkBatch("out", out, outOff, rows, 1);
        for (int r = 0; r < rows; r++) {
            double f = 0.0;
            int vRow = vOff + r * numVisible;
            for (int i = 0; i < numVisible; i++) {
                f -= visibleBias[i] * v[vRow + i];
            }
            int xRow = r * numHidden;
            for (int j = 0; j < numHidden; j++) {
                f -= Numerics.softplus(scratch[xRow + j]);
            }
            out[outOff + r] = f;
        }
    }

    /** Free energies of a {@code rows × nv} batch into a new array of length rows. */
    public double[] freeEnergy(double[] v, int rows) {
        double[] out = new double[rows];
        freeEnergy(v, 0, rows, new double[rows * numHidden], out, 0);
        return out;
    }

    /** F(v) of one visible vector (length nv). */
    public double freeEnergy(double[] v) {
        return freeEnergy(v, 1)[0];
    }

    /**
     * The same model with the layers' roles swapped: visible ↔ hidden, {@code W ↦ Wᵀ}, {@code a ↔ b}. The joint
     * distribution is the same, and {@code transpose().freeEnergy(h) = −bᵀh − Σ_i softplus(a_i + (Wh)_i)} is the
     * free energy of a hidden configuration, so sums over the smaller layer need only this one formula.
     */
    public Rbm transpose() {
        double[] wt = new double[weights.length];
        for (int i = 0; i < numVisible; i++) {
            for (int j = 0; j < numHidden; j++) {
                wt[j * numVisible + i] = weights[i * numHidden + j];
            }
        }
        return new Rbm(wt, hiddenBias.clone(), visibleBias.clone());
    }

    /**
     * A new RBM with parameters {@code (W + dW, a + da, b + db)}; this one is unchanged.
     *
     * @param dWeights length nv·nh
     * @param dVisibleBias length nv
     * @param dHiddenBias length nh
     * @throws IllegalArgumentException if a length differs or a result is not finite
     */
    public Rbm plus(double[] dWeights, double[] dVisibleBias, double[] dHiddenBias) {
        return new Rbm(add("weights", weights, dWeights), add("visibleBias", visibleBias, dVisibleBias),
            add("hiddenBias", hiddenBias, dHiddenBias));
    }

    /**
     * Sets {@code out[outOff + k] = 1} if a fresh uniform {@code u < p[pOff + k]}, else 0, for k in [0, n), drawing
     * one uniform per element in order. {@code out} may be {@code p} (in-place sampling).
     */
    public static void sampleBernoulli(double[] p, int pOff, int n, RandomGenerator rng, double[] out, int outOff) {
        for (int k = 0; k < n; k++) {
            out[outOff + k] = rng.nextDouble() < p[pOff + k] ? 1.0 : 0.0;
        }
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

    private static void sigmoidInPlace(double[] x, int off, int n) {
        for (int k = off; k < off + n; k++) {
            x[k] = Numerics.sigmoid(x[k]);
        }
    }

    private static double[] add(String name, double[] x, double[] dx) {
        if (dx.length != x.length) {
            throw new IllegalArgumentException("update of " + name + " has length " + dx.length + ", expected " + x.length);
        }
        double[] y = new double[x.length];
        boolean finite = true;
        for (int k = 0; k < x.length; k++) {
            y[k] = x[k] + dx[k];
            finite &= Double.isFinite(y[k]);
        }
        if (!finite) {
            checkFinite(name + " after the update", y);
        }
        return y;
    }

    private static void checkBatch(String name, double[] x, int off, int rows, int cols) {
        if (rows < 0 || off < 0 || off + (long) rows * cols > x.length) {
            throw new IllegalArgumentException(name + " must hold " + rows + " rows of " + cols + " values from offset "
                + off + ", but has length " + x.length);
        }
    }

    private static void checkSizes(int numVisible, int numHidden) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("an RBM needs numVisible >= 1 and numHidden >= 1, got numVisible="
                + numVisible + ", numHidden=" + numHidden);
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
        return o instanceof Rbm r && Arrays.equals(r.weights, weights) && Arrays.equals(r.visibleBias, visibleBias)
            && Arrays.equals(r.hiddenBias, hiddenBias) && r.numVisible == numVisible;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(weights) + Arrays.hashCode(visibleBias)) + Arrays.hashCode(hiddenBias);
    }

    @Override
    public String toString() {
        return "Rbm(numVisible=" + numVisible + ", numHidden=" + numHidden + ")";
    }
}
