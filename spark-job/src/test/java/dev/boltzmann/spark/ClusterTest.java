package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBM job on a real standalone cluster of separate JVMs, all bound to 127.0.0.1: a master and two workers of
 * one core each, started from the project's class path, and the job submitted through Spark's own
 * {@code SparkSubmit} in a JVM of its own, as {@code launch-scripts/submit} does with a Spark distribution.
 * While it trains, one executor JVM is killed with SIGKILL; the job must finish, and its model must equal, bit for
 * bit, that of an undisturbed run of the same job on the same cluster.
 *
 * <p>The killed executor takes its running task (retried elsewhere) and its cached blocks (the patterns and the
 * epoch's shard of its partition, recomputed from their lineage) with it. The model is large enough (784 × 128
 * parameters) that every round's parameters travel as a broadcast, which executors of a real cluster fetch and
 * deserialize with Kryo (registration required): a path a local master never takes.
 */
class ClusterTest {
    private static final Path DIGITS = Path.of("..", "sample-data", "digits", "digits-train.txt").toAbsolutePath();
    private static final Path JVM_OPTIONS = Path.of("..", "launch-scripts", "jvm-options").toAbsolutePath();
    private static final String EXECUTOR = "org.apache.spark.executor.CoarseGrainedExecutorBackend";

    @TempDir
    static Path root;

