package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every trainer writes the progress line (epoch, rounds, samples/s, time left) to the error stream. */
class ProgressLineTest {
    private static final Path LETTERS = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();
    private static final Path BARS = dev.boltzmann.BarsAndStripes.SAMPLE_FILE;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    @Test
    void timeLeftIsTheMeanEpochTimeTimesTheEpochsLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.epoch(1, 10, 2, 100, 2.0);
        p.epoch(2, 10, 2, 100, 4.0);
        p.epoch(10, 10, 2, 100, 1.0);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        // 2 s for 100 patterns, 9 epochs of 2 s left; the second line comes within a second and is skipped
        assertEquals("train: epoch 1/10 (2 rounds), 50 samples/s, about 18 s left", lines[0]);
        assertEquals("train: epoch 10/10 (2 rounds), 100 samples/s, done", lines[1]);
        assertEquals(2, lines.length);
    }

    @Test
    void roundsWithinAnEpochCountTowardsTheTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.round(1, 3, 2, 5, 10, 4.0);
        p.round(1, 3, 3, 5, 10, 5.0);
        // 2 s a round; 3 rounds of this epoch and 2 epochs of 5 left: 13 rounds, 26 s; 20 patterns in 4 s
        assertEquals("train: epoch 1/3, round 2/5, 5 samples/s, about 26 s left\n",
            bytes.toString(StandardCharsets.UTF_8));
    }

    /** Trains with {@code conf} and checks the first and last progress lines. */
    private void assertProgress(String conf, String first, String last) throws Exception {
        Path c = tmp.resolve("job.conf");
        Files.writeString(c, conf + "\nspark.master = local[2]\ntrain.seed = 2\n");
        Path out = tmp.resolve("m" + System.nanoTime());
        HopfieldCliTest.Run r = cli("train", "--conf", c.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        for (String expected : new String[] {first, last}) {
            assertTrue(Pattern.compile("(?m)^train: " + Pattern.quote(expected).replace("N", "\\E\\d+\\Q"))
                .matcher(r.err()).find(), () -> "expected 'train: " + expected + "' in: " + r.err());
        }
    }

    @Test
    void everyTrainerReportsItsEpochs() throws Exception {
        String letters = "data.path = " + LETTERS + "\n";
        assertProgress("model.kind = hopfield\ntrain.rule = contrastive\ntrain.epochs = 3\ntrain.batchSize = 5\n"
            + letters, "epoch 1/3, round 1/3, N samples/s, about", "epoch 3/3 (3 rounds), N samples/s, done");
        assertProgress("model.kind = hopfield\ntrain.rule = hebbian\n" + letters, "epoch 1/1, N samples/s, done",
            "epoch 1/1, N samples/s, done");
        String bars = "data.path = " + BARS + "\n";
        assertProgress("model.kind = rbm\nmodel.hidden = 4\ntrain.epochs = 3\ntrain.batchSize = 7\n" + bars,
            "epoch 1/3, round 1/5, N samples/s, about", "epoch 3/3 (5 rounds), N samples/s, done");
        assertProgress("model.kind = bm\nmodel.hidden = 2\ntrain.epochs = 3\ntrain.batchSize = 10\n"
            + "train.chains = 5\n" + bars, "epoch 1/3, round 1/3, N samples/s, about",
            "epoch 3/3 (3 rounds), N samples/s, done");
        Path labelled = tmp.resolve("labelled.txt");
        Files.writeString(labelled, "0\t#..#..#..\n0\t.#..#..#.\n1\t###......\n1\t...###...\n1\t......###\n");
        String lab = "data.path = " + labelled + "\nmodel.labels = 2\n";
        assertProgress("model.kind = rbm\nmodel.hidden = 3\ntrain.epochs = 2\ntrain.batchSize = 2\n" + lab,
            "epoch 1/2, round 1/3, N samples/s, about", "epoch 2/2 (3 rounds), N samples/s, done");
        assertProgress("model.kind = dbn\ndbn.layers = 4,3\ntrain.epochs = 2\ntrain.batchSize = 5\n" + lab,
            "layer 1/2, epoch 1/2 (1 round), N samples/s, about", "layer 2/2, epoch 2/2 (1 round), N samples/s, done");
    }
}
