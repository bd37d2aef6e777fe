package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.sampling.HopfieldRecall;

/**
 * Single-process training of a general Boltzmann machine by the learning rule of Ackley, Hinton &amp; Sejnowski
 * (1985): mini-batch gradient ascent on the mean log-likelihood of the visible patterns,
 * <pre>
 *   for epoch e:  shuffle the patterns with stream (seed, PURPOSE_SHUFFLE, e)
 *     for round r (one mini-batch B):
 *       positive:  for p ∈ B, clamp v^p (and c^p), sample the rest → S_c(p)         ({@link BmPhases#addPositive})
 *       negative:  advance every free chain, keep M states each → S                 ({@link BmPhases#advanceChain})
 *       W, b ← {@link BmParameterUpdate} (η, momentum μ, decay λ) with ⟨·⟩_{S_c} − ⟨·⟩_S
 * </pre>
 * A fully visible machine has an exact positive phase (the pattern itself). Persistent chains
 * ({@link BmSamplingOptions#persistent()}) start fresh on the first update and then carry their states; otherwise
 * every update restarts them. The initial machine (unless given) is {@link BoltzmannMachine#random} with stream
 * {@code (seed, PURPOSE_INIT)}. With a temperature ladder the free phase is parallel tempering ({@link BmTempering}).
 * {@link #train(Progress, double[][], int[], BmTrainerOptions, TemperingOptions, SwapCounts, ProgressListener)}
 * continues from a saved {@link Progress} (weights, velocities, chain states) to the same bits as an
 * uninterrupted run. Every random stream is named by (seed, purpose, epoch, round, pattern or chain), so a
 * distributed trainer that splits the same work differently gets the same result.
 *
 * <pre>
 * Ackley, Hinton &amp; Sejnowski: A learning algorithm for Boltzmann machines, Cognitive Science 9 (1985) 147–169.
 * Tieleman: Training restricted Boltzmann machines using approximations to the likelihood gradient, ICML 2008.
 * </pre>
 */
public final class BmTrainer {
    private BmTrainer() {
    }

