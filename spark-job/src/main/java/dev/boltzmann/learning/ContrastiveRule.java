package dev.boltzmann.learning;

import dev.boltzmann.learning.ContrastiveOptions.NegativePhase;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.HopfieldRecall;
import dev.boltzmann.sampling.UpdateOrder;
import java.util.SplittableRandom;

/**
 * The lecture's contrastive ("valley-lifting") learning rule for a Hopfield network, by mini-batch SGD on
 * <pre>
 *   L(W, b) = Σ_{y ∈ P} E(y) − Σ_{y'} E(y'),   E(y) = −½ yᵀWy − bᵀy
 *   W ← W + η ( mean_{y ∈ batch} y yᵀ − mean_{y'} y' y'ᵀ ),  W_ii = 0
 *   b ← b + η ( mean y − mean y' )
 * </pre>
 * (−∂L/∂W, so the stored patterns' energies fall and the reconstructions' rise; the lecture's {@code W − η(…)} is
 * a sign slip). The reconstruction y' of a pattern y is, by {@link NegativePhase}: y after k asynchronous sweeps
 * (default k = 3), y run to a fixed point, or a random state run to a fixed point. Once every pattern is a fixed
 * point and y' = y, the pattern-started variants stop changing W.
 *
 * <p>Units are bipolar inside; patterns may be given in either encoding and the result is bipolar
 * ({@link HopfieldNetwork#withEncoding} converts). Randomness: epoch e shuffles with stream
 * {@code (seed, 2, e)}; the reconstruction of pattern p in epoch e uses stream {@code (seed, 3, e, p)}, so it does
 * not depend on how the patterns are batched or partitioned; the random initialization uses {@code (seed, 1)}.
 */
public final class ContrastiveRule {
    private static final long KEY_INIT = 1;
    private static final long KEY_SHUFFLE = 2;
    private static final long KEY_NEGATIVE = 3;

    private ContrastiveRule() {
    }

    /**
     * Trains from the initialization named in {@code options}.
     *
     * @param patterns N_p ≥ 1 rows of equal length n, 0/1 or ±1 (not modified)
     * @return the trained network, bipolar
     */
    public static HopfieldNetwork train(double[][] patterns, ContrastiveOptions options) {
        double[][] ys = bipolar(patterns);
        return train(initialNetwork(ys, options), ys, options);
    }

    /**
     * Trains starting from {@code initial} (converted to bipolar if needed).
     *
     * @param initial a network of n units
     * @param patterns N_p ≥ 1 rows of length n, 0/1 or ±1 (not modified)
     * @return the trained network, bipolar
     */
    public static HopfieldNetwork train(HopfieldNetwork initial, double[][] patterns, ContrastiveOptions options) {
        return train(initial, patterns, options, null);
    }

