package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.TestSpark;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RBM job with its data, its model and its checkpoints on HDFS (a {@link MiniDFSCluster} with one datanode):
 * train, read the model back with both Hadoop configurations the code uses, evaluate, and resume a run whose
 * driver JVM was killed, to the same bits as an uninterrupted run.
 */
class HdfsTest {
    private static final java.nio.file.Path BARS = java.nio.file.Path.of("..", "sample-data", "bars",
        "bars-and-stripes-4x4.txt").toAbsolutePath();

    @TempDir
    static java.nio.file.Path dfsDir;

    @TempDir
    java.nio.file.Path tmp;

    private static MiniDFSCluster cluster;
    private static String hdfs;
    private static FileSystem fs;

    /**
     * How long an HDFS client first waits before asking the namenode again whether a closed file is complete
     * (default 400 ms). The namenode often learns of the datanode's block a moment after the first ask, so with
     * the default every checkpoint file costs 0.4 s here (a test run took minutes); 20 ms keeps this class fast.
     * It reaches the CLI the way a user's Hadoop settings do: through Spark's {@code spark.hadoop.*}.
     */
    private static final String CLOSE_DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";

    @BeforeAll
    static void startHdfs() throws Exception {
        TestSpark.context().hadoopConfiguration().set(CLOSE_DELAY, "20");
        Configuration conf = new Configuration();
        cluster = new MiniDFSCluster.Builder(conf, dfsDir.toFile()).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = "hdfs://localhost:" + cluster.getNameNodePort();
        // A FileSystem of the test's own (not the cached instance the CLI shares), closed in stopHdfs.
        Configuration mine = new Configuration();
        mine.set(CLOSE_DELAY, "20");
        fs = FileSystem.newInstance(java.net.URI.create(hdfs), mine);
        fs.mkdirs(new Path("/data"));
        fs.copyFromLocalFile(new Path(BARS.toUri()), new Path("/data/bars.txt"));
    }

    @AfterAll
    static void stopHdfs() throws Exception {
        TestSpark.context().hadoopConfiguration().unset(CLOSE_DELAY);
        if (fs != null) {
            fs.close();
            // and the instance the CLI got from Hadoop's cache, which would outlive the cluster
            FileSystem.get(java.net.URI.create(hdfs), new Configuration()).close();
        }
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    /** A PCD job on the HDFS copy of the bars. */
    private java.nio.file.Path conf(int epochs) throws Exception {
        java.nio.file.Path c = tmp.resolve("rbm.conf");
        Files.writeString(c, "model.kind = rbm\nmodel.hidden = 8\ndata.path = " + hdfs + "/data/bars.txt\n"
            + "train.rule = pcd\ntrain.chains = 6\ntrain.epochs = " + epochs + "\ntrain.batchSize = 4\n"
            + "train.learningRate = 0.05\ntrain.seed = 5\nmonitor.every = 1\nspark.master = local[2]\n"
            + "spark.partitions = 2\n");
        return c;
    }

    /** Every file under {@code dir}, relative, recursively. */
    private static Set<String> listing(String dir) throws Exception {
        Set<String> names = new TreeSet<>();
        Path root = fs.makeQualified(new Path(dir));
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            names.add(it.next().getPath().toString().substring(root.toString().length() + 1));
        }
        return names;
    }

