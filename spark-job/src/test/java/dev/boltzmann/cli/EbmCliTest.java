package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.Npy;
import dev.boltzmann.spark.TestSpark;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code model.kind = ebm} through the CLI: the ready-made Ising energy on bars and stripes (train, then evaluate
 * and sample, checked against an enumeration of all 2^16 states written here), a neural energy on continuous CSV
 * data, and configs that do not fit.
 */
class EbmCliTest {
    private static final Path BARS = dev.boltzmann.BarsAndStripes.SAMPLE_FILE;
    private static final Path CONF = Path.of("..", "conf", "ebm-bars.conf").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static double[] npy(Path file, long... shape) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return Npy.read(file.toString(), in, Files.size(file), shape).data();
        }
    }

    /** log of the unnormalised probability exp(½ yᵀWy + bᵀy) of state s (bit i = unit i), by its definition. */
    private static double logWeight(double[] w, double[] b, int s, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if ((s >> i & 1) == 0) {
                continue;
            }
            sum += b[i];
            for (int j = i + 1; j < n; j++) {
                sum += (s >> j & 1) * w[i * n + j];
            }
        }
        return sum;
    }

    private static int state(String pattern) {
        int s = 0;
        for (int i = 0; i < pattern.length(); i++) {
            s |= (pattern.charAt(i) == '#' ? 1 : 0) << i;
        }
        return s;
    }

    @Test
    void isingEnergyOnBarsTrainsAndItsSamplesAndLikelihoodMatchEnumeration() throws Exception {
        Path model = tmp.resolve("ebm");
        HopfieldCliTest.Run r = cli("train", "--conf", CONF.toString(), "--set", "data.path=" + BARS, "--set",
            "train.epochs=150", "--out", model.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        // trained on Spark: the first progress line is the first round's
        assertTrue(r.err().contains("train: epoch 1/150, round 1/3, "), r.err());
        assertTrue(r.err().contains("train: epoch 150/150 (3 rounds), ") && r.err().contains("samples/s, done"),
            r.err());
        JsonNode meta = ModelStore.json().readTree(model.resolve("metadata.json").toFile());
        assertEquals("ebm", meta.path("kind").asText());
        assertEquals("ising", meta.path("energy").asText());
        assertEquals(16, meta.path("dimension").asInt());
        assertEquals("binary", meta.path("encoding").asText());

        // the exact log-likelihood of the metrics against a sum over all 2^16 states computed here
        int n = 16;
        double[] w = npy(model.resolve("weights.npy"), n, n);
        double[] b = npy(model.resolve("bias.npy"), n);
        double max = Double.NEGATIVE_INFINITY;
        double[] lw = new double[1 << n];
        for (int s = 0; s < lw.length; s++) {
            lw[s] = logWeight(w, b, s, n);
            max = Math.max(max, lw[s]);
        }
        double z = 0;
        for (double x : lw) {
            z += Math.exp(x - max);
        }
        double logZ = max + Math.log(z);
        List<String> data = Files.readAllLines(BARS);
        Set<Integer> valid = new HashSet<>();
        double ll = 0;
        for (String p : data) {
            valid.add(state(p));
            ll += lw[state(p)] - logZ;
        }
        ll /= data.size();
        List<String> metrics = Files.readAllLines(model.resolve("metrics.jsonl"));
        assertEquals(150, metrics.size());
        JsonNode last = ModelStore.json().readTree(metrics.get(149));
        assertEquals(ll, last.path("logLikelihood").asDouble(), 1e-9);
        assertTrue(ll > -8.0, "well above the uniform model's -11.09: " + ll);
        assertTrue(ll > ModelStore.json().readTree(metrics.get(24)).path("logLikelihood").asDouble(),
            "better after 150 epochs than after 25");

        HopfieldCliTest.Run e = cli("evaluate", "--model", model.toString(), "--input", BARS.toString());
        assertEquals(0, e.status(), e.err());
        JsonNode ev = ModelStore.json().readTree(e.out());
        assertEquals(ll, ev.path("logLikelihood").asDouble(), 1e-9);
        assertEquals(logZ, ev.path("logZ").asDouble(), 1e-9);

        // Metropolis samples: the share of bars and stripes matches the model's exact probability of the 30
        double pValid = 0;
        for (int s : valid) {
            pValid += Math.exp(lw[s] - logZ);
        }
        Path samples = tmp.resolve("samples.txt");
        HopfieldCliTest.Run s = cli("sample", "--model", model.toString(), "--count", "300", "--sweeps", "200",
            "--output", samples.toString());
        assertEquals(0, s.status(), s.err());
        List<String> got = Files.readAllLines(samples);
        assertEquals(300, got.size());
        long hits = got.stream().filter(l -> valid.contains(state(l))).count();
        double sd = Math.sqrt(pValid * (1 - pValid) / 300);
        assertEquals(pValid, hits / 300.0, 4 * sd + 0.01, "sampled share of bars and stripes");

        java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(model.resolve("pictures/samples.png").toFile());
        assertTrue(img != null && img.getWidth() > 20);
        assertTrue(Files.readString(model.resolve("report.html")).contains("alt=\"samples\""));

        // completion of a half-known pattern through the Ising energy's Gibbs conditionals
        Path partial = tmp.resolve("partial.txt");
        Files.writeString(partial, "########????????\n");
        Path completed = tmp.resolve("completed.txt");
        assertEquals(0, cli("complete", "--model", model.toString(), "--input", partial.toString(), "--output",
            completed.toString()).status());
        assertTrue(Files.readAllLines(completed).get(0).startsWith("########"));
    }

    @Test
    void neuralEnergyOnContinuousPointsPutsLowEnergyOnTheData() throws Exception {
        SplittableRandom rng = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int k = 0; k < 200; k++) {
            double c = k % 2 == 0 ? 0.2 : 0.8;
            csv.append(clip(c + 0.05 * rng.nextGaussian())).append(',').append(clip(c + 0.05 * rng.nextGaussian()))
                .append('\n');
        }
        Path data = tmp.resolve("clusters.csv");
        Files.writeString(data, csv);
        Path off = tmp.resolve("off.csv");
        Files.writeString(off, "x,y\n0.2,0.8\n0.8,0.2\n0.5,0.5\n");
        Path conf = tmp.resolve("neural.conf");
        Files.writeString(conf, "model.kind = ebm\nmodel.energy = neural\nmodel.hidden = 8\ndata.path = " + data
            + "\ndata.format = csv\ndata.binarize = none\ntrain.epochs = 60\ntrain.batchSize = 50\n"
            + "train.learningRate = 0.05\ntrain.initialWeightStd = 1\ntrain.chains = 100\nebm.stepsPerUpdate = 20\n"
            + "ebm.stepSize = 0.2\nebm.confinement = 1\nspark.master = local[2]\n");
        Path model = tmp.resolve("neural");
        HopfieldCliTest.Run r = cli("train", "--conf", conf.toString(), "--out", model.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(8 * 2 * 8, Files.size(model.resolve("U.npy")) - npyHeader(model.resolve("U.npy")));
        JsonNode meta = ModelStore.json().readTree(model.resolve("metadata.json").toFile());
        assertEquals("neural", meta.path("energy").asText());
        assertEquals(8, meta.path("hidden").asInt());

        double onData = ModelStore.json().readTree(cli("evaluate", "--model", model.toString(), "--input",
            data.toString()).out()).path("meanEnergy").asDouble();
        double offData = ModelStore.json().readTree(cli("evaluate", "--model", model.toString(), "--input",
            off.toString()).out()).path("meanEnergy").asDouble();
        assertTrue(onData < offData, "mean energy " + onData + " on the clusters, " + offData + " between them");

        Path samples = tmp.resolve("samples.csv");
        assertEquals(0, cli("sample", "--model", model.toString(), "--count", "5", "--output", samples.toString())
            .status());
        for (String line : Files.readAllLines(samples)) {
            assertEquals(2, line.split(",").length, line);
        }
        HopfieldCliTest.Run complete = cli("complete", "--model", model.toString(), "--input", BARS.toString(),
            "--output", tmp.resolve("c.txt").toString());
        assertEquals(Main.FAILED, complete.status());
    }

    private static long npyHeader(Path file) throws Exception {
        byte[] head = Files.readAllBytes(file);
        return 10 + ((head[8] & 0xff) | (head[9] & 0xff) << 8);
    }

    private static double clip(double x) {
        return Math.max(0, Math.min(1, x));
    }

    @Test
    void configsThatDoNotFitAnEbmAreRefused() throws Exception {
        String[][] cases = {
            {"model.energy=quadratic", "model.energy = 'quadratic' is not allowed; expected one of ising, neural"},
            {"model.hidden=3", "model.hidden = '3': an ising energy has visible units only"},
            {"model.energy=neural", "model.hidden = '0': a neural energy needs at least 1 hidden unit"},
            {"ebm.stepSize=0", "ebm.stepSize = '0' is not allowed; expected a number > 0"},
            {"ebm.learningRateFactor=1.5", "ebm.learningRateFactor = '1.5' is not allowed; expected a number in (0, 1]"},
            {"ebm.stepsPerUpdate=0", "ebm.stepsPerUpdate = '0' is not allowed; expected a whole number >= 1"},
            {"train.rule=cd", "train.rule = 'cd': an ebm learns with gradient"},
            {"model.labels=3", "model.labels = '3': an ebm has no label units"},
            {"train.learningRateDecay=0.1", "train.learningRateDecay = '0.1': an ebm's rate decays geometrically"},
        };
        for (String[] c : cases) {
            HopfieldCliTest.Run r = cli("train", "--conf", CONF.toString(), "--set", "data.path=" + BARS, "--set",
                c[0], "--out", tmp.resolve("x").toString());
            assertEquals(Main.FAILED, r.status(), c[0]);
            assertTrue(r.err().contains(c[1]), () -> "expected '" + c[1] + "' in " + r.err());
        }
        HopfieldCliTest.Run r = cli("train", "--conf", CONF.toString(), "--set", "data.path=" + BARS, "--set",
            "model.energy=neural", "--set", "model.hidden=2", "--set", "model.encoding=", "--out",
            tmp.resolve("x").toString());
        assertTrue(r.err().contains("data.binarize = 'threshold': a neural energy models continuous values"), r.err());
        assertFalse(Files.exists(tmp.resolve("x")));
    }
}
