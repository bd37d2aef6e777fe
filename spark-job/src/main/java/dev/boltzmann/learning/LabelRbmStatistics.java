package dev.boltzmann.learning;

import dev.boltzmann.math.Blas;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Positive- and negative-phase sums of a {@link dev.boltzmann.model.LabelRbm}: the {@link RbmStatistics} of the
 * {@code (v, h)} part plus the sums for the label weights U and label bias d.
 *
 * <pre>
 *   ∂ℓ/∂U_cj ≈ (1/N⁺) Σ_{data} y_c p(h_j|v,y) − (1/N⁻) Σ_{model samples} y_c p(h_j|v,y)
 *   ∂ℓ/∂d_c  ≈ (1/N⁺) Σ_{data} y_c            − (1/N⁻) Σ_{model samples} y_c
 * </pre>
 * with {@code y} the one-hot label rows; the W, a, b gradients and the reconstruction monitor are those of
 * {@link #visiblePart()}. Every field is a plain sum, so statistics of the slices of a batch {@link #merge} to the
 * statistics of the whole batch, whatever the slicing (up to rounding of order 1e-16 relative).
 *
 * <p>Edge cases: merging an empty accumulator is a no-op; gradient read-outs throw {@link IllegalStateException}
 * while N⁺ or N⁻ is 0. Mutable, Serializable, no randomness. Not synchronized: one instance per thread or task.
 */
public final class LabelRbmStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RbmStatistics visiblePart;
    private final int numLabels;
    private final double[] positiveYh;
    private final double[] negativeYh;
    private final double[] positiveY;
    private final double[] negativeY;

    private LabelRbmStatistics(int numVisible, int numHidden, int numLabels) {
        this.visiblePart = RbmStatistics.empty(numVisible, numHidden);
        this.numLabels = numLabels;
        this.positiveYh = new double[numLabels * numHidden];
        this.negativeYh = new double[numLabels * numHidden];
        this.positiveY = new double[numLabels];
        this.negativeY = new double[numLabels];
    }

    /**
     * An empty accumulator.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public static LabelRbmStatistics empty(int numVisible, int numHidden, int numLabels) {
        if (numLabels < 1) {
            throw new IllegalArgumentException("numLabels must be >= 1, got " + numLabels);
        }
        return new LabelRbmStatistics(numVisible, numHidden, numLabels);
    }

    /**
     * Adds data rows to the positive sums (N⁺ grows by rows).
     *
     * @param v visible data, {@code rows × nv} from {@code vOff}
     * @param y one-hot labels, {@code rows × nc} from {@code yOff}
     * @param h hidden probabilities {@code p(h | v, y)}, {@code rows × nh} from {@code hOff}
     * @return this
     */
    public LabelRbmStatistics addPositive(double[] v, int vOff, double[] y, int yOff, double[] h, int hOff, int rows) {
        checkLabelRows(y, yOff, h, hOff, rows);
        visiblePart.addPositive(v, vOff, h, hOff, rows);
        accumulate(y, yOff, h, hOff, rows, positiveYh, positiveY);
        return this;
    }

    /**
     * Adds model samples to the negative sums (N⁻ grows by rows).
     *
     * @param v visible samples, {@code rows × nv} from {@code vOff}
     * @param y sampled one-hot labels, {@code rows × nc} from {@code yOff}
     * @param h hidden probabilities {@code p(h | v, y)}, {@code rows × nh} from {@code hOff}
     * @return this
     */
    public LabelRbmStatistics addNegative(double[] v, int vOff, double[] y, int yOff, double[] h, int hOff, int rows) {
        checkLabelRows(y, yOff, h, hOff, rows);
        visiblePart.addNegative(v, vOff, h, hOff, rows);
        accumulate(y, yOff, h, hOff, rows, negativeYh, negativeY);
        return this;
    }

    /**
     * Adds {@code Σ_r ||v_r − recon_r||²} to the reconstruction monitor (visible units only).
     *
     * @return this
     */
    public LabelRbmStatistics addReconstruction(double[] v, int vOff, double[] recon, int rOff, int rows) {
        visiblePart.addReconstruction(v, vOff, recon, rOff, rows);
        return this;
    }

    /**
     * Adds {@code other}'s sums and counts into this one; an empty {@code other} changes nothing.
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ
     */
    public LabelRbmStatistics merge(LabelRbmStatistics other) {
        if (other.numLabels != numLabels || other.numVisible() != numVisible() || other.numHidden() != numHidden()) {
            throw new IllegalArgumentException("mismatched dimensions: merging statistics of " + other.numVisible()
                + "×" + other.numHidden() + " with " + other.numLabels + " labels into " + numVisible() + "×"
                + numHidden() + " with " + numLabels + " labels");
        }
        if (other.isEmpty()) {
            return this;
        }
        visiblePart.merge(other.visiblePart);
        addInto(positiveYh, other.positiveYh);
        addInto(negativeYh, other.negativeYh);
        addInto(positiveY, other.positiveY);
        addInto(negativeY, other.negativeY);
        return this;
    }

    /** Clears every sum and count. */
    public void reset() {
        visiblePart.reset();
        Arrays.fill(positiveYh, 0.0);
        Arrays.fill(negativeYh, 0.0);
        Arrays.fill(positiveY, 0.0);
        Arrays.fill(negativeY, 0.0);
    }

    /** Whether nothing has been added. */
    public boolean isEmpty() {
        return visiblePart.isEmpty();
    }

    /**
     * The statistics of the {@code (v, h)} part: W, a, b gradients, counts and the reconstruction monitor. This is
     * the live accumulator, not a copy.
     */
    public RbmStatistics visiblePart() {
        return visiblePart;
    }

    /** {@code mean⁺ y p(h|v,y)ᵀ − mean⁻ y p(h|v,y)ᵀ}, row-major {@code nc × nh}, a new array. */
    public double[] labelWeightGradient() {
        return difference(positiveYh, negativeYh);
    }

    /** {@code mean⁺ y − mean⁻ y}, length nc, a new array. */
    public double[] labelBiasGradient() {
        return difference(positiveY, negativeY);
    }

    /** {@code mean⁺ y}, the data's label frequencies, length nc, a new array (a centred label RBM's offset target). */
    public double[] positiveLabelMean() {
        if (positiveCount() == 0) {
            throw new IllegalStateException("no data rows in the statistics");
        }
        double[] m = positiveY.clone();
        for (int c = 0; c < m.length; c++) {
            m[c] /= positiveCount();
        }
        return m;
    }

    /** N⁺. */
    public long positiveCount() {
        return visiblePart.positiveCount();
    }

    /** N⁻. */
    public long negativeCount() {
        return visiblePart.negativeCount();
    }

    /** Number of visible units nv. */
    public int numVisible() {
        return visiblePart.numVisible();
    }

    /** Number of hidden units nh. */
    public int numHidden() {
        return visiblePart.numHidden();
    }

    /** Number of labels nc. */
    public int numLabels() {
        return numLabels;
    }

    private double[] difference(double[] pos, double[] neg) {
        long np = positiveCount();
        long nn = negativeCount();
        if (np == 0 || nn == 0) {
            throw new IllegalStateException("gradient needs data and model samples, got positiveCount=" + np
                + ", negativeCount=" + nn);
        }
        double[] g = new double[pos.length];
        for (int k = 0; k < g.length; k++) {
            g[k] = pos[k] / np - neg[k] / nn;
        }
        return g;
    }

    /** Checked before anything is added, so a bad call leaves the sums as they were. */
    private void checkLabelRows(double[] y, int yOff, double[] h, int hOff, int rows) {
        int nh = numHidden();
        if (rows < 0 || yOff < 0 || yOff + (long) rows * numLabels > y.length) {
            throw new IllegalArgumentException("y must hold " + rows + " rows of " + numLabels + " values from offset "
                + yOff + ", but has length " + y.length);
        }
        if (hOff < 0 || hOff + (long) rows * nh > h.length) {
            throw new IllegalArgumentException("h must hold " + rows + " rows of " + nh + " values from offset "
                + hOff + ", but has length " + h.length);
        }
    }

    private void accumulate(double[] y, int yOff, double[] h, int hOff, int rows, double[] yh, double[] sumY) {
        int nh = numHidden();
        // Σ_r y_r h_rᵀ = Yᵀ·H, one matrix product per batch.
        Blas.gemm(true, false, numLabels, nh, rows, 1.0, y, yOff, h, hOff, 1.0, yh, 0);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < numLabels; c++) {
                sumY[c] += y[yOff + r * numLabels + c];
            }
        }
    }

    private static void addInto(double[] x, double[] y) {
        for (int k = 0; k < x.length; k++) {
            x[k] += y[k];
        }
    }

    @Override
    public String toString() {
        return "LabelRbmStatistics(numVisible=" + numVisible() + ", numHidden=" + numHidden() + ", numLabels="
            + numLabels + ", positiveCount=" + positiveCount() + ", negativeCount=" + negativeCount() + ")";
    }
}
