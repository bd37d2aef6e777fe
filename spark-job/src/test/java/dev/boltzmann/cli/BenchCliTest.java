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
}
