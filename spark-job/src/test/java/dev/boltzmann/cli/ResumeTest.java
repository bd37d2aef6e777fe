package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.TestSpark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and --resume: the driver's process is killed (SIGKILL) after a few epochs, the run is resumed, and
 * the model equals that of an uninterrupted run bit for bit.
 */
class ResumeTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private Path conf() throws Exception {
        Path c = tmp.resolve("rbm.conf");
        Files.writeString(c, "model.kind = rbm\nmodel.hidden = 8\ndata.path = " + BARS + "\ntrain.rule = pcd\n"
            + "train.chains = 6\ntrain.epochs = 60\ntrain.batchSize = 4\ntrain.learningRate = 0.05\n"
            + "train.seed = 5\nmonitor.every = 1\nspark.master = local[2]\nspark.partitions = 2\n");
        return c;
    }

    /** Starts the CLI in a JVM of its own, as a user would. */
    private Process start(String... args) throws Exception {
        return startDriver(tmp, args);
    }

    /** Starts the CLI in a JVM of its own, its output in {@code dir/driver.log}. */
    static Process startDriver(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("@" + Path.of("..", "launch-scripts", "jvm-options").toAbsolutePath());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add("dev.boltzmann.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("driver.log").toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /**
     * Kills (SIGKILL) the driver writing to {@code out} once its checkpoint after {@code epoch} epochs exists, and
     * checks that it left no finished model.
     *
     * @return the checkpoint directory {@code out.inprogress}
     */
    static Path killAfterCheckpoint(Process driver, Path dir, Path out, int epoch) throws Exception {
        Path checkpoints = Path.of(out + ".inprogress");
        Path wanted = checkpoints.resolve(String.format("epoch-%06d", epoch));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(wanted) && System.nanoTime() < deadline && driver.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(driver.isAlive(), "the driver finished before it could be killed: "
            + Files.readString(dir.resolve("driver.log")));
        driver.destroyForcibly();
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(out.resolve("metadata.json")), "no finished model after the kill");
        return checkpoints;
    }

    @Test
    void aKilledRunResumesToTheSameBits() throws Exception {
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf().toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        assertFalse(Files.exists(Path.of(whole + ".inprogress")), "checkpoints are removed when the run finishes");

        Path killed = tmp.resolve("killed");
        Process driver = start("train", "--conf", conf().toString(), "--out", killed.toString());
        Path checkpoints = killAfterCheckpoint(driver, tmp, killed, 5);
        File[] left = checkpoints.toFile().listFiles((d, n) -> n.startsWith("epoch-"));
        // the two newest are kept; a kill between writing a checkpoint and pruning the oldest leaves three
        assertTrue(left != null && left.length >= 1 && left.length <= 3, "at most three checkpoints are left");

        HopfieldCliTest.Run refused = cli("train", "--conf", conf().toString(), "--out", killed.toString());
        assertEquals(Main.FAILED, refused.status());
        assertTrue(refused.err().contains("an interrupted run left checkpoints"), refused.err());
        HopfieldCliTest.Run changed = cli("train", "--conf", conf().toString(), "--out", killed.toString(),
            "--resume", "--set", "train.learningRate=0.07");
        assertEquals(Main.FAILED, changed.status());
        assertTrue(changed.err().contains("train.learningRate is '0.07' but the interrupted run used '0.05'"),
            changed.err());

        HopfieldCliTest.Run resumed = cli("train", "--conf", conf().toString(), "--out", killed.toString(),
            "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        Rbm a = RbmStore.read(new Configuration(), whole.toString()).rbm();
        Rbm b = RbmStore.read(new Configuration(), killed.toString()).rbm();
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.visibleBias(), b.visibleBias());
        assertArrayEquals(a.hiddenBias(), b.hiddenBias());
        assertEquals(Files.readAllLines(whole.resolve("metrics.jsonl")).size(),
            Files.readAllLines(killed.resolve("metrics.jsonl")).size());
        assertFalse(Files.exists(checkpoints));
        HopfieldCliTest.Run again = cli("train", "--conf", conf().toString(), "--out", killed.toString(), "--resume");
        assertEquals(0, again.status());
        assertTrue(again.out().contains("nothing to resume"), again.out());
    }
}
