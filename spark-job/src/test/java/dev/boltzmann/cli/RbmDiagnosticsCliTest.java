package dev.boltzmann.cli;

import static dev.boltzmann.RbmTestSupport.bits;
import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternFiles;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.PatternSource;
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
 * The trouble-showing monitors through the real CLI: the new fields of metrics.jsonl, checked against the written
 * model by direct computation, and the new pictures in the report.
 */
class RbmDiagnosticsCliTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** Held-out rows: the 30 bars and stripes and 10 random patterns (more rows than the training data). */
    private Path heldOut() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(BARS));
        lines.removeIf(String::isBlank);
        SplittableRandom rng = new SplittableRandom(9);
        for (int k = 0; k < 10; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                sb.append(rng.nextBoolean() ? '#' : '.');
            }
            lines.add(sb.toString());
        }
        Path p = tmp.resolve("held-out.txt");
        Files.write(p, lines);
        return p;
    }

    private static double freeEnergy(Rbm rbm, double[] v) {
        double s = 0;
        for (int h = 0; h < (1 << rbm.numHidden()); h++) {
            s += Math.exp(-rbm.energy(v, bits(h, rbm.numHidden())));
        }
        return -Math.log(s);
    }

    private static double meanFreeEnergy(Rbm rbm, double[] rows, int n) {
        double s = 0;
        for (int r = 0; r < n; r++) {
            s += freeEnergy(rbm, java.util.Arrays.copyOfRange(rows, r * 16, (r + 1) * 16)) / n;
        }
        return s;
    }

    @Test
    void metricsAndReportShowTheDiagnostics() throws Exception {
        Path held = heldOut();
        Path conf = tmp.resolve("rbm.conf");
        Files.writeString(conf, "model.kind = rbm\nmodel.hidden = 10\ndata.path = " + BARS + "\ndata.testPath = "
            + held + "\ntrain.rule = cd\ntrain.epochs = 12\ntrain.batchSize = 10\ntrain.learningRate = 0.3\n"
            + "train.seed = 4\nmonitor.every = 4\ndata.imageWidth = 4\nspark.master = local[2]\n"
            + "spark.partitions = 2\n");
        Path out = tmp.resolve("model");
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(12, lines.size());
        for (int e = 0; e < 12; e++) {
            JsonNode line = ModelStore.json().readTree(lines.get(e));
            for (String key : List.of("weightNorm", "updateNorm", "updateToWeightRatio")) {
                assertTrue(line.path(key).isNumber(), "epoch " + (e + 1) + " has " + key);
            }
            assertEquals(line.path("updateNorm").asDouble() / line.path("weightNorm").asDouble(),
                line.path("updateToWeightRatio").asDouble(), 1e-12);
            boolean measured = (e + 1) % 4 == 0;
            assertEquals(measured, line.has("hiddenActivationHistogram"), "epoch " + (e + 1));
            assertEquals(measured, line.has("freeEnergyGap"), "epoch " + (e + 1));
        }

        JsonNode last = ModelStore.json().readTree(lines.get(11));
        Rbm rbm = RbmStore.read(new Configuration(), out.toString()).rbm();
        double[] train = PatternSource.flatten(PatternFiles.read(new Configuration(), BARS.toString(), 16), 16);
        double[] test = PatternSource.flatten(PatternFiles.read(new Configuration(), held.toString(), 16), 16);
        double norm = 0;
        for (double w : rbm.weights()) {
            norm += w * w;
        }
        assertEquals(Math.sqrt(norm), last.path("weightNorm").asDouble(), 1e-12);
        // 40 held-out rows, 30 training rows: the gap's training subset is every training row
        double gap = meanFreeEnergy(rbm, test, 40) - meanFreeEnergy(rbm, train, 30);
        assertEquals(gap, last.path("freeEnergyGap").asDouble(), 1e-9);
        assertTrue(gap > 0.0, "random held-out patterns are less likely than the bars the model learned: " + gap);
        long[] counts = new long[10];
        for (int j = 0; j < 10; j++) {
            double m = 0;
            for (int n = 0; n < 30; n++) {
                double x = rbm.hiddenBias()[j];
                for (int i = 0; i < 16; i++) {
                    x += train[n * 16 + i] * rbm.weight(i, j);
                }
                m += 1 / (1 + Math.exp(-x)) / 30;
            }
            counts[Math.min(9, (int) (m * 10))]++;
        }
        long[] written = new long[10];
        assertEquals(10, last.path("hiddenActivationHistogram").size());
        for (int k = 0; k < 10; k++) {
            written[k] = last.path("hiddenActivationHistogram").get(k).asLong();
        }
        assertArrayEquals(counts, written);

        String report = Files.readString(out.resolve("report.html"));
        for (String name : List.of("hidden-activations", "filters-by-activation", "curve-freeEnergyGap",
            "curve-weightNorm", "curve-updateToWeightRatio")) {
            assertTrue(report.contains("<img alt=\"" + name + "\" src=\"data:image/png;base64,"), name);
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(out.resolve("pictures/" + name + ".png")
                .toFile());
            assertTrue(img != null && img.getWidth() > 10 && img.getHeight() > 10, name);
        }
        assertFalse(report.contains("curve-updateNorm"), "the update norm is shown through the ratio");
        assertTrue(report.contains("<th>hiddenActivationHistogram</th><td>["), "the final histogram is listed");
    }
}