    private static Path sparkHome;
    private static String master;
    private static Path appJar;
    private static final List<Process> daemons = new ArrayList<>();
    private static final List<Process> drivers = new ArrayList<>();
    private static final List<Path> daemonLogs = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        sparkHome = sparkHome(root.resolve("spark-home"));
        appJar = appJar(root.resolve("boltzmann-app.jar"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        master = "spark://127.0.0.1:" + port;
        daemon("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
            String.valueOf(port), "--webui-port", "0");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // a worker that finds no master retries only 5 to 15 s later: start the workers once it is up
        awaitLog(0, "I have been elected leader", deadline);
        for (int w = 1; w <= 2; w++) {
            Path work = Files.createDirectories(root.resolve("worker-" + w));
            daemon("worker-" + w, "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1", "--cores",
                "1", "--memory", "1g", "--webui-port", "0", "--work-dir", work.toString());
        }
        for (int w = 1; w <= 2; w++) {
            awaitLog(w, "Successfully registered with master", deadline);
        }
    }

    /** Waits until daemon {@code k}'s log says {@code what}. */
    private static void awaitLog(int k, String what, long deadline) throws Exception {
        while (!log(daemonLogs.get(k)).contains(what)) {
            if (System.nanoTime() > deadline || !daemons.get(k).isAlive()) {
                fail(daemonLogs.get(k).getFileName() + " never said '" + what + "':\n" + tail(daemonLogs.get(k))
                    + "\nmaster:\n" + tail(daemonLogs.get(0)));
            }
            Thread.sleep(50);
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (Process p : drivers) {
            destroyTree(p.toHandle()); // a driver left by a failed assertion
        }
        for (Process p : daemons) {
            destroyTree(p.toHandle());
        }
        // the logs of the daemons and drivers stay in target/ for a look after a failure
        Path keep = Files.createDirectories(Path.of("target", "cluster-test-logs"));
        try (Stream<Path> logs = Files.list(root)) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, keep.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // links into the local Maven repository: removed here, so that the temporary directory's clean-up does
        // not warn about each of them
        if (sparkHome != null) {
            try (Stream<Path> links = Files.list(sparkHome.resolve("jars"))) {
                for (Path link : links.toList()) {
                    Files.delete(link);
                }
            }
        }
    }

    /**
     * A Spark home for the daemons: {@code jars/} holds links to the jars of the project's compile and provided
     * class path (Spark, Hadoop client, Scala), which Maven writes to {@code target/cluster-test-classpath.txt}
     * before the tests run. The workers start executors with {@code $SPARK_HOME/jars/*} as their class path (and
     * {@code SPARK_SCALA_VERSION} spares Spark's launcher the search for build directories).
     */
    private static Path sparkHome(Path home) throws IOException {
        Path listing = Path.of("target", "cluster-test-classpath.txt");
        assertTrue(Files.exists(listing), listing.toAbsolutePath() + " is missing: run the tests through Maven"
            + " (mvn test), whose generate-test-resources phase writes it");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (String entry : Files.readString(listing).trim().split(java.io.File.pathSeparator)) {
            Path jar = Path.of(entry);
            Path link = jars.resolve(jar.getFileName());
            for (int k = 2; Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS); k++) {
                link = jars.resolve(k + "-" + jar.getFileName()); // two artifacts with one file name
            }
            Files.createSymbolicLink(link, jar);
        }
        return home;
    }

    /**
     * The application jar: our main classes, as {@code spark-job-app.jar} holds them (it shades no other
     * dependency: Spark, Hadoop and Scala are the cluster's). Built here from {@code target/classes} because
     * {@code mvn test} and {@code mvn verify} run the tests before {@code package} makes the real jar; the test
     * thereby always runs the classes just compiled, shipped to executors the way spark-submit ships a jar.
     */
    private static Path appJar(Path jar) throws Exception {
        Path classes = Path.of(Rbm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isDirectory(classes), "expected the main classes in a directory: " + classes);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A JVM on the Spark home's class path, with the options Spark's launcher adds, bound to loopback. */
    private static Process java(Path log, String mainClass, List<String> args, String... jvmOptions)
        throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(List.of(jvmOptions));
        cmd.add("@" + JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(sparkHome.resolve("jars") + "/*");
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
            .directory(root.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(root.resolve("local")).toString());
        pb.environment().remove("SPARK_CONF_DIR");
        return pb.start();
    }

    private static void daemon(String name, String mainClass, String... args) throws IOException {
        Path log = root.resolve(name + ".log");
        daemonLogs.add(log);
        // The master and the workers only keep books: start them cheaply (the machine has two cores).
        daemons.add(java(log, mainClass, List.of(args), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }

    /**
     * A PCD job on the first 1,000 digits: 20 rounds of 50 patterns per epoch, about 1 s per epoch on a quiet
     * machine (2.5 s while another build runs), after 8 to 15 s of start-up. The model directory goes to the
     * local disk, which all the JVMs share.
     */
    private static Path conf() throws IOException {
        Path data = root.resolve("digits-1000.txt");
        if (!Files.exists(data)) {
            Files.write(data, Files.readAllLines(DIGITS).subList(0, 1000));
        }
        Path c = root.resolve("rbm-cluster.conf");
        Files.writeString(c, """
            model.kind = rbm
            model.hidden = 128
            train.rule = pcd
            train.cdSteps = 1
            train.chains = 20
            train.epochs = %d
            train.batchSize = 50
            train.learningRate = 0.02
            train.momentum = 0.5
            train.weightDecay = 0.0001
            train.seed = 11
            data.path = %s
            monitor.every = 0
            monitor.logLikelihood = none
            spark.partitions = 2
            """.formatted(EPOCHS, data));
        return c;
    }

    private static final int EPOCHS = 6;

    /** {@code train} through SparkSubmit, in a JVM of its own (client deploy mode: the driver is that JVM). */
    private static Process submit(Path out, Path log) throws IOException {
        Process driver = java(log, "org.apache.spark.deploy.SparkSubmit", List.of("--master", master, "--deploy-mode", "client",
            "--class", "dev.boltzmann.cli.Main", "--name", "cluster-test " + out.getFileName(),
            "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
            "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=512m",
            "--conf", "spark.cores.max=2",
            appJar.toString(), "train", "--conf", conf().toString(), "--out", out.toString()));
        drivers.add(driver);
        return driver;
    }

    private static int finish(Process driver, Path log) throws Exception {
        if (!driver.waitFor(120, TimeUnit.SECONDS)) {
            destroyTree(driver.toHandle());
            fail("the job did not finish in 120 s:\n" + tail(log));
        }
        return driver.exitValue();
    }

    @Test
    void aJobWhoseExecutorIsKilledEndsWithTheBitsOfAnUndisturbedRun() throws Exception {
        Path quiet = root.resolve("undisturbed");
        Path quietLog = root.resolve("undisturbed.log");
        long t0 = System.nanoTime();
        assertEquals(0, finish(submit(quiet, quietLog), quietLog), () -> tail(quietLog));
        double quietSeconds = (System.nanoTime() - t0) / 1e9;

        Path hit = root.resolve("disturbed");
        Path hitLog = root.resolve("disturbed.log");
        Process driver = submit(hit, hitLog);
        // training is under way once the first epoch's checkpoint is written
        Path firstCheckpoint = hit.resolveSibling("disturbed.inprogress").resolve("epoch-000001");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.exists(firstCheckpoint)) {
            if (!driver.isAlive() || System.nanoTime() > deadline) {
                fail("no checkpoint appeared:\n" + tail(hitLog));
            }
            Thread.sleep(20);
        }
        String appId = appId(hitLog);
        List<ProcessHandle> running = executors(appId);
        assertEquals(2, running.size(), "one executor per worker");
        ProcessHandle victim = running.get(0);
        // A checkpoint is written between two epochs, when no task runs: wait until the driver hands the victim
        // a task (its log says so as it sends it) and kill it then, so that it most likely dies in mid-task.
        String executorId = argumentAfter(commandLine(victim), "--executor-id");
        Pattern started = Pattern.compile("Starting task [^\n]*executor " + Pattern.quote(executorId) + ",");
        long offset = Files.size(hitLog);
        while (driver.isAlive() && System.nanoTime() < deadline) {
            String lines = readFrom(hitLog, offset);
            lines = lines.substring(0, lines.lastIndexOf('\n') + 1); // whole lines only
            if (started.matcher(lines).find()) {
                break;
            }
            offset += lines.length(); // ISO-8859-1: a char per byte
            Thread.sleep(2);
        }
        victim.destroyForcibly(); // kill(pid, SIGKILL), as kill -9 PID does
        victim.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(Files.exists(hit.resolve("metadata.json")), "the executor died while the job trained");

        int status = finish(driver, hitLog);
        String log = log(hitLog);
        assertEquals(0, status, () -> tail(hitLog));
        assertTrue(log.contains("Lost executor"), "the driver saw the executor go:\n" + tail(hitLog));
        // Not asserted, as it depends on timing: whether the victim died in mid-task (Spark then retries the task
        // elsewhere; its wording varies), and whether its replacement registered before the job ended.
        boolean taskLost = Pattern.compile("ExecutorLostFailure|while it was being computed, its executor exited")
            .matcher(log).find();
        System.err.printf("ClusterTest: undisturbed run %.1f s; killed executor %d of %s in mid-task: %s;"
            + " executors registered: %d%n", quietSeconds, victim.pid(), appId, taskLost,
            log.split("Registered executor", -1).length - 1);

        Rbm a = RbmStore.read(new Configuration(), quiet.toString()).rbm();
        Rbm b = RbmStore.read(new Configuration(), hit.toString()).rbm();
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.visibleBias(), b.visibleBias());
        assertArrayEquals(a.hiddenBias(), b.hiddenBias());
        JsonNode ma = ModelStore.json().readTree(quiet.resolve("metadata.json").toFile());
        JsonNode mb = ModelStore.json().readTree(hit.resolve("metadata.json").toFile());
        assertEquals(EPOCHS, mb.path("epochsCompleted").asInt());
        // the last epoch's monitors, computed on the executors from the cached data, agree to the bit as well
        assertTrue(mb.path("metrics").has("pseudoLogLikelihood"), mb.toString());
        for (String key : List.of("trainingReconstructionError", "reconstructionError", "pseudoLogLikelihood",
            "meanFreeEnergy")) {
            if (ma.path("metrics").has(key) || mb.path("metrics").has(key)) {
                assertEquals(ma.path("metrics").path(key).asDouble(), mb.path("metrics").path(key).asDouble(), 0.0,
                    key);
            }
        }
    }

    private static String argumentAfter(List<String> args, String flag) {
        int k = args.indexOf(flag);
        assertTrue(k >= 0 && k + 1 < args.size(), flag + " not in " + args);
        return args.get(k + 1);
    }

    /** What has been appended to {@code file} since {@code offset}. */
    private static String readFrom(Path file, long offset) throws IOException {
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[(int) Math.max(0, f.length() - offset)];
            f.seek(offset);
            f.readFully(b);
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    /** The application ID the driver logged when it connected to the master. */
    private static String appId(Path driverLog) throws Exception {
        Pattern p = Pattern.compile("Connected to Spark cluster with app ID (app-[0-9-]+)");
        Matcher m = p.matcher(log(driverLog));
        assertTrue(m.find(), "no application ID in the driver's log:\n" + tail(driverLog));
        return m.group(1);
    }

    /** The live executor JVMs of {@code appId}: children of the workers, recognised by their command line. */
    private static List<ProcessHandle> executors(String appId) {
        List<ProcessHandle> found = new ArrayList<>();
        for (int w = 1; w < daemons.size(); w++) {
            daemons.get(w).toHandle().descendants().filter(ProcessHandle::isAlive).forEach(h -> {
                List<String> cmd = commandLine(h);
                if (cmd.contains(EXECUTOR) && cmd.contains(appId)) {
                    found.add(h);
                }
            });
        }
        return found;
    }

    /** The arguments of a process from {@code /proc} ({@code ProcessHandle.Info} leaves them out here). */
    private static List<String> commandLine(ProcessHandle h) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(h.pid()), "cmdline"));
            return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of(); // it ended meanwhile
        }
    }

    private static void destroyTree(ProcessHandle p) throws Exception {
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.add(p);
        for (ProcessHandle h : tree) {
            h.destroyForcibly();
        }
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // reported by the next run's port clash, if ever; nothing more to do here
            }
        }
    }

    private static String log(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }

    private static String tail(Path file) {
        try {
            List<String> lines = log(file).lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
