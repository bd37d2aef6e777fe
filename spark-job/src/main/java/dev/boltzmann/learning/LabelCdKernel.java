package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.SoftmaxGroup;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * CD-k and PCD phases of a {@link LabelRbm} on a slice of one mini-batch, summed into a {@link LabelRbmStatistics}.
 * The visible layer is {@code (v, y)}: binary units v and a one-hot label group y, which the negative phase samples
 * from its softmax {@code P(c|h) = softmax(d + Uh)} alongside {@code v ~ P(v|h)}.
 *
 * <p>Random streams follow {@link CdKernel}'s contract, so merged slices equal the whole batch whatever the slicing:
 * <ul>
 *   <li>pattern {@code p} (its index in the training set) in round {@code r} of epoch {@code e}:
 *       {@code Seeds.rng(seed, DATA_PURPOSE, e, r, p)};</li>
 *   <li>persistent chain {@code c}: {@code Seeds.rng(seed, CHAIN_PURPOSE, e, r, c)}.</li>
 * </ul>
 * Within a row's stream the draws come in a fixed order: nh uniforms for h, then per Gibbs step nv uniforms for v,
 * one uniform for the label, nh uniforms for h.
 *
 * <p>Statistics use probabilities for the hidden units and samples for the visible layer (Hinton 2010, §3):
 * <pre>
 *   positive   (v0, y0) data,                  p(h | v0, y0)
 *   negative   (v_k, y_k) after k Gibbs steps, p(h | v_k, y_k)
 *   step       h ~ p(h | v, y);  v ~ p(v | h);  y ~ softmax(d + Uh)
 * </pre>
 * CD-k starts each chain at its data row; PCD keeps one hidden state per chain across updates (as {@link CdKernel}).
 * The reconstruction monitor is {@code ||v0 − p(v|h0)||²}, {@code h0 ~ p(h|v0,y0)}, over the visible units only.
 *
 * <p>Holds work buffers: not thread-safe, one instance per thread or task.
 *
 * <pre>
 * H. Larochelle, Y. Bengio: Classification using discriminative restricted Boltzmann machines, ICML 2008.
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * T. Tieleman: Training restricted Boltzmann machines using approximations to the likelihood gradient, ICML 2008.
 * </pre>
 */
public final class LabelCdKernel {
    /** Purpose key of the per-pattern streams ("LRBMDATA"). */
    public static final long DATA_PURPOSE = 0x4C52424D44415441L;
    /** Purpose key of the per-chain streams of PCD ("LRBMCHN_"). */
    public static final long CHAIN_PURPOSE = 0x4C52424D43484E5FL;

    private final int numVisible;
    private final int numHidden;
    private final int numLabels;
    private double[] hiddenProb = new double[0];
    private double[] hiddenState = new double[0];
    private double[] visible = new double[0];
    private double[] labels = new double[0];
    private SplittableRandom[] rngs = new SplittableRandom[0];

