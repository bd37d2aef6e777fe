package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkSessions;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and {@code --resume} for the kinds trained on Spark besides the plain RBM (label RBM, Boltzmann
 * machine with persistent chains, contrastive Hopfield, deep belief net): a run interrupted after some epochs (its
 * job run with {@code train.epochs = 2}, which leaves its checkpoints as a killed run does; for a DBN a finished
 * job's newest checkpoint deleted) and resumed with {@code train --resume} writes the same arrays, byte for byte,
 * as an uninterrupted run, and the metrics of the epochs before the interruption are the interrupted run's.
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

    /**
     * Leaves in {@code out}'s checkpoints what a run interrupted after epoch 2 leaves: the job of {@code conf} run
     * for 2 epochs (a DBN: run to the end, its newest checkpoint deleted, so the older one, within the last layer,
     * is the latest).
     */
    static int interrupted(Path conf, Path out) throws Exception {
        boolean dbn = Files.readString(conf).contains("model.kind = dbn");
        JobConfig c = JobConfig.load(conf, dbn ? List.of() : List.of("train.epochs=2"));
        TrainJob job = switch (c.get("model.kind")) {
            case "rbm" -> RbmJob.from(c);
            case "bm" -> BmJob.from(c);
            case "dbn" -> DbnJob.from(c);
            default -> HopfieldJob.from(c);
        };
        PatternSource.Loaded data = PatternSource.read(TestSpark.context(), c.dataSpec(c.get("data.path")),
            c.getInt("model.visible"));
        Checkpoints checkpoints = new Checkpoints(SparkSessions.hadoopConfiguration(), out.toString());
        job.train(TestSpark.context(), data, checkpoints, false);
        data.patterns().unpersist(false);
        int latest = 2;
        if (dbn) {
            // 2 layers (the second the label top with labels) of 2 epochs: the newest checkpoint deleted, the one
            // before, after the first epoch of the second layer, is the latest
            latest = 3;
            deleteTree(checkpoint(out, latest + 1));
        }
        assertTrue(Files.exists(checkpoint(out, latest).resolve("metadata.json")));
        return latest;
    }

    private static Path checkpoint(Path out, int epoch) {
        return Path.of(out + ".inprogress", String.format("epoch-%06d", epoch));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private void resumesToTheSameBytes(Path conf, int epochs, String... arrays) throws Exception {
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        Path resumed = tmp.resolve("resumed");
        int latest = interrupted(conf, resumed);
        List<String> before = Files.readAllLines(checkpoint(resumed, latest).resolve("metrics.jsonl"));
        assertEquals(latest, before.size());
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", resumed.toString(), "--resume");
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(Path.of(resumed + ".inprogress")), "checkpoints are removed when the run finishes");
        for (String a : arrays) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(a)), Files.readAllBytes(resumed.resolve(a)), a);
        }
        List<String> metrics = Files.readAllLines(resumed.resolve("metrics.jsonl"));
        assertEquals(epochs, metrics.size());
        // the first epochs were not trained again: their lines (wall times included) are the interrupted run's
        assertEquals(before, metrics.subList(0, latest));
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
    void aRunCheckpointedEveryOtherEpochResumesFromTheNewestCheckpoint() throws Exception {
        Path conf = conf("model.kind = bm\nmodel.hidden = 2\nmodel.labels = 3\ndata.path = " + labelled()
            + "\ntrain.chains = 6\nbm.persistent = true\ntrain.epochs = 5\ntrain.batchSize = 10\n"
            + "monitor.logLikelihood = none\ncheckpoint.every = 2\n");
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        // a run stopped after epoch 3 left a checkpoint after epoch 2 only
        Path resumed = tmp.resolve("resumed");
        JobConfig c = JobConfig.load(conf, List.of("train.epochs=3"));
        PatternSource.Loaded data = PatternSource.read(TestSpark.context(), c.dataSpec(c.get("data.path")), 0);
        BmJob.from(c).train(TestSpark.context(), data, new Checkpoints(SparkSessions.hadoopConfiguration(),
            resumed.toString()), false);
        data.patterns().unpersist(false);
        assertTrue(Files.exists(checkpoint(resumed, 2).resolve("metadata.json")));
        assertFalse(Files.exists(checkpoint(resumed, 1)) || Files.exists(checkpoint(resumed, 3)));
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", resumed.toString(), "--resume");
        assertEquals(0, r.status(), r.err());
        for (String a : List.of("weights.npy", "bias.npy")) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(a)), Files.readAllBytes(resumed.resolve(a)), a);
        }
        assertEquals(5, Files.readAllLines(resumed.resolve("metrics.jsonl")).size());
    }

    @Test
    void boltzmannMachineResumesWithItsPersistentChains() throws Exception {
        resumesToTheSameBytes(conf("model.kind = bm\nmodel.hidden = 2\nmodel.labels = 3\ndata.path = " + labelled()
            + "\ntrain.chains = 6\nbm.persistent = true\ntrain.epochs = 4\ntrain.batchSize = 10\n"
            + "monitor.logLikelihood = none\n"), 4, "weights.npy", "bias.npy");
    }

    @Test
    void deepBeliefNetResumesWithinALayer() throws Exception {
        // the checkpoint resumed is in the second layer (layer 0 done): a plain layer, then the label top
        for (String top : new String[] {"model.labels = 0\n", "model.labels = 3\n"}) {
            for (Path p : List.of(tmp.resolve("whole"), tmp.resolve("resumed"), tmp.resolve("again"))) {
                if (Files.exists(p)) {
                    deleteTree(p);
                }
            }
            resumesToTheSameBytes(conf("model.kind = dbn\ndbn.layers = 6,4\n" + top + "data.path = " + labelled()
                + "\ntrain.rule = pcd\ntrain.chains = 4\ntrain.epochs = 2\ntrain.batchSize = 5\n"), 4,
                "W_0.npy", "W_1.npy", "hidden_bias_1.npy", "visible_bias_0.npy");
        }
    }

    @Test
    void centredDeepBeliefNetResumesWithinALayerWithItsOffsets() throws Exception {
        // the checkpoint resumed is in the second layer, whose offsets it holds: a plain layer, then the label top
        for (String top : new String[] {"model.labels = 0\n", "model.labels = 3\n"}) {
            for (Path p : List.of(tmp.resolve("whole"), tmp.resolve("resumed"), tmp.resolve("again"))) {
                if (Files.exists(p)) {
                    deleteTree(p);
                }
            }
            resumesToTheSameBytes(conf("model.kind = dbn\ndbn.layers = 6,4\n" + top + "data.path = " + labelled()
                + "\ntrain.rule = pcd\ntrain.chains = 4\ntrain.epochs = 2\ntrain.batchSize = 5\n"
                + "train.centering = both\ntrain.centeringRate = 0.2\n"), 4,
                "W_0.npy", "W_1.npy", "hidden_bias_1.npy", "visible_bias_0.npy");
            Path saved = checkpoint(tmp.resolve("again"), 3);
            boolean labels = top.contains("3");
            String prefix = labels ? "top_" : "layer_";
            double[] mu = ModelStore.readArray(new Configuration(), saved.toString(),
                prefix + "centering_visible_offset", labels ? 9 : 6).data();
            double[] lambda = ModelStore.readArray(new Configuration(), saved.toString(),
                prefix + "centering_hidden_offset", 4).data();
            assertTrue(java.util.Arrays.stream(lambda).anyMatch(l -> l != 0.5), "λ moved from ½");
            assertTrue(java.util.Arrays.stream(mu).allMatch(m -> m >= 0 && m <= 1), "μ are means in [0, 1]");
        }
    }

    @Test
    void centredLabelRbmResumesToTheSameBytesWithItsOffsets() throws Exception {
        resumesToTheSameBytes(conf("model.kind = rbm\nmodel.hidden = 5\nmodel.labels = 3\ndata.path = " + labelled()
            + "\ntrain.rule = pcd\ntrain.chains = 4\ntrain.epochs = 4\ntrain.batchSize = 5\n"
            + "train.centering = both\ntrain.centeringRate = 0.2\n"), 4, "W.npy", "visible_bias.npy",
            "hidden_bias.npy", "label_weights.npy", "label_bias.npy");
        // μ covers the 12 pixels and the 3 label units: the class frequencies sum to 1 (they move towards
        // mini-batch frequencies, which do too)
        double[] mu = ModelStore.readArray(new Configuration(), checkpoint(tmp.resolve("again"), 2).toString(),
            "centering_visible_offset", 15).data();
        assertEquals(1.0, mu[12] + mu[13] + mu[14], 1e-12);
    }

    @Test
    void contrastiveHopfieldResumesToTheSameBytes() throws Exception {
        Path letters = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();
        resumesToTheSameBytes(conf("model.kind = hopfield\ntrain.rule = contrastive\ndata.path = " + letters
            + "\ntrain.epochs = 4\ntrain.batchSize = 3\n"), 4, "weights.npy", "bias.npy");
    }
}
