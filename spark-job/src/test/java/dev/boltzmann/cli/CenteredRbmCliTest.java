package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train.centering} through the CLI: a centred run stopped after a few epochs resumes from its checkpoint
 * (which holds the offsets) to the same bits; models it does not apply to (a BM) refuse it.
 */
class CenteredRbmCliTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private Path conf(String extra) throws Exception {
        Path c = tmp.resolve("rbm.conf");
        Files.writeString(c, "model.kind = rbm\nmodel.hidden = 8\ndata.path = " + BARS + "\ntrain.rule = pcd\n"
            + "train.chains = 6\ntrain.epochs = 10\ntrain.batchSize = 10\ntrain.learningRate = 0.05\n"
            + "train.seed = 5\nmonitor.every = 5\nspark.master = local[2]\nspark.partitions = 2\n"
            + "train.centering = both\ntrain.centeringRate = 0.1\n" + extra);
        return c;
    }

    private static Rbm read(Path dir) throws Exception {
        return RbmStore.read(new Configuration(), dir.toString()).rbm();
    }

    @Test
    void aCentredRunStoppedMidwayResumesToTheSameBits() throws Exception {
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf("").toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());

        // stop a run by cancelling its Spark jobs (again and again, until one is running) once the checkpoint of
        // epoch 4 is written
        Path stopped = tmp.resolve("stopped");
        Path checkpoints = Path.of(stopped + ".inprogress");
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopper = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
            while (!done.get() && System.nanoTime() < deadline) {
                if (Files.exists(checkpoints.resolve("epoch-000004"))) {
                    TestSpark.context().cancelAllJobs();
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        stopper.start();
        HopfieldCliTest.Run cut = cli("train", "--conf", conf("").toString(), "--out", stopped.toString());
        done.set(true);
        stopper.join();
        assertNotEquals(0, cut.status(), "the run was stopped: " + cut.out());
        assertFalse(Files.exists(stopped.resolve("metadata.json")));
        try (var list = Files.list(checkpoints)) {
            Path latest = list.filter(p -> p.getFileName().toString().startsWith("epoch-")).sorted()
                .reduce((a, b) -> b).orElseThrow();
            assertTrue(Files.exists(latest.resolve("centering_visible_offset.npy")), "the offsets are checkpointed");
            assertTrue(Files.exists(latest.resolve("centering_hidden_offset.npy")));
        }
        HopfieldCliTest.Run resumed = cli("train", "--conf", conf("").toString(), "--out", stopped.toString(),
            "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        Rbm a = read(whole);
        Rbm b = read(stopped);
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.visibleBias(), b.visibleBias());
        assertArrayEquals(a.hiddenBias(), b.hiddenBias());
    }

    @Test
    void modelsWithoutCentringRefuseIt() throws Exception {
        HopfieldCliTest.Run bm = cli("train", "--conf", conf("").toString(), "--out", tmp.resolve("x").toString(),
            "--set", "model.kind=bm", "--set", "train.rule=gradient");
        assertEquals(Main.FAILED, bm.status());
        assertTrue(bm.err().contains("train.centering = 'both': centring applies to binary rbm training (with or"
            + " without label units) and to dbns so far"), bm.err());
        HopfieldCliTest.Run bad = cli("train", "--conf", conf("").toString(), "--out", tmp.resolve("z").toString(),
            "--set", "train.centering=data");
        assertEquals(Main.FAILED, bad.status());
        assertTrue(bad.err().contains("train.centering"), bad.err());
        HopfieldCliTest.Run rate = cli("train", "--conf", conf("").toString(), "--out", tmp.resolve("w").toString(),
            "--set", "train.centeringRate=1.5");
        assertEquals(Main.FAILED, rate.status());
        assertTrue(rate.err().contains("train.centeringRate"), rate.err());
        assertFalse(Files.exists(tmp.resolve("x")) || Files.exists(tmp.resolve("z")) || Files.exists(tmp.resolve("w")));
    }
}
