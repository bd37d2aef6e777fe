package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The round loop that every distributed trainer shares, in the design card's shape:
 * <pre>
 *   for epoch e:  lay the patterns out by the epoch's order (one {@link EpochShard} per partition, persisted)
 *     for round r (one mini-batch, positions [r·B, (r+1)·B) of the order):
 *       driver: ship the parameters and the chains (inside the task when small, as a broadcast when large)
 *       task p: {@link Kernel#round}: statistics of its shard's rows of the batch, and chains
 *               [C·p/P, C·(p+1)/P) advanced
 *       driver: merge the partial statistics in partition order (not task-completion order), reassemble the
 *               chains, {@link Driver#apply} the update
 *     listener: after the epoch (checkpoints, monitors)
 * </pre>
 * A model plugs in two halves: the {@link Kernel} travels to the executors inside the task closure, the
 * {@link Driver} stays on the driver (optimiser state, learning-rate schedule). The random streams are the
 * kernel's business and must be keyed by pattern index and chain index only; then the result does not depend on
 * the partitioning except through the order of floating-point additions, and is the same bit for bit for a given
 * partitioning.
 *
 * <p>Transport: in local mode, when every partition gets a task slot and an epoch has more than one round, the
 * epoch's rounds run as one Spark job whose tasks stay for the epoch and take each round's input from the driver in
 * memory ({@link ResidentRounds}); an empty Spark job alone costs more than a round of the benchmark's arithmetic.
 * Otherwise (a cluster, more partitions than slots, a lineage a barrier stage refuses, or the local property
 * {@code boltzmann.residentRounds=off}) each round is one job, its description naming the epoch and round. Both run
 * the same task code on the same inputs and merge in the same order: the same bits.
 *
 * <p>The chains (C × chainWidth values) are carried by the driver and shipped with the parameters each round, so
 * a retried task recomputes exactly the same chains from the same inputs and streams.
 *
 * @param <P> the parameters a task needs (serializable, Kryo-registered)
 * @param <S> a task's partial statistics (serializable, Kryo-registered)
 */
public final class RoundEngine<P, S> {
    /** Parameter count above which a round's parameters are broadcast rather than shipped inside each task. */
    public static final long BROADCAST_THRESHOLD = 100_000;

    /**
     * The Spark local property (of the driver thread that trains) that chooses the transport: {@code auto}
     * (resident rounds where they apply, the default) or {@code off} (one job per round).
     */
    public static final String RESIDENT_ROUNDS = ResidentRounds.PROPERTY;

    /**
     * What the environment tells a native BLAS about threads ({@code OPENBLAS_NUM_THREADS}, else
     * {@code OMP_NUM_THREADS}); {@code "default"} if neither is set, {@code "java"} if the BLAS is not native.
     */
    public static String nativeBlasThreads() {
        String v = ResidentRounds.nativeBlasThreads();
        return v == null ? "default" : v;
    }

    /** Whether an epoch over {@code partitions} partitions runs its rounds resident on {@code sc} (this thread). */
    public static boolean residentRounds(JavaSparkContext sc, int partitions) {
        return ResidentRounds.applies(sc, partitions);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RoundEngine.class);

    /** What a task computes on its share of a round; travels inside the task closure (Java-serialized). */
    @FunctionalInterface
    public interface Kernel<P, S> extends Serializable {
        /**
         * One task's share of round {@code round} of epoch {@code epoch}.
         *
         * @param params the round's parameters
         * @param shard the partition's patterns laid out for the epoch
         * @param from first row of {@code shard} in the round's batch
         * @param to end (exclusive) of the shard's rows in the batch; {@code from == to} is possible
         * @param chains the task's chains, {@code numChains × chainWidth}, to advance in place; null if the rule
         *     keeps none
         * @param firstChain global index of the first of them
         * @param numChains how many (may be 0)
         * @return the partial statistics
         */
        S round(P params, EpochShard shard, int from, int to, double[] chains, int firstChain, int numChains,
                int epoch, int round);
    }

    /** What the driver does with the merged statistics. */
    public interface Driver<P, S> {
        /** The epoch's order of the patterns: order[k] = index of the pattern at position k. */
        int[] order(int epoch, int rows);

        /** Empty statistics for {@code params}: the start of the merge. */
        S empty(P params);

        /** Adds {@code part} into {@code into} (called in partition order) and returns the sum. */
        S merge(S into, S part);

        /**
         * Adds {@code parts} (in partition order) into {@code into} and returns the sum; by default one
         * {@link #merge} after the other. A model may override it with a faster form of the same sums.
         */
        default S mergeAll(S into, List<S> parts) {
            S sum = into;
            for (S part : parts) {
                sum = merge(sum, part);
            }
            return sum;
        }

        /** The update of round {@code round}: the new parameters. */
        P apply(P params, S sum, int epoch, int round);

        /** The round's contribution to the epoch's monitor (e.g. the reconstruction-error sum); 0 if none. */
        default double monitor(S sum) {
            return 0.0;
        }

        /** Number of values in {@code params}, for the broadcast decision. */
        long size(P params);
    }

    /** Told after each epoch. */
    @FunctionalInterface
    public interface EpochListener<P> {
        /**
         * @param params the parameters after the epoch
         * @param chains the chains after it (null if none)
         * @param epochsDone epochs completed, this one included
         * @param monitor the monitor sums of the epoch's rounds divided by the number of patterns
         * @param seconds the epoch's wall time
         */
        void afterEpoch(P params, double[] chains, int epochsDone, double monitor, double seconds) throws Exception;
    }

    /**
     * The shape of a run.
     *
     * @param name the model's name in job descriptions and the log, e.g. "rbm"
     * @param epochs epochs to reach
     * @param batchSize patterns per round (at most the number of patterns is used)
     * @param width values per pattern row in the shards
     * @param chainWidth values per chain (ignored when there are no chains)
     */
    public record Plan(String name, int epochs, int batchSize, int width, int chainWidth) {
    }

    /** Told on the driver after every round, for a progress line. */
    @FunctionalInterface
    public interface RoundListener {
        /**
         * @param epoch the epoch in progress (1-based)
         * @param epochs epochs of the run
         * @param round rounds done in the epoch (1-based)
         * @param rounds rounds per epoch
         * @param batch patterns per round
         * @param seconds the epoch's time so far
         */
        void afterRound(int epoch, int epochs, int round, int rounds, int batch, double seconds);
    }

    private static final ThreadLocal<RoundListener> ROUND_LISTENER = new ThreadLocal<>();

    /**
     * Runs {@code body} with {@code listener} told of every round of the engines it runs on this thread (the
     * trainers build their engines inside; this reaches them all without changing their signatures).
     */
    public static <T> T withRoundListener(RoundListener listener, java.util.concurrent.Callable<T> body)
        throws Exception {
        RoundListener before = ROUND_LISTENER.get();
        ROUND_LISTENER.set(listener);
        try {
            return body.call();
        } finally {
            ROUND_LISTENER.set(before);
        }
    }

    /**
     * Runs {@code body} with the transport {@code mode} ({@code auto} or {@code off}, see {@link #RESIDENT_ROUNDS})
     * for the engines it runs on this thread, and restores the thread's setting afterwards.
     */
    public static <T> T withResidentRounds(JavaSparkContext sc, String mode, java.util.concurrent.Callable<T> body)
        throws Exception {
        String before = sc.getLocalProperty(RESIDENT_ROUNDS);
        sc.setLocalProperty(RESIDENT_ROUNDS, mode);
        try {
            return body.call();
        } finally {
            sc.setLocalProperty(RESIDENT_ROUNDS, before);
        }
    }

    private final Plan plan;
    private final Kernel<P, S> kernel;
    private final Driver<P, S> driver;

    /** An engine for one model. */
    public RoundEngine(Plan plan, Kernel<P, S> kernel, Driver<P, S> driver) {
        this.plan = plan;
        this.kernel = kernel;
        this.driver = driver;
    }

    /** The end of a run: the parameters and chains after the last epoch. */
    public record End<P>(P params, double[] chains) {
    }

    /**
     * Trains from epoch {@code epochsDone} until {@code plan.epochs()}.
     *
     * @param data the pattern rows (indices 0..count-1, {@code plan.width()} values each), persisted or cheap to
     *     recompute
     * @param count number of patterns
     * @param chains the chains' states (C × chainWidth), or null
     */
    public End<P> run(JavaSparkContext sc, JavaRDD<LabeledPattern> data, long count, P params, double[] chains,
                      int epochsDone, EpochListener<P> listener) throws Exception {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("at most " + (Integer.MAX_VALUE - 8) + " patterns, got " + count);
        }
        int rows = (int) count;
        int width = plan.width();
        int batch = Math.min(plan.batchSize(), rows);
        int rounds = (rows + batch - 1) / batch;
        int partitions = data.getNumPartitions();
        int chainWidth = plan.chainWidth();
        Kernel<P, S> k = kernel;
        long runStart = System.nanoTime();
        P current = params;
        double[] currentChains = chains;
        for (int epoch = epochsDone; epoch < plan.epochs(); epoch++) {
            long start = System.nanoTime();
            int e = epoch;
            int[] order = driver.order(epoch, rows);
            int[] position = new int[rows];
            for (int i = 0; i < rows; i++) {
                position[order[i]] = i;
            }
            Broadcast<int[]> positions = sc.broadcast(position);
            String prefix = plan.name() + " epoch " + (epoch + 1) + "/" + plan.epochs();
            sc.setJobDescription(prefix + ": lay out the shards");
            JavaRDD<EpochShard> shards = data.mapPartitions(it -> List.of(EpochShard.of(it, width, positions.value()))
                .iterator()).persist(StorageLevel.MEMORY_AND_DISK());
            Progress progress = new Progress(current, currentChains, epoch, rounds, batch, start);
            // an epoch of one round is one job either way, and a plain job starts faster than a barrier one
            if (rounds > 1 && ResidentRounds.applies(sc, partitions, shards.rdd())) {
                residentEpoch(shards, prefix, progress, partitions, chainWidth);
            } else {
                for (int round = 0; round < rounds; round++) {
                    int r = round;
                    sc.setJobDescription(prefix + " round " + (round + 1) + "/" + rounds);
                    // small parameters travel inside the task; large ones as a broadcast, fetched once per executor
                    RoundInput in = new RoundInput(progress.params, progress.chains);
                    boolean large = driver.size(progress.params) > BROADCAST_THRESHOLD;
                    Broadcast<RoundInput> input = large ? sc.broadcast(in) : null;
                    RoundInput inline = large ? null : in;
                    List<RoundOutput> outputs = new ArrayList<>(shards.mapPartitionsWithIndex((pid, it) -> {
                        RoundInput got = inline != null ? inline : input.value();
                        return List.of(task(k, it.next(), pid, partitions, got, chainWidth, e, r, batch)).iterator();
                    }, true).collect());
                    if (input != null) {
                        input.destroy(false);
                    }
                    progress.absorb(outputs, chainWidth);
                }
            }
            current = progress.params;
            currentChains = progress.chains;
            double monitor = progress.monitor;
            shards.unpersist(false);
            positions.destroy();
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.afterEpoch(current, currentChains, epoch + 1, monitor / rows, seconds);
            double perEpoch = (System.nanoTime() - runStart) / 1e9 / (epoch + 1 - epochsDone);
            LOG.info("{} epoch {}/{} done: {} rounds, {} samples/s, about {} s left", plan.name(), epoch + 1,
                plan.epochs(), rounds, Math.round(rows / Math.max(seconds, 1e-9)),
                Math.round(perEpoch * (plan.epochs() - epoch - 1)));
        }
        return new End<>(current, currentChains);
    }

    /**
     * Runs the epoch's rounds in one Spark job whose tasks stay for the epoch ({@link ResidentRounds}): the same
     * inputs, tasks and merge as one job per round, handed over in memory.
     */
    private void residentEpoch(JavaRDD<EpochShard> shards, String prefix, Progress progress, int partitions,
                               int chainWidth) throws Exception {
        int rounds = progress.rounds;
        ResidentRounds.Exchange exchange = new ResidentRounds.Exchange(partitions, rounds,
            new RoundInput(progress.params, progress.chains));
        String key = ResidentRounds.register(exchange);
        JavaFutureAction<Void> job = null;
        boolean done = false;
        try {
            shards.context().setJobDescription(prefix + ": rounds 1-" + rounds + " in one job (resident tasks)");
            job = ResidentRounds.launch(shards, key, kernel, partitions, chainWidth, progress.epoch, progress.batch);
            ResidentRounds.Watch watch = ResidentRounds.watch(job);
            JavaRDD<Object> marker = JavaSparkContext.fromSparkContext(shards.context()).emptyRDD();
            long lastMarker = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                progress.absorb(exchange.outputs(watch), chainWidth);
                exchange.publish(new RoundInput(progress.params, progress.chains));
                if (System.nanoTime() - lastMarker >= ResidentRounds.markerIntervalNanos) {
                    // a job of no tasks takes no slot but shows the round in progress in the Spark UI; it costs
                    // about 2.5 ms, so at most one a second
                    shards.context().setJobDescription(prefix + " round " + (round + 1) + "/" + rounds
                        + " (resident)");
                    marker.count();
                    lastMarker = System.nanoTime();
                }
            }
            ResidentRounds.rethrow(job);
            done = true;
        } finally {
            if (!done) {
                exchange.abort();
                if (job != null) {
                    job.cancel(true);
                }
            }
            ResidentRounds.unregister(key);
        }
    }

    /** The driver's side of an epoch in progress: the parameters and chains after the rounds merged so far. */
    private final class Progress {
        P params;
        double[] chains;
        double monitor;
        final int epoch;
        final int rounds;
        final int batch;
        private final long start;
        private int round;

        Progress(P params, double[] chains, int epoch, int rounds, int batch, long start) {
            this.params = params;
            this.chains = chains;
            this.epoch = epoch;
            this.rounds = rounds;
            this.batch = batch;
            this.start = start;
        }

        /** Merges a round's task outputs in partition order, reassembles the chains and applies the update. */
        void absorb(List<RoundOutput> outputs, int chainWidth) {
            outputs.sort(Comparator.comparingInt(o -> o.partition));
            List<S> parts = new ArrayList<>(outputs.size());
            double[] next = chains == null ? null : new double[chains.length];
            for (RoundOutput o : outputs) {
                @SuppressWarnings("unchecked")
                S part = (S) o.stats;
                parts.add(part);
                if (next != null) {
                    System.arraycopy(o.chains, 0, next, o.firstChain * chainWidth, o.chains.length);
                }
            }
            S sum = driver.mergeAll(driver.empty(params), parts);
            monitor += driver.monitor(sum);
            params = driver.apply(params, sum, epoch, round);
            chains = next;
            round++;
            RoundListener roundListener = ROUND_LISTENER.get();
            if (roundListener != null) {
                roundListener.afterRound(epoch + 1, plan.epochs(), round, rounds, batch,
                    (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** The partition's part of one round: its rows of the batch and its block of the chains. */
    static <P, S> RoundOutput task(Kernel<P, S> kernel, EpochShard shard, int pid, int partitions, RoundInput in,
                                   int chainWidth, int epoch, int round, int batch) {
        int[] range = shard.roundRange(round, batch);
        double[] slice = null;
        int first = 0;
        int count = 0;
        if (in.chains != null) {
            int numChains = in.chains.length / chainWidth;
            first = (int) ((long) numChains * pid / partitions);
            int last = (int) ((long) numChains * (pid + 1) / partitions);
            count = last - first;
            slice = Arrays.copyOfRange(in.chains, first * chainWidth, last * chainWidth);
        }
        @SuppressWarnings("unchecked")
        P params = (P) in.params;
        S stats = kernel.round(params, shard, range[0], range[1], slice, first, count, epoch, round);
        return new RoundOutput(pid, stats, first, slice);
    }

    /** What every task of a round receives. */
    static final class RoundInput implements Serializable {
        private static final long serialVersionUID = 1L;
        final Object params;
        final double[] chains;

        RoundInput(Object params, double[] chains) {
            this.params = params;
            this.chains = chains;
        }
    }

    /** What a task of a round returns: its partial sums and its advanced chains. */
    static final class RoundOutput implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        final Object stats;
        final int firstChain;
        final double[] chains;

        RoundOutput(int partition, Object stats, int firstChain, double[] chains) {
            this.partition = partition;
            this.stats = stats;
            this.firstChain = firstChain;
            this.chains = chains;
        }
    }
}
