package dev.boltzmann.spark;

import dev.boltzmann.math.Blas;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * All the rounds of one epoch in one Spark job, for when the tasks run in the driver's JVM (local mode).
 *
 * <p>An empty Spark job costs about 8 ms on a 2-core machine (scheduling, the task binary's broadcast, the result's
 * way back), which is more than a whole round of CD-1 at 784 × 500 with 100 patterns. So in local mode an epoch is
 * one <em>barrier</em> job over the epoch's shards: Spark starts all its tasks at once, and each task stays for the
 * epoch. Round by round a task takes the round's input (parameters and chains) from an {@link Exchange}, runs exactly
 * the per-round task of {@link RoundEngine} on it, and hands its output back; the driver merges the outputs in
 * partition order, applies the update and publishes the next round's input, as the one-job-per-round path does. The
 * arithmetic is the same code on the same inputs in the same order, so the two paths give the same bits (a test
 * checks it). Only the transport differs: the tasks share the driver's heap, so a round's input and outputs are
 * handed over by reference.
 *
 * <p>Faults: a failed task fails the barrier stage, and Spark reruns all its tasks (the stage is a shuffle-map stage
 * for that reason: Spark does not retry a failed barrier result stage). A round's output depends only on the
 * round's input, the shard and the random streams, so the new tasks join at the round in progress and compute
 * what the first attempt would have; an output for a round no longer in progress is ignored. A failed job or a
 * killed task ends the wait of everyone involved, and the driver rethrows the job's error.
 *
 * <p>Used only when the master is local, every partition gets a task slot at once (a barrier stage needs that), the
 * data's lineage can run as a barrier stage ({@link #barrierChain}), the epoch has more than one round (a barrier
 * job with its shuffle costs about 18 ms here, a plain job about 10) and the thread's local property
 * {@value #PROPERTY} is not {@code off}; otherwise the engine runs one job per round.
 */
final class ResidentRounds {
    /** The Spark local property that switches resident rounds off ({@code off}) or leaves them on ({@code auto}). */
    static final String PROPERTY = "boltzmann.residentRounds";

    /**
     * The least time between two task-less jobs that name the round in progress in the Spark UI (ns); tests set 0
     * to have every round named.
     */
    static volatile long markerIntervalNanos = 1_000_000_000L;

    /** How often a waiting side looks whether the job failed or its task was killed (ms). */
    private static final long POLL_MS = 50;

    /** The exchanges of the epochs running in this JVM, by key; a task finds its own through the key it carries. */
    private static final Map<String, Exchange> EXCHANGES = new ConcurrentHashMap<>();

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private static final Logger LOG = LoggerFactory.getLogger(ResidentRounds.class);

    private ResidentRounds() {
    }

    /**
     * Whether an epoch over {@code partitions} shards may run resident on {@code sc}: local master, property not
     * {@code off}, and at least as many task slots as partitions.
     */
    static boolean applies(JavaSparkContext sc, int partitions) {
        return applies(sc, partitions, null);
    }

    /**
     * {@link #applies(JavaSparkContext, int)} for an epoch over {@code shards} (null: not known yet), which must
     * also be able to run as a barrier stage: within its stage every RDD it derives from has its partition count,
     * with no partition pruning (a {@code coalesce} or {@code union} without a shuffle, or a pruned scan, would make
     * Spark refuse the barrier job).
     */
    static boolean applies(JavaSparkContext sc, int partitions, RDD<?> shards) {
        if (shards != null && !barrierChain(shards, partitions)) {
            return false;
        }
        String mode = sc.getLocalProperty(PROPERTY);
        if (mode != null && mode.equalsIgnoreCase("off")) {
            return false;
        }
        SparkContext spark = sc.sc();
        if (!spark.isLocal()) {
            return false;
        }
        int slots = spark.maxNumConcurrentTasks(spark.resourceProfileManager().defaultResourceProfile());
        if (partitions > slots) {
            return false;
        }
        if (slots > 1 && partitions > 1 && nativeBlasThreads() == null && WARNED.compareAndSet(false, true)) {
            LOG.warn("the native BLAS ({}) may run several threads in each of the {} tasks that share this JVM;"
                + " set OPENBLAS_NUM_THREADS=1 (and OMP_NUM_THREADS=1), as Spark does for executors and"
                + " launch-scripts/run-local does, or training slows several-fold", Blas.implementation(), partitions);
        }
        return true;
    }

    /**
     * The thread count the environment gives a native BLAS ({@code OPENBLAS_NUM_THREADS}, else
     * {@code OMP_NUM_THREADS}); null when neither is set and the BLAS is native (it then takes every core);
     * {@code "java"} when the BLAS is not native.
     */
    static String nativeBlasThreads() {
        if (!Blas.implementation().startsWith("JNI")) {
            return "java";
        }
        String v = System.getenv("OPENBLAS_NUM_THREADS");
        return v != null && !v.isBlank() ? v : System.getenv("OMP_NUM_THREADS");
    }

    /** Whether {@code rdd} and its ancestors within its stage all have {@code partitions} partitions, unpruned. */
    static boolean barrierChain(RDD<?> rdd, int partitions) {
        java.util.ArrayDeque<RDD<?>> todo = new java.util.ArrayDeque<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        todo.add(rdd);
        while (!todo.isEmpty()) {
            RDD<?> r = todo.poll();
            if (!seen.add(r.id())) {
                continue;
            }
            if (r.getNumPartitions() != partitions) {
                return false;
            }
            scala.collection.Iterator<org.apache.spark.Dependency<?>> deps = r.dependencies().iterator();
            while (deps.hasNext()) {
                org.apache.spark.Dependency<?> d = deps.next();
                if (d instanceof org.apache.spark.ShuffleDependency<?, ?, ?>) {
                    continue;
                }
                if (d.getClass().getSimpleName().equals("PartitionPruningDep")) {
                    return false;
                }
                todo.add(d.rdd());
            }
        }
        return true;
    }

    /** What a task is given for a round: its index and input. */
    record Published(int round, RoundEngine.RoundInput input) {
    }

    /**
     * The meeting point of one epoch's driver and tasks: the round in progress, its input, and the outputs that
     * have arrived for it.
     */
    static final class Exchange {
        private final int partitions;
        private final int rounds;
        private int round;
        private RoundEngine.RoundInput input;
        private final RoundEngine.RoundOutput[] outputs;
        private int received;
        private boolean aborted;

        Exchange(int partitions, int rounds, RoundEngine.RoundInput first) {
            this.partitions = partitions;
            this.rounds = rounds;
            this.input = first;
            this.outputs = new RoundEngine.RoundOutput[partitions];
        }

        /**
         * Task side: waits until round {@code next} (or a later one) is in progress and returns it, or null when
         * the epoch's rounds are all done.
         *
         * @param killed run while waiting; throws if the task was killed (Spark flags a task it kills rather than
         *     interrupting it)
         */
        synchronized Published await(int next, Runnable killed) throws InterruptedException {
            while (round < next && !aborted) {
                wait(POLL_MS);
                killed.run();
            }
            if (aborted) {
                throw new IllegalStateException("resident rounds: the driver gave up the epoch");
            }
            return round >= rounds ? null : new Published(round, input);
        }

        /** Task side: the output of {@code forRound}; ignored unless that round is still in progress. */
        synchronized void submit(int forRound, RoundEngine.RoundOutput output) {
            if (forRound != round || outputs[output.partition] != null) {
                return;
            }
            outputs[output.partition] = output;
            received++;
            if (received == partitions) {
                notifyAll();
            }
        }

        /**
         * Driver side: waits for every partition's output of the round in progress (in partition order), looking
         * at {@code job} now and then.
         *
         * @param job throws if the epoch's job has ended (failed, or finished too early)
         */
        synchronized List<RoundEngine.RoundOutput> outputs(Watch job) throws Exception {
            while (received < partitions) {
                wait(POLL_MS);
                if (received < partitions) {
                    job.check();
                }
            }
            return new ArrayList<>(List.of(outputs));
        }

        /** Driver side: the next round's input (ignored after the last round); wakes the tasks. */
        synchronized void publish(RoundEngine.RoundInput next) {
            round++;
            input = round < rounds ? next : null;
            java.util.Arrays.fill(outputs, null);
            received = 0;
            notifyAll();
        }

        /** Driver side: ends every wait with an error. */
        synchronized void abort() {
            aborted = true;
            notifyAll();
        }
    }

    /** A look at the epoch's job from the driver's wait. */
    @FunctionalInterface
    interface Watch {
        /** Throws if the job has ended. */
        void check() throws Exception;
    }

    /** A {@link Watch} of {@code job}: its failure, or an error if it finished while rounds were left. */
    static Watch watch(JavaFutureAction<Void> job) {
        return () -> {
            if (job.isDone()) {
                rethrow(job);
                throw new IllegalStateException("resident rounds: the epoch's job ended before its last round");
            }
        };
    }

    /** Throws the cause of the job's failure, if it failed. */
    static void rethrow(JavaFutureAction<Void> job) throws Exception {
        try {
            job.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Registers {@code exchange} for the tasks of one epoch; returns its key. */
    static String register(Exchange exchange) {
        String key = UUID.randomUUID().toString();
        EXCHANGES.put(key, exchange);
        return key;
    }

    /** Forgets the exchange of {@code key}. */
    static void unregister(String key) {
        EXCHANGES.remove(key);
    }

    /** How many epochs' exchanges are registered in this JVM (0 when no resident epoch runs). */
    static int open() {
        return EXCHANGES.size();
    }

    /**
     * Starts the epoch's barrier job: one task per shard, each running its rounds against the exchange of
     * {@code key}.
     */
    static <P, S> JavaFutureAction<Void> launch(JavaRDD<EpochShard> shards, String key, RoundEngine.Kernel<P, S> kernel,
                                                int partitions, int chainWidth, int epoch, int batch) {
        TaskLoop<P, S> loop = new TaskLoop<>(key, kernel, partitions, chainWidth, epoch, batch);
        ClassTag<Object> tag = ClassTag$.MODULE$.AnyRef();
        RDD<Object> resident = shards.rdd().barrier().mapPartitions(loop, true, tag);
        // Spark retries a failed barrier stage only when it is a shuffle-map stage (a failed barrier result stage
        // ends the job), so the tasks' empty output goes through a shuffle to a one-task result stage.
        return JavaRDD.fromRDD(resident, tag).repartition(1).foreachPartitionAsync(it -> {
            while (it.hasNext()) {
                it.next();
            }
        });
    }

    /** What each task of the epoch's job runs: its rounds, one after the other, against the exchange. */
    private static final class TaskLoop<P, S>
        extends scala.runtime.AbstractFunction1<scala.collection.Iterator<EpochShard>, scala.collection.Iterator<Object>>
        implements Function1<scala.collection.Iterator<EpochShard>, scala.collection.Iterator<Object>>, Serializable {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final RoundEngine.Kernel<P, S> kernel;
        private final int partitions;
        private final int chainWidth;
        private final int epoch;
        private final int batch;

        TaskLoop(String key, RoundEngine.Kernel<P, S> kernel, int partitions, int chainWidth, int epoch, int batch) {
            this.key = key;
            this.kernel = kernel;
            this.partitions = partitions;
            this.chainWidth = chainWidth;
            this.epoch = epoch;
            this.batch = batch;
        }

        @Override
        public scala.collection.Iterator<Object> apply(scala.collection.Iterator<EpochShard> it) {
            EpochShard shard = it.next();
            Exchange exchange = EXCHANGES.get(key);
            if (exchange == null) {
                throw new IllegalStateException("resident rounds: no exchange " + key + " in this JVM (the tasks"
                    + " must run in the driver's JVM; set the local property " + PROPERTY + "=off otherwise)");
            }
            TaskContext task = TaskContext.get();
            Runnable killed = task::killTaskIfInterrupted;
            int pid = task.partitionId();
            int next = 0;
            try {
                for (Published in = exchange.await(next, killed); in != null; in = exchange.await(next, killed)) {
                    exchange.submit(in.round(), RoundEngine.task(kernel, shard, pid, partitions, in.input(),
                        chainWidth, epoch, in.round(), batch));
                    next = in.round() + 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("resident rounds: task interrupted", e);
            }
            return scala.collection.Iterator$.MODULE$.empty();
        }
    }
}
