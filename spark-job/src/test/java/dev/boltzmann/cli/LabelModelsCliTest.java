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

/** Label RBMs and deep belief nets through the CLI on the digit sample: train, evaluate, classify, sample. */
class LabelModelsCliTest {
    private static final Path TRAIN = Path.of("..", "sample-data", "digits", "digits-train.txt").toAbsolutePath();
    private static final Path TEST = Path.of("..", "sample-data", "digits", "digits-test.txt").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static void ok(HopfieldCliTest.Run r) {
        assertEquals(0, r.status(), () -> r.out() + r.err());
    }

    private Path conf(String text) throws Exception {
        Path c = tmp.resolve("job.conf");
        Files.writeString(c, text + "data.path = " + TRAIN + "\ntrain.batchSize = 20\ntrain.seed = 1\n"
            + "spark.master = local[2]\n");
        return c;
    }

    @Test
    void labelRbmClassifiesHeldOutDigitsAndWritesItsLabelArrays() throws Exception {
        Path model = tmp.resolve("lrbm");
        ok(cli("train", "--conf", conf("model.kind = rbm\nmodel.hidden = 60\nmodel.labels = 10\ntrain.cdSteps = 1\n"
            + "train.epochs = 4\ntrain.learningRate = 0.05\ndata.testPath = " + TEST + "\n").toString(), "--out",
            model.toString()));
        assertTrue(Files.exists(model.resolve("label_weights.npy")) && Files.exists(model.resolve("label_bias.npy")));
        JsonNode meta = ModelStore.json().readTree(model.resolve("metadata.json").toFile());
        assertEquals(10, meta.path("labels").asInt());
        List<String> metrics = Files.readAllLines(model.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size());
        assertTrue(ModelStore.json().readTree(metrics.get(3)).has("heldOutAccuracy"));

        HopfieldCliTest.Run e = cli("evaluate", "--model", model.toString(), "--input", TEST.toString());
        ok(e);
        double accuracy = ModelStore.json().readTree(e.out()).path("accuracy").asDouble();
        assertTrue(accuracy > 0.6, "held-out accuracy " + accuracy + " (chance 0.1)");
        Path predicted = tmp.resolve("predicted.txt");
        HopfieldCliTest.Run c = cli("classify", "--model", model.toString(), "--input", TEST.toString(), "--output",
            predicted.toString());
        ok(c);
        assertTrue(c.out().contains(String.format("accuracy %.4f", accuracy)), c.out());
        assertEquals(500, Files.readAllLines(predicted).size());
        Path samples = tmp.resolve("sevens.txt");
        ok(cli("sample", "--model", model.toString(), "--count", "3", "--label", "7", "--sweeps", "50", "--output",
            samples.toString()));
        assertTrue(Files.readAllLines(samples).stream().allMatch(l -> l.startsWith("7\t") && l.length() == 786));
    }

    @Test
    void deepBeliefNetTrainsGreedilyClassifiesAndGeneratesAClass() throws Exception {
        Path model = tmp.resolve("dbn");
        ok(cli("train", "--conf", conf("model.kind = dbn\ndbn.layers = 60,30\nmodel.labels = 10\ntrain.epochs = 3\n"
            + "train.learningRate = 0.05\n").toString(), "--out", model.toString()));
        JsonNode meta = ModelStore.json().readTree(model.resolve("metadata.json").toFile());
        assertEquals("[784,60,30]", meta.path("layers").toString());
        for (String f : List.of("W_0.npy", "W_1.npy", "label_weights.npy", "hidden_bias_1.npy")) {
            assertTrue(Files.exists(model.resolve(f)), f);
        }
        assertEquals(6, Files.readAllLines(model.resolve("metrics.jsonl")).size(), "one line per layer and epoch");
        HopfieldCliTest.Run e = cli("evaluate", "--model", model.toString(), "--input", TEST.toString());
        ok(e);
        assertTrue(ModelStore.json().readTree(e.out()).path("accuracy").asDouble() > 0.5, e.out());
        Path samples = tmp.resolve("threes.txt");
        ok(cli("sample", "--model", model.toString(), "--count", "2", "--label", "3", "--sweeps", "50", "--output",
            samples.toString()));
        assertEquals(2, Files.readAllLines(samples).size());
        // completion of the lower half of 20 held-out digits: known units kept, most hidden pixels right
        List<String> truth = Files.readAllLines(TEST).subList(0, 20);
        StringBuilder partial = new StringBuilder();
        for (String l : truth) {
            partial.append(l, 0, 2 + 392).append("?".repeat(392)).append('\n');
        }
        Path in = tmp.resolve("partial.txt");
        Files.writeString(in, partial);
        Path completed = tmp.resolve("completed.txt");
        ok(cli("complete", "--model", model.toString(), "--input", in.toString(), "--output", completed.toString(),
            "--sweeps", "30", "--keep", "10"));
        List<String> got = Files.readAllLines(completed);
        int right = 0;
        for (int k = 0; k < 20; k++) {
            assertEquals(truth.get(k).substring(0, 2 + 392), got.get(k).substring(0, 2 + 392));
            for (int i = 2 + 392; i < 2 + 784; i++) {
                right += truth.get(k).charAt(i) == got.get(k).charAt(i) ? 1 : 0;
            }
        }
        assertTrue(right >= 0.85 * 20 * 392, right + " of " + (20 * 392) + " hidden pixels right");
        HopfieldCliTest.Run noLayers = cli("train", "--conf", conf("model.kind = dbn\n").toString(), "--out",
            tmp.resolve("y").toString());
        assertTrue(noLayers.err().contains("dbn.layers"), noLayers.err());
    }
}
