package dev.boltzmann.learning;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Parallel;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Single-process RBM training by CD-k or PCD with mini-batch gradient ascent, momentum and weight decay.
 *
 * <pre>
 *   θ ← initial model (Gaussian weights, seeded; visible biases from the data means if configured)
 *   for epoch e = 0 … epochs−1:
 *     order ← permutation of the rows from Seeds.rng(seed, SHUFFLE_PURPOSE, e)
 *     for round r = 0 … ⌈N / batchSize⌉ − 1:
 *       batch ← rows order[r·B … min((r+1)·B, N) − 1]
 *       stats ← CD: CdKernel.contrastiveDivergence(batch)
 *               PCD: CdKernel.positivePhase(batch) + CdKernel.persistentNegativePhase(all chains)
 *               PT:  CdKernel.positivePhase(batch) + ParallelTempering.negativePhase(all chains' replicas)
 *       θ ← RbmOptimizer.step(θ, stats, ε / (1 + d·e))
 *     monitor.onEpoch(report)
 * </pre>
 * A pattern's random stream is keyed by its row index in {@code data} (see {@link CdKernel}), so the gradient of a
 * round is the same whether it is computed here or summed over slices by Spark tasks. The same seed gives bit-for-bit
 * the same model on the same JVM and BLAS.
 *
 * <p>Centring ({@link #withCentering}): the optimiser carries the offsets of a centred RBM ({@link RbmCentering})
 * and takes its steps in the centred parameters; the sampling and the model returned are the ordinary RBM.
 *
 * <p>Data: row-major {@code rows × numVisible}, values in [0, 1] (binary data, or probabilities used as-is in the
 * positive phase). The input array is never modified.
 *
 * <p>Threads: the per-row loops of the kernel and the optimiser step use every available processor (besides the
 * BLAS's own threads); the results do not depend on the thread count.
 *
 * <p>Thread safety: a trainer holds only its configuration; each {@code train} call has its own state, so
 * concurrent calls are safe.
 *
 * <pre>
 * G. E. Hinton: Training products of experts by minimizing contrastive divergence, Neural Computation 14 (2002).
 * T. Tieleman: Training restricted Boltzmann machines using approximations to the likelihood gradient, ICML 2008.
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * </pre>
 */
public final class RbmTrainer {
    /** Purpose key of the per-epoch shuffle stream ("RBM_SHUF"). */
    public static final long SHUFFLE_PURPOSE = 0x52424D5F53485546L;

    private static final Logger logger = Logger.getLogger(RbmTrainer.class.getName());

    private final RbmTrainingConfig config;
    private final TemperingOptions tempering;
    private final RbmCentering.Mode centering;
    private final double centeringRate;

    /** A trainer with the given configuration. */
    public RbmTrainer(RbmTrainingConfig config) {
        this(config, null);
    }

    /**
     * A trainer whose persistent chains are replica ladders sampled by {@link ParallelTempering} (PT's negative
     * phase replaces PCD's; the positive phase is PCD's).
     *
     * @param tempering the ladder, or null for the rule's own negative phase
     * @throws IllegalArgumentException if {@code tempering} is given and the rule is not PCD
     */
    public RbmTrainer(RbmTrainingConfig config, TemperingOptions tempering) {
        this(config, tempering, RbmCentering.Mode.NONE, 0.0);
    }

    private RbmTrainer(RbmTrainingConfig config, TemperingOptions tempering, RbmCentering.Mode centering,
                       double centeringRate) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        if (tempering != null && config.rule() != RbmTrainingConfig.Rule.PCD) {
            throw new IllegalArgumentException("parallel tempering keeps persistent chains: it needs rule pcd, got "
                + config.rule());
        }
        this.config = config;
        this.tempering = tempering;
        this.centering = centering;
        this.centeringRate = centeringRate;
    }

    /**
     * A trainer of centred RBMs ({@link RbmCentering}): the offsets start at the data's means (and ½ for the hidden
     * units with BOTH) and slide with rate {@code rate}; the model returned and reported is the equivalent ordinary
     * RBM. {@code NONE} gives the ordinary trainer.
     *
     * @throws IllegalArgumentException if {@code rate} is outside [0, 1]
     */
    public RbmTrainer withCentering(RbmCentering.Mode mode, double rate) {
        if (mode == null || !(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("centering needs a mode and a rate in [0, 1], got " + mode + ", " + rate);
        }
        return new RbmTrainer(config, tempering, mode, rate);
    }

    /** The configuration. */
    public RbmTrainingConfig config() {
        return config;
    }

    /**
     * Trains from the configured initial model ({@link #initialModel}).
     *
     * @param data row-major {@code rows × numVisible}, values in [0, 1]
     * @param rows number of rows (≥ 1)
     * @param numVisible number of visible units (≥ 1)
     * @param monitor called after each epoch ({@link RbmEpochMonitor#NONE} for none)
     * @return the trained model
     */
    public Rbm train(double[] data, int rows, int numVisible, RbmEpochMonitor monitor) {
        checkData(data, rows, numVisible);
        return train(initialModel(data, rows, numVisible), data, rows, monitor);
    }

    /**
     * Trains starting from {@code initial} (with fresh momentum and, for PCD, fresh chains).
     *
     * @param initial the starting parameters; its numHidden wins over the configuration's
     * @param data row-major {@code rows × initial.numVisible()}, values in [0, 1]
     * @param rows number of rows (≥ 1)
     * @param monitor called after each epoch
     * @return the trained model
     */
    public Rbm train(Rbm initial, double[] data, int rows, RbmEpochMonitor monitor) {
        int nv = initial.numVisible();
        int nh = initial.numHidden();
        checkData(data, rows, nv);
        logger.log(Level.FINE, () -> "training " + initial + " on " + rows + " rows with " + config + ", BLAS "
            + Blas.hint());
        int batch = Math.min(config.batchSize(), rows);
        int rounds = (rows + batch - 1) / batch;
        int chains = config.effectiveChains();
        int threads = Parallel.availableThreads();
        CdKernel kernel = new CdKernel(nv, nh, threads);
        RbmStatistics stats = RbmStatistics.empty(nv, nh);
        RbmOptimizer optimizer = new RbmOptimizer(nv, nh, config.learningRate(), config.momentum(), config.weightDecay(),
            threads);
        if (centering != RbmCentering.Mode.NONE) {
            optimizer.withCentering(RbmCentering.start(centering, centeringRate,
                RbmCentering.columnMeans(data, rows, nv), nh));
        }
        double[] chainHidden = config.rule() == RbmTrainingConfig.Rule.PCD ? CdKernel.initialChains(chains, nh) : null;
        ParallelTempering pt = tempering == null ? null : new ParallelTempering(nv, nh, tempering);
        if (pt != null) {
            chainHidden = ParallelTempering.initialChains(chains, pt.replicas(), nh);
        }
        double[] batchRows = new double[batch * nv];
        long[] ids = new long[batch];
        Rbm model = initial;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            double rate = config.learningRateAt(epoch);
            int[] order = permutation(rows, config.seed(), epoch);
            double reconSum = 0.0;
            SwapCounts swaps = pt == null ? null : SwapCounts.empty(pt.replicas());
            for (int round = 0; round < rounds; round++) {
                int n = gatherBatch(data, nv, order, round, batch, batchRows, ids);
                stats.reset();
                if (chainHidden == null) {
                    kernel.contrastiveDivergence(model, batchRows, n, ids, config.cdSteps(), config.seed(), epoch, round,
                        stats);
                } else if (pt != null) {
                    kernel.positivePhase(model, batchRows, n, ids, config.seed(), epoch, round, stats);
                    pt.negativePhase(model, chainHidden, chains, 0, config.cdSteps(), config.seed(), epoch, round,
                        stats, swaps);
                } else {
                    kernel.positivePhase(model, batchRows, n, ids, config.seed(), epoch, round, stats);
                    kernel.persistentNegativePhase(model, chainHidden, chains, 0, config.cdSteps(), config.seed(),
                        epoch, round, stats);
                }
                reconSum += stats.reconstructionErrorSum();
                model = optimizer.step(model, stats, rate);
            }
            double seconds = (System.nanoTime() - start) * 1e-9;
            RbmEpochReport report = new RbmEpochReport(epoch + 1, model, reconSum / rows, rate, seconds,
                rows / Math.max(seconds, 1e-12), optimizer.weightUpdateNorm());
            logger.log(Level.FINE, () -> "epoch " + report.epoch() + ": reconstruction error "
                + report.reconstructionError() + ", " + report.seconds() + " s"
                + (swaps == null ? "" : ", swap rates " + java.util.Arrays.toString(swaps.rates())));
            monitor.onEpoch(report);
        }
        return model;
    }

    /**
     * The initial model: {@code Rbm.random(numVisible, numHidden, initialWeightStd, a, seed)} with {@code a} the
     * base-rate visible biases of the data if {@code visibleBiasFromData}, else zeros.
     */
    public Rbm initialModel(double[] data, int rows, int numVisible) {
        double[] a = config.visibleBiasFromData() ? Rbm.baseRateVisibleBias(data, rows, numVisible) : null;
        return Rbm.random(numVisible, config.numHidden(), config.initialWeightStd(), a, config.seed());
    }

    /**
     * The row order of epoch {@code epoch}: a Fisher–Yates shuffle of {@code 0 … n−1} driven by
     * {@code Seeds.rng(seed, SHUFFLE_PURPOSE, epoch)}.
     */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        SplittableRandom rng = Seeds.rng(seed, SHUFFLE_PURPOSE, epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * The rows of round {@code round} of an epoch: rows {@code order[round·batch …]} (at most {@code batch}, fewer in
     * the last round) copied into {@code batchRows} and their indices (the stream keys) into {@code ids}.
     *
     * @return the number of rows gathered
     */
    public static int gatherBatch(double[] data, int numVisible, int[] order, int round, int batch, double[] batchRows,
                                  long[] ids) {
        int from = round * batch;
        int n = Math.min(batch, order.length - from);
        for (int r = 0; r < n; r++) {
            ids[r] = order[from + r];
            System.arraycopy(data, order[from + r] * numVisible, batchRows, r * numVisible, numVisible);
        }
        return n;
    }

    /** Copies equal-length rows into one row-major array. */
    public static double[] flatten(double[][] rows) {
        if (rows.length == 0) {
            return new double[0];
        }
        int cols = rows[0].length;
        double[] out = new double[rows.length * cols];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, out, r * cols, cols);
        }
        return out;
    }

    private static void checkData(double[] data, int rows, int numVisible) {
        if (rows < 1 || numVisible < 1) {
            throw new IllegalArgumentException("training needs rows >= 1 and numVisible >= 1, got rows=" + rows
                + ", numVisible=" + numVisible);
        }
        if (data.length != (long) rows * numVisible) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected rows*numVisible = "
                + rows + "*" + numVisible + " = " + ((long) rows * numVisible));
        }
        for (int k = 0; k < data.length; k++) {
            if (!(data[k] >= 0.0 && data[k] <= 1.0)) {
                throw new IllegalArgumentException("data value at row " + (k / numVisible) + ", unit " + (k % numVisible)
                    + " is " + data[k] + ", expected a value in [0, 1]");
            }
        }
    }

    @Override
    public String toString() {
        return "RbmTrainer(" + config + (tempering == null ? "" : ", " + tempering)
            + (centering == RbmCentering.Mode.NONE ? "" : ", centering=" + centering + " rate " + centeringRate) + ")";
    }
}
