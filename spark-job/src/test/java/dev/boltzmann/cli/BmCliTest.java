package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Boltzmann machine with label units through the CLI: 3x3 bars (class 0) and stripes (class 1), then classify,
 * sample a class, complete, evaluate.
 */
class BmCliTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** The 3x3 images with exactly one full column (class 0) or exactly one full row (class 1). */
    private static List<String> labelledLines() {
        List<String> lines = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            StringBuilder col = new StringBuilder();
            StringBuilder row = new StringBuilder();
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    col.append(c == k ? '#' : '.');
                    row.append(r == k ? '#' : '.');
                }
            }
            lines.add("0\t" + col);
            lines.add("1\t" + row);
        }
        return lines;
    }

    private static void ok(HopfieldCliTest.Run r) {
        assertEquals(0, r.status(), () -> r.out() + r.err());
    }

    @Test
    void labelledMachineClassifiesGeneratesAndCompletes() throws Exception {
        Path data = tmp.resolve("lines.txt");
        Files.write(data, labelledLines());
        Path conf = tmp.resolve("bm.conf");
        Files.writeString(conf, "model.kind = bm\nmodel.labels = 2\nmodel.hidden = 4\ndata.path = " + data
            + "\ntrain.epochs = 2000\ntrain.batchSize = 6\ntrain.learningRate = 0.05\ntrain.weightDecay = 0.001\n"
            + "train.initialWeightStd = 0.5\ntrain.chains = 100\nbm.samplesPerChain = 2\nbm.clampedBurnIn = 5\n"
            + "train.seed = 2\nmonitor.every = 500\nspark.master = local[2]\n");
        Path model = tmp.resolve("model");
        ok(cli("train", "--conf", conf.toString(), "--out", model.toString()));
        JsonNode meta = ModelStore.json().readTree(model.resolve("metadata.json").toFile());
        assertEquals("bm", meta.path("kind").asText());
        assertEquals("visible, labels, hidden", meta.path("unitOrder").asText());
        assertEquals(15, meta.path("units").asInt());

        Path predicted = tmp.resolve("predicted.txt");
        HopfieldCliTest.Run c = cli("classify", "--model", model.toString(), "--input", data.toString(), "--output",
            predicted.toString());
        ok(c);
        assertTrue(c.out().contains("accuracy 1.0000 on the 6 labelled patterns"), c.out());
        assertEquals(labelledLines(), Files.readAllLines(predicted));

        Path samples = tmp.resolve("stripes.txt");
        ok(cli("sample", "--model", model.toString(), "--count", "40", "--label", "1", "--sweeps", "300",
            "--output", samples.toString()));
        int rows = 0;
        for (String l : Files.readAllLines(samples)) {
            assertTrue(l.startsWith("1\t"));
            rows += List.of("###......", "...###...", "......###").contains(l.substring(2)) ? 1 : 0;
        }
        assertTrue(rows >= 24, rows + " of 40 class-1 samples are one full row");

        Path partial = tmp.resolve("partial.txt");
        Files.writeString(partial, "#??#??#??\n.?..?..?.\n");
        Path completed = tmp.resolve("completed.txt");
        ok(cli("complete", "--model", model.toString(), "--input", partial.toString(), "--output",
            completed.toString()));
        assertEquals(List.of("#..#..#..", ".#..#..#."), Files.readAllLines(completed));

        HopfieldCliTest.Run e = cli("evaluate", "--model", model.toString(), "--input", data.toString());
        ok(e);
        JsonNode ev = ModelStore.json().readTree(e.out());
        assertEquals(1.0, ev.path("accuracy").asDouble());
        assertTrue(ev.path("logLikelihood").asDouble() > -9 * Math.log(2) + 2, ev.toString());
    }

    @Test
    void labelsThatDoNotFitAreNamed() throws Exception {
        Path data = tmp.resolve("bad.txt");
        Files.writeString(data, "0\t#..\n7\t.#.\n");
        Path conf = tmp.resolve("bm.conf");
        Files.writeString(conf, "model.kind = bm\nmodel.labels = 2\ndata.path = " + data + "\ntrain.epochs = 1\n"
            + "spark.master = local[2]\n");
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", tmp.resolve("m").toString());
        assertEquals(Main.FAILED, r.status());
        assertTrue(r.err().contains("bad.txt:2: label 7 is out of range 0..1"), r.err());
        Files.writeString(data, "#..\n.#.\n");
        HopfieldCliTest.Run none = cli("train", "--conf", conf.toString(), "--out", tmp.resolve("m").toString());
        assertTrue(none.err().contains("bad.txt:1: no label, but the model has 2 label units"), none.err());
        HopfieldCliTest.Run noClasses = cli("sample", "--model", tmp.resolve("m").toString(), "--count", "1",
            "--output", tmp.resolve("o").toString());
        assertEquals(Main.FAILED, noClasses.status());
    }
}
