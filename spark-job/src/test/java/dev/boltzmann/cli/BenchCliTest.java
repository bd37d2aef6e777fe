package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.ModelStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCliTest {
    private static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            nodes.add(ModelStore.json().readTree(line));
        }
        return nodes;
    }

    private static List<String> fields(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void rbmCdPrintsOneLinePerDtypeWithTheSameFields() throws Exception {
        HopfieldCliTest.Run r = cli("bench", "--what", "rbm-cd", "--visible", "12", "--hidden", "6", "--batch", "5",
            "--repetitions", "3", "--warmup", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(2, out.size(), r.out());
        assertEquals("float64", out.get(0).path("dtype").asText());
        assertEquals("float32", out.get(1).path("dtype").asText());
        assertEquals(fields(out.get(0)), fields(out.get(1)));
        assertEquals(List.of("what", "visible", "hidden", "batch", "cdSteps", "dtype", "samplesPerSecond", "gflops",
            "secondsPerUpdate", "repetitions", "blas"), fields(out.get(0)));
        for (JsonNode n : out) {
            assertEquals("rbm-cd1-update", n.path("what").asText());
            assertEquals(12, n.path("visible").asInt());
            assertTrue(n.path("samplesPerSecond").asDouble() > 0);
        }
    }

    @Test
    void dtypeSelectsOnePrecisionAndIsChecked() throws Exception {
        HopfieldCliTest.Run r = cli("bench", "--what", "rbm-cd", "--visible", "8", "--hidden", "4", "--batch", "3",
            "--repetitions", "1", "--warmup", "0", "--dtype", "float32", "--threads", "1");
        assertEquals(0, r.status(), r.out() + r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(1, out.size());
        assertEquals("float32", out.get(0).path("dtype").asText());
        HopfieldCliTest.Run bad = cli("bench", "--what", "rbm-cd", "--dtype", "half");
        assertNotEquals(0, bad.status());
        assertTrue(bad.err().contains("--dtype"), bad.err());
    }

    @Test
    void sparkScalePrintsOneLinePerSizeSmallestFirst() throws Exception {
        dev.boltzmann.spark.TestSpark.session();
        HopfieldCliTest.Run r = cli("bench", "--what", "spark-scale", "--patterns-list", "600,200", "--visible", "30",
            "--hidden", "4", "--batch", "50", "--partitions", "2", "--epochs", "2");
        assertEquals(0, r.status(), r.out() + r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(2, out.size(), r.out());
        assertEquals(List.of("what", "master", "patterns", "visible", "hidden", "batch", "rounds", "partitions",
            "epochs", "secondsPerEpoch", "samplesPerSecond", "secondsPerPatternRatio", "generateSeconds",
            "cachedBytes", "maxHeapBytes", "peakUsedHeapBytes", "peakHeapAfterGcBytes", "reconstructionError", "blas"),
            fields(out.get(0)));
        assertEquals(200, out.get(0).path("patterns").asInt());
        assertEquals(600, out.get(1).path("patterns").asInt());
        assertEquals(4, out.get(0).path("rounds").asInt());
        assertEquals(12, out.get(1).path("rounds").asInt());
        assertEquals(1.0, out.get(0).path("secondsPerPatternRatio").asDouble());
        for (JsonNode n : out) {
            assertEquals("spark-scale-epoch", n.path("what").asText());
            double seconds = n.path("secondsPerEpoch").asDouble();
            assertTrue(seconds > 0);
            assertEquals(n.path("patterns").asInt() / seconds, n.path("samplesPerSecond").asDouble(), 1e-6 / seconds);
            assertEquals(Runtime.getRuntime().maxMemory(), n.path("maxHeapBytes").asLong());
            long peak = n.path("peakUsedHeapBytes").asLong();
            assertTrue(peak > 0 && peak <= n.path("maxHeapBytes").asLong(), n.toString());
            long afterGc = n.path("peakHeapAfterGcBytes").asLong();
            assertTrue(afterGc >= 0 && afterGc <= n.path("maxHeapBytes").asLong(), n.toString());
            // 30 binary units travel in one word: far less than their 240 bytes of doubles
            long cached = n.path("cachedBytes").asLong();
            assertTrue(cached >= 8L * n.path("patterns").asInt() && cached < 60L * n.path("patterns").asInt(),
                n.toString());
            double error = n.path("reconstructionError").asDouble();
            assertTrue(error > 0 && error < 30, n.toString());
        }
        double ratio = out.get(1).path("secondsPerPatternRatio").asDouble();
        double expected = out.get(1).path("secondsPerEpoch").asDouble() / 600
            / (out.get(0).path("secondsPerEpoch").asDouble() / 200);
        assertEquals(expected, ratio, 1e-9 * expected);
        HopfieldCliTest.Run bad = cli("bench", "--what", "spark-scale", "--patterns-list", "100,lots");
        assertNotEquals(0, bad.status());
        assertTrue(bad.err().contains("--patterns-list"), bad.err());
    }

    @Test
    void roundsPerEpochTrainsEachPointAndMoreUpdatesLearnMorePerPass() throws Exception {
        String bars = "../sample-data/bars/bars-and-stripes-4x4.txt";
        HopfieldCliTest.Run r = cli("bench", "--what", "rounds", "--data", bars, "--test-data", bars, "--hidden", "6",
            "--rounds", "1,1000", "--rates", "0.2", "--epochs", "200");
        assertEquals(0, r.status(), r.out() + r.err());
        List<JsonNode> out = lines(r.out());
        assertEquals(2, out.size(), r.out());
        JsonNode one = out.get(0);
        JsonNode many = out.get(1);
        int n = many.path("batch").asInt() == 1 ? many.path("rounds").asInt() : -1;
        assertTrue(n > 1, "1000 rounds are capped at one row per update: " + many);
        assertEquals(n, one.path("batch").asInt(), "one round is one batch of all rows");
        assertEquals(200, one.path("updates").asInt());
        assertEquals(200 * n, many.path("updates").asInt());
        double uniform = -16 * Math.log(2);
        for (JsonNode p : out) {
            double ll = p.path("heldOutLogLikelihood").asDouble();
            assertTrue(ll < 0 && ll > 3 * uniform, p.toString());
            // same file as training and held-out data: the two measurements must agree exactly
            assertEquals(p.path("trainLogLikelihood").asDouble(), ll, 0.0);
        }
        assertTrue(many.path("heldOutLogLikelihood").asDouble() > uniform,
            "one update per row for 200 epochs beats the uniform model: " + many);
        assertTrue(many.path("heldOutLogLikelihood").asDouble() > one.path("heldOutLogLikelihood").asDouble() + 1,
            "with the same passes, more updates learn more: " + out);
        HopfieldCliTest.Run wide = cli("bench", "--what", "rounds", "--data", bars, "--test-data", bars, "--hidden",
            "30", "--rounds", "1", "--rates", "0.1", "--epochs", "1");
        assertNotEquals(0, wide.status());
        assertTrue(wide.err().contains("at most 24 hidden units"), wide.err());
    }
}
