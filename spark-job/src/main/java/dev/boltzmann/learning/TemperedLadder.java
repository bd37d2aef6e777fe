package dev.boltzmann.learning;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import java.util.SplittableRandom;

/**
 * What every tempered sampler of a bipartite model shares ({@link ParallelTempering} for an RBM,
 * {@link LabelTempering} for a label RBM): the ladder, the random streams, the swaps and the β = 1 replicas'
 * statistics. A chain is K replicas at inverse temperatures {@code 1 = β_0 > … > β_{K−1}}; its state is the K hidden
 * vectors ({@code K × nh}, replica 0 first), and a slice of C chains is {@code C × K × nh}, chain-major. One update:
 * every replica makes {@code steps} block-Gibbs steps at its β (the subclass's {@link #gibbsStep}), then the pairs
 * (k, k+1), k = 0 … K−2 in this order, propose to exchange their whole joint states, accepted with probability
 * {@code min(1, exp((β_k − β_{k+1})(E_k − E_{k+1})))} on the joint energy (see {@link ParallelTempering}).
 *
 * <p>The joint energy of a replica row is {@code E = −hᵀx − aᵀv + extra}, with {@code x} the hidden inputs the
 * Gibbs step kept in {@link #hiddenIn}; a subclass adds its other visible groups' terms ({@link #addEnergies}),
 * exchanges their rows on a swap ({@link #swapMore}) and copies the β = 1 replica's ({@link #keepCold}).
 *
 * <p>Random streams: replica k of chain c in update (epoch, round) draws its Gibbs uniforms from
 * {@code Seeds.rng(seed, gibbsPurpose, epoch, round, c, k)}; chain c's swaps draw one uniform per pair, in pair
 * order, from {@code Seeds.rng(seed, swapPurpose, epoch, round, c)}. Nothing depends on the slice, task or
 * partition, so slices of the chains advanced anywhere give the whole.
 *
 * <p>Holds work buffers: not thread-safe, one instance per thread or task.
 *
 * @param <M> the model
 */
public abstract class TemperedLadder<M> {
    final int numVisible;
    final int numHidden;
    final double[] betas;
    private final long gibbsPurpose;
    private final long swapPurpose;
    /** Visible inputs, then (free again) the hidden probabilities: {@code rows × max(nv, nh)}. */
    double[] visibleIn = new double[0];
    /** The replicas' binary visible states, {@code rows × nv}. */
    double[] visible = new double[0];
    /** The replicas' hidden inputs after the last Gibbs step, {@code rows × nh}. */
    double[] hiddenIn = new double[0];
    double[] energy = new double[0];
    double[] coldVisible = new double[0];
    double[] coldHiddenProb = new double[0];
    /** One stream per replica row of the slice. */
    SplittableRandom[] rngs = new SplittableRandom[0];

