package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.BmGibbsSampler;
import java.util.SplittableRandom;

/**
 * Parallel tempering as the free (negative) phase of Boltzmann-machine learning: each free-phase chain is a
 * ladder of K replicas, replica k sampling {@code p_{β_k}(y) ∝ exp(−β_k E(y))} by sequential Gibbs sweeps at
 * temperature {@code T = 1/β_k} ({@link BmGibbsSampler}; at β = 0, where p is uniform over the legal states, a
 * sweep draws a fresh uniform state). One update of a chain is one sweep of every replica, then swap proposals
 * between the neighbouring pairs (k, k+1), k = 0 … K−2 in order, each accepted with probability
 * {@code min(1, exp((β_k − β_{k+1})(E(y_k) − E(y_{k+1}))))} ({@link ParallelTempering#logSwapRatio}; the BM's
 * energy is that of the whole state, hidden units included, so this is the joint-energy swap).
 *
 * <p>Per training update, chain c does what {@link BmPhases#advanceChain} does with a plain chain, an update
 * standing for a sweep: if fresh, every replica is randomised and {@code burnIn} updates run; then
 * {@code samplesPerChain} times {@code sweepsBetweenSamples} updates, and the β = 1 replica's state is kept.
 *
 * <p>Random streams: replica k of chain c in (epoch, round) sweeps with {@code Seeds.rng(seed, PURPOSE_GIBBS,
 * epoch, round, c, k)}; chain c's swaps draw one uniform per pair from {@code Seeds.rng(seed, PURPOSE_SWAP, epoch,
 * round, c)}. Chains are independent, so any block of them can be advanced anywhere.
 *
 * <p>Stateless and thread-safe; the states live in the caller's arrays.
 *
 * <pre>
 * R. H. Swendsen, J.-S. Wang: Replica Monte Carlo simulation of spin glasses, PRL 57 (1986).
 * G. Desjardins et al.: Tempered Markov chain Monte Carlo for training of RBMs, AISTATS 2010.
 * </pre>
 */
public final class BmTempering {
    /** Stream purpose of the replicas' sweeps: {@code (seed, PURPOSE_GIBBS, epoch, round, chain, replica)}. */
    public static final long PURPOSE_GIBBS = 0x424D_0005L;
    /** Stream purpose of the swaps: {@code (seed, PURPOSE_SWAP, epoch, round, chain)}. */
    public static final long PURPOSE_SWAP = 0x424D_0006L;

    private BmTempering() {
    }

    /**
     * Advances chain c (its K replicas, rows {@code first … first + K − 1} of {@code states}) and adds the β = 1
     * replica's M kept states to {@code into}.
     *
     * @param states replica states, each of length n; replica k of this chain is {@code states[first + k]}
     * @param first the row of the chain's β = 1 replica
     * @param chain c, the chain's global index (names its streams)
     * @param fresh whether to restart the chain (random states + burn-in)
     * @param betas the ladder, β_0 = 1 first
     * @param swaps receives the swap proposals
     */
    public static void advanceChain(BoltzmannMachine bm, double[][] states, int first, long chain, boolean fresh,
                                    BmSamplingOptions o, double[] betas, long seed, int epoch, int round,
                                    BmStatistics into, SwapCounts swaps) {
        int k = betas.length;
        SplittableRandom[] rngs = new SplittableRandom[k];
        for (int r = 0; r < k; r++) {
            UnitStates.checkLength(states[first + r], bm.size(), "chain " + chain + " replica " + r + " state");
            rngs[r] = Seeds.rng(seed, PURPOSE_GIBBS, epoch, round, chain, r);
        }
        SplittableRandom swapRng = Seeds.rng(seed, PURPOSE_SWAP, epoch, round, chain);
        if (fresh) {
            for (int r = 0; r < k; r++) {
                BmGibbsSampler.randomize(bm, states[first + r], null, rngs[r]);
            }
            for (int s = 0; s < o.burnIn(); s++) {
                update(bm, states, first, betas, rngs, swapRng, swaps);
            }
        }
        for (int s = 0; s < o.samplesPerChain(); s++) {
            for (int t = 0; t < o.sweepsBetweenSamples(); t++) {
                update(bm, states, first, betas, rngs, swapRng, swaps);
            }
            into.addNegative(states[first], 1);
        }
    }

    /**
     * The free-phase statistics of some chains: {@code states[c·K + k]} is replica k of chain
     * {@code firstChain + c}, advanced in place.
     *
     * @param states (chains · K) × n
     * @return new statistics with only the negative phase filled
     */
    public static BmStatistics negative(BoltzmannMachine bm, double[][] states, long firstChain, boolean fresh,
                                        BmSamplingOptions o, TemperingOptions tempering, long seed, int epoch,
                                        int round, SwapCounts swaps) {
        double[] betas = tempering.betas();
        int k = betas.length;
        if (states.length % k != 0) {
            throw new IllegalArgumentException(states.length + " replica states are not whole chains of " + k);
        }
        BmStatistics stats = BmStatistics.empty(bm.size());
        for (int c = 0; c < states.length / k; c++) {
            advanceChain(bm, states, c * k, firstChain + c, fresh, o, betas, seed, epoch, round, stats, swaps);
        }
        return stats;
    }

    /** One sweep of every replica at its temperature, then one swap proposal per neighbouring pair. */
    private static void update(BoltzmannMachine bm, double[][] states, int first, double[] betas,
                               SplittableRandom[] rngs, SplittableRandom swapRng, SwapCounts swaps) {
        int k = betas.length;
        double[] energy = new double[k];
        for (int r = 0; r < k; r++) {
            if (betas[r] == 0.0) {
                BmGibbsSampler.randomize(bm, states[first + r], null, rngs[r]);
            } else {
                BmGibbsSampler.sweep(bm, states[first + r], null, 1.0 / betas[r], rngs[r]);
            }
            energy[r] = bm.energy(states[first + r]);
        }
        for (int p = 0; p < k - 1; p++) {
            double logRatio = ParallelTempering.logSwapRatio(betas[p], betas[p + 1], energy[p], energy[p + 1]);
            boolean accept = swapRng.nextDouble() < Math.exp(logRatio);
            if (accept) {
                double[] t = states[first + p];
                states[first + p] = states[first + p + 1];
                states[first + p + 1] = t;
                double e = energy[p];
                energy[p] = energy[p + 1];
                energy[p + 1] = e;
            }
            swaps.add(p, accept);
        }
    }
}
