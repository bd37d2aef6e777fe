package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.TemperingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * An epoch's rounds in one Spark job with resident tasks give exactly the bits of one Spark job per round; the
 * exchange between the driver and the tasks lets late tasks join and ignores stale outputs; a failing task ends the
 * epoch with its error instead of a hang.
 */
class ResidentRoundsTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    /** Runs {@code body} with the resident-rounds property set to {@code mode} on this thread. */
    private static <T> T with(String mode, Callable<T> body) throws Exception {
        return RoundEngine.withResidentRounds(TestSpark.context(), mode, body);
    }

    private static SparkRbmTrainer.State rbm(RbmTrainingConfig cfg, TemperingOptions ladder, int partitions)
        throws Exception {
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        JavaRDD<LabeledPattern> rdd = data.patterns().repartition(partitions).cache();
        double[] flat = PatternSource.flatten(PatternSource.toDriver(rdd), 16);
        var initial = new RbmTrainer(cfg).initialModel(flat, 30, 16);
        try {
            if (ladder == null) {
                return SparkRbmTrainer.train(TestSpark.context(), rdd, data.count(), cfg,
                    SparkRbmTrainer.initialState(initial, cfg), (s, err, sec) -> { });
            }
            return SparkRbmTrainer.train(TestSpark.context(), rdd, data.count(), cfg, ladder,
                SparkRbmTrainer.initialState(initial, cfg, ladder), (s, err, sec) -> { });
        } finally {
            rdd.unpersist();
        }
    }

    @Test
    void residentRoundsGiveTheBitsOfOneJobPerRound() throws Exception {
        TemperingOptions ladder = new TemperingOptions(3, 0.4, TemperingOptions.Spacing.GEOMETRIC);
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            for (TemperingOptions t : rule == RbmTrainingConfig.Rule.PCD ? new TemperingOptions[] {null, ladder}
                : new TemperingOptions[] {null}) {
                RbmTrainingConfig cfg = SparkRbmTrainerTest.config(rule);
                assertTrue(with("auto", () -> RoundEngine.residentRounds(TestSpark.context(), 2)));
                SparkRbmTrainer.State resident = with("auto", () -> rbm(cfg, t, 2));
                SparkRbmTrainer.State jobs = with("off", () -> rbm(cfg, t, 2));
                String what = rule + (t == null ? "" : " with tempering");
                assertArrayEquals(jobs.model().weights(), resident.model().weights(), what);
                assertArrayEquals(jobs.model().visibleBias(), resident.model().visibleBias(), what);
                assertArrayEquals(jobs.model().hiddenBias(), resident.model().hiddenBias(), what);
                if (rule == RbmTrainingConfig.Rule.PCD) {
                    assertArrayEquals(jobs.chains(), resident.chains(), what);
                }
                assertEquals(0, ResidentRounds.open(), "no exchange left behind");
            }
        }
    }

    @Test
    void residentRoundsApplyInLocalModeWhenThePartitionsFitTheCores() throws Exception {
        JavaSparkContext sc = TestSpark.context();
        assertTrue(with("auto", () -> RoundEngine.residentRounds(sc, 1)));
        assertTrue(with("auto", () -> RoundEngine.residentRounds(sc, 2)));
        assertFalse(with("auto", () -> RoundEngine.residentRounds(sc, 3)), "local[2] has two task slots");
        assertFalse(with("off", () -> RoundEngine.residentRounds(sc, 2)));
        // a barrier stage needs every RDD of its stage to have its partition count
        List<Integer> values = List.of(1, 2, 3, 4, 5, 6);
        assertTrue(ResidentRounds.barrierChain(sc.parallelize(values, 2).map(x -> x + 1).rdd(), 2));
        assertTrue(ResidentRounds.barrierChain(sc.parallelize(values, 4).repartition(2).map(x -> x).rdd(), 2),
            "a shuffle starts a new stage");
        assertFalse(ResidentRounds.barrierChain(sc.parallelize(values, 4).coalesce(2).map(x -> x).rdd(), 2));
        assertFalse(ResidentRounds.barrierChain(sc.parallelize(values, 2).union(sc.parallelize(values, 2)).rdd(),
            4));
    }

    /** The descriptions of the Spark jobs that {@code body} starts, in order. */
    private static List<String> jobDescriptions(Callable<?> body) throws Exception {
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
                seen.add(String.valueOf(start.properties().getProperty("spark.job.description")));
            }
        };
        org.apache.spark.SparkContext sc = TestSpark.context().sc();
        sc.addSparkListener(listener);
        try {
            body.call();
            sc.listenerBus().waitUntilEmpty();
        } finally {
            sc.removeSparkListener(listener);
        }
        return new ArrayList<>(seen);
    }

    @Test
    void everyRoundIsNamedInTheSparkUiEitherWay() throws Exception {
        JavaRDD<LabeledPattern> data = toyData(23, 3, 2);
        long interval = ResidentRounds.markerIntervalNanos;
        ResidentRounds.markerIntervalNanos = 0;
        try {
            for (String mode : List.of("auto", "off")) {
                List<String> jobs = jobDescriptions(() -> with(mode, () -> toy(3, -1).run(TestSpark.context(), data,
                    23, new double[3], null, 0, (w, c, done, m, s) -> { })));
                List<String> rounds = jobs.stream().filter(d -> d.contains(" round ")).toList();
                assertEquals(3 * 6, rounds.size(), mode + ": " + jobs);
                String suffix = mode.equals("auto") ? " (resident)" : "";
                assertEquals("toy epoch 1/3 round 1/6" + suffix, rounds.get(0));
                assertEquals("toy epoch 3/3 round 6/6" + suffix, rounds.get(rounds.size() - 1));
            }
            // at the normal interval a fast epoch names no round but still its own job
            ResidentRounds.markerIntervalNanos = interval;
            List<String> jobs = jobDescriptions(() -> with("auto", () -> toy(3, -1).run(TestSpark.context(), data, 23,
                new double[3], null, 0, (w, c, done, m, s) -> { })));
            assertTrue(jobs.contains("toy epoch 2/3: rounds 1-6 in one job (resident tasks)"), jobs.toString());
        } finally {
            ResidentRounds.markerIntervalNanos = interval;
            data.unpersist();
        }
    }

    @Test
    void aCoalescedDataSetRunsOneJobPerRoundWithTheSameBits() throws Exception {
        JavaRDD<LabeledPattern> data = toyData(23, 3, 4);
        JavaRDD<LabeledPattern> coalesced = data.coalesce(2);
        try {
            double[] auto = with("auto", () -> toy(3, -1).run(TestSpark.context(), coalesced, 23, new double[3], null,
                0, (w, c, done, m, s) -> { }).params());
            double[] jobs = with("off", () -> toy(3, -1).run(TestSpark.context(), coalesced, 23, new double[3], null,
                0, (w, c, done, m, s) -> { }).params());
            assertArrayEquals(jobs, auto);
        } finally {
            data.unpersist();
        }
    }

    /** A toy model: the parameters are w values, a round's statistics the sum of its rows times (1 + w[0]). */
    private static RoundEngine<double[], double[]> toy(int width, int failAtRound) {
        return toy(width, 0, (epoch, round) -> round == failAtRound);
    }

    /** When a toy task fails on purpose. */
    @FunctionalInterface
    interface Failure extends java.io.Serializable {
        boolean at(int epoch, int round);
    }

    /**
     * A toy model with {@code chainWidth} values per chain (0: none): the parameters are w values, a round's
     * statistics the sum of its rows times (1 + w[0]); each chain value moves towards that sum.
     */
    static RoundEngine<double[], double[]> toy(int width, int chainWidth, Failure failure) {
        return toy(width, chainWidth, failure, 3, 4);
    }

    /** {@link #toy(int, int, Failure)} with {@code epochs} epochs of batches of {@code batch}. */
    static RoundEngine<double[], double[]> toy(int width, int chainWidth, Failure failure, int epochs, int batch) {
        RoundEngine.Kernel<double[], double[]> kernel = (w, shard, from, to, chains, first, n, epoch, round) -> {
            if (to > from && failure.at(epoch, round)) {
                throw new IllegalStateException("kernel failed on purpose at round " + round);
            }
            double[] rows = new double[(to - from) * width];
            shard.copyRows(from, to, rows);
            double[] s = new double[width];
            for (int i = 0; i < rows.length; i++) {
                s[i % width] += rows[i] * (1 + w[0]);
            }
            for (int c = 0; c < n * chainWidth; c++) {
                chains[c] = 0.5 * chains[c] + 0.1 * s[c % width] + 0.01 * (first + c / chainWidth);
            }
            return s;
        };
        RoundEngine.Driver<double[], double[]> driver = new RoundEngine.Driver<>() {
            @Override
            public int[] order(int epoch, int rows) {
                return IntStream.range(0, rows).map(i -> (i * 7 + epoch) % rows).toArray();
            }

            @Override
            public double[] empty(double[] w) {
                return new double[width];
            }

            @Override
            public double[] merge(double[] into, double[] part) {
                for (int k = 0; k < width; k++) {
                    into[k] += part[k];
                }
                return into;
            }

            @Override
            public double[] apply(double[] w, double[] sum, int epoch, int round) {
                double[] next = w.clone();
                for (int k = 0; k < width; k++) {
                    next[k] = 0.9 * w[k] + 0.01 * sum[k] / (1 + k);
                }
                return next;
            }

            @Override
            public long size(double[] w) {
                return width;
            }
        };
        return new RoundEngine<>(new RoundEngine.Plan("toy", epochs, batch, width, chainWidth), kernel, driver);
    }

    private static JavaRDD<LabeledPattern> toyData(int rows, int width, int partitions) {
        return toyData(TestSpark.context(), rows, width, partitions);
    }

    static JavaRDD<LabeledPattern> toyData(JavaSparkContext sc, int rows, int width, int partitions) {
        return sc.parallelize(IntStream.range(0, rows).boxed().toList(), partitions)
            .map(i -> new LabeledPattern(null, IntStream.range(0, width).mapToDouble(k -> (i * 31 + k * 17) % 5 / 4.0)
                .toArray(), i + 1, i)).cache();
    }

    @Test
    void aFailingTaskEndsTheResidentEpochWithItsError() throws Exception {
        JavaRDD<LabeledPattern> data = toyData(23, 3, 2);
        try {
            List<Integer> epochs = new ArrayList<>();
            // the same toy without a failure runs to the end both ways, with the same bits
            double[] resident = with("auto", () -> toy(3, -1).run(TestSpark.context(), data, 23, new double[3], null,
                0, (w, c, done, m, s) -> epochs.add(done)).params());
            double[] jobs = with("off", () -> toy(3, -1).run(TestSpark.context(), data, 23, new double[3], null, 0,
                (w, c, done, m, s) -> { }).params());
            assertArrayEquals(jobs, resident);
            assertEquals(List.of(1, 2, 3), epochs);
            Exception e = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(Exception.class,
                () -> with("auto", () -> toy(3, 2).run(TestSpark.context(), data, 23, new double[3], null, 0,
                    (w, c, done, m, s) -> { }))));
            assertTrue(String.valueOf(e.getMessage()).contains("kernel failed on purpose at round 2"),
                e.getMessage());
            assertEquals(0, ResidentRounds.open(), "no exchange left behind");
        } finally {
            data.unpersist();
        }
    }

    @Test
    void aRetriedResidentStageGivesTheUndisturbedBits() throws Exception {
        // local[2,4] lets tasks fail and be retried; a JVM has one SparkContext, so the run gets a JVM of its own
        java.util.List<String> cmd = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + Path.of("..", "launch-scripts", "jvm-options").toAbsolutePath(), "-Xmx1g", "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            ResidentRetryMain.class.getName()));
        java.io.File log = java.io.File.createTempFile("resident-retry", ".log");
        log.deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log);
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process child = pb.start();
        boolean ended = child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = java.nio.file.Files.readString(log.toPath());
        assertTrue(ended, "the retry run did not end:\n" + output);
        assertEquals(0, child.exitValue(), output);
        String line = output.lines().filter(l -> l.startsWith("failedTasks=")).findFirst().orElse("");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("failedTasks=(\\d+) resident=(\\w+) sameBits=(\\w+)")
            .matcher(line);
        assertTrue(m.matches(), "no result line in:\n" + output);
        assertTrue(Integer.parseInt(m.group(1)) >= 1, "a task failed and its stage was retried: " + line);
        assertEquals("true", m.group(2), line);
        assertEquals("true", m.group(3), "the retried run ends with the undisturbed run's parameters and chains");
    }

    private static RoundEngine.RoundInput input(double value) {
        return new RoundEngine.RoundInput(new double[] {value}, null);
    }

    private static RoundEngine.RoundOutput output(int partition, double value) {
        return new RoundEngine.RoundOutput(partition, new double[] {value}, 0, null);
    }

    private static List<Double> values(List<RoundEngine.RoundOutput> outputs) {
        return outputs.stream().map(o -> ((double[]) o.stats)[0]).toList();
    }

    @Test
    void theExchangeLetsLateTasksJoinAndIgnoresStaleOutputs() throws Exception {
        ResidentRounds.Exchange exchange = new ResidentRounds.Exchange(2, 3, input(0));
        Runnable alive = () -> { };
        assertEquals(0, exchange.await(0, alive).round());
        exchange.submit(0, output(0, 1.0));
        exchange.submit(0, output(0, 99.0));
        exchange.submit(0, output(1, 2.0));
        assertEquals(List.of(1.0, 2.0), values(exchange.outputs(() -> { })), "the first output of each partition");
        exchange.publish(input(10));
        // a task of a retried stage starts at round 0 and is given the round in progress
        ResidentRounds.Published late = exchange.await(0, alive);
        assertEquals(1, late.round());
        assertEquals(10.0, ((double[]) late.input().params)[0]);
        // an output for a round no longer in progress is dropped
        exchange.submit(0, output(1, 5.0));
        exchange.submit(1, output(1, 6.0));
        exchange.submit(1, output(0, 7.0));
        assertEquals(List.of(7.0, 6.0), values(exchange.outputs(() -> { })), "in partition order, stale one dropped");
        exchange.publish(input(20));
        exchange.submit(2, output(0, 0.0));
        exchange.submit(2, output(1, 0.0));
        exchange.publish(null);
        assertNull(exchange.await(3, alive), "after the last round a task ends");
        ResidentRounds.Exchange stuck = new ResidentRounds.Exchange(2, 3, input(0));
        Thread aborter = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            stuck.abort();
        });
        aborter.start();
        assertThrows(IllegalStateException.class, () -> stuck.await(1, alive), "an aborted epoch frees its waiters");
        aborter.join();
        RuntimeException killed = new RuntimeException("killed");
        ResidentRounds.Exchange waiting = new ResidentRounds.Exchange(2, 3, input(0));
        IllegalStateException ended = new IllegalStateException("job ended");
        assertEquals(ended, assertThrows(IllegalStateException.class, () -> waiting.outputs(() -> {
            throw ended;
        })), "the driver stops waiting when the job ends");
        assertEquals(killed, assertThrows(RuntimeException.class, () -> waiting.await(1, () -> {
            throw killed;
        })), "a killed task stops waiting");
    }
}
