package dev.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
    @TempDir
    Path tmp;

    private static HopfieldNetwork randomNet(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[n * n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = rng.nextGaussian();
            for (int j = i + 1; j < n; j++) {
                w[i * n + j] = w[j * n + i] = rng.nextGaussian();
            }
        }
        return HopfieldNetwork.of(w, b, Encoding.BIPOLAR);
    }

    @Test
    void hopfieldRoundTripWithTextFilesAndNoSideFiles() throws Exception {
        HopfieldNetwork net = randomNet(7, 1);
        String dir = tmp.resolve("m").toString();
        ObjectNode meta = ModelStore.json().createObjectNode().put("seed", 5);
        HopfieldStore.write(new Configuration(), dir, net, meta, Map.of("metrics.jsonl", "{\"epoch\":1}\n"), false);
        assertEquals(List.of("bias.npy", "metadata.json", "metrics.jsonl", "weights.npy"),
            Files.list(Path.of(dir)).map(p -> p.getFileName().toString()).sorted().toList());
        assertEquals(List.of("m"), Files.list(tmp).map(p -> p.getFileName().toString()).toList(),
            "no temporary directory is left beside the model");
        HopfieldStore.Loaded back = HopfieldStore.read(new Configuration(), dir);
        assertEquals(net, back.network());
        assertEquals(5, back.metadata().path("seed").asInt());
        assertEquals(ModelStore.FORMAT_VERSION, back.metadata().path("formatVersion").asInt());
    }

    @Test
    void existingDirectoryIsKeptUnlessOverwriteAndThenReplacedWhole() throws Exception {
        String dir = tmp.resolve("m").toString();
        HopfieldStore.write(new Configuration(), dir, randomNet(4, 1), ModelStore.json().createObjectNode(),
            Map.of(), false);
        assertThrows(BadInputException.class, () -> HopfieldStore.write(new Configuration(), dir, randomNet(4, 2),
            ModelStore.json().createObjectNode(), Map.of(), false));
        assertEquals(randomNet(4, 1), HopfieldStore.read(new Configuration(), dir).network());
        HopfieldStore.write(new Configuration(), dir, randomNet(5, 2), ModelStore.json().createObjectNode(),
            Map.of(), true);
        assertEquals(randomNet(5, 2), HopfieldStore.read(new Configuration(), dir).network());
        assertEquals(1, Files.list(tmp).count());
    }

    @Test
    void metadataOfAnotherKindOrVersionOrShapeIsRefused() throws Exception {
        String dir = tmp.resolve("m").toString();
        HopfieldStore.write(new Configuration(), dir, randomNet(4, 1), ModelStore.json().createObjectNode(),
            Map.of(), false);
        Path meta = Path.of(dir, "metadata.json");
        String text = Files.readString(meta);
        Files.writeString(meta, text.replace("\"hopfield\"", "\"rbm\""));
        assertTrue(assertThrows(BadInputException.class, () -> HopfieldStore.read(new Configuration(), dir))
            .getMessage().contains("of kind 'rbm', expected 'hopfield'"));
        Files.writeString(meta, text.replace("\"units\" : 4", "\"units\" : 5"));
        assertTrue(assertThrows(BadInputException.class, () -> HopfieldStore.read(new Configuration(), dir))
            .getMessage().contains("does not match [5, 5]"));
        Files.writeString(meta, text.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
        assertTrue(assertThrows(BadInputException.class, () -> HopfieldStore.read(new Configuration(), dir))
            .getMessage().contains("formatVersion 9 is not supported"));
        Files.writeString(meta, "{not json");
        assertTrue(assertThrows(BadInputException.class, () -> HopfieldStore.read(new Configuration(), dir))
            .getMessage().contains("not valid JSON"));
    }

    @Test
    void numpyLoadsTheArrays() throws Exception {
        Assumptions.assumeTrue(hasNumpy(), "python3 with numpy is not installed");
        HopfieldNetwork net = randomNet(6, 3);
        String dir = tmp.resolve("m").toString();
        HopfieldStore.write(new Configuration(), dir, net, ModelStore.json().createObjectNode(), Map.of(), false);
        Process p = new ProcessBuilder("python3", "-c", "import numpy as np, json, sys; d = sys.argv[1];"
            + "w = np.load(d + '/weights.npy'); b = np.load(d + '/bias.npy');"
            + "m = json.load(open(d + '/metadata.json'));"
            + "assert w.dtype == np.float64 and w.shape == (m['units'], m['units']) and b.shape == (m['units'],);"
            + "assert (w == w.T).all() and (np.diag(w) == 0).all();"
            + "print(repr(float(w[1, 4])), repr(float(b[5])))", dir).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals(net.weight(1, 4) + " " + net.bias(5), out);
    }

    static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
