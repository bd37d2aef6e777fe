package dev.boltzmann.learning;

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
 * <p>Holds work buffers that grow to the largest slice seen: not thread-safe, use one instance per thread or task.
 *
 * <pre>
 * G. E. Hinton: Training products of experts by minimizing contrastive divergence, Neural Computation 14 (2002).
 * T. Tieleman: Training restricted Boltzmann machines using approximations to the likelihood gradient, ICML 2008.
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class CdKernel {
    /** Purpose key of the per-pattern streams ("RBM_DATA"). */
    public static final long DATA_PURPOSE = 0x52424D5F44415441L;
    /** Purpose key of the per-chain streams of PCD ("RBM_CHN_"). */
    public static final long CHAIN_PURPOSE = 0x52424D5F43484E5FL;

    private final int numVisible;
    private final int numHidden;
    private double[] hiddenProb = new double[0];
    private double[] hiddenState = new double[0];
    private double[] visible = new double[0];
    private SplittableRandom[] rngs = new SplittableRandom[0];

    /**
     * A kernel for RBMs of the given sizes.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public CdKernel(int numVisible, int numHidden) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numVisible and numHidden must be >= 1, got numVisible=" + numVisible
                + ", numHidden=" + numHidden);
        }
        this.numVisible = numVisible;
        this.numHidden = numHidden;
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
    public void contrastiveDivergence(Rbm rbm, double[] v0, int rows, long[] patternIds, int cdSteps, long seed,
                                      int epoch, int round, RbmStatistics out) {
        check(rbm, out, rows, cdSteps);
        checkIds(patternIds, rows);
        ensureCapacity(rows);
        // positive phase: p(h|v0)
        rbm.hiddenProbabilities(v0, 0, rows, hiddenProb, 0);
        out.addPositive(v0, 0, hiddenProb, 0, rows);
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
        }
        sampleRows(hiddenProb, hiddenState, numHidden, rows);
        // negative phase: k block-Gibbs steps from the data
        for (int step = 1; step <= cdSteps; step++) {
            rbm.visibleProbabilities(hiddenState, 0, rows, visible, 0);
            if (step == 1) {
                out.addReconstruction(v0, 0, visible, 0, rows);
            }
            sampleRows(visible, visible, numVisible, rows);
            rbm.hiddenProbabilities(visible, 0, rows, hiddenProb, 0);
            if (step < cdSteps) {
                sampleRows(hiddenProb, hiddenState, numHidden, rows);
            }
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
    public void positivePhase(Rbm rbm, double[] v0, int rows, long[] patternIds, long seed, int epoch, int round,
                              RbmStatistics out) {
        check(rbm, out, rows, 1);
        checkIds(patternIds, rows);
        ensureCapacity(rows);
        rbm.hiddenProbabilities(v0, 0, rows, hiddenProb, 0);
        out.addPositive(v0, 0, hiddenProb, 0, rows);
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
        }
        sampleRows(hiddenProb, hiddenState, numHidden, rows);
        rbm.visibleProbabilities(hiddenState, 0, rows, visible, 0);
        out.addReconstruction(v0, 0, visible, 0, rows);
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
            rbm.visibleProbabilities(chainHidden, 0, numChains, visible, 0);
            sampleRows(visible, visible, numVisible, numChains);
            rbm.hiddenProbabilities(visible, 0, numChains, hiddenProb, 0);
            sampleRows(hiddenProb, chainHidden, numHidden, numChains);
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

    /** Samples each row of {@code p} ({@code rows × cols}) into {@code out} from that row's stream. */
    private void sampleRows(double[] p, double[] out, int cols, int rows) {
        for (int r = 0; r < rows; r++) {
            Rbm.sampleBernoulli(p, r * cols, cols, rngs[r], out, r * cols);
        }
    }

    private void ensureCapacity(int rows) {
        if (rngs.length < rows) {
            hiddenProb = new double[rows * numHidden];
            hiddenState = new double[rows * numHidden];
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
