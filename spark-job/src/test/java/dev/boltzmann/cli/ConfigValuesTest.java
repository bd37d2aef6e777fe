package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of bad config values through {@code train}: each is refused with the key, the value and
 * what is allowed, exit status 1, before anything is written. And the annealing keys at work in the Hopfield demo.
 */
class ConfigValuesTest {
    private static final Path LETTERS = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private Path conf(String text) throws Exception {
        Path c = tmp.resolve("job.conf");
        Files.writeString(c, text + "\nspark.master = local[2]\n");
        return c;
    }

    @Test
    void badValuesAreRefusedWithKeyValueAndWhatIsAllowed() throws Exception {
        String hopfield = "model.kind = hopfield\ntrain.rule = hebbian\ndata.path = " + LETTERS;
        String[][] cases = {
            {hopfield, "train.learningRate=-0.1", "train.learningRate = '-0.1' is not allowed; expected a number > 0"},
            {hopfield, "train.learningRate=Infinity", "train.learningRate = 'Infinity' is not allowed; expected a"
                + " number > 0"},
            {hopfield, "anneal.initialTemperature=0", "anneal.initialTemperature = '0' is not allowed; expected a"
                + " number > 0"},
            {hopfield, "anneal.minTemperature=-1", "anneal.minTemperature = '-1' is not allowed; expected a number > 0"},
            {hopfield, "anneal.alpha=1", "anneal.alpha = '1' is not allowed; expected a number in (0, 1)"},
            {hopfield, "anneal.alpha=0", "anneal.alpha = '0' is not allowed; expected a number in (0, 1)"},
            {hopfield, "anneal.alpha=1.5", "anneal.alpha = '1.5' is not allowed; expected a number in (0, 1)"},
            {hopfield, "anneal.minTemperature=20", "anneal.minTemperature = '20': the lowest temperature must not"
                + " exceed anneal.initialTemperature = 10"},
            {hopfield, "recall.mode=glauber", "recall.mode = 'glauber' is not allowed; expected one of async, sync,"
                + " anneal"},
            {"model.kind = rbm\ndata.path = " + LETTERS, "model.hidden=0",
                "model.hidden = '0': an rbm needs at least 1 hidden unit"},
            {"model.kind = rbm\nmodel.hidden = 3\ndata.path = " + LETTERS, "model.hidden=-2",
                "model.hidden = '-2' is not allowed; expected a whole number >= 0"},
            {"model.kind = bm\ndata.path = " + LETTERS, "anneal.alpha=2",
                "anneal.alpha = '2' is not allowed; expected a number in (0, 1)"},
        };
        Path out = tmp.resolve("out");
        for (String[] c : cases) {
            HopfieldCliTest.Run r = cli("train", "--conf", conf(c[0]).toString(), "--set", c[1], "--out",
                out.toString());
            assertEquals(Main.FAILED, r.status(), c[1] + ": " + r.out() + r.err());
            assertTrue(r.err().contains(c[2]), () -> "expected '" + c[2] + "' in: " + r.err());
            assertFalse(Files.exists(out));
        }
        Path unlabelled = tmp.resolve("unlabelled.txt");
        Files.writeString(unlabelled, "#..\n.#.\n");
        HopfieldCliTest.Run r = cli("train", "--conf", conf("model.kind = rbm\nmodel.hidden = 2\nmodel.labels = 2\n"
            + "data.path = " + unlabelled).toString(), "--out", out.toString());
        assertEquals(Main.FAILED, r.status());
        assertTrue(r.err().contains("unlabelled.txt:1: no label, but the model has 2 label units (model.labels):"
            + " every pattern needs 'LABEL<TAB>pattern'"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void annealedRecallFollowsTheConfiguredSchedule() throws Exception {
        // T = 0.05, 0.025, 0.0125 (0.00625 < 0.01 ends it): 3 temperatures of 4 sweeps = 12 Gibbs sweeps per pattern
        HopfieldCliTest.Run r = cli("train", "--conf", conf("model.kind = hopfield\ntrain.rule = storkey\n"
            + "data.path = " + LETTERS + "\ndata.imageWidth = 10\ndemo.corruption = 0.05\nrecall.mode = anneal\n"
            + "anneal.initialTemperature = 0.05\nanneal.alpha = 0.5\nanneal.minTemperature = 0.01\n"
            + "anneal.sweepsPerTemperature = 4\n").toString(), "--out", tmp.resolve("m").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("anneal recall"), r.out());
        assertEquals(12, r.out().split("\\(12 sweeps\\)", -1).length - 1, r.out());
        int recalled = Integer.parseInt(r.out().replaceAll("(?s).*recalled (\\d+) of 12 patterns exactly.*", "$1"));
        assertTrue(recalled >= 9, recalled + " of 12 letters recalled from 5 flipped units at low temperature");
    }
}
