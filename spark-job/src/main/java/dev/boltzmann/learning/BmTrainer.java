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
 * {@code (seed, PURPOSE_INIT)}. Every random stream is named by (seed, purpose, epoch, round, pattern or chain), so a
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
        BoltzmannMachine initial = BoltzmannMachine.random(visible[0].length, numLabels, numHidden,
            options.initialWeightSd(), Seeds.rng(options.seed(), BmPhases.PURPOSE_INIT));
        return train(initial, visible, labels, options, listener);
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
        checkData(initial, visible, labels);
        BmSamplingOptions sampling = options.sampling();
        BoltzmannMachine bm = initial;
        BmParameterUpdate update = BmParameterUpdate.zeroVelocity(bm.size());
        double[][] chains = BmPhases.newChains(bm, sampling.chains());
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            int[] order = epochOrder(options.seed(), epoch, visible.length);
            int round = 0;
            for (int from = 0; from < order.length; from += options.batchSize(), round++) {
                int to = Math.min(order.length, from + options.batchSize());
                BmStatistics stats = BmStatistics.empty(bm.size());
                for (int k = from; k < to; k++) {
                    int p = order[k];
                    int label = labels == null ? BoltzmannMachine.NO_LABEL : labels[p];
                    BmPhases.addPositive(bm, visible[p], label, p, sampling, options.seed(), epoch, round, stats);
                }
                boolean fresh = freshChains(sampling, epoch, round);
                stats.merge(BmPhases.negative(bm, chains, 0, fresh, sampling, options.seed(), epoch, round));
                bm = update.apply(bm, stats, options.learningRate(), options.momentum(), options.weightDecay());
            }
            if (listener != null) {
                listener.afterEpoch(epoch, bm);
            }
        }
        return bm;
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
