package dev.boltzmann.learning;

import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.SoftmaxGroup;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Single-process training of a {@link LabelRbm} on the joint distribution of images and labels (the generative
 * objective of Larochelle &amp; Bengio 2008; Hinton 2010 §16) by CD-k or PCD, with the options of
 * {@link RbmTrainingConfig} (hidden units, rule, k, ε, momentum, weight decay, batches, epochs, chains, seed,
 * initialisation, rate decay).
 *
 * <pre>
 *   θ ← LabelRbm.random(nv, nh, nc, σ_init, a₀, d₀, seed),  a₀ / d₀ = base rates of pixels / classes (if configured)
 *   for epoch e = 0 … epochs−1:
 *     order ← RbmTrainer.permutation(N, seed, e)
 *     for round r:  batch ← rows order[r·B … ]
 *       stats ← CD: LabelCdKernel.contrastiveDivergence(batch)
 *               PCD: LabelCdKernel.positivePhase(batch) + persistentNegativePhase(all chains)
 *               PT:  LabelCdKernel.positivePhase(batch) + LabelTempering.negativePhase(all chains' replicas)
 *       θ ← LabelRbmOptimizer.step(θ, stats, ε / (1 + d·e))
 *     monitor.onEpoch(reconstruction error, training accuracy, held-out accuracy)
 * </pre>
 * A row's random stream is keyed by its index in the training set, so a round's gradient is the same when Spark sums
 * it over slices. Same seed, same JVM and BLAS: bit-for-bit the same model. The accuracies are computed only when
 * a monitor other than {@link LabelRbmEpochMonitor#NONE} is given (they cost one classification pass each).
 *
 * <p>A trainer holds only its configuration; concurrent {@code train} calls are safe. Inputs are not modified.
 *
 * <pre>
 * H. Larochelle, Y. Bengio: Classification using discriminative restricted Boltzmann machines, ICML 2008.
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class LabelRbmTrainer {
    private static final Logger logger = Logger.getLogger(LabelRbmTrainer.class.getName());

    private final RbmTrainingConfig config;
    private final TemperingOptions tempering;
    private RbmCentering.Mode centering = RbmCentering.Mode.NONE;
    private double centeringRate;

    /** A trainer with the given configuration. */
    public LabelRbmTrainer(RbmTrainingConfig config) {
        this(config, null);
    }

    /**
     * A trainer whose persistent chains are replica ladders over (v, y, h) sampled by {@link LabelTempering}
     * (PT's negative phase replaces PCD's; the positive phase is PCD's).
     *
     * @param tempering the ladder, or null for the rule's own negative phase
     * @throws IllegalArgumentException if {@code tempering} is given and the rule is not PCD
     */
    public LabelRbmTrainer(RbmTrainingConfig config, TemperingOptions tempering) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        if (tempering != null && config.rule() != RbmTrainingConfig.Rule.PCD) {
            throw new IllegalArgumentException("parallel tempering keeps persistent chains: it needs rule pcd, got "
                + config.rule());
        }
        this.config = config;
        this.tempering = tempering;
    }

    /**
     * A trainer of centred label RBMs ({@link LabelRbmOptimizer#withCentering}): the label units count as visible
     * units; μ starts at the pixel means and the class frequencies of the training rows, λ at ½ (BOTH) or 0, and
     * both slide with rate {@code rate}. {@code NONE} gives the ordinary trainer.
     *
     * @throws IllegalArgumentException if the mode is null or {@code rate} is outside [0, 1]
     */
    public LabelRbmTrainer withCentering(RbmCentering.Mode mode, double rate) {
        if (mode == null || !(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("centering needs a mode and a rate in [0, 1], got " + mode + ", " + rate);
        }
        LabelRbmTrainer t = new LabelRbmTrainer(config, tempering);
        t.centering = mode;
        t.centeringRate = rate;
        return t;
    }

    /** The configuration. */
    public RbmTrainingConfig config() {
        return config;
    }

    /**
     * Trains from {@link #initialModel}.
     *
     * @param train the training rows and labels
     * @param heldOut rows for the held-out accuracy in the reports, or null
     * @param monitor called after each epoch
     * @return the trained model
     */
    public LabelRbm train(LabeledRows train, LabeledRows heldOut, LabelRbmEpochMonitor monitor) {
        return train(initialModel(train), train, heldOut, monitor);
    }

    /**
     * Trains from {@code initial} (fresh momentum and chains).
     *
     * @param initial starting parameters; its sizes must match the data
     * @param train the training rows and labels
     * @param heldOut rows for the held-out accuracy, or null
     * @param monitor called after each epoch
     * @return the trained model
     * @throws IllegalArgumentException if the sizes of model and data disagree
     */
    public LabelRbm train(LabelRbm initial, LabeledRows train, LabeledRows heldOut, LabelRbmEpochMonitor monitor) {
        int nv = initial.numVisible();
        int nh = initial.numHidden();
        int nc = initial.numLabels();
        checkShape("train", train, initial);
        if (heldOut != null) {
            checkShape("heldOut", heldOut, initial);
        }
        logger.log(Level.FINE, () -> "training " + initial + " on " + train + " with " + config);
        int rows = train.rows();
        int batch = Math.min(config.batchSize(), rows);
        int rounds = (rows + batch - 1) / batch;
        int chains = config.effectiveChains();
        LabelCdKernel kernel = new LabelCdKernel(nv, nh, nc);
        LabelRbmStatistics stats = LabelRbmStatistics.empty(nv, nh, nc);
        LabelRbmOptimizer optimizer = new LabelRbmOptimizer(nv, nh, nc, config.learningRate(), config.momentum(),
            config.weightDecay());
        if (centering != RbmCentering.Mode.NONE) {
            optimizer.withCentering(RbmCentering.start(centering, centeringRate, jointMeans(train), nh));
        }
        double[] chainHidden = config.rule() == RbmTrainingConfig.Rule.PCD ? CdKernel.initialChains(chains, nh) : null;
        LabelTempering pt = tempering == null ? null : new LabelTempering(nv, nh, nc, tempering);
        if (pt != null) {
            chainHidden = ParallelTempering.initialChains(chains, pt.replicas(), nh);
        }
        double[] batchV = new double[batch * nv];
        double[] batchY = new double[batch * nc];
        long[] ids = new long[batch];
        LabelRbm model = initial;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            double rate = config.learningRateAt(epoch);
            int[] order = RbmTrainer.permutation(rows, config.seed(), epoch);
            double reconSum = 0.0;
            SwapCounts swaps = pt == null ? null : SwapCounts.empty(pt.replicas());
            for (int round = 0; round < rounds; round++) {
                int n = Math.min(batch, rows - round * batch);
                Arrays.fill(batchY, 0.0);
                for (int r = 0; r < n; r++) {
                    int row = order[round * batch + r];
                    ids[r] = row;
                    System.arraycopy(train.values(), row * nv, batchV, r * nv, nv);
                    batchY[r * nc + train.labels()[row]] = 1.0;
                }
                stats.reset();
                if (chainHidden == null) {
                    kernel.contrastiveDivergence(model, batchV, batchY, n, ids, config.cdSteps(), config.seed(), epoch,
                        round, stats);
                } else if (pt != null) {
                    kernel.positivePhase(model, batchV, batchY, n, ids, config.seed(), epoch, round, stats);
                    pt.negativePhase(model, chainHidden, chains, 0, config.cdSteps(), config.seed(), epoch, round,
                        stats, swaps);
                } else {
                    kernel.positivePhase(model, batchV, batchY, n, ids, config.seed(), epoch, round, stats);
                    kernel.persistentNegativePhase(model, chainHidden, chains, 0, config.cdSteps(), config.seed(),
                        epoch, round, stats);
                }
                reconSum += stats.visiblePart().reconstructionErrorSum();
                model = optimizer.step(model, stats, rate);
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            if (swaps != null) {
                int e = epoch + 1;
                logger.log(Level.FINE, () -> "epoch " + e + ": swap rates " + Arrays.toString(swaps.rates()));
            }
            if (monitor != LabelRbmEpochMonitor.NONE) {
                double trainAcc = accuracy(model, train);
                double heldAcc = heldOut == null ? Double.NaN : accuracy(model, heldOut);
                LabelRbmEpochReport report = new LabelRbmEpochReport(epoch + 1, model, reconSum / rows, trainAcc,
                    heldAcc, rate, seconds);
                logger.log(Level.FINE, () -> "epoch " + report.epoch() + ": reconstruction error "
                    + report.reconstructionError() + ", training accuracy " + trainAcc + ", held-out " + heldAcc);
                monitor.onEpoch(report);
            }
        }
        return model;
    }

    /** The means of the joint rows (v, one-hot y): the pixel means, then the class frequencies (the starting μ). */
    static double[] jointMeans(LabeledRows rows) {
        int nv = rows.numVisible();
        double[] means = java.util.Arrays.copyOf(RbmCentering.columnMeans(rows.values(), rows.rows(), nv),
            nv + rows.numLabels());
        for (int r = 0; r < rows.rows(); r++) {
            means[nv + rows.labels()[r]] += 1.0 / rows.rows();
        }
        return means;
    }

    /**
     * The initial model: {@code LabelRbm.random(nv, numHidden, nc, initialWeightStd, a, d, seed)}, with a the pixel
     * base rates ({@link Rbm#baseRateVisibleBias}) and d the log class frequencies
     * ({@link SoftmaxGroup#baseRateBias}) if {@code visibleBiasFromData}, else zeros.
     */
    public LabelRbm initialModel(LabeledRows train) {
        boolean fromData = config.visibleBiasFromData();
        double[] a = fromData ? Rbm.baseRateVisibleBias(train.values(), train.rows(), train.numVisible()) : null;
        double[] d = fromData ? SoftmaxGroup.baseRateBias(train.labels(), train.rows(), train.numLabels()) : null;
        return LabelRbm.random(train.numVisible(), config.numHidden(), train.numLabels(), config.initialWeightStd(), a,
            d, config.seed());
    }

    /** Fraction of {@code data}'s rows that {@code model} classifies correctly, in chunks of 1024 rows. */
    public static double accuracy(LabelRbm model, LabeledRows data) {
        checkShape("data", data, model);
        int nv = data.numVisible();
        int correct = 0;
        for (int from = 0; from < data.rows(); from += 1024) {
            int n = Math.min(1024, data.rows() - from);
            double[] chunk = Arrays.copyOfRange(data.values(), from * nv, (from + n) * nv);
            int[] predicted = model.classify(chunk, n);
            for (int r = 0; r < n; r++) {
                correct += predicted[r] == data.labels()[from + r] ? 1 : 0;
            }
        }
        return (double) correct / data.rows();
    }

    private static void checkShape(String name, LabeledRows data, LabelRbm model) {
        if (data.numVisible() != model.numVisible() || data.numLabels() != model.numLabels()) {
            throw new IllegalArgumentException(name + " has " + data.numVisible() + " units and " + data.numLabels()
                + " labels, but the model is " + model);
        }
    }

    @Override
    public String toString() {
        return "LabelRbmTrainer(" + config + (tempering == null ? "" : ", " + tempering)
            + (centering == RbmCentering.Mode.NONE ? "" : ", centering=" + centering + " rate " + centeringRate) + ")";
    }
}
