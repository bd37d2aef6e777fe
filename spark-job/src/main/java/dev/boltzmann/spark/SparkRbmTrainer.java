package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.CdKernel;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmStatistics;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * RBM training on Spark in the design card's shape: each round (one mini-batch, one synchronous update), every
 * task sums the positive-phase statistics of its shard's rows of the batch and advances the persistent chains it
 * owns; the driver merges the partial sums in partition order and applies the update.
 *
 * <p>It computes what {@link RbmTrainer} computes in one process: the same epoch permutation
 * ({@link RbmTrainer#permutation}), the same per-pattern and per-chain random streams (keyed by the pattern's
 * index in the data set and the chain's global index, never by the partition), the same optimiser. Only the
 * order of floating-point additions differs, so the weights agree to rounding (about 1e-12 relative) with one
 * process and with any number of partitions, and are identical bit for bit for a given partitioning (the
 * partial sums are merged in partition order, not in task-completion order as {@code treeAggregate} would).
 *
 * <p>PCD chains are carried by the driver and shipped with the parameters each round: chain c goes to partition
 * {@code c·P/C} and comes back advanced. The chains (C × nh values) are small next to the parameters
 * (nv × nh), so this costs little, and a retried task recomputes exactly the same chains from the same broadcast
 * inputs and random streams; a persisted chain RDD would need a new RDD and lineage every round.
 */
public final class SparkRbmTrainer {
    /** Parameter count above which a round's parameters are broadcast rather than shipped inside each task. */
    static final long BROADCAST_THRESHOLD = 100_000;

    private SparkRbmTrainer() {
    }

    /** Everything that evolves during training: what a checkpoint holds. */
    public record State(Rbm model, RbmOptimizer optimizer, double[] chains, int epochsDone) implements Serializable {
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * @param state the state after the epoch ({@code epochsDone} counts it)
         * @param reconstructionError mean reconstruction error over the epoch's rows
         * @param seconds the epoch's wall time
         */
        void afterEpoch(State state, double reconstructionError, double seconds) throws Exception;
    }

    /** The state before the first epoch: the trainer's initial model, fresh optimiser and chains. */
    public static State initialState(Rbm initial, RbmTrainingConfig config) {
        return initialState(initial, config, null);
    }

    /**
     * The state before the first epoch of a centred RBM ({@link RbmCentering}; null for an ordinary one): the
     * optimiser carries the offsets and moves them on the driver, from the merged statistics, so the partial sums
     * of the tasks stay plain sums.
     */
    public static State initialState(Rbm initial, RbmTrainingConfig config, RbmCentering centering) {
        int nv = initial.numVisible();
        int nh = initial.numHidden();
        double[] chains = config.rule() == RbmTrainingConfig.Rule.PCD
            ? CdKernel.initialChains(config.effectiveChains(), nh) : null;
        return new State(initial, new RbmOptimizer(nv, nh, config.learningRate(), config.momentum(),
            config.weightDecay()).withCentering(centering), chains, 0);
    }

    /**
     * Trains from {@code state} until {@code config.epochs()} epochs are done.
     *
     * @param data the patterns (indices 0..count-1), persisted
     * @param count number of patterns
     */
    public static State train(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, RbmTrainingConfig config,
                              State state, EpochListener listener) throws Exception {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " patterns, got " + count);
        }
        int rows = (int) count;
        int nv = state.model().numVisible();
        int batch = Math.min(config.batchSize(), rows);
        int rounds = (rows + batch - 1) / batch;
        int partitions = data.getNumPartitions();
        State current = state;
        for (int epoch = state.epochsDone(); epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            int e = epoch;
            int[] order = RbmTrainer.permutation(rows, config.seed(), epoch);
            int[] position = new int[rows];
            for (int k = 0; k < rows; k++) {
                position[order[k]] = k;
            }
            Broadcast<int[]> positions = sc.broadcast(position);
            sc.setJobDescription("rbm epoch " + (epoch + 1) + "/" + config.epochs() + ": lay out the shards");
            JavaRDD<EpochShard> shards = data.mapPartitions(it -> List.of(EpochShard.of(it, nv, positions.value()))
                .iterator()).persist(StorageLevel.MEMORY_AND_DISK());
            double rate = config.learningRateAt(epoch);
            double reconstruction = 0.0;
            Rbm model = current.model();
            double[] chains = current.chains();
            RbmOptimizer optimizer = current.optimizer();
            for (int round = 0; round < rounds; round++) {
                int r = round;
                sc.setJobDescription("rbm epoch " + (epoch + 1) + "/" + config.epochs() + " round " + (round + 1) + "/"
                    + rounds);
                // small parameters travel inside the task; large ones as a broadcast, fetched once per executor
                RoundInput in = new RoundInput(model, chains);
                boolean large = (long) nv * model.numHidden() > BROADCAST_THRESHOLD;
                Broadcast<RoundInput> input = large ? sc.broadcast(in) : null;
                RoundInput inline = large ? null : in;
                List<RoundOutput> outputs = new ArrayList<>(shards.mapPartitionsWithIndex((pid, it) -> {
                    RoundInput got = inline != null ? inline : input.value();
                    return List.of(round(it.next(), pid, partitions, got, config, e, r, batch)).iterator();
                }, true).collect());
                if (input != null) {
                    input.destroy(false);
                }
                outputs.sort(Comparator.comparingInt(o -> o.partition));
                RbmStatistics stats = RbmStatistics.empty(nv, model.numHidden());
                double[] nextChains = chains == null ? null : new double[chains.length];
                for (RoundOutput o : outputs) {
                    stats.merge(o.stats);
                    if (nextChains != null) {
                        System.arraycopy(o.chains, 0, nextChains, o.firstChain * model.numHidden(), o.chains.length);
                    }
                }
                reconstruction += stats.reconstructionErrorSum();
                model = optimizer.step(model, stats, rate);
                chains = nextChains;
            }
            shards.unpersist(false);
            positions.destroy();
            current = new State(model, optimizer, chains, epoch + 1);
            listener.afterEpoch(current, reconstruction / rows, (System.nanoTime() - start) / 1e9);
        }
        return current;
    }

    /** The partition's part of one round. */
    private static RoundOutput round(EpochShard shard, int pid, int partitions, RoundInput in,
                                     RbmTrainingConfig config, int epoch, int round, int batch) {
        Rbm model = in.model;
        int nv = model.numVisible();
        int nh = model.numHidden();
        CdKernel kernel = new CdKernel(nv, nh);
        RbmStatistics stats = RbmStatistics.empty(nv, nh);
        int[] range = shard.roundRange(round, batch);
        int n = range[1] - range[0];
        double[] v0 = Arrays.copyOfRange(shard.rows, range[0] * nv, range[1] * nv);
        long[] ids = Arrays.copyOfRange(shard.ids, range[0], range[1]);
        double[] chainSlice = null;
        int first = 0;
        if (in.chains == null) {
            if (n > 0) {
                kernel.contrastiveDivergence(model, v0, n, ids, config.cdSteps(), config.seed(), epoch, round, stats);
            }
        } else {
            if (n > 0) {
                kernel.positivePhase(model, v0, n, ids, config.seed(), epoch, round, stats);
            }
            int numChains = in.chains.length / nh;
            first = (int) ((long) numChains * pid / partitions);
            int last = (int) ((long) numChains * (pid + 1) / partitions);
            chainSlice = Arrays.copyOfRange(in.chains, first * nh, last * nh);
            if (last > first) {
                kernel.persistentNegativePhase(model, chainSlice, last - first, first, config.cdSteps(), config.seed(),
                    epoch, round, stats);
            }
        }
        return new RoundOutput(pid, stats, first, chainSlice);
    }

    /** What every task of a round receives. */
    static final class RoundInput implements Serializable {
        private static final long serialVersionUID = 1L;
        final Rbm model;
        final double[] chains;

        RoundInput(Rbm model, double[] chains) {
            this.model = model;
            this.chains = chains;
        }
    }

    /** What a task of a round returns: its partial sums and its advanced chains. */
    static final class RoundOutput implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        final RbmStatistics stats;
        final int firstChain;
        final double[] chains;

        RoundOutput(int partition, RbmStatistics stats, int firstChain, double[] chains) {
            this.partition = partition;
            this.stats = stats;
            this.firstChain = firstChain;
            this.chains = chains;
        }
    }
}
