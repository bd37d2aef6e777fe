package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.evaluation.RbmExactLikelihood;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parallel tempering and reverse AIS through the CLI: the swap rates and both sides of AIS in metrics.jsonl and
 * evaluate's JSON, the pt.* keys' validation, and a killed PT run on Spark that resumes from its checkpoint (every
 * replica of every chain) to the same bits as an uninterrupted run, for an RBM, a label RBM, a deep belief net (every
 * layer and the label top tempered) and a Boltzmann machine; gaussian visible units are still refused, naming the key.
 */
class PtCliTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private Path conf(String extra) throws Exception {
        Path c = tmp.resolve("pt.conf");
        Files.writeString(c, "model.kind = rbm\nmodel.hidden = 8\ndata.path = " + BARS + "\ntrain.rule = pcd\n"
            + "train.negativePhase = pt\npt.temperatures = 5\npt.lowestBeta = 0.2\ntrain.chains = 6\n"
            + "train.batchSize = 5\ntrain.learningRate = 0.05\ntrain.seed = 5\nspark.master = local[2]\n"
            + "spark.partitions = 2\n" + extra);
        return c;
    }

    /** The lines of {@code out}'s metrics.jsonl, after checking each has a rate in [0, 1] for every pair. */
    private static List<String> swapRates(Path out, int epochs, int pairs) throws Exception {
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(epochs, lines.size());
        for (String l : lines) {
            JsonNode rates = ModelStore.json().readTree(l).path("swapAcceptance");
            assertEquals(pairs, rates.size(), "one rate per neighbouring pair: " + l);
            for (JsonNode x : rates) {
                assertTrue(x.asDouble() >= 0 && x.asDouble() <= 1, l);
            }
        }
        return lines;
    }

    @Test
    void swapRatesAndBothSidesOfAisAreReported() throws Exception {
        Path out = tmp.resolve("model");
        HopfieldCliTest.Run r = cli("train", "--conf", conf("train.epochs = 4\nmonitor.logLikelihood = ais\n"
            + "monitor.aisBetas = 500\nmonitor.reverseAisSweeps = 200\nmonitor.every = 2\n").toString(),
            "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = swapRates(out, 4, 4);
        JsonNode last = ModelStore.json().readTree(lines.get(3));
        Rbm rbm = RbmStore.read(new Configuration(), out.toString()).rbm();
        double exact = RbmExactLikelihood.logPartition(rbm);
        assertEquals("ais", last.path("logLikelihoodMethod").asText());
        double forward = last.path("logZ").asDouble();
        double reverse = last.path("logZReverse").asDouble();
        assertTrue(last.path("logZLow").asDouble() <= exact && exact <= last.path("logZReverseHigh").asDouble(),
            "forward " + forward + ", reverse " + reverse + ", exact " + exact + ": " + last);
        assertEquals(exact, forward, 0.2);
        assertEquals(exact, reverse, 0.2);
        assertEquals(last.path("logLikelihood").asDouble() + forward - reverse,
            last.path("logLikelihoodReverse").asDouble(), 1e-9);

        HopfieldCliTest.Run e = cli("evaluate", "--model", out.toString(), "--input", BARS.toString(), "--method",
            "ais", "--ais-betas", "500", "--reverse-sweeps", "300");
        assertEquals(0, e.status(), e.err());
        JsonNode j = ModelStore.json().readTree(e.out());
        assertTrue(j.has("logZReverse") && j.has("logLikelihoodReverse") && j.has("logZReverseHigh"), e.out());
        assertEquals(exact, j.path("logZReverse").asDouble(), 0.2);
        HopfieldCliTest.Run off = cli("evaluate", "--model", out.toString(), "--input", BARS.toString(), "--method",
            "ais", "--ais-betas", "100", "--reverse-sweeps", "0");
        assertFalse(off.out().contains("logZReverse"), off.out());
    }

    @Test
    void badTemperingSettingsAreRefusedNamingTheKey() throws Exception {
        String[][] cases = {
            {"train.rule = cd\n", "train.negativePhase"},
            {"pt.lowestBeta = 0\n", "pt.lowestBeta"},
            {"pt.lowestBeta = 1\n", "pt.lowestBeta"},
            {"pt.temperatures = 1\n", "pt.temperatures"},
            {"pt.spacing = cubic\n", "pt.spacing"},
        };
        for (String[] c : cases) {
            Path f = conf("train.epochs = 1\n" + c[0]);
            HopfieldCliTest.Run r = cli("train", "--conf", f.toString(), "--out", tmp.resolve("bad").toString());
            assertEquals(Main.FAILED, r.status(), c[0]);
            assertTrue(r.err().contains(c[1]), c[0] + ": " + r.err());
            assertFalse(Files.exists(tmp.resolve("bad")), "no output for " + c[0]);
        }
        Path bm = tmp.resolve("bm.conf");
        Files.writeString(bm, "model.kind = bm\nmodel.hidden = 2\ndata.path = " + BARS + "\ntrain.epochs = 1\n"
            + "train.negativePhase = pt\npt.lowestBeta = 1\nspark.master = local[2]\n");
        HopfieldCliTest.Run refused = cli("train", "--conf", bm.toString(), "--out", tmp.resolve("bm").toString());
        assertEquals(Main.FAILED, refused.status());
        assertTrue(refused.err().contains("pt.lowestBeta"), refused.err());
        assertFalse(Files.exists(tmp.resolve("bm")));
        HopfieldCliTest.Run linearZero = cli("train", "--conf", conf("train.epochs = 1\npt.lowestBeta = 0\n"
            + "pt.spacing = linear\n").toString(), "--out", tmp.resolve("linear").toString());
        assertEquals(0, linearZero.status(), linearZero.err());
    }

    @Test
    void aBoltzmannMachineWithTemperingResumesFromItsCheckpointToTheSameBits() throws Exception {
        Path conf = tmp.resolve("bm-pt.conf");
        Files.writeString(conf, "model.kind = bm\nmodel.hidden = 2\ndata.path = " + BARS + "\ntrain.epochs = 4\n"
            + "train.negativePhase = pt\npt.temperatures = 3\npt.lowestBeta = 0.3\ntrain.chains = 4\n"
            + "bm.persistent = true\ntrain.batchSize = 10\ntrain.learningRate = 0.1\ntrain.seed = 8\n"
            + "monitor.every = 0\nspark.master = local[2]\nspark.partitions = 3\n");
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        List<String> lines = swapRates(whole, 4, 2);

        // the job stopped after 2 epochs leaves its checkpoints, as a killed run does
        Path stopped = tmp.resolve("stopped");
        SparkResumeTest.interrupted(conf, stopped);
        Path epoch2 = Path.of(stopped + ".inprogress", "epoch-000002");
        JsonNode meta = ModelStore.json().readTree(epoch2.resolve("metadata.json").toFile());
        // every replica of every chain: 4 chains x 3 temperatures rows of 16 + 2 units
        assertEquals(12, meta.path("chains").asInt());
        assertEquals(3, meta.path("chainReplicas").asInt());
        double[] chains = ModelStore.readArray(new Configuration(), epoch2.toString(), "chains", 12, 18).data();
        assertFalse(java.util.Arrays.stream(chains).allMatch(x -> x == 0.0), "the replicas have moved");

        HopfieldCliTest.Run changed = cli("train", "--conf", conf.toString(), "--out", stopped.toString(),
            "--resume", "--set", "pt.temperatures=4");
        assertEquals(Main.FAILED, changed.status());
        assertTrue(changed.err().contains("pt.temperatures is '4' but the interrupted run used '3'"), changed.err());
        HopfieldCliTest.Run resumed = cli("train", "--conf", conf.toString(), "--out", stopped.toString(),
            "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        for (String a : new String[] {"weights.npy", "bias.npy"}) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(a)), Files.readAllBytes(stopped.resolve(a)), a);
        }
        List<String> after = Files.readAllLines(stopped.resolve("metrics.jsonl"));
        assertEquals(4, after.size());
        assertEquals(ModelStore.json().readTree(lines.get(3)).path("swapAcceptance"),
            ModelStore.json().readTree(after.get(3)).path("swapAcceptance"), "the same swaps after the resume");
    }

    @Test
    void aKilledTemperingRunResumesToTheSameBits() throws Exception {
        String epochs = "train.epochs = 40\nmonitor.every = 0\n";
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf(epochs).toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());

        Path killed = tmp.resolve("killed");
        Process driver = ResumeTest.startDriver(tmp, "train", "--conf", conf(epochs).toString(), "--out",
            killed.toString());
        Path checkpoints = ResumeTest.killAfterCheckpoint(driver, tmp, killed, 5);
        // the checkpoint holds every replica of every chain: 6 chains x 5 temperatures rows of 8 hidden units
        JsonNode meta = ModelStore.json().readTree(checkpoints.resolve("epoch-000005/metadata.json").toFile());
        assertEquals(30, meta.path("chains").asInt());
        assertEquals(5, meta.path("chainReplicas").asInt());

        HopfieldCliTest.Run changed = cli("train", "--conf", conf(epochs).toString(), "--out", killed.toString(),
            "--resume", "--set", "pt.lowestBeta=0.3");
        assertEquals(Main.FAILED, changed.status());
        assertTrue(changed.err().contains("pt.lowestBeta is '0.3' but the interrupted run used '0.2'"),
            changed.err());
        HopfieldCliTest.Run resumed = cli("train", "--conf", conf(epochs).toString(), "--out", killed.toString(),
            "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        Rbm a = RbmStore.read(new Configuration(), whole.toString()).rbm();
        Rbm b = RbmStore.read(new Configuration(), killed.toString()).rbm();
        assertArrayEquals(a.weights(), b.weights());
        assertArrayEquals(a.visibleBias(), b.visibleBias());
        assertArrayEquals(a.hiddenBias(), b.hiddenBias());
        assertEquals(Files.readAllLines(whole.resolve("metrics.jsonl")).size(),
            Files.readAllLines(killed.resolve("metrics.jsonl")).size());
    }

    /** The first 200 sample digits (784 pixels and a label each), a small labelled training file. */
    private Path digits() throws Exception {
        Path f = tmp.resolve("digits-200.txt");
        Path all = Path.of("..", "sample-data", "digits", "digits-train.txt").toAbsolutePath();
        Files.write(f, Files.readAllLines(all).subList(0, 200));
        return f;
    }

    /** A tempered job on {@link #digits}: 10 labels, 4 chains of 3 replicas, batches of 25, and {@code extra}. */
    private Path labelledConf(String extra) throws Exception {
        Path conf = tmp.resolve("labelled-pt.conf");
        Files.writeString(conf, extra + "model.labels = 10\ndata.path = " + digits() + "\ntrain.rule = pcd\n"
            + "train.negativePhase = pt\npt.temperatures = 3\npt.lowestBeta = 0.5\ntrain.chains = 4\n"
            + "train.batchSize = 25\ntrain.learningRate = 0.05\nspark.master = local[2]\n");
        return conf;
    }

    @Test
    void aLabelRbmWithTemperingReportsSwapRatesAndResumesToTheSameBytes() throws Exception {
        Path conf = labelledConf("model.kind = rbm\nmodel.hidden = 12\ntrain.epochs = 4\ntrain.seed = 3\n"
            + "demo.count = 0\nspark.partitions = 3\n");
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", conf.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(ok.err().contains("parallel tempering over 3 temperatures") || ok.out().contains(
            "parallel tempering over 3 temperatures"), ok.out() + ok.err());
        List<String> lines = swapRates(whole, 4, 2);
        assertTrue(ModelStore.json().readTree(lines.get(3)).has("accuracy"), lines.get(3));

        Path stopped = tmp.resolve("stopped");
        SparkResumeTest.interrupted(conf, stopped);
        Path epoch2 = Path.of(stopped + ".inprogress", "epoch-000002");
        JsonNode meta = ModelStore.json().readTree(epoch2.resolve("metadata.json").toFile());
        // every replica of every chain: 4 chains x 3 temperatures rows of 12 hidden units
        assertEquals(12, meta.path("chains").asInt());
        assertEquals(3, meta.path("chainReplicas").asInt());
        double[] chains = ModelStore.readArray(new Configuration(), epoch2.toString(), "chains_hidden", 12, 12)
            .data();
        assertFalse(java.util.Arrays.stream(chains).allMatch(x -> x == 0.0), "the replicas have moved");
        HopfieldCliTest.Run resumed = cli("train", "--conf", conf.toString(), "--out", stopped.toString(),
            "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        for (String a : new String[] {"W.npy", "visible_bias.npy", "hidden_bias.npy", "label_weights.npy",
            "label_bias.npy"}) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(a)), Files.readAllBytes(stopped.resolve(a)), a);
        }
        List<String> after = Files.readAllLines(stopped.resolve("metrics.jsonl"));
        assertEquals(4, after.size());
        assertEquals(ModelStore.json().readTree(lines.get(3)).path("swapAcceptance"),
            ModelStore.json().readTree(after.get(3)).path("swapAcceptance"), "the same swaps after the resume");

        // plain PCD from the same settings ends elsewhere
        Path plain = tmp.resolve("plain");
        HopfieldCliTest.Run pcd = cli("train", "--conf", conf.toString(), "--out", plain.toString(), "--set",
            "train.negativePhase=gibbs");
        assertEquals(0, pcd.status(), pcd.err());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(whole.resolve("W.npy")),
            Files.readAllBytes(plain.resolve("W.npy"))));
        assertFalse(Files.readAllLines(plain.resolve("metrics.jsonl")).get(0).contains("swapAcceptance"));
    }

    @Test
    void aDeepBeliefNetWithTemperingKeepsEveryReplicaInItsCheckpointsAndResumesToTheSameBytes() throws Exception {
        // 2 layers of 2 epochs, the second the label top
        Path conf = labelledConf("model.kind = dbn\ndbn.layers = 16,8\ntrain.epochs = 2\ntrain.seed = 4\n"
            + "spark.partitions = 2\n");
        Path whole = tmp.resolve("whole");
        assertEquals(0, cli("train", "--conf", conf.toString(), "--out", whole.toString()).status());
        swapRates(whole, 4, 2); // one line per layer and epoch, each with the layer's swap rates
        Path stopped = tmp.resolve("stopped");
        int latest = SparkResumeTest.interrupted(conf, stopped);
        Path last = Path.of(stopped + ".inprogress", String.format("epoch-%06d", latest));
        JsonNode meta = ModelStore.json().readTree(last.resolve("metadata.json").toFile());
        // in the label top's first epoch: its 4 chains x 3 replicas of 8 hidden units
        assertEquals(3, meta.path("top_chainReplicas").asInt());
        assertEquals(12, meta.path("top_chains").asInt());
        ModelStore.readArray(new Configuration(), last.toString(), "top_chains_hidden", 12, 8);
        HopfieldCliTest.Run resumed = cli("train", "--conf", conf.toString(), "--out", stopped.toString(),
            "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        try (var files = Files.list(whole)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".npy")).toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(stopped.resolve(f.getFileName())),
                    f.getFileName().toString());
            }
        }
    }

    @Test
    void temperingIsStillRefusedForGaussianVisibleUnitsNamingTheKey() throws Exception {
        Path f = conf("train.epochs = 1\nmodel.visibleUnits = gaussian\n");
        HopfieldCliTest.Run r = cli("train", "--conf", f.toString(), "--out", tmp.resolve("g").toString());
        assertEquals(Main.FAILED, r.status());
        assertTrue(r.err().contains("train.negativePhase") && r.err().contains("gaussian"), r.err());
        assertFalse(Files.exists(tmp.resolve("g")));
    }
}