    /**
     * A kernel for label RBMs of the given sizes.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public LabelCdKernel(int numVisible, int numHidden, int numLabels) {
        if (numVisible < 1 || numHidden < 1 || numLabels < 1) {
            throw new IllegalArgumentException("numVisible, numHidden and numLabels must be >= 1, got numVisible="
                + numVisible + ", numHidden=" + numHidden + ", numLabels=" + numLabels);
        }
        this.numVisible = numVisible;
        this.numHidden = numHidden;
        this.numLabels = numLabels;
    }

    /**
     * CD-k statistics of a slice: positive phase on the data rows, negative phase on the same rows after
     * {@code cdSteps} block-Gibbs steps over {@code (v, y)}, and the reconstruction monitor.
     *
     * @param model the current parameters
     * @param v0 the slice's data rows, {@code rows × nv}, values in [0,1] (not modified)
     * @param y0 the slice's one-hot labels, {@code rows × nc} (not modified)
     * @param rows rows in the slice (0 adds nothing)
     * @param patternIds length ≥ rows; row r's stream is named by {@code patternIds[r]} (distinct within a round)
     * @param cdSteps k ≥ 1
     * @param seed the run's seed; {@code epoch} and {@code round} are stream keys
     * @param out receives the sums (N⁺ and N⁻ both grow by rows)
     */
    public void contrastiveDivergence(LabelRbm model, double[] v0, double[] y0, int rows, long[] patternIds,
                                      int cdSteps, long seed, int epoch, int round, LabelRbmStatistics out) {
        check(model, out, rows, cdSteps, patternIds);
        ensureCapacity(rows);
        model.hiddenProbabilities(v0, 0, y0, 0, rows, hiddenProb, 0);
        out.addPositive(v0, 0, y0, 0, hiddenProb, 0, rows);
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
        }
        sampleRows(hiddenProb, hiddenState, numHidden, rows);
        for (int step = 1; step <= cdSteps; step++) {
            model.visibleProbabilities(hiddenState, 0, rows, visible, 0);
            if (step == 1) {
                out.addReconstruction(v0, 0, visible, 0, rows);
            }
            sampleVisibleLayer(model, hiddenState, rows);
            model.hiddenProbabilities(visible, 0, labels, 0, rows, hiddenProb, 0);
            if (step < cdSteps) {
                sampleRows(hiddenProb, hiddenState, numHidden, rows);
            }
        }
        out.addNegative(visible, 0, labels, 0, hiddenProb, 0, rows);
    }

    /**
     * PCD's positive phase on a slice, with the reconstruction monitor (h0 from the pattern's stream).
     *
     * @param v0 data rows, {@code rows × nv}; {@code y0} one-hot labels, {@code rows × nc} (neither modified)
     * @param out receives the positive sums (N⁺ grows by rows) and the monitor
     */
    public void positivePhase(LabelRbm model, double[] v0, double[] y0, int rows, long[] patternIds, long seed,
                              int epoch, int round, LabelRbmStatistics out) {
        check(model, out, rows, 1, patternIds);
        ensureCapacity(rows);
        model.hiddenProbabilities(v0, 0, y0, 0, rows, hiddenProb, 0);
        out.addPositive(v0, 0, y0, 0, hiddenProb, 0, rows);
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
        }
        sampleRows(hiddenProb, hiddenState, numHidden, rows);
        model.visibleProbabilities(hiddenState, 0, rows, visible, 0);
        out.addReconstruction(v0, 0, visible, 0, rows);
    }

    /**
     * PCD's negative phase: advances a slice of the persistent chains by {@code cdSteps} block-Gibbs steps
     * (each: {@code v ~ p(v|h)}, {@code y ~ softmax(d + Uh)}, {@code h ~ p(h|v,y)}) and adds their statistics.
     *
     * @param chainHidden the slice's chain states, {@code numChains × nh} of 0/1, updated in place
     * @param numChains chains in the slice (0 adds nothing)
     * @param firstChain global index of the slice's first chain (names the streams)
     * @param out receives the negative sums (N⁻ grows by numChains)
     */
    public void persistentNegativePhase(LabelRbm model, double[] chainHidden, int numChains, long firstChain,
                                        int cdSteps, long seed, int epoch, int round, LabelRbmStatistics out) {
        check(model, out, numChains, cdSteps, null);
        if (chainHidden.length < (long) numChains * numHidden) {
            throw new IllegalArgumentException("chainHidden must hold " + numChains + " chains of " + numHidden
                + " hidden units, but has length " + chainHidden.length);
        }
        ensureCapacity(numChains);
        for (int c = 0; c < numChains; c++) {
            rngs[c] = Seeds.rng(seed, CHAIN_PURPOSE, epoch, round, firstChain + c);
        }
        for (int step = 1; step <= cdSteps; step++) {
            model.visibleProbabilities(chainHidden, 0, numChains, visible, 0);
            sampleVisibleLayer(model, chainHidden, numChains);
            model.hiddenProbabilities(visible, 0, labels, 0, numChains, hiddenProb, 0);
            sampleRows(hiddenProb, chainHidden, numHidden, numChains);
        }
        out.addNegative(visible, 0, labels, 0, hiddenProb, 0, numChains);
    }

    /**
     * Samples the visible layer given h: {@code visible} must already hold p(v|h); it is replaced by a sample, and
     * {@code labels} receives a one-hot sample of softmax(d + Uh). Per row: nv uniforms, then one.
     */
    private void sampleVisibleLayer(LabelRbm model, double[] hidden, int rows) {
        model.labelProbabilities(hidden, 0, rows, labels, 0);
        for (int r = 0; r < rows; r++) {
            Rbm.sampleBernoulli(visible, r * numVisible, numVisible, rngs[r], visible, r * numVisible);
            SoftmaxGroup.sampleCategorical(labels, r * numLabels, numLabels, rngs[r], labels, r * numLabels);
        }
    }

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
            labels = new double[rows * numLabels];
            rngs = new SplittableRandom[rows];
        }
    }

    /** Checks sizes and ranges; {@code patternIds} null skips the id check (chains have no ids). */
    private void check(LabelRbm model, LabelRbmStatistics out, int rows, int cdSteps, long[] patternIds) {
        if (model.numVisible() != numVisible || model.numHidden() != numHidden || model.numLabels() != numLabels) {
            throw new IllegalArgumentException("model is " + model + " but this kernel is for " + numVisible + "×"
                + numHidden + " with " + numLabels + " labels");
        }
        if (out.numVisible() != numVisible || out.numHidden() != numHidden || out.numLabels() != numLabels) {
            throw new IllegalArgumentException("statistics are " + out + " but this kernel is for " + numVisible + "×"
                + numHidden + " with " + numLabels + " labels");
        }
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (cdSteps < 1) {
            throw new IllegalArgumentException("cdSteps must be >= 1, got " + cdSteps);
        }
        if (patternIds != null && patternIds.length < rows) {
            throw new IllegalArgumentException("patternIds has length " + patternIds.length + ", expected >= rows = "
                + rows);
        }
    }
}
