package dev.boltzmann.learning;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Parallel;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sums of the positive-phase (data) and negative-phase (model) statistics of an RBM, from which the
 * log-likelihood gradient estimate is read out:
 *
 * <pre>
 *   ∂ℓ/∂W_ij ≈ (1/N⁺) Σ_{data} v_i p(h_j|v) − (1/N⁻) Σ_{model samples} v_i p(h_j|v)
 *   ∂ℓ/∂a_i  ≈ (1/N⁺) Σ_{data} v_i          − (1/N⁻) Σ_{model samples} v_i
 *   ∂ℓ/∂b_j  ≈ (1/N⁺) Σ_{data} p(h_j|v)     − (1/N⁻) Σ_{model samples} p(h_j|v)
 * </pre>
 * N⁺ counts the data rows added, N⁻ the model samples (for CD the same rows after k Gibbs steps, for PCD the
 * persistent chains, whose number may differ). A monitoring sum of squared reconstruction errors
 * {@code Σ_r ||v_r − p(v | h_r)||²} and its row count ride along.
 *
 * <p>This is an aggregator in the manner of Spark's {@code DifferentiableLossAggregator}: mutable, Serializable,
 * no randomness and no Spark inside. A Spark task fills one for its slice of a mini-batch; the driver
 * {@link #merge}s them. Because everything is a plain sum, the merged gradient does not depend on how the batch
 * was sliced (up to floating-point rounding of the order of 1e-16 relative).
 *
 * <p>Single precision: the {@code float[]} adders (used by {@link FloatCdKernel}) form each call's products in float
 * (sgemm) and add them to the same double sums, so a float32 slice merges with any other slice exactly as a float64
 * one does; only the per-call products carry float rounding (about {@code 1e-7·rows} relative).
 *
 * <p>Edge cases:
 * <ul>
 *   <li>merging an empty accumulator is a no-op; merging into an empty one copies the other's sums;</li>
 *   <li>gradient read-outs throw {@link IllegalStateException} while N⁺ or N⁻ is 0;</li>
 *   <li>{@link #meanReconstructionError()} throws while no reconstruction was added.</li>
 * </ul>
 * Not synchronized: use one instance per thread or task.
 */
public final class RbmStatistics implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int numVisible;
    private final int numHidden;
    private final double[] positiveVh;
    private final double[] negativeVh;
    private final double[] positiveV;
    private final double[] negativeV;
    private final double[] positiveH;
    private final double[] negativeH;
    private long positiveCount;
    private long negativeCount;
    private double reconstructionErrorSum;
    private long reconstructionCount;
    /**
     * Whether the positive (negative) sums are zero although their arrays still hold old values: {@link #reset}
     * only sets these flags, and the next add overwrites instead of adding. Serialized with the arrays, so the
     * meaning travels with them; a form without these fields reads as false (arrays valid).
     */
    private boolean positiveStale;
    private boolean negativeStale;
    /** Work space of the float adders (nv·nh floats), made on first use. */
    private transient float[] floatProduct;

    private RbmStatistics(int numVisible, int numHidden) {
        this.numVisible = numVisible;
        this.numHidden = numHidden;
        this.positiveVh = new double[numVisible * numHidden];
        this.negativeVh = new double[numVisible * numHidden];
        this.positiveV = new double[numVisible];
        this.negativeV = new double[numVisible];
        this.positiveH = new double[numHidden];
        this.negativeH = new double[numHidden];
    }

    /** An empty accumulator for an RBM of the given sizes. */
    public static RbmStatistics empty(int numVisible, int numHidden) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numVisible and numHidden must be >= 1, got numVisible=" + numVisible
                + ", numHidden=" + numHidden);
        }
        return new RbmStatistics(numVisible, numHidden);
    }

    /**
     * Adds data rows: {@code Σ v hᵀ}, {@code Σ v}, {@code Σ h} to the positive sums, {@code rows} to N⁺.
     *
     * @param v visible states, {@code rows × nv} from {@code vOff}
     * @param h hidden probabilities p(h|v) (or states), {@code rows × nh} from {@code hOff}
     * @return this
     */
    public RbmStatistics addPositive(double[] v, int vOff, double[] h, int hOff, int rows) {
        accumulate(v, vOff, h, hOff, rows, positiveVh, positiveV, positiveH, positiveStale);
        positiveStale = false;
        positiveCount += rows;
        return this;
    }

    /**
     * {@link #addPositive(double[], int, double[], int, int)} for single-precision rows: {@code Σ v hᵀ} is formed in
     * float (sgemm) and added to the double sums; {@code Σ v} and {@code Σ h} are summed in double.
     *
     * @return this
     */
    public RbmStatistics addPositive(float[] v, int vOff, float[] h, int hOff, int rows) {
        accumulate(v, vOff, h, hOff, rows, positiveVh, positiveV, positiveH, positiveStale);
        positiveStale = false;
        positiveCount += rows;
        return this;
    }

    /**
     * Adds model samples: {@code Σ v hᵀ}, {@code Σ v}, {@code Σ h} to the negative sums, {@code rows} to N⁻.
     *
     * @param v visible samples, {@code rows × nv} from {@code vOff}
     * @param h hidden probabilities p(h|v) (or states), {@code rows × nh} from {@code hOff}
     * @return this
     */
    public RbmStatistics addNegative(double[] v, int vOff, double[] h, int hOff, int rows) {
        accumulate(v, vOff, h, hOff, rows, negativeVh, negativeV, negativeH, negativeStale);
        negativeStale = false;
        negativeCount += rows;
        return this;
    }

    /**
     * {@link #addNegative(double[], int, double[], int, int)} for single-precision rows (products in float, sums in
     * double).
     *
     * @return this
     */
    public RbmStatistics addNegative(float[] v, int vOff, float[] h, int hOff, int rows) {
        accumulate(v, vOff, h, hOff, rows, negativeVh, negativeV, negativeH, negativeStale);
        negativeStale = false;
        negativeCount += rows;
        return this;
    }

    /**
     * Adds {@code Σ_r ||v_r − recon_r||²} over {@code rows} rows to the reconstruction monitor.
     *
     * @param v data, {@code rows × nv} from {@code vOff}
     * @param recon reconstructions (e.g. p(v|h) with h ~ p(h|v)), {@code rows × nv} from {@code rOff}
     * @return this
     */
    public RbmStatistics addReconstruction(double[] v, int vOff, double[] recon, int rOff, int rows) {
        checkRows("v", v.length, vOff, rows, numVisible);
        checkRows("recon", recon.length, rOff, rows, numVisible);
        double s = 0.0;
        for (int k = 0; k < rows * numVisible; k++) {
            double d = v[vOff + k] - recon[rOff + k];
            s += d * d;
        }
        reconstructionErrorSum += s;
        reconstructionCount += rows;
        return this;
    }

    /**
     * {@link #addReconstruction(double[], int, double[], int, int)} for single-precision rows; the differences and
     * their squares are computed in double.
     *
     * @return this
     */
    public RbmStatistics addReconstruction(float[] v, int vOff, float[] recon, int rOff, int rows) {
        checkRows("v", v.length, vOff, rows, numVisible);
        checkRows("recon", recon.length, rOff, rows, numVisible);
        double s = 0.0;
        for (int k = 0; k < rows * numVisible; k++) {
            double d = (double) v[vOff + k] - (double) recon[rOff + k];
            s += d * d;
        }
        reconstructionErrorSum += s;
        reconstructionCount += rows;
        return this;
    }

    /**
     * Adds {@code other}'s sums and counts into this one; an empty {@code other} changes nothing.
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ
     */
    public RbmStatistics merge(RbmStatistics other) {
        return merge(other, 1);
    }

    /**
     * {@link #merge(RbmStatistics)} with the nv × nh sums added by up to {@code threads} threads (elementwise, so
     * the result does not depend on {@code threads}).
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ or {@code threads < 1}
     */
    public RbmStatistics merge(RbmStatistics other, int threads) {
        return mergeAll(List.of(other), threads);
    }

    /**
     * Adds each of {@code others}, in order, into this one: the same numbers as {@link #merge(RbmStatistics)} one
     * after the other (each sum is formed in the same order), with the nv × nh sums added in one pass over blocks
     * that stay in cache, by up to {@code threads} threads.
     *
     * @return this
     * @throws IllegalArgumentException if the sizes differ or {@code threads < 1}
     */
    public RbmStatistics mergeAll(List<RbmStatistics> others, int threads) {
        Parallel.checkThreads(threads);
        List<double[]> positive = new ArrayList<>(others.size());
        List<double[]> negative = new ArrayList<>(others.size());
        for (RbmStatistics other : others) {
            if (other.numVisible != numVisible || other.numHidden != numHidden) {
                throw new IllegalArgumentException("mismatched dimensions: merging statistics of " + other.numVisible
                    + "×" + other.numHidden + " into " + numVisible + "×" + numHidden);
            }
            if (!other.isEmpty() && !other.positiveStale) {
                positive.add(other.positiveVh);
            }
            if (!other.isEmpty() && !other.negativeStale) {
                negative.add(other.negativeVh);
            }
        }
        sumInto(positiveVh, positive, positiveStale, threads);
        sumInto(negativeVh, negative, negativeStale, threads);
        for (RbmStatistics other : others) {
            if (other.isEmpty()) {
                continue;
            }
            if (!other.positiveStale) {
                addInto(positiveV, other.positiveV, positiveStale);
                addInto(positiveH, other.positiveH, positiveStale);
                positiveStale = false;
            }
            if (!other.negativeStale) {
                addInto(negativeV, other.negativeV, negativeStale);
                addInto(negativeH, other.negativeH, negativeStale);
                negativeStale = false;
            }
            positiveCount += other.positiveCount;
            negativeCount += other.negativeCount;
            reconstructionErrorSum += other.reconstructionErrorSum;
            reconstructionCount += other.reconstructionCount;
        }
        return this;
    }

    /**
     * Clears every sum and count, keeping the sizes. Costs nothing in proportion to the sizes: the arrays are marked
     * stale and the next add (or merge) writes over them instead of adding to them.
     */
    public void reset() {
        positiveStale = true;
        negativeStale = true;
        positiveCount = 0;
        negativeCount = 0;
        reconstructionErrorSum = 0.0;
        reconstructionCount = 0;
    }

    /** Whether nothing at all has been added. */
    public boolean isEmpty() {
        return positiveCount == 0 && negativeCount == 0 && reconstructionCount == 0;
    }

    /** {@code (1/N⁺) Σ v p(h|v)ᵀ − (1/N⁻) Σ v p(h|v)ᵀ}, row-major {@code nv × nh}, a new array. */
    public double[] weightGradient() {
        return difference(positiveVh, negativeVh, new double[positiveVh.length]);
    }

    /**
     * {@link #weightGradient()} written into {@code out} (length nv·nh) instead of a new array, for callers that
     * reuse one buffer per update.
     *
     * @return {@code out}
     */
    public double[] weightGradient(double[] out) {
        if (out.length != positiveVh.length) {
            throw new IllegalArgumentException("out has length " + out.length + ", expected numVisible*numHidden = "
                + positiveVh.length);
        }
        return difference(positiveVh, negativeVh, out);
    }

    /** {@code mean⁺ v − mean⁻ v}, length nv, a new array. */
    public double[] visibleBiasGradient() {
        return difference(positiveV, negativeV, new double[numVisible]);
    }

    /** {@code mean⁺ p(h|v) − mean⁻ p(h|v)}, length nh, a new array. */
    public double[] hiddenBiasGradient() {
        return difference(positiveH, negativeH, new double[numHidden]);
    }

    /**
     * {@code mean⁺ v}, the data rows' mean, length nv, a new array (the centred RBM's offset target).
     *
     * @throws IllegalStateException if no data rows were added
     */
    public double[] positiveVisibleMean() {
        return positiveMean(positiveV);
    }

    /**
     * {@code mean⁺ p(h|v)} over the data rows, length nh, a new array.
     *
     * @throws IllegalStateException if no data rows were added
     */
    public double[] positiveHiddenMean() {
        return positiveMean(positiveH);
    }

    private double[] positiveMean(double[] sums) {
        if (positiveCount == 0) {
            throw new IllegalStateException("no data rows were added: positiveCount = 0");
        }
        double[] out = new double[sums.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = sums[k] / positiveCount;
        }
        return out;
    }

    /**
     * Mean over the reconstructed rows of {@code ||v − recon||²} (summed over the visible units).
     *
     * @throws IllegalStateException if no reconstruction was added
     */
    public double meanReconstructionError() {
        if (reconstructionCount == 0) {
            throw new IllegalStateException("no reconstruction was added: reconstructionCount = 0");
        }
        return reconstructionErrorSum / reconstructionCount;
    }

    /** N⁺, the number of data rows added. */
    public long positiveCount() {
        return positiveCount;
    }

    /** N⁻, the number of model samples added. */
    public long negativeCount() {
        return negativeCount;
    }

    /** The number of rows whose reconstruction error was added. */
    public long reconstructionCount() {
        return reconstructionCount;
    }

    /** Sum of squared reconstruction errors. */
    public double reconstructionErrorSum() {
        return reconstructionErrorSum;
    }

    /** Number of visible units. */
    public int numVisible() {
        return numVisible;
    }

    /** Number of hidden units. */
    public int numHidden() {
        return numHidden;
    }

    /**
     * The raw positive sums {@code Σ v p(h|v)ᵀ} (not a copy), for the optimiser's fused update.
     *
     * @throws IllegalStateException if a phase is empty (the sums may then be stale)
     */
    double[] positiveWeightSums() {
        checkBothPhases();
        return positiveVh;
    }

    /** The raw negative sums, as {@link #positiveWeightSums()}. */
    double[] negativeWeightSums() {
        checkBothPhases();
        return negativeVh;
    }

    private void checkBothPhases() {
        if (positiveCount == 0 || negativeCount == 0) {
            throw new IllegalStateException("gradient needs data and model samples, got positiveCount=" + positiveCount
                + ", negativeCount=" + negativeCount);
        }
    }

    private double[] difference(double[] pos, double[] neg, double[] g) {
        checkBothPhases();
        double p = 1.0 / positiveCount;
        double n = 1.0 / negativeCount;
        for (int k = 0; k < g.length; k++) {
            g[k] = pos[k] * p - neg[k] * n;
        }
        return g;
    }

    private void accumulate(double[] v, int vOff, double[] h, int hOff, int rows,
                            double[] vh, double[] sumV, double[] sumH, boolean stale) {
        checkRows("v", v.length, vOff, rows, numVisible);
        checkRows("h", h.length, hOff, rows, numHidden);
        // Σ_r v_r h_rᵀ = Vᵀ·H, one matrix product per batch; onto stale sums it overwrites (beta = 0), which gives
        // the same numbers as adding to zeros.
        Blas.gemm(true, false, numVisible, numHidden, rows, 1.0, v, vOff, h, hOff, stale ? 0.0 : 1.0, vh, 0);
        if (stale) {
            Arrays.fill(sumV, 0.0);
            Arrays.fill(sumH, 0.0);
        }
        for (int r = 0; r < rows; r++) {
            int vr = vOff + r * numVisible;
            for (int i = 0; i < numVisible; i++) {
                sumV[i] += v[vr + i];
            }
            int hr = hOff + r * numHidden;
            for (int j = 0; j < numHidden; j++) {
                sumH[j] += h[hr + j];
            }
        }
    }

    private void accumulate(float[] v, int vOff, float[] h, int hOff, int rows,
                            double[] vh, double[] sumV, double[] sumH, boolean stale) {
        checkRows("v", v.length, vOff, rows, numVisible);
        checkRows("h", h.length, hOff, rows, numHidden);
        if (floatProduct == null) {
            floatProduct = new float[numVisible * numHidden];
        }
        float[] p = floatProduct;
        Blas.gemm(true, false, numVisible, numHidden, rows, 1.0f, v, vOff, h, hOff, 0.0f, p, 0);
        if (stale) {
            for (int k = 0; k < p.length; k++) {
                vh[k] = p[k];
            }
            Arrays.fill(sumV, 0.0);
            Arrays.fill(sumH, 0.0);
        } else {
            for (int k = 0; k < p.length; k++) {
                vh[k] += p[k];
            }
        }
        for (int r = 0; r < rows; r++) {
            int vr = vOff + r * numVisible;
            for (int i = 0; i < numVisible; i++) {
                sumV[i] += v[vr + i];
            }
            int hr = hOff + r * numHidden;
            for (int j = 0; j < numHidden; j++) {
                sumH[j] += h[hr + j];
            }
        }
    }

    /** {@code x += y}, or {@code x = 0.0 + y} (the same numbers) if x is stale. */
    private static void addInto(double[] x, double[] y, boolean xStale) {
        addRange(x, y, xStale, 0, x.length);
    }

    /** Values per chunk below which a parallel add is not worth a thread. */
    private static final long MIN_ADDS_PER_THREAD = 1 << 16;

    /** Values per block of {@link #sumInto}: the sum and a source block fit in the first-level cache. */
    private static final int SUM_BLOCK = 1 << 11;

    /**
     * {@code x ← ((x + y₀) + y₁) + …} elementwise ({@code x} read as zeros when stale), block by block, the blocks
     * shared among up to {@code threads} threads.
     */
    private static void sumInto(double[] x, List<double[]> ys, boolean xStale, int threads) {
        if (ys.isEmpty()) {
            return;
        }
        int blocks = (x.length + SUM_BLOCK - 1) / SUM_BLOCK;
        Parallel.forRange(threads, blocks, (long) SUM_BLOCK * ys.size(), MIN_ADDS_PER_THREAD, (first, end) -> {
            for (int b = first; b < end; b++) {
                int from = b * SUM_BLOCK;
                int to = Math.min(x.length, from + SUM_BLOCK);
                addRange(x, ys.get(0), xStale, from, to);
                for (int i = 1; i < ys.size(); i++) {
                    addRange(x, ys.get(i), false, from, to);
                }
            }
        });
    }

    private static void addRange(double[] x, double[] y, boolean xStale, int from, int to) {
        if (xStale) {
            for (int k = from; k < to; k++) {
                x[k] = 0.0 + y[k];
            }
        } else {
            for (int k = from; k < to; k++) {
                x[k] += y[k];
            }
        }
    }

    private static void checkRows(String name, int length, int off, int rows, int cols) {
        if (rows < 0 || off < 0 || off + (long) rows * cols > length) {
            throw new IllegalArgumentException(name + " must hold " + rows + " rows of " + cols + " values from offset "
                + off + ", but has length " + length);
        }
    }

    @Override
    public String toString() {
        return "RbmStatistics(numVisible=" + numVisible + ", numHidden=" + numHidden + ", positiveCount=" + positiveCount
            + ", negativeCount=" + negativeCount + ")";
    }
}
