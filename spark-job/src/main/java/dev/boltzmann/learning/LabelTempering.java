package dev.boltzmann.learning;

import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.SoftmaxGroup;

/**
 * Parallel tempering as the negative phase of label-RBM training: {@link ParallelTempering}'s ladder of replicas
 * over the joint state {@code (v, y, h)} of a {@link LabelRbm}, y a one-hot label. Replica k samples the tempered
 * joint distribution
 * <pre>
 *   p_β(v, y, h) ∝ exp(−β E(v, y, h)),   E(v, y, h) = −vᵀWh − aᵀv − bᵀh − yᵀUh − dᵀy
 *   P_β(h_j = 1 | v, y) = σ(β (b_j + (vᵀW)_j + (yᵀU)_j))
 *   P_β(v_i = 1 | h)    = σ(β (a_i + (Wh)_i))
 *   P_β(y = e_c | h)    = softmax_c(β (d_c + (Uh)_c))        (the label group a softmax at β)
 * </pre>
 * One update of a chain: every replica makes {@code steps} block-Gibbs steps ({@code (v, y) ~ P_β(v, y | h)}, v and
 * y independent given h, then {@code h ~ P_β(h | v, y)}), then neighbouring replicas propose to exchange their whole
 * (v, y, h), accepted with probability {@code min(1, exp((β_k − β_{k+1})(E_k − E_{k+1})))} on the joint energy
 * ({@link ParallelTempering#logSwapRatio}). The negative statistics are the β = 1 replica's {@code v_0}, {@code y_0}
 * and {@code P_1(h | v_0, y_0)}. State, streams and swaps are {@link TemperedLadder}'s: a chain is its K hidden
 * vectors; within a replica's stream each step draws nv uniforms for v, one for the label, nh for h (the order of
 * {@link LabelCdKernel}); the purposes are this class's.
 *
 * <p>Holds work buffers: not thread-safe, one instance per thread or task.
 */
public final class LabelTempering extends TemperedLadder<LabelRbm> {
    /** Purpose key of the replicas' Gibbs streams ("LRBMPTGB"). */
    public static final long GIBBS_PURPOSE = 0x4C52424D50544742L;
    /** Purpose key of the chains' swap streams ("LRBMSWAP"). */
    public static final long SWAP_PURPOSE = 0x4C52424D53574150L;

    private final int numLabels;
    private double[] labelIn = new double[0];
    private double[] labels = new double[0];
    private double[] coldLabels = new double[0];

    /**
     * A sampler for label RBMs of the given sizes with the ladder of {@code options}.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public LabelTempering(int numVisible, int numHidden, int numLabels, TemperingOptions options) {
        super(numVisible, numHidden, options, GIBBS_PURPOSE, SWAP_PURPOSE);
        if (numLabels < 1) {
            throw new IllegalArgumentException("numLabels must be >= 1, got " + numLabels);
        }
        this.numLabels = numLabels;
    }

    /**
     * PT's negative phase for a slice of the chains: {@link #advance}, then the β = 1 replicas' statistics
     * ({@code v_0}, {@code y_0}, {@code P_1(h | v_0, y_0)}) are added to {@code out} (N⁻ grows by numChains).
     */
    public void negativePhase(LabelRbm model, double[] chains, int numChains, long firstChain, int steps, long seed,
                              int epoch, int round, LabelRbmStatistics out, SwapCounts swaps) {
        if (out.numVisible() != numVisible || out.numHidden() != numHidden || out.numLabels() != numLabels) {
            throw new IllegalArgumentException("statistics are " + out + " but this sampler is for " + numVisible
                + "×" + numHidden + " with " + numLabels + " labels");
        }
        advance(model, chains, numChains, firstChain, steps, seed, epoch, round, swaps);
        out.addNegative(coldVisible, 0, coldLabels, 0, coldHiddenProb, 0, numChains);
    }

    /**
     * All replicas' one-hot labels after the last {@link #advance}, {@code numChains × K × nc}, replica 0 first in
     * each chain (a view of a work buffer, valid until the next call).
     */
    public double[] replicaLabels() {
        return labels;
    }

    @Override
    void gibbsStep(LabelRbm model, double[] chains, int rows) {
        int k = betas.length;
        model.visibleInputs(chains, 0, rows, visibleIn, 0);
        model.labelInputs(chains, 0, rows, labelIn, 0);
        for (int r = 0; r < rows; r++) {
            double beta = betas[r % k];
            int off = r * numVisible;
            temperedSigmoid(visibleIn, off, numVisible, beta);
            CdKernel.sampleRow(visibleIn, off, numVisible, rngs[r], visible, off);
            int y = r * numLabels;
            for (int c = y; c < y + numLabels; c++) {
                labelIn[c] *= beta;
            }
            SoftmaxGroup.softmaxInPlace(labelIn, y, numLabels);
            SoftmaxGroup.sampleCategorical(labelIn, y, numLabels, rngs[r], labels, y);
        }
        model.hiddenInputs(visible, 0, labels, 0, rows, hiddenIn, 0);
        sampleHidden(chains, rows);
    }

    @Override
    double[] visibleBias(LabelRbm model) {
        return model.visibleBias();
    }

    /** −dᵀy of each replica's label. */
    @Override
    void addEnergies(LabelRbm model, int rows) {
        double[] d = model.labelBias();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < numLabels; c++) {
                energy[r] -= d[c] * labels[r * numLabels + c];
            }
        }
    }

    @Override
    void swapMore(int i) {
        swapRows(labels, numLabels, i);
    }

    @Override
    void keepCold(int c) {
        System.arraycopy(labels, c * betas.length * numLabels, coldLabels, c * numLabels, numLabels);
    }

    @Override
    void ensureMore(int numChains) {
        int rows = numChains * betas.length;
        labelIn = new double[rows * numLabels];
        labels = new double[rows * numLabels];
        coldLabels = new double[numChains * numLabels];
    }

    @Override
    void checkModel(LabelRbm model) {
        if (model.numVisible() != numVisible || model.numHidden() != numHidden || model.numLabels() != numLabels) {
            throw new IllegalArgumentException("model is " + model + " but this sampler is for " + numVisible + "×"
                + numHidden + " with " + numLabels + " labels");
        }
    }
}
