package dev.boltzmann.learning;

import dev.boltzmann.model.Rbm;

/**
 * Parallel tempering (replica exchange) as the negative phase of RBM training: each persistent chain is a ladder
 * of K replicas at inverse temperatures {@code 1 = β_0 > … > β_{K−1} ≥ 0} ({@link TemperingOptions}), replica k
 * sampling the tempered joint distribution
 * <pre>
 *   p_β(v, h) ∝ exp(−β E(v, h)),   E(v, h) = −vᵀWh − aᵀv − bᵀh
 *   P_β(v_i = 1 | h) = σ(β (a_i + (Wh)_i)),   P_β(h_j = 1 | v) = σ(β (b_j + (vᵀW)_j))
 * </pre>
 * One update of a chain: every replica makes {@code steps} block-Gibbs steps ({@code v ~ P_β(v|h)}, then
 * {@code h ~ P_β(h|v)}), then the neighbouring pairs (k, k+1), k = 0 … K−2 in this order, propose to exchange
 * their whole (v, h) states, accepted with the Metropolis probability
 * <pre>
 *   min(1, exp((β_k − β_{k+1}) (E(v_k, h_k) − E(v_{k+1}, h_{k+1}))))
 * </pre>
 * — the ratio {@code p_{β_k}(x_{k+1}) p_{β_{k+1}}(x_k) / (p_{β_k}(x_k) p_{β_{k+1}}(x_{k+1}))} of the product of the
 * tempered <em>joint</em> distributions, so the swap is decided on the joint energy of the pair (v, h) that the
 * Gibbs step just produced, not on a free energy. Each Gibbs step and each swap leaves
 * {@code Π_k p_{β_k}} invariant (a swap is a Metropolis move with a symmetric proposal), so the β = 1 replica
 * samples the model, and a replica carried up to a hot β and back down crosses energy barriers that stop a plain
 * Gibbs chain. The negative statistics are those of the β = 1 replica after the swaps: {@code v_0} and
 * {@code P_1(h|v_0)}.
 *
 * <p>State: the next update resamples every v from its replica's h, so a chain's state is the K hidden vectors
 * alone, {@code K × nh} values, replica 0 (β = 1) first; a slice of C chains is {@code C × K × nh}, chain-major.
 * That array is all the sampler carries between updates (the swap counts are per update).
 *
 * <p>Random streams: replica k of chain c in update (epoch, round) draws its Gibbs uniforms from
 * {@code Seeds.rng(seed, GIBBS_PURPOSE, epoch, round, c, k)}, one per sampled unit (visible layer, then hidden,
 * per step); chain c's swap decisions draw one uniform per pair, in pair order, from
 * {@code Seeds.rng(seed, SWAP_PURPOSE, epoch, round, c)}. Nothing depends on the slice, task or partition.
 *
 * <p>Cost per update of C chains: {@code 2·steps} matrix products of {@code C·K × nv × nh}, K times a PCD-1
 * step's, plus one for the statistics.
 *
 * <p>The ladder, the streams, the swaps and the statistics are {@link TemperedLadder}'s, shared with the label
 * RBM's {@link LabelTempering}; this class supplies the RBM's Gibbs step.
 *
 * <p>Holds work buffers: not thread-safe, one instance per thread or task.
 *
 * <pre>
 * G. Desjardins, A. Courville, Y. Bengio, P. Vincent, O. Delalleau: Tempered Markov chain Monte Carlo for
 *   training of restricted Boltzmann machines, AISTATS 2010.
 * K. Cho, T. Raiko, A. Ilin: Parallel tempering is efficient for learning restricted Boltzmann machines,
 *   IJCNN 2010.
 * R. H. Swendsen, J.-S. Wang: Replica Monte Carlo simulation of spin glasses, PRL 57 (1986).
 * </pre>
 */