    private static String text(String file) throws Exception {
        try (InputStream in = fs.open(new Path(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The files of a finished RBM run without pictures of images (no data.imageWidth): arrays, metadata, metrics,
     * the learning curves, the hidden-activation histogram and the report. */
    private static final Set<String> MODEL_FILES = Set.of("metadata.json", "W.npy", "visible_bias.npy",
        "hidden_bias.npy", "metrics.jsonl", "report.html", "pictures/curve-logLikelihood.png",
        "pictures/curve-meanFreeEnergy.png", "pictures/curve-pseudoLogLikelihood.png",
        "pictures/curve-reconstructionError.png", "pictures/curve-weightNorm.png",
        "pictures/curve-updateToWeightRatio.png", "pictures/hidden-activations.png");

    @Test
    void trainsFromHdfsWritesTheModelThereAndEvaluatesIt() throws Exception {
        String out = hdfs + "/models/bars";
        HopfieldCliTest.Run r = cli("train", "--conf", conf(10).toString(), "--out", out);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("on 30 patterns from " + hdfs + "/data/bars.txt"), r.out());

        // exactly the files a NumPy user expects: no .crc side files, no temporary or checkpoint directories
        assertEquals(MODEL_FILES,
            listing(out));
        List<String> besideIt = new ArrayList<>();
        for (FileStatus s : fs.listStatus(new Path("/models"))) {
            besideIt.add(s.getPath().getName());
        }
        assertEquals(List.of("bars"), besideIt, "no .inprogress, .tmp- or .old- sibling is left");
        JsonNode meta = ModelStore.json().readTree(text(out + "/metadata.json"));
        assertEquals("rbm", meta.path("kind").asText());
        assertEquals(10, meta.path("epochsCompleted").asInt());
        assertEquals(hdfs + "/data/bars.txt", meta.path("config").path("data.path").asText());
        assertEquals(10, text(out + "/metrics.jsonl").lines().count());

        // the two Hadoop configurations the code uses: a fresh one (train's checks, evaluate) and Spark's
        Rbm fresh = RbmStore.read(new Configuration(), out).rbm();
        Rbm viaSpark = RbmStore.read(TestSpark.context().hadoopConfiguration(), out).rbm();
        assertEquals(16, fresh.numVisible());
        assertEquals(8, fresh.numHidden());
        assertArrayEquals(fresh.weights(), viaSpark.weights());
        assertArrayEquals(fresh.visibleBias(), viaSpark.visibleBias());
        assertArrayEquals(fresh.hiddenBias(), viaSpark.hiddenBias());

        HopfieldCliTest.Run eval = cli("evaluate", "--model", out, "--input", hdfs + "/data/bars.txt");
        assertEquals(0, eval.status(), eval.err());
        JsonNode e = ModelStore.json().readTree(eval.out());
        assertEquals(30, e.path("rows").asInt());
        JsonNode last = ModelStore.json().readTree(text(out + "/metrics.jsonl").lines().reduce((a, b) -> b)
            .orElseThrow());
        assertEquals(last.path("logLikelihood").asDouble(), e.path("logLikelihood").asDouble(), 1e-9,
            "evaluate on HDFS reports what training measured");

        HopfieldCliTest.Run again = cli("train", "--conf", conf(10).toString(), "--out", out);
        assertEquals(Main.FAILED, again.status());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    /** Starts the CLI in a JVM of its own, as a user would (see ResumeTest). */
    private Process start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + java.nio.file.Path.of("..", "launch-scripts", "jvm-options").toAbsolutePath());
        cmd.add("-Dspark.hadoop." + CLOSE_DELAY + "=20");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("dev.boltzmann.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("driver.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    @Test
    void aRunKilledWhileCheckpointingToHdfsResumesToTheSameBits() throws Exception {
        String whole = hdfs + "/resume/whole";
        HopfieldCliTest.Run ok = cli("train", "--conf", conf(16).toString(), "--out", whole);
        assertEquals(0, ok.status(), ok.err());
        assertFalse(fs.exists(new Path(whole + ".inprogress")), "checkpoints are removed when the run finishes");

        String killed = hdfs + "/resume/killed";
        Path checkpoints = new Path(killed + ".inprogress");
        Process driver = start("train", "--conf", conf(16).toString(), "--out", killed);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!fs.exists(new Path(checkpoints, "epoch-000003")) && System.nanoTime() < deadline
                && driver.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(driver.isAlive(), "the driver finished before it could be killed: "
                + Files.readString(tmp.resolve("driver.log")));
        } finally {
            driver.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up of its HDFS files
            assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
        }
        assertFalse(fs.exists(new Path(killed)), "no finished model after the kill");
        List<String> left = new ArrayList<>();
        for (FileStatus s : fs.listStatus(checkpoints)) {
            if (s.getPath().getName().startsWith("epoch-")) {
                left.add(s.getPath().getName());
            }
        }
        // the two newest are kept; a kill between writing a checkpoint and pruning the oldest leaves three
        assertTrue(!left.isEmpty() && left.size() <= 3, "at most three checkpoints are left: " + left);
        left.sort(null);
        String newest = killed + ".inprogress/" + left.get(left.size() - 1);
        String killedMetrics = text(newest + "/metrics.jsonl");

        HopfieldCliTest.Run refused = cli("train", "--conf", conf(16).toString(), "--out", killed);
        assertEquals(Main.FAILED, refused.status());
        assertTrue(refused.err().contains("an interrupted run left checkpoints"), refused.err());

        HopfieldCliTest.Run resumed = cli("train", "--conf", conf(16).toString(), "--out", killed, "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        Rbm a = RbmStore.read(new Configuration(), whole).rbm();
        Rbm b = RbmStore.read(new Configuration(), killed).rbm();
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.visibleBias(), b.visibleBias());
        assertArrayEquals(a.hiddenBias(), b.hiddenBias());
        assertEquals(16, text(killed + "/metrics.jsonl").lines().count());
        assertTrue(text(killed + "/metrics.jsonl").startsWith(killedMetrics),
            "the resumed run continued from " + newest + " (its epochs' timings are the killed run's)");
        assertFalse(fs.exists(checkpoints), "the resumed run removes the checkpoints, the killed one's debris too");
        assertEquals(MODEL_FILES,
            listing(killed));
    }

    /**
     * A path without a scheme is resolved against {@code fs.defaultFS}, which on a cluster often comes from
     * Spark ({@code --conf spark.hadoop.fs.defaultFS=hdfs://...}): the output check, the checkpoints and the model
     * must all go to that file system, and {@code evaluate} must read from it.
     */
    @Test
    void schemeLessPathsGoToTheFileSystemSparkIsGiven() throws Exception {
        org.apache.hadoop.conf.Configuration spark = TestSpark.context().hadoopConfiguration();
        String before = spark.get("fs.defaultFS");
        // an absolute path that would be in this test's temporary directory on the local file system
        String out = tmp.resolve("plain").toString();
        spark.set("fs.defaultFS", hdfs);
        try {
            java.nio.file.Path c = tmp.resolve("plain.conf");
            Files.writeString(c, Files.readString(conf(3)).replace(hdfs + "/data/bars.txt", "/data/bars.txt"));
            HopfieldCliTest.Run r = cli("train", "--conf", c.toString(), "--out", out);
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(fs.exists(new Path(out, "metadata.json")), "the model is on HDFS");
            assertFalse(fs.exists(new Path(out + ".inprogress")));
            assertFalse(Files.exists(tmp.resolve("plain")), "nothing on the local file system");
            assertFalse(Files.exists(tmp.resolve("plain.inprogress")), "no checkpoints on the local file system");

            HopfieldCliTest.Run again = cli("train", "--conf", c.toString(), "--out", out);
            assertEquals(Main.FAILED, again.status());
            assertTrue(again.err().contains("already exists (pass --overwrite to replace it, --resume"),
                "refused before training, by the check that looks where the model is: " + again.err());

            HopfieldCliTest.Run eval = cli("evaluate", "--model", out, "--input", "/data/bars.txt");
            assertEquals(0, eval.status(), eval.err());
            assertEquals(30, ModelStore.json().readTree(eval.out()).path("rows").asInt());
        } finally {
            spark.set("fs.defaultFS", before);
        }
    }
}
