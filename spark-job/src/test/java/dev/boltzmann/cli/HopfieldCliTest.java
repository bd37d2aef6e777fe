package dev.boltzmann.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hopfield job through the real CLI entry point, on the shared embedded Spark session. */
class HopfieldCliTest {
    private static final Path LETTERS = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    record Run(int status, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void ok(Run r) {
        assertEquals(0, r.status(), () -> r.out() + r.err());
    }

    private Path conf(String extra) throws Exception {
        Path c = tmp.resolve("job.conf");
        Files.writeString(c, "model.kind = hopfield\ndata.path = " + LETTERS + "\ndata.imageWidth = 10\n"
            + "train.rule = contrastive\ntrain.epochs = 200\ntrain.learningRate = 0.02\ntrain.batchSize = 4\n"
            + "hopfield.negatives = random-to-convergence\ntrain.seed = 7\nspark.master = local[2]\n" + extra);
        return c;
    }

    @Test
    void trainStoresTheLettersAndCompleteFillsTheirLowerHalves() throws Exception {
        Path out = tmp.resolve("model");
        Run train = cli("train", "--conf", conf("demo.corruption = 0.1\n").toString(), "--out", out.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().contains("recalled 12 of 12 patterns exactly"), train.out());

        JsonNode meta = ModelStore.json().readTree(out.resolve("metadata.json").toFile());
        assertEquals("hopfield", meta.path("kind").asText());
        assertEquals(100, meta.path("units").asInt());
        assertEquals("contrastive", meta.path("config").path("train.rule").asText());
        assertEquals(12, meta.path("data").path("rows").asInt());
        assertEquals(200, meta.path("epochsCompleted").asInt());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(200, metrics.size());
        assertEquals(1.0, ModelStore.json().readTree(metrics.get(199)).path("recallRate").asDouble());
        HopfieldNetwork net = HopfieldStore.read(new Configuration(), out.toString()).network();
        assertEquals(100, net.size());

        List<String> letters = Files.readAllLines(LETTERS);
        StringBuilder partial = new StringBuilder();
        for (String l : letters) {
            String[] parts = l.split("\t");
            partial.append(parts[0]).append('\t').append(parts[1], 0, 50).append("?".repeat(50)).append('\n');
        }
        Path in = tmp.resolve("partial.txt");
        Files.writeString(in, partial);
        Path completed = tmp.resolve("completed.txt");
        Run complete = cli("complete", "--model", out.toString(), "--input", in.toString(), "--output",
            completed.toString());
        assertEquals(0, complete.status(), complete.err());
        List<String> got = Files.readAllLines(completed);
        assertEquals(letters.size(), got.size());
        int exact = 0;
        int filledRight = 0;
        for (int k = 0; k < letters.size(); k++) {
            String want = letters.get(k).split("\t")[1];
            String have = got.get(k).split("\t")[1];
            assertEquals(letters.get(k).split("\t")[0], got.get(k).split("\t")[0], "labels are kept");
            assertEquals(want.substring(0, 50), have.substring(0, 50), "known (clamped) units never change");
            exact += want.equals(have) ? 1 : 0;
            for (int i = 50; i < 100; i++) {
                filledRight += want.charAt(i) == have.charAt(i) ? 1 : 0;
            }
        }
        assertTrue(exact >= 10, exact + " of 12 letters completed exactly from their upper half");
        assertTrue(filledRight >= 0.95 * 600, filledRight + " of 600 unknown units right");
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedAnother() throws Exception {
        Path c = conf("train.epochs = 5\n");
        for (String dir : new String[] {"a", "b"}) {
            ok(cli("train", "--conf", c.toString(), "--out", tmp.resolve(dir).toString()));
        }
        ok(cli("train", "--conf", c.toString(), "--set", "train.seed=8", "--out", tmp.resolve("c").toString()));
        Configuration hc = new Configuration();
        double[] a = HopfieldStore.read(hc, tmp.resolve("a").toString()).network().weights();
        assertArrayEquals(a, HopfieldStore.read(hc, tmp.resolve("b").toString()).network().weights());
        assertFalse(java.util.Arrays.equals(a, HopfieldStore.read(hc, tmp.resolve("c").toString()).network().weights()));
    }

    @Test
    void hebbianOnSparkEqualsTheClosedForm() throws Exception {
        Path out = tmp.resolve("hebb");
        ok(cli("train", "--conf", conf("train.rule = hebbian\nspark.partitions = 3\n").toString(), "--out",
            out.toString()));
        HopfieldNetwork net = HopfieldStore.read(new Configuration(), out.toString()).network();
        List<String> letters = Files.readAllLines(LETTERS);
        int n = 100;
        for (int i = 0; i < n; i += 7) {
            for (int j = 0; j < n; j += 3) {
                double sum = 0;
                for (String l : letters) {
                    String p = l.split("\t")[1];
                    sum += (p.charAt(i) == '#' ? 1 : -1) * (p.charAt(j) == '#' ? 1 : -1);
                }
                assertEquals(i == j ? 0.0 : sum / letters.size(), net.weight(i, j), 1e-12, i + "," + j);
            }
        }
    }

    private void assertFails(String expected, String... args) {
        Run r = cli(args);
        assertEquals(Main.FAILED, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void badInputIsNamedAndNothingIsWritten() throws Exception {
        Path out = tmp.resolve("never");
        Path ragged = tmp.resolve("ragged.txt");
        Files.writeString(ragged, "A\t#..#\nB\t#.#\n");
        Path symbols = tmp.resolve("symbols.txt");
        Files.writeString(symbols, "..#\n.x#\n");
        Path empty = tmp.resolve("empty.txt");
        Files.writeString(empty, "\n");
        assertFails("ragged.txt:2: pattern has 3 units, expected 4", "train", "--conf", conf("").toString(),
            "--set", "data.path=" + ragged, "--out", out.toString());
        assertFails("symbols.txt:2: column 2: unknown symbol 'x'", "train", "--conf", conf("").toString(),
            "--set", "data.path=" + symbols, "--out", out.toString());
        assertFails("empty.txt: no patterns", "train", "--conf", conf("").toString(), "--set",
            "data.path=" + empty, "--out", out.toString());
        assertFails("missing.txt: no such file", "train", "--conf", conf("").toString(), "--set",
            "data.path=" + tmp.resolve("missing.txt"), "--out", out.toString());
        assertFails("nope.conf: config file not found", "train", "--conf", tmp.resolve("nope.conf").toString());
        assertFails("train.learningRate = '0'", "train", "--conf", conf("").toString(), "--set",
            "train.learningRate=0");
        assertFalse(Files.exists(out), "no output directory after a failed run");

        Path model = tmp.resolve("small");
        ok(cli("train", "--conf", conf("train.rule = hebbian\n").toString(), "--out", model.toString()));
        assertFails("already exists", "train", "--conf", conf("").toString(), "--out", model.toString());
        Path wide = tmp.resolve("wide.txt");
        Files.writeString(wide, "#".repeat(101) + "\n");
        Path result = tmp.resolve("result.txt");
        assertFails("wide.txt:1: pattern has 101 units, the model", "complete", "--model", model.toString(),
            "--input", wide.toString(), "--output", result.toString());
        assertFalse(Files.exists(result));
        assertFails("model directory does not exist", "complete", "--model", tmp.resolve("nomodel").toString(),
            "--input", wide.toString(), "--output", result.toString());
        Files.writeString(model.resolve("bias.npy"), "truncated");
        assertFails("bias.npy: not a .npy file", "complete", "--model", model.toString(), "--input", LETTERS.toString(),
            "--output", result.toString());
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertEquals(Main.USAGE, cli().status());
        assertEquals(Main.USAGE, cli("frobnicate").status());
        Run r = cli("train", "--conf");
        assertEquals(Main.USAGE, r.status());
        assertTrue(r.err().contains("--conf needs a value"));
        assertEquals(Main.USAGE, cli("train", "--bogus", "1").status());
        Run help = cli("complete", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("usage: complete --model DIR"));
    }
}
