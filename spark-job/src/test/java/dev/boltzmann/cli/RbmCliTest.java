package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.evaluation.RbmExactLikelihood;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternFiles;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RBM job through the real CLI: train on bars and stripes, the model directory, metrics, evaluate. */
class RbmCliTest {
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
        Files.writeString(c, "model.kind = rbm\nmodel.hidden = 12\ndata.path = " + BARS + "\ndata.testPath = " + BARS
            + "\ntrain.rule = cd\ntrain.cdSteps = 5\ntrain.epochs = 400\ntrain.batchSize = 10\n"
            + "train.learningRate = 0.05\ntrain.momentum = 0.5\ntrain.seed = 3\nmonitor.every = 100\n"
            + "data.imageWidth = 4\ndemo.count = 2\nspark.master = local[2]\n" + extra);
        return c;
    }

    @Test
    void trainWritesTheRbmDirectoryWhoseExactLikelihoodTheMetricsReport() throws Exception {
        Path out = tmp.resolve("model");
        HopfieldCliTest.Run r = cli("train", "--conf", conf("").toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        JsonNode meta = ModelStore.json().readTree(out.resolve("metadata.json").toFile());
        assertEquals("rbm", meta.path("kind").asText());
        assertEquals(16, meta.path("visible").asInt());
        assertEquals(12, meta.path("hidden").asInt());
        assertEquals(400, meta.path("epochsCompleted").asInt());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(400, lines.size());
        assertTrue(ModelStore.json().readTree(lines.get(0)).has("trainingReconstructionError"));
        assertFalse(ModelStore.json().readTree(lines.get(0)).has("logLikelihood"), "measured every 100 epochs only");
        JsonNode last = ModelStore.json().readTree(lines.get(399));
        assertEquals("exact", last.path("logLikelihoodMethod").asText());

        Rbm rbm = RbmStore.read(new Configuration(), out.toString()).rbm();
        double[] data = PatternSource.flatten(PatternFiles.read(new Configuration(), BARS.toString(), 16), 16);
        double exact = RbmExactLikelihood.meanLogLikelihood(rbm, data, 30);
        assertEquals(exact, last.path("logLikelihood").asDouble(), 1e-9);
        assertEquals(exact, last.path("heldOutLogLikelihood").asDouble(), 1e-9);
        assertTrue(exact > -9.0, "better than the uniform model (-16 ln 2 = -11.09): " + exact);
        assertTrue(exact > ModelStore.json().readTree(lines.get(99)).path("logLikelihood").asDouble() - 0.5);

        // pictures beside the arrays and one self-contained report that embeds them
        for (String name : List.of("filters", "samples", "completions", "curve-logLikelihood")) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve("pictures/" + name + ".png")
                .toFile());
            assertTrue(img != null && img.getWidth() > 10 && img.getHeight() > 10, name);
        }
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.startsWith("<!DOCTYPE html>"));
        // filters, samples, completions, hidden-activations, filters-by-activation and seven curves (logLikelihood,
        // pseudoLogLikelihood, reconstructionError, meanFreeEnergy, weightNorm, updateToWeightRatio, freeEnergyGap)
        assertEquals(12, report.split("src=\"data:image/png;base64,", -1).length - 1, "twelve embedded pictures");
        assertTrue(report.contains("<th>model.hidden</th><td>12</td>"), "the configuration is shown");
        assertFalse(report.contains("http://") || report.contains("https://") || report.contains("<script"),
            "no network, no scripts");

        assertReportRendersInChromium(out.resolve("report.html"));

        HopfieldCliTest.Run eval = cli("evaluate", "--model", out.toString(), "--input", BARS.toString());
        assertEquals(0, eval.status(), eval.err());
        JsonNode e = ModelStore.json().readTree(eval.out());
        assertEquals(exact, e.path("logLikelihood").asDouble(), 1e-9);
        assertEquals(30, e.path("rows").asInt());
        HopfieldCliTest.Run ais = cli("evaluate", "--model", out.toString(), "--input", BARS.toString(),
            "--method", "ais", "--ais-betas", "3000");
        assertEquals(0, ais.status(), ais.err());
        assertEquals(exact, ModelStore.json().readTree(ais.out()).path("logLikelihood").asDouble(), 0.5);
    }

    @Test
    void configsThatDoNotFitAnRbmAreRefusedBeforeWork() throws Exception {
        String[][] cases = {
            {"model.hidden=0", "model.hidden = '0': an rbm needs at least 1 hidden unit"},
            {"train.rule=storkey", "train.rule = 'storkey': an rbm learns with cd or pcd"},
            {"model.encoding=bipolar", "an rbm has binary (0/1) units"},
        };
        for (String[] c : cases) {
            HopfieldCliTest.Run r = cli("train", "--conf", conf("").toString(), "--set", c[0], "--out",
                tmp.resolve("x").toString());
            assertEquals(Main.FAILED, r.status());
            assertTrue(r.err().contains(c[1]), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("x")));
        HopfieldCliTest.Run wrongWidth = cli("evaluate", "--model", tmp.resolve("nothing").toString(), "--input",
            BARS.toString());
        assertEquals(Main.FAILED, wrongWidth.status());
    }

    @Test
    void roundsPerEpochSetsTheBatchSize() throws Exception {
        String[] common = {"--set", "train.epochs=5", "--set", "monitor.logLikelihood=none"};
        Path one = tmp.resolve("one-round");
        Path whole = tmp.resolve("whole-batch");
        List<String> a = new java.util.ArrayList<>(List.of("train", "--conf", conf("").toString(), "--out",
            one.toString(), "--set", "train.roundsPerEpoch=1"));
        a.addAll(List.of(common));
        assertEquals(0, cli(a.toArray(String[]::new)).status());
        List<String> b = new java.util.ArrayList<>(List.of("train", "--conf", conf("").toString(), "--out",
            whole.toString(), "--set", "train.batchSize=30"));
        b.addAll(List.of(common));
        assertEquals(0, cli(b.toArray(String[]::new)).status());
        Rbm x = RbmStore.read(new Configuration(), one.toString()).rbm();
        Rbm y = RbmStore.read(new Configuration(), whole.toString()).rbm();
        org.junit.jupiter.api.Assertions.assertArrayEquals(y.weights(), x.weights());
        HopfieldCliTest.Run bm = cli("train", "--conf", conf("").toString(), "--out", tmp.resolve("bm").toString(),
            "--set", "model.kind=bm", "--set", "train.rule=gradient", "--set", "train.roundsPerEpoch=2");
        assertEquals(Main.FAILED, bm.status());
        assertTrue(bm.err().contains("train.roundsPerEpoch = '2': rounds per epoch apply to rbm"), bm.err());
    }

    @Test
    void warmStartContinuesAModelAndRecordsBothRuns() throws Exception {
        Path first = tmp.resolve("first");
        assertEquals(0, cli("train", "--conf", conf("").toString(), "--out", first.toString(), "--set",
            "train.epochs=3", "--set", "monitor.logLikelihood=none").status());
        Path same = tmp.resolve("same");
        HopfieldCliTest.Run zero = cli("train", "--conf", conf("").toString(), "--out", same.toString(), "--set",
            "train.epochs=0", "--init-model", first.toString());
        assertEquals(0, zero.status(), zero.err());
        org.junit.jupiter.api.Assertions.assertArrayEquals(
            RbmStore.read(new Configuration(), first.toString()).rbm().weights(),
            RbmStore.read(new Configuration(), same.toString()).rbm().weights(), "0 epochs: the model it started from");
        Path second = tmp.resolve("second");
        assertEquals(0, cli("train", "--conf", conf("").toString(), "--out", second.toString(), "--set",
            "train.epochs=2", "--set", "monitor.logLikelihood=none", "--init-model", same.toString()).status());
        JsonNode meta = ModelStore.json().readTree(second.resolve("metadata.json").toFile());
        assertEquals(2, meta.path("previousRuns").size(), "both earlier runs are recorded, oldest first");
        assertEquals(first.toString(), meta.path("previousRuns").get(0).path("model").asText());
        assertEquals(3, meta.path("previousRuns").get(0).path("epochsCompleted").asInt());
        assertEquals(same.toString(), meta.path("previousRuns").get(1).path("model").asText());
        HopfieldCliTest.Run wrong = cli("train", "--conf", conf("").toString(), "--out", tmp.resolve("w").toString(),
            "--set", "model.hidden=5", "--init-model", first.toString());
        assertEquals(Main.FAILED, wrong.status());
        assertTrue(wrong.err().contains("the model to start from has 12 hidden units"), wrong.err());
    }

    /**
     * Opens the report in headless Chromium (Debian's package; .ci/run installs it) from the file system and checks
     * the screenshot shows the pictures: the grey frame of the filter grid and the red of the unknown pixels.
     */
    private void assertReportRendersInChromium(Path report) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
        Path shot = tmp.resolve("shot.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + tmp.resolve("chromium-profile"), "--window-size=1000,2600",
            "--screenshot=" + shot, report.toUri().toString()).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("chromium.log").toFile()).start();
        assertTrue(p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "chromium did not finish");
        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(shot.toFile());
        assertTrue(img != null, "no screenshot: " + Files.readString(tmp.resolve("chromium.log")));
        int grey = 0;
        int red = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                grey += rgb == 0x808080 ? 1 : 0;
                red += rgb == 0xc04040 ? 1 : 0;
            }
        }
        assertTrue(grey > 200, "the filter grid was drawn (" + grey + " frame pixels)");
        assertTrue(red > 50, "the completions were drawn (" + red + " unknown-pixel pixels)");
    }
}
