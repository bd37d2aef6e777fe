package dev.boltzmann.learning;

import dev.boltzmann.math.FloatSigmoid;
import dev.boltzmann.math.Parallel;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.FloatRbm;
import java.util.SplittableRandom;

/**
 * {@link CdKernel} in single precision: the same CD-k, PCD positive phase and PCD negative phase on a slice of a
 * mini-batch, with a {@link FloatRbm} and {@code float[]} rows and chains, so that the five (CD-1) batch products run
 * as sgemm.
 *
 * <p>The statistics contract is {@link CdKernel}'s: the results go into an {@link RbmStatistics}, whose sums are
 * double; each call's products {@code Vᵀ·p(H)} are formed in float and then added in double, so slices merge exactly
 * as float64 slices do, and the statistics of a batch equal the merge of its slices' statistics up to float rounding
 * of the per-slice products (about {@code 1e-7 × rows} relative).
 *
 * <p>Sigmoids: {@link FloatSigmoid} (vectorised; absolute error below 1e-7), as in {@link FloatRbm}.
 *
 * <p>Random numbers: the same streams ({@link CdKernel#DATA_PURPOSE}, {@link CdKernel#CHAIN_PURPOSE}, keyed by
 * pattern or chain), the same draws in the same order, and the same test {@code u < p} with the double uniform
 * {@code u} against the float probability {@code p}. So on the same model (rounded to float), batch and seeds, a
 * float32 update draws exactly the samples of the float64 one except where a uniform falls between the float and
 * the double probability (about {@code 1e-6} apart at most, so a chance of that order per sampled unit); its
 * statistics then agree with float64's to float rounding.
 *
 * <p>Work split and threading as in {@link CdKernel}: per-row loops over up to {@code threads} threads, results
 * independent of the thread count. Holds work buffers: not thread-safe, one instance per thread or task.
 */
public final class FloatCdKernel {
    private static final int ONE_BITS = Float.floatToRawIntBits(1.0f);

    private final int numVisible;
    private final int numHidden;
    private final int threads;
    private float[] hiddenProb = new float[0];
    private float[] hiddenState = new float[0];
    private float[] visibleProb = new float[0];
    private float[] visible = new float[0];
    private float[] sigmoidScratch = new float[0];
    private SplittableRandom[] rngs = new SplittableRandom[0];

    /** A single-threaded kernel (what a Spark task should use). */
    public FloatCdKernel(int numVisible, int numHidden) {
        this(numVisible, numHidden, 1);
    }

