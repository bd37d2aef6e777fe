package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkSessions;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and {@code --resume} for the kinds trained on Spark besides the plain RBM (label RBM, Boltzmann
 * machine with persistent chains, contrastive Hopfield): a run interrupted after 2 epochs (its job run with
 * {@code train.epochs = 2}, which leaves its checkpoints, as a killed run does) and resumed with {@code train
 * --resume} writes the same arrays, byte for byte, as an uninterrupted run; the metrics keep every epoch.
 */
class SparkResumeTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** 24 labelled 3x4 images: noisy copies of 3 prototypes, the label the prototype's number. */
    private Path labelled() throws Exception {
        SplittableRandom rng = new SplittableRandom(1);
        String[] protos = {"###.....####", "#..#..#..#..", "..#.#.#.#..."};
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 24; r++) {
            int c = rng.nextInt(3);
            StringBuilder sb = new StringBuilder(c + "\t");
            for (char ch : protos[c].toCharArray()) {
                boolean on = ch == '#' ^ rng.nextDouble() < 0.1;
                sb.append(on ? '#' : '.');
            }
            lines.add(sb.toString());
        }
        Path p = tmp.resolve("labelled.txt");
        Files.write(p, lines);
        return p;
    }

    private Path conf(String text) throws Exception {
        Path c = tmp.resolve("job-" + Math.abs(text.hashCode()) + ".conf");
        Files.writeString(c, text + "spark.master = local[2]\nspark.partitions = 2\ntrain.seed = 4\n");
        return c;
    }

    /** Runs the job of {@code conf} for 2 epochs into {@code out}'s checkpoints, as an interrupted run leaves them. */
    private void interrupted(Path conf, Path out) throws Exception {
        JobConfig c = JobConfig.load(conf, List.of("train.epochs=2"));
        TrainJob job = switch (c.get("model.kind")) {
            case "rbm" -> RbmJob.from(c);
            case "bm" -> BmJob.from(c);
            default -> HopfieldJob.from(c);
        };
        PatternSource.Loaded data = PatternSource.read(TestSpark.context(), c.dataSpec(c.get("data.path")),
            c.getInt("model.visible"));
        Checkpoints checkpoints = new Checkpoints(SparkSessions.hadoopConfiguration(), out.toString());
        job.train(TestSpark.context(), data, checkpoints, false);
        data.patterns().unpersist(false);
        assertTrue(Files.exists(Path.of(out + ".inprogress", "epoch-000002", "metadata.json")));
    }

    private void resumesToTheSameBytes(Path conf, int epochs, String... arrays) throws Exception {
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        Path resumed = tmp.resolve("resumed");
        interrupted(conf, resumed);
        List<String> before = Files.readAllLines(Path.of(resumed + ".inprogress", "epoch-000002", "metrics.jsonl"));
        assertEquals(2, before.size());
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", resumed.toString(), "--resume");
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(Path.of(resumed + ".inprogress")), "checkpoints are removed when the run finishes");
        for (String a : arrays) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(a)), Files.readAllBytes(resumed.resolve(a)), a);
        }
        List<String> metrics = Files.readAllLines(resumed.resolve("metrics.jsonl"));
        assertEquals(epochs, metrics.size());
        // the first epochs were not trained again: their lines (wall times included) are the interrupted run's
        assertEquals(before, metrics.subList(0, 2));
        // a resume with a setting that changes the result is refused, naming the key
        Path again = tmp.resolve("again");
        interrupted(conf, again);
        HopfieldCliTest.Run bad = cli("train", "--conf", conf.toString(), "--set", "train.learningRate=0.5", "--out",
            again.toString(), "--resume");
        assertTrue(bad.status() != 0 && bad.err().contains("train.learningRate"), bad.err());
    }

    @Test
    void labelRbmResumesToTheSameBytes() throws Exception {
        resumesToTheSameBytes(conf("model.kind = rbm\nmodel.hidden = 5\nmodel.labels = 3\ndata.path = " + labelled()
            + "\ntrain.rule = pcd\ntrain.chains = 4\ntrain.epochs = 4\ntrain.batchSize = 5\n"), 4, "W.npy",
            "visible_bias.npy", "hidden_bias.npy", "label_weights.npy", "label_bias.npy");
    }

    @Test
    void boltzmannMachineResumesWithItsPersistentChains() throws Exception {
        resumesToTheSameBytes(conf("model.kind = bm\nmodel.hidden = 2\nmodel.labels = 3\ndata.path = " + labelled()
            + "\ntrain.chains = 6\nbm.persistent = true\ntrain.epochs = 4\ntrain.batchSize = 10\n"
            + "monitor.logLikelihood = none\n"), 4, "weights.npy", "bias.npy");
    }

    @Test
    void contrastiveHopfieldResumesToTheSameBytes() throws Exception {
        Path letters = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();
        resumesToTheSameBytes(conf("model.kind = hopfield\ntrain.rule = contrastive\ndata.path = " + letters
            + "\ntrain.epochs = 4\ntrain.batchSize = 3\n"), 4, "weights.npy", "bias.npy");
    }
}
