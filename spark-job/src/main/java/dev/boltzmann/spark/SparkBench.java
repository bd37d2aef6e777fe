package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark trainer against the single-process trainer on the same generated data and settings: one epoch of
 * each, the per-round overhead of the Spark trainer, and their ratio ({@link #epoch}); and the Spark trainer
 * alone on large generated data sets, with the heap it needs ({@link #scale}).
 */
public final class SparkBench {
    private static final long DATA_PURPOSE = 0x42454E43L;
    /** Purpose keys of {@link #digitLike}: the prototypes, and pattern i's prototype and units. */
    private static final long PROTOTYPE_PURPOSE = 0x50524F54L;
    private static final long MIXTURE_PURPOSE = 0x4D495854L;
    /** Prototypes of the {@link #digitLike} mixture. */
    static final int PROTOTYPES = 10;

    private SparkBench() {
    }

    /**
     * One measurement.
     *
     * @param patterns N
     * @param rounds updates per epoch
     * @param singleSeconds epoch time of {@link RbmTrainer}
     * @param sparkSeconds epoch time of {@link SparkRbmTrainer}
     * @param partitions partitions of the Spark data
     */
    public record Result(int patterns, int visible, int hidden, int batch, int rounds, int partitions,
                         double singleSeconds, double sparkSeconds) {
        /** (spark − single) / rounds: what each round costs beyond the arithmetic. */
        public double overheadMsPerRound() {
            return (sparkSeconds - singleSeconds) / rounds * 1e3;
        }
    }

    /** Pattern {@code i}: a seeded random binary image (each unit on with probability 0.2), the same anywhere. */
    static double[] pattern(long seed, long i, int width) {
        SplittableRandom rng = Seeds.rng(seed, DATA_PURPOSE, i);
        double[] v = new double[width];
        for (int k = 0; k < width; k++) {
            v[k] = rng.nextDouble() < 0.2 ? 1.0 : 0.0;
        }
        return v;
    }

    /**
     * Times epochs of CD-1 both ways: the median of {@code epochs − 1} epochs after one untimed warm-up epoch each.
     *
     * @param partitions partitions of the generated data set
     * @param epochs epochs per trainer, at least 2
     */
    public static Result epoch(JavaSparkContext sc, int patterns, int visible, int hidden, int batch, int partitions,
                               long seed, int epochs) throws Exception {
        if (epochs < 2) {
            throw new IllegalArgumentException("epochs must be >= 2 (one warm-up), got " + epochs);
        }
        RbmTrainingConfig cfg = RbmTrainingConfig.defaults().withNumHidden(hidden).withSchedule(batch, epochs)
            .withSeed(seed).withInit(0.01, false);
        JavaRDD<LabeledPattern> data = sc.parallelize(IntStream.range(0, patterns).boxed().toList(), partitions)
            .map(i -> new LabeledPattern(null, pattern(seed, i, visible), i + 1, i))
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
        data.count();
        double[] flat = new double[patterns * visible];
        for (int i = 0; i < patterns; i++) {
            System.arraycopy(pattern(seed, i, visible), 0, flat, i * visible, visible);
        }
        Rbm initial = Rbm.random(visible, hidden, 0.01, null, seed);
        double[] single = new double[epochs];
        new RbmTrainer(cfg).train(initial, flat, patterns, r -> single[r.epoch() - 1] = r.seconds());
        double[] spark = new double[epochs];
        SparkRbmTrainer.train(sc, data, patterns, cfg, SparkRbmTrainer.initialState(initial, cfg),
            (s, err, seconds) -> spark[s.epochsDone() - 1] = seconds);
        data.unpersist(false);
        int rounds = (patterns + batch - 1) / batch;
        return new Result(patterns, visible, hidden, batch, rounds, partitions, medianAfterFirst(single),
            medianAfterFirst(spark));
    }

    /** The median of {@code seconds[1..]}. */
    static double medianAfterFirst(double[] seconds) {
        return Numerics.median(java.util.Arrays.copyOfRange(seconds, 1, seconds.length));
    }

    /**
     * One size of {@link #scale}.
     *
     * @param patterns N
     * @param rounds updates per epoch
     * @param epochSeconds wall time of each epoch
     * @param generateSeconds time to generate and cache the data on the executors (not in the epochs)
     * @param cachedBytes the cached data set's size in Spark's storage (memory and disk)
     * @param peakUsedHeapBytes the largest used heap seen while generating and training (sampled every 10 ms,
     *     garbage included)
     * @param peakHeapAfterGcBytes the largest heap in use just after a garbage collection in that time (live data
     *     and old garbage not yet collected; 0 when no collection ran)
     * @param reconstructionError the last epoch's mean reconstruction error
     */
    public record ScaleResult(int patterns, int visible, int hidden, int batch, int rounds, int partitions,
                              double[] epochSeconds, double generateSeconds, long cachedBytes, long peakUsedHeapBytes,
                              long peakHeapAfterGcBytes, double reconstructionError) {
        /** Mean wall time of an epoch. */
        public double secondsPerEpoch() {
            return java.util.Arrays.stream(epochSeconds).average().orElse(Double.NaN);
        }
    }

    /**
     * The on-probabilities of the {@link #digitLike} prototypes: {@code PROTOTYPES × width}, each unit 0.9 on a
     * random fifth of the units ("ink") and 0.05 elsewhere.
     */
    static double[] prototypes(long seed, int width) {
        double[] p = new double[PROTOTYPES * width];
        for (int c = 0; c < PROTOTYPES; c++) {
            SplittableRandom rng = Seeds.rng(seed, PROTOTYPE_PURPOSE, c);
            for (int k = 0; k < width; k++) {
                p[c * width + k] = rng.nextDouble() < 0.2 ? 0.9 : 0.05;
            }
        }
        return p;
    }

    /**
     * Pattern {@code i} of a digit-like data set: a binary sample of one of {@link #PROTOTYPES} Bernoulli
     * prototypes, drawn from the stream {@code (seed, MIXTURE, i)} alone, so the same anywhere.
     */
    static LabeledPattern digitLike(long seed, long i, double[] prototypes, int width) {
        SplittableRandom rng = Seeds.rng(seed, MIXTURE_PURPOSE, i);
        int c = rng.nextInt(PROTOTYPES);
        double[] v = new double[width];
        for (int k = 0; k < width; k++) {
            v[k] = rng.nextDouble() < prototypes[c * width + k] ? 1.0 : 0.0;
        }
        return new LabeledPattern(null, v, i + 1, i);
    }

    /**
     * {@code patterns} digit-like patterns ({@link #digitLike}) generated on the executors, partition p making
     * indices {@code [p·N/P, (p+1)·N/P)} one at a time; nothing but the partition numbers leaves the driver.
     * Not persisted.
     */
    static JavaRDD<LabeledPattern> generate(JavaSparkContext sc, int patterns, int width, int partitions, long seed) {
        return sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions).mapPartitions(it -> {
            int pid = it.next();
            long from = (long) patterns * pid / partitions;
            long to = (long) patterns * (pid + 1) / partitions;
            double[] prototypes = prototypes(seed, width);
            return new Iterator<LabeledPattern>() {
                private long next = from;

                @Override
                public boolean hasNext() {
                    return next < to;
                }

                @Override
                public LabeledPattern next() {
                    if (next >= to) {
                        throw new NoSuchElementException();
                    }
                    return digitLike(seed, next++, prototypes, width);
                }
            };
        });
    }

    /** The bytes Spark's storage holds for {@code rdd} (memory and disk), 0 when nothing is cached. */
    static long cachedBytes(SparkContext sc, JavaRDD<?> rdd) {
        for (org.apache.spark.storage.RDDInfo info : sc.getRDDStorageInfo()) {
            if (info.id() == rdd.id()) {
                return info.memSize() + info.diskSize();
            }
        }
        return 0;
    }

    /**
     * Generates {@code patterns} digit-like patterns on the executors, caches them serialized (memory, spilling to
     * disk), and trains {@code epochs} epochs of CD-1 with {@link SparkRbmTrainer}, watching the driver's heap.
     */
    public static ScaleResult scale(JavaSparkContext sc, int patterns, int visible, int hidden, int batch,
                                    int partitions, int epochs, long seed) throws Exception {
        RbmTrainingConfig cfg = RbmTrainingConfig.defaults().withNumHidden(hidden).withSchedule(batch, epochs)
            .withSeed(seed).withInit(0.01, false);
        System.gc();
        try (HeapSampler heap = new HeapSampler()) {
            long t0 = System.nanoTime();
            JavaRDD<LabeledPattern> data = generate(sc, patterns, visible, partitions, seed)
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
            data.setName("generated " + patterns + " x " + visible);
            sc.setJobDescription("generate " + patterns + " patterns");
            data.count();
            double generate = (System.nanoTime() - t0) / 1e9;
            long cached = cachedBytes(sc.sc(), data);
            double[] seconds = new double[epochs];
            double[] error = new double[1];
            SparkRbmTrainer.train(sc, data, patterns, cfg, SparkRbmTrainer.initialState(
                Rbm.random(visible, hidden, 0.01, null, seed), cfg), (s, err, sec) -> {
                    seconds[s.epochsDone() - 1] = sec;
                    error[0] = err;
                });
            data.unpersist(true);
            int rounds = (patterns + Math.min(batch, patterns) - 1) / Math.min(batch, patterns);
            return new ScaleResult(patterns, visible, hidden, batch, rounds, partitions, seconds, generate, cached,
                heap.peak(), heap.peakAfterGc(), error[0]);
        }
    }

    /**
     * Samples the used heap every 10 ms on a daemon thread and keeps the largest value; listens to the garbage
     * collectors and keeps the largest heap left after a collection.
     */
    private static final class HeapSampler implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong afterGc = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.List<javax.management.NotificationEmitter> emitters = new java.util.ArrayList<>();
        private final javax.management.NotificationListener listener = this::collected;
        private final java.util.Set<String> heapPools = new java.util.HashSet<>();
        private final Thread thread;
        private volatile boolean running = true;

        HeapSampler() {
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof javax.management.NotificationEmitter e) {
                    e.addNotificationListener(listener, null, null);
                    emitters.add(e);
                }
            }
            sample();
            thread = new Thread(() -> {
                while (running) {
                    sample();
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void sample() {
            Runtime rt = Runtime.getRuntime();
            peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        }

        private void collected(javax.management.Notification n, Object handback) {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                (javax.management.openmbean.CompositeData) n.getUserData());
            long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                .filter(e -> heapPools.contains(e.getKey())).mapToLong(e -> e.getValue().getUsed()).sum();
            afterGc.accumulateAndGet(used, Math::max);
        }

        long peak() {
            sample();
            return peak.get();
        }

        long peakAfterGc() {
            return afterGc.get();
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join();
            for (javax.management.NotificationEmitter e : emitters) {
                e.removeNotificationListener(listener);
            }
        }
    }
}