    /** Told the machine after each epoch (monitoring, checkpoints). */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param epoch the 0-based epoch just finished
         * @param bm the machine after it
         */
        void afterEpoch(int epoch, BoltzmannMachine bm);
    }

    /**
     * Trains a new machine from a random start.
     *
     * @param visible N_p ≥ 1 patterns, 0/1, each of length nv (not modified)
     * @param labels length N_p, each in [0, C) or {@link BoltzmannMachine#NO_LABEL}; {@code null} if none is known
     * @param numLabels C (0 or ≥ 2)
     * @param numHidden nh ≥ 0
     * @param listener may be {@code null}
     * @return the trained machine (nv = pattern length)
     */
    public static BoltzmannMachine train(double[][] visible, int[] labels, int numLabels, int numHidden,
                                         BmTrainerOptions options, EpochListener listener) {
        if (visible.length == 0) {
            throw new IllegalArgumentException("training needs at least one pattern, got 0");
        }
        return train(initialMachine(visible[0].length, numLabels, numHidden, options), visible, labels, options,
            listener);
    }

    /** The random initial machine: {@link BoltzmannMachine#random} with stream {@code (seed, PURPOSE_INIT)}. */
    public static BoltzmannMachine initialMachine(int numVisible, int numLabels, int numHidden,
                                                  BmTrainerOptions options) {
        return BoltzmannMachine.random(numVisible, numLabels, numHidden, options.initialWeightSd(),
            Seeds.rng(options.seed(), BmPhases.PURPOSE_INIT));
    }

    /**
     * Trains starting from {@code initial}.
     *
     * @param initial the starting machine
     * @param visible N_p ≥ 1 patterns, 0/1, each of length nv (not modified)
     * @param labels length N_p, each in [0, C) or {@link BoltzmannMachine#NO_LABEL}; {@code null} if none is known
     * @param listener may be {@code null}
     * @return the trained machine
     * @throws IllegalArgumentException naming the pattern, if a pattern or label does not fit the machine
     */
    public static BoltzmannMachine train(BoltzmannMachine initial, double[][] visible, int[] labels,
                                         BmTrainerOptions options, EpochListener listener) {
        try {
            return train(start(initial, options, null), visible, labels, options, null, null, p -> {
                if (listener != null) {
                    listener.afterEpoch(p.epochsDone() - 1, p.bm());
                }
            }).bm();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Everything that evolves during training: what a checkpoint holds.
     *
     * @param bm the machine
     * @param update the optimiser's velocities
     * @param chains the free-phase chains' states, chains × n (with parallel tempering chains · K × n, replica 0 of
     *     each chain first); persistent chains carry them from update to update
     * @param epochsDone epochs completed
     */
    public record Progress(BoltzmannMachine bm, BmParameterUpdate update, double[][] chains, int epochsDone) {
    }

    /** Told the progress after each epoch (monitoring, checkpoints); may throw to stop the run. */
    @FunctionalInterface
    public interface ProgressListener {
        /** @param progress the state after the epoch ({@code epochsDone} counts it) */
        void afterEpoch(Progress progress) throws Exception;
    }

    /**
     * The progress before the first epoch: {@code initial}, zero velocities, zero chain states (started fresh by
     * the first update).
     *
     * @param tempering the free phase's ladder, or null for plain Gibbs chains
     */
    public static Progress start(BoltzmannMachine initial, BmTrainerOptions options, TemperingOptions tempering) {
        int replicas = tempering == null ? 1 : tempering.numTemperatures();
        return new Progress(initial, BmParameterUpdate.zeroVelocity(initial.size()),
            BmPhases.newChains(initial, options.sampling().chains() * replicas), 0);
    }

    /**
     * Trains from {@code from} until {@code options.epochs()} epochs are done: the same updates, in the same
     * streams, as an uninterrupted run, so a run resumed from a saved {@link Progress} ends in the same bits.
     *
     * @param from where to start (see {@link #start}); its velocities and chains are updated in place
     * @param visible N_p ≥ 1 patterns, 0/1, each of length nv (not modified)
     * @param labels length N_p, or {@code null} if none is known
     * @param tempering the free phase's ladder ({@link BmTempering}), or null for plain Gibbs chains
     * @param swaps receives the swap proposals with tempering (may be null)
     * @param listener told after each epoch
     * @return the progress after the last epoch
     */
    public static Progress train(Progress from, double[][] visible, int[] labels, BmTrainerOptions options,
                                 TemperingOptions tempering, SwapCounts swaps, ProgressListener listener)
        throws Exception {
        checkData(from.bm(), visible, labels);
        BmSamplingOptions sampling = options.sampling();
        BoltzmannMachine bm = from.bm();
        BmParameterUpdate update = from.update();
        double[][] chains = from.chains();
        SwapCounts counts = swaps != null || tempering == null ? swaps : SwapCounts.empty(tempering.numTemperatures());
        Progress progress = from;
        for (int epoch = from.epochsDone(); epoch < options.epochs(); epoch++) {
            int[] order = epochOrder(options.seed(), epoch, visible.length);
            int round = 0;
            for (int start = 0; start < order.length; start += options.batchSize(), round++) {
                int to = Math.min(order.length, start + options.batchSize());
                BmStatistics stats = BmStatistics.empty(bm.size());
                for (int k = start; k < to; k++) {
                    int p = order[k];
                    int label = labels == null ? BoltzmannMachine.NO_LABEL : labels[p];
                    BmPhases.addPositive(bm, visible[p], label, p, sampling, options.seed(), epoch, round, stats);
                }
                boolean fresh = freshChains(sampling, epoch, round);
                stats.merge(tempering == null
                    ? BmPhases.negative(bm, chains, 0, fresh, sampling, options.seed(), epoch, round)
                    : BmTempering.negative(bm, chains, 0, fresh, sampling, tempering, options.seed(), epoch, round,
                        counts));
                bm = update.apply(bm, stats, options.learningRate(), options.momentum(), options.weightDecay());
            }
            progress = new Progress(bm, update, chains, epoch + 1);
            listener.afterEpoch(progress);
        }
        return progress;
    }

    /**
     * The order in which epoch {@code epoch} visits the patterns: 0..N-1 shuffled (Fisher–Yates) with stream
     * {@code (seed, PURPOSE_SHUFFLE, epoch)}. Round r's mini-batch is positions [r·B, min(N, (r+1)·B)) of it; a
     * distributed trainer uses the same order to form the same batches.
     *
     * @param numPatterns N ≥ 0
     * @return a new permutation of 0..N-1
     */
    public static int[] epochOrder(long seed, int epoch, int numPatterns) {
        int[] order = new int[numPatterns];
        for (int p = 0; p < numPatterns; p++) {
            order[p] = p;
        }
        HopfieldRecall.shuffle(order, Seeds.rng(seed, BmPhases.PURPOSE_SHUFFLE, epoch));
        return order;
    }

    /**
     * Whether the free-phase chains restart (random state + burn-in) in update (epoch, round): always for
     * non-persistent chains, only on the very first update (epoch 0, round 0) for persistent ones.
     */
    public static boolean freshChains(BmSamplingOptions sampling, int epoch, int round) {
        return !sampling.persistent() || (epoch == 0 && round == 0);
    }

    /**
     * Checks that every pattern has nv 0/1 values and every label is in range.
     *
     * @throws IllegalArgumentException naming the first bad pattern or label
     */
    public static void checkData(BoltzmannMachine bm, double[][] visible, int[] labels) {
        if (visible.length == 0) {
            throw new IllegalArgumentException("training needs at least one pattern, got 0");
        }
        if (labels != null && labels.length != visible.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but there are "
                + visible.length + " patterns");
        }
        for (int p = 0; p < visible.length; p++) {
            if (visible[p].length != bm.numVisible()) {
                throw new IllegalArgumentException("pattern " + p + " has " + visible[p].length
                    + " units, the machine has numVisible = " + bm.numVisible());
            }
            for (int i = 0; i < visible[p].length; i++) {
                if (visible[p][i] != 0.0 && visible[p][i] != 1.0) {
                    throw new IllegalArgumentException("pattern " + p + " unit " + i + " is " + visible[p][i]
                        + ", expected 0 or 1");
                }
            }
            if (labels != null && labels[p] != BoltzmannMachine.NO_LABEL
                && (labels[p] < 0 || labels[p] >= bm.numLabels())) {
                throw new IllegalArgumentException("pattern " + p + " has label " + labels[p]
                    + ", expected one of [0, " + bm.numLabels() + ") or " + BoltzmannMachine.NO_LABEL);
            }
        }
    }
}
