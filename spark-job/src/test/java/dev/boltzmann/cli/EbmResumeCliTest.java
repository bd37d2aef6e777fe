package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkSessions;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints and {@code --resume} for {@code model.kind = ebm} on Spark: a run interrupted after epoch 2 (its job
 * run with {@code train.epochs = 2}, which leaves its checkpoints as a killed run does) and resumed with
 * {@code train --resume} writes the same arrays, byte for byte, as an uninterrupted run — an Ising energy with
 * persistent chains on bars and stripes, a neural energy with persistent chains and with chains restarted from the
 * batch — and keeps the interrupted run's metrics of the first epochs; a resume with another {@code ebm.*} setting
 * is refused.
 */
class EbmResumeCliTest {
    private static final Path BARS = dev.boltzmann.BarsAndStripes.SAMPLE_FILE;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private Path conf(String name, String text) throws Exception {
        Path c = tmp.resolve(name + ".conf");
        Files.writeString(c, "model.kind = ebm\ntrain.epochs = 4\ntrain.seed = 4\ntrain.chains = 7\n"
            + "train.batchSize = 9\nspark.master = local[2]\nspark.partitions = 2\n" + text);
        return c;
    }

    /** The checkpoints a run of {@code conf} killed after epoch 2 leaves in {@code out}. */
    private static void interrupted(Path conf, Path out) throws Exception {
        JobConfig c = JobConfig.load(conf, List.of("train.epochs=2"));
        PatternSource.Loaded data = PatternSource.read(TestSpark.context(), c.dataSpec(c.get("data.path")),
            c.getInt("model.visible"));
        EbmJob.from(c).train(TestSpark.context(), data, new Checkpoints(SparkSessions.hadoopConfiguration(),
            out.toString()), false);
        data.patterns().unpersist(false);
        assertTrue(Files.exists(checkpoint(out, 2).resolve("metadata.json")));
    }

    private static Path checkpoint(Path out, int epoch) {
        return Path.of(out + ".inprogress", String.format("epoch-%06d", epoch));
    }

    private void resumesToTheSameBytes(Path conf, String... arrays) throws Exception {
        Path whole = tmp.resolve(conf.getFileName() + "-whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        Path resumed = tmp.resolve(conf.getFileName() + "-resumed");
        interrupted(conf, resumed);
        JsonNode saved = ModelStore.json().readTree(checkpoint(resumed, 2).resolve("metadata.json").toFile());
        assertEquals(2, saved.path("epochsCompleted").asInt());
        List<String> before = Files.readAllLines(checkpoint(resumed, 2).resolve("metrics.jsonl"));
        assertEquals(2, before.size());
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", resumed.toString(), "--resume");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("train: epoch 3/4"), r.err());
        assertFalse(r.err().contains("train: epoch 1/4"), "epochs 1 and 2 are not trained again: " + r.err());
        assertFalse(Files.exists(Path.of(resumed + ".inprogress")), "checkpoints are removed when the run finishes");
        for (String a : arrays) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(a)), Files.readAllBytes(resumed.resolve(a)), a);
        }
        List<String> metrics = Files.readAllLines(resumed.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size());
        assertEquals(before, metrics.subList(0, 2));
        // the monitors after the resume are the uninterrupted run's (the wall times aside)
        List<String> all = Files.readAllLines(whole.resolve("metrics.jsonl"));
        for (int e = 2; e < 4; e++) {
            JsonNode want = ModelStore.json().readTree(all.get(e));
            JsonNode got = ModelStore.json().readTree(metrics.get(e));
            for (String key : new String[] {"learningRate", "meanDataEnergy", "meanSampleEnergy", "acceptanceRate",
                "logLikelihood"}) {
                assertEquals(want.path(key).asDouble(), got.path(key).asDouble(), 0.0, key + " of epoch " + (e + 1));
            }
        }
        // a resume with a setting that changes the result is refused, naming the key
        Path again = tmp.resolve(conf.getFileName() + "-again");
        interrupted(conf, again);
        HopfieldCliTest.Run bad = cli("train", "--conf", conf.toString(), "--set", "ebm.stepsPerUpdate=3", "--out",
            again.toString(), "--resume");
        assertTrue(bad.status() != 0 && bad.err().contains("ebm.stepsPerUpdate"), bad.err());
    }

    @Test
    void isingEnergyWithPersistentChainsResumesToTheSameBytes() throws Exception {
        Path c = conf("ising", "model.energy = ising\ndata.path = " + BARS + "\ntrain.learningRate = 0.1\n"
            + "ebm.stepsPerUpdate = 16\nmonitor.every = 1\n");
        resumesToTheSameBytes(c, "weights.npy", "bias.npy");
        JsonNode meta = ModelStore.json().readTree(tmp.resolve("ising.conf-whole").resolve("metadata.json").toFile());
        assertTrue(meta.path("metrics").path("logLikelihood").isNumber(), "the exact monitor ran");
    }

    @Test
    void neuralEnergyResumesToTheSameBytesWithEitherNegativePhase() throws Exception {
        SplittableRandom rng = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int k = 0; k < 40; k++) {
            double c = k % 2 == 0 ? 0.2 : 0.8;
            csv.append(c + 0.05 * rng.nextGaussian()).append(',').append(c + 0.05 * rng.nextGaussian()).append('\n');
        }
        Path data = tmp.resolve("clusters.csv");
        Files.writeString(data, csv);
        for (String negatives : new String[] {"persistent", "data"}) {
            Path c = conf("neural-" + negatives, "model.energy = neural\nmodel.hidden = 3\ndata.path = " + data
                + "\ndata.format = csv\ndata.binarize = none\ntrain.learningRate = 0.05\n"
                + "train.initialWeightStd = 1\nebm.stepsPerUpdate = 5\nebm.stepSize = 0.2\n"
                + "ebm.learningRateFactor = 0.9\nebm.negatives = " + negatives + "\n");
            resumesToTheSameBytes(c, "U.npy", "c.npy", "v.npy");
        }
    }
}