    TemperedLadder(int numVisible, int numHidden, TemperingOptions options, long gibbsPurpose, long swapPurpose) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numVisible and numHidden must be >= 1, got numVisible=" + numVisible
                + ", numHidden=" + numHidden);
        }
        this.numVisible = numVisible;
        this.numHidden = numHidden;
        this.betas = options.betas();
        this.gibbsPurpose = gibbsPurpose;
        this.swapPurpose = swapPurpose;
    }

    /** K, the replicas per chain. */
    public int replicas() {
        return betas.length;
    }

    /** The ladder β_0 = 1 &gt; … &gt; β_{K−1} (a copy). */
    public double[] betas() {
        return betas.clone();
    }

    /**
     * One update of a slice of the chains: {@code steps} Gibbs steps per replica, then the swaps.
     *
     * @param chains the slice's states, {@code numChains × K × nh} of 0/1, updated in place
     * @param numChains chains in the slice (0 does nothing)
     * @param firstChain global index of the slice's first chain (names its streams)
     * @param steps Gibbs steps per replica (≥ 1)
     * @param swaps receives one proposal per pair per chain
     */
    public void advance(M model, double[] chains, int numChains, long firstChain, int steps, long seed, int epoch,
                        int round, SwapCounts swaps) {
        checkModel(model);
        check(chains, numChains, steps, swaps);
        int k = betas.length;
        int rows = numChains * k;
        ensureCapacity(numChains);
        for (int c = 0; c < numChains; c++) {
            for (int r = 0; r < k; r++) {
                rngs[c * k + r] = Seeds.rng(seed, gibbsPurpose, epoch, round, firstChain + c, r);
            }
        }
        for (int step = 0; step < steps; step++) {
            gibbsStep(model, chains, rows);
        }
        energies(visibleBias(model), chains, rows);
        addEnergies(model, rows);
        for (int c = 0; c < numChains; c++) {
            SplittableRandom rng = Seeds.rng(seed, swapPurpose, epoch, round, firstChain + c);
            for (int pair = 0; pair < k - 1; pair++) {
                int i = c * k + pair;
                double logRatio = ParallelTempering.logSwapRatio(betas[pair], betas[pair + 1], energy[i],
                    energy[i + 1]);
                // exp(logRatio) ≥ 1 accepts for sure; one uniform per pair either way keeps the streams aligned
                boolean accept = rng.nextDouble() < Math.exp(logRatio);
                if (accept) {
                    swapRows(chains, numHidden, i);
                    swapRows(hiddenIn, numHidden, i);
                    swapRows(visible, numVisible, i);
                    swapRows(energy, 1, i);
                    swapMore(i);
                }
                swaps.add(pair, accept);
            }
        }
        for (int c = 0; c < numChains; c++) {
            System.arraycopy(visible, c * k * numVisible, coldVisible, c * numVisible, numVisible);
            for (int j = 0; j < numHidden; j++) {
                coldHiddenProb[c * numHidden + j] = Numerics.sigmoid(hiddenIn[c * k * numHidden + j]);
            }
            keepCold(c);
        }
    }

    /**
     * The β = 1 replicas' visible states after the last {@link #advance}, {@code numChains × nv} (a view of a work
     * buffer: valid until the next call; rows past the last slice's chains are stale).
     */
    public double[] coldVisible() {
        return coldVisible;
    }

    /**
     * All replicas' visible states after the last {@link #advance}, {@code numChains × K × nv}, replica 0 first in
     * each chain (a view of a work buffer, valid until the next call).
     */
    public double[] replicaVisible() {
        return visible;
    }

    /** Throws if the model is not of this sampler's sizes. */
    abstract void checkModel(M model);

    /**
     * One block-Gibbs step at each row's β ({@code betas[r % K]}) over {@code rows} replica rows: the visible layer
     * given the hidden states in {@code chains}, then the hidden states given it, drawing from {@code rngs[r]}
     * (visible units first); {@link #hiddenIn} keeps the hidden inputs of the new visible states.
     */
    abstract void gibbsStep(M model, double[] chains, int rows);

    /** The bias a of the binary visible units. */
    abstract double[] visibleBias(M model);

    /** Adds the energy terms of any other visible group to {@code energy[0 … rows)}; none by default. */
    void addEnergies(M model, int rows) {
    }

    /** Exchanges replica rows i and i+1 of any other state the subclass keeps; none by default. */
    void swapMore(int i) {
    }

    /** Copies chain c's β = 1 replica of any other state the subclass keeps; none by default. */
    void keepCold(int c) {
    }

    /** Sizes the subclass's own buffers for {@code numChains} chains (called when the base's grow). */
    void ensureMore(int numChains) {
    }

    /** {@code h ~ P_β(h | ·) = σ(β x)} of every replica row into {@code chains}, x the kept {@link #hiddenIn}. */
    void sampleHidden(double[] chains, int rows) {
        int k = betas.length;
        double[] p = visibleIn; // free again after the visible step, and sized for the wider layer
        for (int r = 0; r < rows; r++) {
            double beta = betas[r % k];
            int off = r * numHidden;
            for (int j = off; j < off + numHidden; j++) {
                p[j] = Numerics.sigmoid(beta * hiddenIn[j]);
            }
            CdKernel.sampleRow(p, off, numHidden, rngs[r], chains, off);
        }
    }

    /** {@code σ(β x)} of one row of {@code n} inputs from {@code off}, in place. */
    static void temperedSigmoid(double[] x, int off, int n, double beta) {
        for (int i = off; i < off + n; i++) {
            x[i] = Numerics.sigmoid(beta * x[i]);
        }
    }

    /** E(v, h) = −hᵀx − aᵀv of every replica row, from the kept hidden inputs x. */
    private void energies(double[] a, double[] chains, int rows) {
        for (int r = 0; r < rows; r++) {
            double e = 0.0;
            for (int j = r * numHidden; j < (r + 1) * numHidden; j++) {
                e -= chains[j] * hiddenIn[j];
            }
            for (int i = 0; i < numVisible; i++) {
                e -= a[i] * visible[r * numVisible + i];
            }
            energy[r] = e;
        }
    }

    /** Exchanges rows i and i+1 (each {@code width} long) of {@code x}. */
    static void swapRows(double[] x, int width, int i) {
        int a = i * width;
        int b = a + width;
        for (int t = 0; t < width; t++) {
            double s = x[a + t];
            x[a + t] = x[b + t];
            x[b + t] = s;
        }
    }

    private void ensureCapacity(int numChains) {
        int rows = numChains * betas.length;
        if (rngs.length < rows) {
            visibleIn = new double[rows * Math.max(numVisible, numHidden)];
            visible = new double[rows * numVisible];
            hiddenIn = new double[rows * numHidden];
            energy = new double[rows];
            coldVisible = new double[numChains * numVisible];
            coldHiddenProb = new double[numChains * numHidden];
            rngs = new SplittableRandom[rows];
            ensureMore(numChains);
        }
    }

    private void check(double[] chains, int numChains, int steps, SwapCounts swaps) {
        if (numChains < 0 || steps < 1) {
            throw new IllegalArgumentException("numChains must be >= 0 and steps >= 1, got numChains=" + numChains
                + ", steps=" + steps);
        }
        if (chains.length < (long) numChains * betas.length * numHidden) {
            throw new IllegalArgumentException("chains must hold " + numChains + " chains of " + betas.length
                + " replicas of " + numHidden + " hidden units, but has length " + chains.length);
        }
        if (swaps.pairs() != betas.length - 1) {
            throw new IllegalArgumentException("swap counts have " + swaps.pairs() + " pairs, the ladder has "
                + (betas.length - 1));
        }
    }
}