    /**
     * A kernel whose per-row loops use up to {@code threads} threads; the results do not depend on it.
     *
     * @throws IllegalArgumentException if a size or {@code threads} is below 1
     */
    public FloatCdKernel(int numVisible, int numHidden, int threads) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numVisible and numHidden must be >= 1, got numVisible=" + numVisible
                + ", numHidden=" + numHidden);
        }
        this.numVisible = numVisible;
        this.numHidden = numHidden;
        this.threads = Parallel.checkThreads(threads);
    }

    /** The most threads the per-row loops use. */
    public int threads() {
        return threads;
    }

    /**
     * CD-k statistics of a slice, as {@link CdKernel#contrastiveDivergence}.
     *
     * @param v0 the slice's data rows, {@code rows × nv} row-major, values in [0,1] (not modified)
     * @param patternIds length ≥ rows; row r draws from {@code Seeds.rng(seed, DATA_PURPOSE, epoch, round, id)}
     */
    public void contrastiveDivergence(FloatRbm rbm, float[] v0, int rows, long[] patternIds, int cdSteps, long seed,
                                      int epoch, int round, RbmStatistics out) {
        check(rbm, out, rows, cdSteps);
        checkIds(patternIds, rows);
        ensureCapacity(rows);
        rbm.hiddenInputs(v0, 0, rows, hiddenProb, 0);
        Parallel.forRange(threads, rows, numHidden, CdKernel.MIN_UNITS_PER_THREAD, (from, to) -> {
            for (int r = from; r < to; r++) {
                rngs[r] = Seeds.rng(seed, CdKernel.DATA_PURPOSE, epoch, round, patternIds[r]);
            }
            sigmoidAndSample(hiddenProb, hiddenState, numHidden, from, to);
        });
        out.addPositive(v0, 0, hiddenProb, 0, rows);
        for (int step = 1; step <= cdSteps; step++) {
            visibleStep(rbm, hiddenState, rows);
            if (step == 1) {
                out.addReconstruction(v0, 0, visibleProb, 0, rows);
            }
            hiddenStep(rbm, visible, rows, step < cdSteps ? hiddenState : null);
        }
        out.addNegative(visible, 0, hiddenProb, 0, rows);
    }

    /** PCD's positive phase with the reconstruction monitor, as {@link CdKernel#positivePhase}. */
    public void positivePhase(FloatRbm rbm, float[] v0, int rows, long[] patternIds, long seed, int epoch, int round,
                              RbmStatistics out) {
        check(rbm, out, rows, 1);
        checkIds(patternIds, rows);
        ensureCapacity(rows);
        rbm.hiddenInputs(v0, 0, rows, hiddenProb, 0);
        Parallel.forRange(threads, rows, numHidden, CdKernel.MIN_UNITS_PER_THREAD, (from, to) -> {
            for (int r = from; r < to; r++) {
                rngs[r] = Seeds.rng(seed, CdKernel.DATA_PURPOSE, epoch, round, patternIds[r]);
            }
            sigmoidAndSample(hiddenProb, hiddenState, numHidden, from, to);
        });
        out.addPositive(v0, 0, hiddenProb, 0, rows);
        rbm.visibleInputs(hiddenState, 0, rows, visibleProb, 0);
        Parallel.forRange(threads, rows, numVisible, CdKernel.MIN_UNITS_PER_THREAD,
            (from, to) -> sigmoidRows(visibleProb, numVisible, from, to));
        out.addReconstruction(v0, 0, visibleProb, 0, rows);
    }

    /**
     * PCD's negative phase, as {@link CdKernel#persistentNegativePhase}: advances a slice of float chains
     * ({@code numChains × nh} of 0/1, updated in place) and adds their statistics.
     */
    public void persistentNegativePhase(FloatRbm rbm, float[] chainHidden, int numChains, long firstChain,
                                        int cdSteps, long seed, int epoch, int round, RbmStatistics out) {
        check(rbm, out, numChains, cdSteps);
        if (chainHidden.length < (long) numChains * numHidden) {
            throw new IllegalArgumentException("chainHidden must hold " + numChains + " chains of " + numHidden
                + " hidden units, but has length " + chainHidden.length);
        }
        ensureCapacity(numChains);
        for (int c = 0; c < numChains; c++) {
            rngs[c] = Seeds.rng(seed, CdKernel.CHAIN_PURPOSE, epoch, round, firstChain + c);
        }
        for (int step = 1; step <= cdSteps; step++) {
            visibleStep(rbm, chainHidden, numChains);
            hiddenStep(rbm, visible, numChains, chainHidden);
        }
        out.addNegative(visible, 0, hiddenProb, 0, numChains);
    }

    /** Initial float PCD chains: all hidden units off. */
    public static float[] initialChains(int numChains, int numHidden) {
        if (numChains < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numChains and numHidden must be >= 1, got numChains=" + numChains
                + ", numHidden=" + numHidden);
        }
        return new float[numChains * numHidden];
    }

    private void visibleStep(FloatRbm rbm, float[] h, int rows) {
        rbm.visibleInputs(h, 0, rows, visibleProb, 0);
        Parallel.forRange(threads, rows, numVisible, CdKernel.MIN_UNITS_PER_THREAD,
            (from, to) -> sigmoidAndSample(visibleProb, visible, numVisible, from, to));
    }

    private void hiddenStep(FloatRbm rbm, float[] v, int rows, float[] state) {
        rbm.hiddenInputs(v, 0, rows, hiddenProb, 0);
        Parallel.forRange(threads, rows, numHidden, CdKernel.MIN_UNITS_PER_THREAD, (from, to) -> {
            if (state == null) {
                sigmoidRows(hiddenProb, numHidden, from, to);
            } else {
                sigmoidAndSample(hiddenProb, state, numHidden, from, to);
            }
        });
    }

    /** Rows {@code [from, to)}: {@code x ← σ(x)}, then each row sampled into {@code out} from its stream. */
    private void sigmoidAndSample(float[] x, float[] out, int cols, int from, int to) {
        FloatSigmoid.inPlace(x, from * cols, to * cols, sigmoidScratch);
        for (int r = from; r < to; r++) {
            sampleRow(x, r * cols, cols, rngs[r], out, r * cols);
        }
    }

    private void sigmoidRows(float[] x, int cols, int from, int to) {
        FloatSigmoid.inPlace(x, from * cols, to * cols, sigmoidScratch);
    }

    /**
     * {@code out[outOff + k] = 1} if a fresh double uniform {@code u < p[pOff + k]}, else 0: the draws and the test
     * of {@link CdKernel#sampleRow}, with the float probability widened exactly to double.
     */
    static void sampleRow(float[] p, int pOff, int n, SplittableRandom rng, float[] out, int outOff) {
        for (int k = 0; k < n; k++) {
            int negative = (int) (Double.doubleToRawLongBits(rng.nextDouble() - p[pOff + k]) >> 63);
            out[outOff + k] = Float.intBitsToFloat(negative & ONE_BITS);
        }
    }

    private void ensureCapacity(int rows) {
        if (rngs.length < rows) {
            hiddenProb = new float[rows * numHidden];
            hiddenState = new float[rows * numHidden];
            visibleProb = new float[rows * numVisible];
            visible = new float[rows * numVisible];
            sigmoidScratch = new float[rows * Math.max(numVisible, numHidden)];
            rngs = new SplittableRandom[rows];
        }
    }

    private void check(FloatRbm rbm, RbmStatistics out, int rows, int cdSteps) {
        if (rbm.numVisible() != numVisible || rbm.numHidden() != numHidden) {
            throw new IllegalArgumentException("RBM is " + rbm.numVisible() + "×" + rbm.numHidden()
                + " but this kernel is for " + numVisible + "×" + numHidden);
        }
        if (out.numVisible() != numVisible || out.numHidden() != numHidden) {
            throw new IllegalArgumentException("statistics are " + out.numVisible() + "×" + out.numHidden()
                + " but this kernel is for " + numVisible + "×" + numHidden);
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (cdSteps < 1) {
            throw new IllegalArgumentException("cdSteps must be >= 1, got " + cdSteps);
        }
    }

    private static void checkIds(long[] patternIds, int rows) {
        if (patternIds.length < rows) {
            throw new IllegalArgumentException("patternIds has length " + patternIds.length + ", expected >= rows = "
                + rows);
        }
    }
}
