package dev.boltzmann.learning;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Parallel;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * The positive and negative phases of contrastive divergence (CD-k) and persistent contrastive divergence (PCD) on a
 * slice of one mini-batch, summed into an {@link RbmStatistics}.
 *
 * <p>This is the unit of work a Spark task runs: the statistics of a batch are the merge of the statistics of its
 * slices, whatever the slicing, because every random number is drawn from a stream named by the pattern or chain,
 * never by the slice, task or partition:
 * <ul>
 *   <li>pattern with id {@code p} (its index in the training set) in round {@code r} of epoch {@code e}:
 *       {@code Seeds.rng(seed, DATA_PURPOSE, e, r, p)};</li>
 *   <li>persistent chain {@code c} in round {@code r} of epoch {@code e}:
 *       {@code Seeds.rng(seed, CHAIN_PURPOSE, e, r, c)}.</li>
 * </ul>
 * Each row draws its uniforms from its own stream in a fixed order (hidden layer, then visible, then hidden, ...),
 * one {@code nextDouble()} per sampled unit.
 *
 * <p>Which quantities are probabilities and which are samples (Hinton 2010, §3): hidden units driven by data are
 * sampled to drive the reconstruction, but the statistics use {@code p(h|v)} in both phases:
 * <pre>
 *   positive  v0 (data),          p(h|v0)
 *   negative  v_k (binary sample), p(h|v_k)
 * </pre>
 * CD-k starts each chain at its data row: {@code h0 ~ p(h|v0)}, then k times {@code v ~ p(v|h)}, {@code h ~ p(h|v)}
 * (the last h is not sampled). PCD keeps one hidden state per chain across updates (as scikit-learn does):
 * each step samples {@code v ~ p(v|h)}, then {@code h ~ p(h|v)}; the last h is the chain's new state.
 * The reconstruction monitor is {@code ||v0 − p(v|h0)||²} with {@code h0 ~ p(h|v0)} for both rules.
 *
 * <p>Cost of CD-1 on B rows: five B·nv·nh matrix products (p(h|v0), p(v|h0), p(h|v1), and the two
 * statistics); PCD-1 adds one (the reconstruction for the monitor is no longer on the chain's path).
 *
 * <p>Work split: the matrix products go to BLAS (which may use several threads itself, e.g. native OpenBLAS). The
 * per-row work between them (sigmoid, stream set-up, sampling) is split over up to {@code threads} threads by rows
 * ({@link Parallel}); a row's numbers depend only on its inputs and its own stream, so the results are bit-for-bit
 * the same whatever the thread count. Use {@code threads = 1} inside a Spark task (one task per core already).
 *
 * <p>Holds work buffers that grow to the largest slice seen: not thread-safe, use one instance per thread or task.
 *
 * <pre>
 * G. E. Hinton: Training products of experts by minimizing contrastive divergence, Neural Computation 14 (2002).
 * T. Tieleman: Training restricted Boltzmann machines using approximations to the likelihood gradient, ICML 2008.
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class CdKernel implements ContrastivePhases<Rbm, RbmStatistics> {
    /** Purpose key of the per-pattern streams ("RBM_DATA"). */
    public static final long DATA_PURPOSE = 0x52424D5F44415441L;
    /** Purpose key of the per-chain streams of PCD ("RBM_CHN_"). */
    public static final long CHAIN_PURPOSE = 0x52424D5F43484E5FL;

    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    /** Least number of units (rows × layer width) worth a thread of their own in the per-row loops. */
    static final long MIN_UNITS_PER_THREAD = 16_384;

    private final int numVisible;
    private final int numHidden;
    private final int threads;
    private double[] hiddenProb = new double[0];
    private double[] hiddenState = new double[0];
    private double[] visibleProb = new double[0];
    private double[] visible = new double[0];
    private SplittableRandom[] rngs = new SplittableRandom[0];

    /**
     * A single-threaded kernel for RBMs of the given sizes (what a Spark task should use).
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public CdKernel(int numVisible, int numHidden) {
        this(numVisible, numHidden, 1);
    }

    /**
     * A kernel whose per-row loops use up to {@code threads} threads (the calling thread and the common fork-join
     * pool). The results do not depend on {@code threads}.
     *
     * @throws IllegalArgumentException if a size or {@code threads} is below 1
     */
    public CdKernel(int numVisible, int numHidden, int threads) {
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
     * CD-k statistics of a slice of a mini-batch: positive phase on the data rows, negative phase on the same rows
     * after {@code cdSteps} block-Gibbs steps, and the reconstruction monitor.
     *
     * @param rbm the current parameters
     * @param v0 the slice's data rows, {@code rows × nv} row-major, values in [0,1] (not modified)
     * @param rows number of rows in the slice (0 adds nothing)
     * @param patternIds length ≥ rows; {@code patternIds[r]} names row r's random stream (its index in the data set);
     *     ids must be distinct within a round, or the repeated rows would draw the same numbers
     * @param cdSteps k ≥ 1
     * @param seed the run's seed
     * @param epoch the epoch (a stream key)
     * @param round the update round within the epoch (a stream key)
     * @param out receives the sums (N⁺ and N⁻ both grow by rows)
     */
    @Override
    public void contrastiveDivergence(Rbm rbm, double[] v0, int rows, long[] patternIds, int cdSteps, long seed,
                                      int epoch, int round, RbmStatistics out) {
        check(rbm, out, rows, cdSteps);
        checkIds(patternIds, rows);
        ensureCapacity(rows);
        // positive phase: p(h|v0); each row's stream is set up, and h0 ~ p(h|v0) drawn, in the same pass
        rbm.hiddenInputs(v0, 0, rows, hiddenProb, 0);
        Parallel.forRange(threads, rows, numHidden, MIN_UNITS_PER_THREAD, (from, to) -> {
            for (int r = from; r < to; r++) {
                rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
            }
            sigmoidAndSample(hiddenProb, hiddenState, numHidden, from, to);
        });
        out.addPositive(v0, 0, hiddenProb, 0, rows);
        // negative phase: k block-Gibbs steps from the data
        for (int step = 1; step <= cdSteps; step++) {
            visibleStep(rbm, hiddenState, rows);
            if (step == 1) {
                out.addReconstruction(v0, 0, visibleProb, 0, rows);
            }
            hiddenStep(rbm, visible, rows, step < cdSteps ? hiddenState : null);
        }
        out.addNegative(visible, 0, hiddenProb, 0, rows);
    }

    /**
     * PCD's positive phase on a slice of a mini-batch, with the reconstruction monitor
     * ({@code ||v0 − p(v|h0)||²}, {@code h0 ~ p(h|v0)} from the pattern's stream).
     *
     * @param v0 the slice's data rows, {@code rows × nv} (not modified)
     * @param patternIds length ≥ rows; names each row's random stream
     * @param out receives the positive sums (N⁺ grows by rows) and the monitor
     */
    @Override
    public void positivePhase(Rbm rbm, double[] v0, int rows, long[] patternIds, long seed, int epoch, int round,
                              RbmStatistics out) {
        check(rbm, out, rows, 1);
        checkIds(patternIds, rows);
        ensureCapacity(rows);
        rbm.hiddenInputs(v0, 0, rows, hiddenProb, 0);
        Parallel.forRange(threads, rows, numHidden, MIN_UNITS_PER_THREAD, (from, to) -> {
            for (int r = from; r < to; r++) {
                rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
            }
            sigmoidAndSample(hiddenProb, hiddenState, numHidden, from, to);
        });
        out.addPositive(v0, 0, hiddenProb, 0, rows);
        rbm.visibleInputs(hiddenState, 0, rows, visibleProb, 0);
        Parallel.forRange(threads, rows, numVisible, MIN_UNITS_PER_THREAD,
            (from, to) -> sigmoidRows(visibleProb, numVisible, from, to));
        out.addReconstruction(v0, 0, visibleProb, 0, rows);
    }

    /**
     * PCD's negative phase: advances a slice of the persistent chains by {@code cdSteps} block-Gibbs steps and adds
     * their statistics ({@code v_k}, {@code p(h|v_k)}).
     *
     * @param chainHidden the slice's chain states, {@code numChains × nh} of 0/1, updated in place to the new states
     * @param numChains chains in the slice (0 adds nothing)
     * @param firstChain global index of the slice's first chain; chain {@code c} uses stream
     *     {@code (seed, CHAIN_PURPOSE, epoch, round, firstChain + c)}
     * @param out receives the negative sums (N⁻ grows by numChains)
     */
    @Override
    public void persistentNegativePhase(Rbm rbm, double[] chainHidden, int numChains, long firstChain, int cdSteps,
                                        long seed, int epoch, int round, RbmStatistics out) {
        check(rbm, out, numChains, cdSteps);
        if (chainHidden.length < (long) numChains * numHidden) {
            throw new IllegalArgumentException("chainHidden must hold " + numChains + " chains of " + numHidden
                + " hidden units, but has length " + chainHidden.length);
        }
        ensureCapacity(numChains);
        for (int c = 0; c < numChains; c++) {
            rngs[c] = Seeds.rng(seed, CHAIN_PURPOSE, epoch, round, firstChain + c);
        }
        for (int step = 1; step <= cdSteps; step++) {
            visibleStep(rbm, chainHidden, numChains);
            hiddenStep(rbm, visible, numChains, chainHidden);
        }
        out.addNegative(visible, 0, hiddenProb, 0, numChains);
    }

    /** Initial PCD chain states: all hidden units off, so the first visible sample comes from σ(a) (the base rate). */
    public static double[] initialChains(int numChains, int numHidden) {
        if (numChains < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numChains and numHidden must be >= 1, got numChains=" + numChains
                + ", numHidden=" + numHidden);
        }
        return new double[numChains * numHidden];
    }

    /**
     * {@code visibleProb ← p(v|h)} and {@code visible ~ p(v|h)} for rows {@code [0, rows)} of {@code h}, each row
     * from its stream.
     */
    private void visibleStep(Rbm rbm, double[] h, int rows) {
        rbm.visibleInputs(h, 0, rows, visibleProb, 0);
        Parallel.forRange(threads, rows, numVisible, MIN_UNITS_PER_THREAD,
            (from, to) -> sigmoidAndSample(visibleProb, visible, numVisible, from, to));
    }

    /** {@code hiddenProb ← p(h|v)} for rows {@code [0, rows)} of {@code v}, and {@code state ~ p(h|v)} unless null. */
    private void hiddenStep(Rbm rbm, double[] v, int rows, double[] state) {
        rbm.hiddenInputs(v, 0, rows, hiddenProb, 0);
        Parallel.forRange(threads, rows, numHidden, MIN_UNITS_PER_THREAD, (from, to) -> {
            if (state == null) {
                sigmoidRows(hiddenProb, numHidden, from, to);
            } else {
                sigmoidAndSample(hiddenProb, state, numHidden, from, to);
            }
        });
    }

    /**
     * For rows {@code [from, to)} of a {@code rows × cols} matrix: {@code x ← σ(x)} in place, then each row sampled
     * into {@code out} from that row's stream (one {@code nextDouble()} per unit, in order).
     */
    private void sigmoidAndSample(double[] x, double[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int off = r * cols;
            for (int k = off; k < off + cols; k++) {
                x[k] = Numerics.sigmoid(x[k]);
            }
            sampleRow(x, off, cols, rngs[r], out, off);
        }
    }

    private static void sigmoidRows(double[] x, int cols, int from, int to) {
        for (int k = from * cols; k < to * cols; k++) {
            x[k] = Numerics.sigmoid(x[k]);
        }
    }

    /**
     * {@code out[outOff + k] = 1} if a fresh uniform {@code u < p[pOff + k]}, else 0, for k in [0, n): the same draws
     * and the same outcomes as {@link Rbm#sampleBernoulli}, for probabilities that are not NaN.
     *
     * <p>{@code u < p} exactly when {@code u − p} is negative (for doubles, {@code u − p} is ±0 only when
     * {@code u = p}, and then +0), so the outcome is the sign bit of the difference: no branch, which the processor
     * would mispredict about half the time on probabilities near ½ (a 5-8× slower loop). The sign is spread over the
     * word and masked to the bits of 1.0, rather than converted with {@code (double) bit}: the integer-to-double
     * conversion instruction carries a false dependency from one iteration to the next and made the loop 3× slower.
     */
    static void sampleRow(double[] p, int pOff, int n, SplittableRandom rng, double[] out, int outOff) {
        for (int k = 0; k < n; k++) {
            long negative = Double.doubleToRawLongBits(rng.nextDouble() - p[pOff + k]) >> 63;
            out[outOff + k] = Double.longBitsToDouble(negative & ONE_BITS);
        }
    }

    private void ensureCapacity(int rows) {
        if (rngs.length < rows) {
            hiddenProb = new double[rows * numHidden];
            hiddenState = new double[rows * numHidden];
            visibleProb = new double[rows * numVisible];
            visible = new double[rows * numVisible];
            rngs = new SplittableRandom[rows];
        }
    }

    private void check(Rbm rbm, RbmStatistics out, int rows, int cdSteps) {
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
            throw new IllegalArgumentException("patternIds has length " + patternIds.length + ", expected >= rows = " + rows);
        }
    }
}