    /** Told the network after each epoch (for monitors and checkpoints). */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param epoch the 0-based epoch just finished
         * @param net the network after it
         */
        void afterEpoch(int epoch, HopfieldNetwork net);
    }

    /**
     * Trains starting from {@code initial}, telling {@code listener} (may be null) after each epoch.
     *
     * @see #train(HopfieldNetwork, double[][], ContrastiveOptions)
     */
    public static HopfieldNetwork train(HopfieldNetwork initial, double[][] patterns, ContrastiveOptions options,
                                        EpochListener listener) {
        double[][] ys = bipolar(patterns);
        int n = initial.size();
        if (ys[0].length != n) {
            throw new IllegalArgumentException("patterns have " + ys[0].length + " units, the initial network " + n);
        }
        HopfieldNetwork net = initial.withEncoding(Encoding.BIPOLAR);
        int[] order = new int[ys.length];
        for (int p = 0; p < order.length; p++) {
            order[p] = p;
        }
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            shuffle(order, options, epoch);
            for (int from = 0; from < order.length; from += options.batchSize()) {
                int to = Math.min(order.length, from + options.batchSize());
                ContrastiveStatistics stats = ContrastiveStatistics.empty(n);
                for (int k = from; k < to; k++) {
                    int p = order[k];
                    addPattern(stats, net, ys[p], options, negativeStream(options, epoch, p));
                }
                net = stats.applyTo(net, options.learningRate(), options.learnBiases());
            }
            if (listener != null) {
                listener.afterEpoch(epoch, net);
            }
        }
        return net;
    }

    /**
     * Epoch {@code epoch}'s shuffle of the batch order, in place: the order of epoch e is that of epoch e−1
     * shuffled with stream {@code (seed, 2, e)}, starting from 0..N−1 before epoch 0 (a distributed trainer
     * replays it to form the same batches).
     */
    public static void shuffle(int[] order, ContrastiveOptions options, int epoch) {
        HopfieldRecall.shuffle(order, Seeds.rng(options.seed(), KEY_SHUFFLE, epoch));
    }

    /**
     * The network training starts from, by {@link ContrastiveOptions#initialization()}, for {@code n} units;
     * {@code hebbian} supplies the Hebbian network of the patterns (called only for that initialization).
     */
    public static HopfieldNetwork initialNetwork(int n, ContrastiveOptions options,
                                                 java.util.function.Supplier<HopfieldNetwork> hebbian) {
        return switch (options.initialization()) {
            case HEBBIAN -> hebbian.get();
            case ZERO -> HopfieldNetwork.zeros(n, Encoding.BIPOLAR);
            case RANDOM -> randomNetwork(n, Seeds.rng(options.seed(), KEY_INIT));
        };
    }

    /**
     * The network training starts from, by {@link ContrastiveOptions#initialization()}.
     *
     * @param patterns N_p ≥ 1 rows of length n, 0/1 or ±1
     * @return a bipolar network of n units
     */
    public static HopfieldNetwork initialNetwork(double[][] patterns, ContrastiveOptions options) {
        double[][] ys = bipolar(patterns);
        return initialNetwork(ys[0].length, options, () -> HebbianRule.train(ys));
    }

    /** Symmetric weights N(0, 1/n), zero diagonal, zero biases. */
    private static HopfieldNetwork randomNetwork(int n, SplittableRandom rng) {
        double[] w = new double[n * n];
        double sd = 1.0 / Math.sqrt(n);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double g = sd * gaussian(rng);
                w[i * n + j] = g;
                w[j * n + i] = g;
            }
        }
        return HopfieldNetwork.of(w, new double[n], Encoding.BIPOLAR);
    }

    /**
     * The generator for the reconstruction of pattern {@code patternIndex} in epoch {@code epoch}: stream
     * {@code (seed, 3, epoch, patternIndex)}. A distributed trainer uses the same streams to match local training.
     */
    public static SplittableRandom negativeStream(ContrastiveOptions options, int epoch, long patternIndex) {
        return Seeds.rng(options.seed(), KEY_NEGATIVE, epoch, patternIndex);
    }

    /**
     * Adds one pattern y to the positive phase and its reconstruction y' to the negative phase.
     *
     * @param stats the statistics to add to
     * @param net the current bipolar network
     * @param y the bipolar pattern, length n (not modified)
     * @param rng the generator for the reconstruction
     */
    public static void addPattern(ContrastiveStatistics stats, HopfieldNetwork net, double[] y,
                                  ContrastiveOptions options, SplittableRandom rng) {
        stats.addPositive(y);
        stats.addNegative(reconstruction(net, y, options, rng));
    }

    /**
     * The negative-phase state y' for pattern y, by {@link ContrastiveOptions#negativePhase()}; asynchronous
     * sweeps in random order drawn from {@code rng}.
     *
     * @param net a bipolar network of n units
     * @param y the bipolar pattern, length n (not modified)
     * @return a new bipolar state of length n
     */
    public static double[] reconstruction(HopfieldNetwork net, double[] y, ContrastiveOptions options,
                                          SplittableRandom rng) {
        NegativePhase phase = options.negativePhase();
        int n = net.size();
        double[] start = y;
        int sweeps = phase == NegativePhase.PATTERN_K_SWEEPS ? options.sweeps() : options.maxSweeps();
        if (phase == NegativePhase.RANDOM_START_CONVERGED) {
            start = new double[n];
            for (int i = 0; i < n; i++) {
                start[i] = rng.nextBoolean() ? 1.0 : -1.0;
            }
        }
        return HopfieldRecall.asynchronous(net, start, sweeps, UpdateOrder.RANDOM, rng).state();
    }

    private static double[][] bipolar(double[][] patterns) {
        if (patterns.length == 0) {
            throw new IllegalArgumentException("the contrastive rule needs at least one pattern, got 0");
        }
        return UnitStates.toEncoding(patterns, patterns[0].length, Encoding.BIPOLAR);
    }

    /** A standard normal draw (Box–Muller; one of the pair is discarded to keep the stream position simple). */
    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