public final class ParallelTempering extends TemperedLadder<Rbm> {
    /** Purpose key of the replicas' Gibbs streams ("RBM_PTGB"). */
    public static final long GIBBS_PURPOSE = 0x52424D5F50544742L;
    /** Purpose key of the chains' swap streams ("RBM_SWAP"). */
    public static final long SWAP_PURPOSE = 0x52424D5F53574150L;

    /**
     * A sampler for RBMs of the given sizes with the ladder of {@code options}.
     *
     * @throws IllegalArgumentException if a size is below 1
     */
    public ParallelTempering(int numVisible, int numHidden, TemperingOptions options) {
        super(numVisible, numHidden, options, GIBBS_PURPOSE, SWAP_PURPOSE);
    }

    /**
     * Initial states of {@code numChains} chains of {@code replicas} replicas: every hidden unit off, so the first
     * visible sample of replica k comes from σ(β_k a).
     *
     * @return a new array of {@code numChains × replicas × numHidden} zeros
     */
    public static double[] initialChains(int numChains, int replicas, int numHidden) {
        if (numChains < 1 || replicas < 2 || numHidden < 1) {
            throw new IllegalArgumentException("numChains, numHidden must be >= 1 and replicas >= 2, got numChains="
                + numChains + ", replicas=" + replicas + ", numHidden=" + numHidden);
        }
        return new double[numChains * replicas * numHidden];
    }

    /**
     * The log of the swap acceptance ratio of two replicas at inverse temperatures {@code betaI}, {@code betaJ}
     * holding states of joint energies {@code energyI}, {@code energyJ}: {@code (β_i − β_j)(E_i − E_j)}; the swap
     * is accepted with probability {@code min(1, exp(·))}.
     */
    public static double logSwapRatio(double betaI, double betaJ, double energyI, double energyJ) {
        return (betaI - betaJ) * (energyI - energyJ);
    }

    /**
     * PT's negative phase for a slice of the chains: {@link #advance}, then the β = 1 replicas' statistics
     * ({@code v_0}, {@code P_1(h|v_0)}) are added to {@code out} (N⁻ grows by numChains).
     */
    public void negativePhase(Rbm rbm, double[] chains, int numChains, long firstChain, int steps, long seed,
                              int epoch, int round, RbmStatistics out, SwapCounts swaps) {
        if (out.numVisible() != numVisible || out.numHidden() != numHidden) {
            throw new IllegalArgumentException("statistics are " + out.numVisible() + "×" + out.numHidden()
                + " but this sampler is for " + numVisible + "×" + numHidden);
        }
        advance(rbm, chains, numChains, firstChain, steps, seed, epoch, round, swaps);
        out.addNegative(coldVisible, 0, coldHiddenProb, 0, numChains);
    }

    /** {@code v ~ P_β(v|h)}, then {@code h ~ P_β(h|v)} for every replica row; {@code hiddenIn} keeps (vᵀW + b). */
    @Override
    void gibbsStep(Rbm rbm, double[] chains, int rows) {
        int k = betas.length;
        rbm.visibleInputs(chains, 0, rows, visibleIn, 0);
        for (int r = 0; r < rows; r++) {
            int off = r * numVisible;
            temperedSigmoid(visibleIn, off, numVisible, betas[r % k]);
            CdKernel.sampleRow(visibleIn, off, numVisible, rngs[r], visible, off);
        }
        rbm.hiddenInputs(visible, 0, rows, hiddenIn, 0);
        sampleHidden(chains, rows);
    }

    @Override
    double[] visibleBias(Rbm rbm) {
        return rbm.visibleBias();
    }

    @Override
    void checkModel(Rbm rbm) {
        if (rbm.numVisible() != numVisible || rbm.numHidden() != numHidden) {
            throw new IllegalArgumentException("RBM is " + rbm.numVisible() + "×" + rbm.numHidden()
                + " but this sampler is for " + numVisible + "×" + numHidden);
        }
    }
}
