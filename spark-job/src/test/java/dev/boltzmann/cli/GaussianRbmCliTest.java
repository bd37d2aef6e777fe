package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.io.GaussianRbmStore;
import dev.boltzmann.io.ModelStore;
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
 * Gaussian-Bernoulli RBMs through the real CLI: train on real-valued CSV (standardised, learned variances), the
 * model directory, the exact and AIS log-likelihoods in the metrics and evaluate, complete, sample, and bad input.
 */
class GaussianRbmCliTest {
    /** Two clusters in 3 dimensions, at (10, 10, 10) and (16, 16, 16) scaled per column, noise of 1.2 (before scaling). */
    private static final double[] SCALE = {1.0, 2.0, 0.5};

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static double[] rows(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n * 3];
        for (int r = 0; r < n; r++) {
            double centre = rng.nextBoolean() ? 10.0 : 16.0;
            for (int i = 0; i < 3; i++) {
                x[r * 3 + i] = SCALE[i] * (centre + 1.2 * rng.nextGaussian());
            }
        }
        return x;
    }

    private Path csv(String name, double[] x, int unknownColumn) throws Exception {
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int r = 0; r < x.length / 3; r++) {
            for (int i = 0; i < 3; i++) {
                sb.append(i == 0 ? "" : ",").append(i == unknownColumn ? "?" : Double.toString(x[r * 3 + i]));
            }
            sb.append('\n');
        }
        Path p = tmp.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    private Path conf(Path train, Path test, String extra) throws Exception {
        Path c = tmp.resolve("gauss.conf");
        Files.writeString(c, "model.kind = rbm\nmodel.visibleUnits = gaussian\nmodel.hidden = 4\n"
            + "model.learnVariance = true\ndata.format = csv\ndata.path = " + train + "\ndata.testPath = " + test
            + "\ntrain.rule = cd\ntrain.epochs = 30\ntrain.batchSize = 10\ntrain.learningRate = 0.05\n"
            + "train.seed = 4\nmonitor.every = 10\nspark.master = local[2]\n" + extra);
        return c;
    }

    @Test
    void trainEvaluateCompleteAndSampleARealValuedModel() throws Exception {
        double[] train = rows(300, 1L);
        double[] test = rows(60, 2L);
        Path trainCsv = csv("train.csv", train, -1);
        Path testCsv = csv("test.csv", test, -1);
        Path out = tmp.resolve("model");
        HopfieldCliTest.Run r = cli("train", "--conf", conf(trainCsv, testCsv, "").toString(), "--out",
            out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("held out"), r.out());
        JsonNode meta = ModelStore.json().readTree(out.resolve("metadata.json").toFile());
        assertEquals("rbm", meta.path("kind").asText());
        assertEquals("gaussian", meta.path("visibleUnits").asText());
        assertTrue(meta.path("standardized").asBoolean());

        // the stored transform is the training set's column means and (population) standard deviations
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 300; k++) {
                mean[i] += train[k * 3 + i] / 300;
            }
            for (int k = 0; k < 300; k++) {
                std[i] += Math.pow(train[k * 3 + i] - mean[i], 2) / 300;
            }
            std[i] = Math.sqrt(std[i]);
        }
        assertArrayEquals(mean, ModelStore.readArray(new Configuration(), out.toString(), "data_mean", 3).data(), 1e-12);
        assertArrayEquals(std, ModelStore.readArray(new Configuration(), out.toString(), "data_std", 3).data(), 1e-12);

        // the held-out log-likelihood in the metrics is the model's density of the raw test rows:
        // log p(x) = log p_model((x − m)/s) − Σ log s
        GaussianRbmStore.Loaded loaded = GaussianRbmStore.read(new Configuration(), out.toString());
        double[] z = new double[test.length];
        double jacobian = 0;
        for (int i = 0; i < 3; i++) {
            jacobian += Math.log(std[i]);
        }
        for (int k = 0; k < test.length; k++) {
            z[k] = (test[k] - mean[k % 3]) / std[k % 3];
        }
        double heldOut = GaussianRbmExact.meanLogLikelihood(loaded.model(), z, 60) - jacobian;
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(30, lines.size());
        JsonNode last = ModelStore.json().readTree(lines.get(29));
        assertEquals("exact", last.path("logLikelihoodMethod").asText());
        assertEquals(heldOut, last.path("heldOutLogLikelihood").asDouble(), 1e-9);
        double baseline = GaussianRbmExact.independentGaussianLogLikelihood(test, 60, mean, std);
        assertEquals(baseline, last.path("heldOutBaselineLogLikelihood").asDouble(), 1e-9);
        assertTrue(heldOut > baseline + 0.5, "two clusters beat one Gaussian per column: " + heldOut + " vs "
            + baseline);
        assertFalse(ModelStore.json().readTree(lines.get(4)).has("logLikelihood"), "measured every 10 epochs");

        // evaluate prints the same number
        HopfieldCliTest.Run e = cli("evaluate", "--model", out.toString(), "--input", testCsv.toString());
        assertEquals(0, e.status(), e.out() + e.err());
        JsonNode ev = ModelStore.json().readTree(e.out());
        assertEquals(60, ev.path("rows").asInt());
        assertEquals(heldOut, ev.path("logLikelihood").asDouble(), 1e-9);

        // complete the third column from the first two: the cluster decides it, far better than the column mean
        Path partial = csv("partial.csv", test, 2);
        Path completed = tmp.resolve("completed.csv");
        HopfieldCliTest.Run c = cli("complete", "--model", out.toString(), "--input", partial.toString(), "--output",
            completed.toString());
        assertEquals(0, c.status(), c.out() + c.err());
        List<String> done = Files.readAllLines(completed);
        assertEquals("x1,x2,x3", done.get(0));
        assertEquals(61, done.size());
        double errModel = 0;
        double errMean = 0;
        for (int k = 0; k < 60; k++) {
            String[] cells = done.get(k + 1).split(",");
            assertEquals(test[k * 3], Double.parseDouble(cells[0]), 0.0, "known values are kept");
            double filled = Double.parseDouble(cells[2]);
            errModel += Math.pow(filled - test[k * 3 + 2], 2);
            errMean += Math.pow(mean[2] - test[k * 3 + 2], 2);
        }
        assertTrue(errModel < 0.35 * errMean, "completion error " + errModel + " vs column mean " + errMean);

        // samples are in data units: the clusters' overall mean, not the standardised 0
        Path samples = tmp.resolve("samples.csv");
        HopfieldCliTest.Run s = cli("sample", "--model", out.toString(), "--count", "200", "--sweeps", "50",
            "--output", samples.toString());
        assertEquals(0, s.status(), s.out() + s.err());
        List<String> sampled = Files.readAllLines(samples);
        assertEquals(201, sampled.size());
        double[] sampleMean = new double[3];
        for (String line : sampled.subList(1, 201)) {
            String[] cells = line.split(",");
            for (int i = 0; i < 3; i++) {
                sampleMean[i] += Double.parseDouble(cells[i]) / 200;
            }
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(mean[i], sampleMean[i], 0.4 * std[i], "column " + i);
        }

        // the same seed gives the same model; another seed another
        Path again = tmp.resolve("again");
        assertEquals(0, cli("train", "--conf", conf(trainCsv, testCsv, "").toString(), "--out", again.toString())
            .status());
        assertArrayEquals(Files.readAllBytes(out.resolve("W.npy")), Files.readAllBytes(again.resolve("W.npy")));
        assertArrayEquals(Files.readAllBytes(out.resolve("visible_sigma.npy")),
            Files.readAllBytes(again.resolve("visible_sigma.npy")));
        Path other = tmp.resolve("other");
        assertEquals(0, cli("train", "--conf", conf(trainCsv, testCsv, "train.seed = 5\n").toString(), "--out",
            other.toString()).status());
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(out.resolve("W.npy")),
            Files.readAllBytes(other.resolve("W.npy"))));
    }

    /** One standard error of an AIS log-likelihood: a sixth of the width of its ±3-standard-error interval. */
    private static double standardError(JsonNode j) {
        return (j.path("logLikelihoodHigh").asDouble() - j.path("logLikelihoodLow").asDouble()) / 6;
    }

    @Test
    void aisMeasuresAGaussianRbmAsTheExactEnumerationDoes() throws Exception {
        Path trainCsv = csv("train.csv", rows(300, 11L), -1);
        Path testCsv = csv("test.csv", rows(60, 12L), -1);
        Path out = tmp.resolve("ais-model");
        HopfieldCliTest.Run r = cli("train", "--conf", conf(trainCsv, testCsv, "monitor.logLikelihood = ais\n"
            + "monitor.aisBetas = 1000\nmonitor.aisRuns = 50\n").toString(), "--out", out.toString(), "--set",
            "model.hidden=12", "--set", "train.epochs=20");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("(ais, nats"), r.out());

        // the monitor's log Z brackets the exact one, and its log-likelihoods are the exact ones shifted by the error
        GaussianRbmStore.Loaded loaded = GaussianRbmStore.read(new Configuration(), out.toString());
        double exactLogZ = GaussianRbmExact.logPartition(loaded.model());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        JsonNode last = ModelStore.json().readTree(lines.get(lines.size() - 1));
        assertEquals("ais", last.path("logLikelihoodMethod").asText());
        double logZ = last.path("logZ").asDouble();
        double se = (last.path("logZHigh").asDouble() - last.path("logZLow").asDouble()) / 6;
        assertTrue(se > 0 && Math.abs(logZ - exactLogZ) <= 4 * se, "AIS " + logZ + " +- " + se + ", exact "
            + exactLogZ);
        assertTrue(last.path("heldOutLogLikelihoodLow").asDouble() <= last.path("heldOutLogLikelihood").asDouble()
            && last.path("heldOutLogLikelihood").asDouble() <= last.path("heldOutLogLikelihoodHigh").asDouble());

        // evaluate: the exact figure, and AIS's within a few standard errors of it, with its bounds
        HopfieldCliTest.Run e = cli("evaluate", "--model", out.toString(), "--input", testCsv.toString(), "--method",
            "exact");
        assertEquals(0, e.status(), e.out() + e.err());
        JsonNode exact = ModelStore.json().readTree(e.out());
        assertEquals(exactLogZ, exact.path("logZ").asDouble(), 1e-9);
        double exactLl = exact.path("logLikelihood").asDouble();
        assertEquals(exactLl - (logZ - exactLogZ), last.path("heldOutLogLikelihood").asDouble(), 1e-9,
            "the monitor's held-out figure is the exact one shifted by the AIS error");
        HopfieldCliTest.Run a = cli("evaluate", "--model", out.toString(), "--input", testCsv.toString(), "--method",
            "ais", "--ais-betas", "2000", "--ais-runs", "100", "--seed", "3");
        assertEquals(0, a.status(), a.out() + a.err());
        JsonNode ais = ModelStore.json().readTree(a.out());
        assertEquals("ais", ais.path("logLikelihoodMethod").asText());
        for (String f : List.of("logZLow", "logZHigh", "logLikelihoodLow", "logLikelihoodHigh")) {
            assertTrue(ais.path(f).isNumber(), f + " in " + a.out());
        }
        double ll = ais.path("logLikelihood").asDouble();
        double llSe = standardError(ais);
        assertTrue(llSe > 0 && Math.abs(ll - exactLl) <= 4 * llSe, "AIS " + ll + " +- " + llSe + ", exact " + exactLl);
        assertEquals(exact.path("meanFreeEnergy").asDouble(), ais.path("meanFreeEnergy").asDouble(), 0.0);
        // seeded: the same seed prints the same, another seed another estimate
        assertEquals(a.out(), cli("evaluate", "--model", out.toString(), "--input", testCsv.toString(), "--method",
            "ais", "--ais-betas", "2000", "--ais-runs", "100", "--seed", "3").out());
        JsonNode other = ModelStore.json().readTree(cli("evaluate", "--model", out.toString(), "--input",
            testCsv.toString(), "--method", "ais", "--ais-betas", "2000", "--ais-runs", "100", "--seed", "4").out());
        assertNotEquals(ais.path("logZ").asDouble(), other.path("logZ").asDouble());
    }

    @Test
    void moreThan24HiddenUnitsAreMeasuredByAisUnderAuto() throws Exception {
        Path trainCsv = csv("train.csv", rows(100, 13L), -1);
        Path out = tmp.resolve("wide");
        HopfieldCliTest.Run r = cli("train", "--conf", conf(trainCsv, trainCsv, "").toString(), "--out",
            out.toString(), "--set", "model.hidden=30", "--set", "train.epochs=2", "--set", "monitor.aisBetas=100",
            "--set", "monitor.aisRuns=10");
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        JsonNode last = ModelStore.json().readTree(lines.get(1));
        assertEquals("ais", last.path("logLikelihoodMethod").asText());
        assertTrue(Double.isFinite(last.path("heldOutLogLikelihood").asDouble(Double.NaN)), lines.get(1));
        HopfieldCliTest.Run e = cli("evaluate", "--model", out.toString(), "--input", trainCsv.toString(), "--method",
            "exact");
        assertNotEquals(0, e.status());
        assertTrue(e.err().contains("use ais"), e.err());
        HopfieldCliTest.Run auto = cli("evaluate", "--model", out.toString(), "--input", trainCsv.toString(),
            "--ais-betas", "100", "--ais-runs", "10");
        assertEquals(0, auto.status(), auto.err());
        assertEquals("ais", ModelStore.json().readTree(auto.out()).path("logLikelihoodMethod").asText());
    }

    @Test
    void nonFiniteValuesAreRefusedWithFileAndLine() throws Exception {
        double[] train = rows(20, 3L);
        for (String bad : List.of("NaN", "Infinity", "-inf", "x")) {
            Path p = csv("bad.csv", train, -1);
            List<String> lines = new ArrayList<>(Files.readAllLines(p));
            lines.set(5, "1.0," + bad + ",2.0");
            Files.write(p, lines);
            Path out = tmp.resolve("bad-model-" + bad);
            HopfieldCliTest.Run r = cli("train", "--conf", conf(p, p, "").toString(), "--out", out.toString());
            assertNotEquals(0, r.status(), bad);
            assertTrue(r.err().contains("bad.csv:6"), bad + ": " + r.err());
            assertFalse(Files.exists(out), "no partial output");
        }
    }

    @Test
    void configsThatDoNotFitAreRefusedNamingTheKey() throws Exception {
        Path p = csv("ok.csv", rows(20, 4L), -1);
        record Case(String extra, String key) {
        }
        for (Case k : List.of(new Case("model.labels = 2\n", "model.labels"),
            new Case("data.format = parquet\n", "data.format"))) {
            HopfieldCliTest.Run r = cli("train", "--conf", conf(p, p, k.extra()).toString(), "--out",
                tmp.resolve("m").toString());
            assertEquals(1, r.status(), k.extra());
            assertTrue(r.err().contains(k.key()), k.extra() + ": " + r.err());
        }
        HopfieldCliTest.Run big = cli("train", "--conf", conf(p, p, "monitor.logLikelihood = exact\n").toString(),
            "--out", tmp.resolve("m").toString(), "--set", "model.hidden=25");
        assertEquals(1, big.status());
        assertTrue(big.err().contains("monitor.logLikelihood"), big.err());
        Path binary = tmp.resolve("binary.conf");
        for (String key : List.of("data.standardize = true", "model.learnVariance = true")) {
            Files.writeString(binary, "model.kind = rbm\nmodel.hidden = 2\ndata.format = csv\ndata.path = " + p + "\n"
                + key + "\n");
            HopfieldCliTest.Run r = cli("train", "--conf", binary.toString(), "--out", tmp.resolve("b").toString());
            assertEquals(1, r.status(), key);
            assertTrue(r.err().contains(key.split(" ")[0]), r.err());
        }
    }

    @Test
    void aKilledRunResumesToTheSameBitsAsAnUninterruptedOne() throws Exception {
        Path trainCsv = csv("train.csv", rows(120, 7L), -1);
        Path c = tmp.resolve("pcd.conf");
        Files.writeString(c, "model.kind = rbm\nmodel.visibleUnits = gaussian\nmodel.hidden = 4\n"
            + "model.learnVariance = true\ndata.format = csv\ndata.path = " + trainCsv + "\ntrain.rule = pcd\n"
            + "train.chains = 5\ntrain.epochs = 25\ntrain.batchSize = 10\ntrain.learningRate = 0.05\n"
            + "train.momentum = 0.5\ntrain.seed = 4\nmonitor.every = 5\nspark.master = local[2]\n"
            + "spark.partitions = 2\n");
        Path whole = tmp.resolve("whole");
        HopfieldCliTest.Run ok = cli("train", "--conf", c.toString(), "--out", whole.toString());
        assertEquals(0, ok.status(), ok.err());
        assertFalse(Files.exists(Path.of(whole + ".inprogress")), "checkpoints are removed when the run finishes");

        Path killed = tmp.resolve("killed");
        Process driver = ResumeTest.startDriver(tmp, "train", "--conf", c.toString(), "--out", killed.toString());
        Path checkpoints = ResumeTest.killAfterCheckpoint(driver, tmp, killed, 3);
        JsonNode meta = ModelStore.json().readTree(checkpoints.resolve("epoch-000003/metadata.json").toFile());
        assertEquals("gaussian", meta.path("visibleUnits").asText());
        assertEquals(5, meta.path("chains").asInt());

        HopfieldCliTest.Run changed = cli("train", "--conf", c.toString(), "--out", killed.toString(), "--resume",
            "--set", "data.standardize=false");
        assertEquals(Main.FAILED, changed.status());
        assertTrue(changed.err().contains("data.standardize is 'false'"), changed.err());
        HopfieldCliTest.Run resumed = cli("train", "--conf", c.toString(), "--out", killed.toString(), "--resume");
        assertEquals(0, resumed.status(), resumed.err());
        for (String file : new String[] {"W.npy", "visible_bias.npy", "hidden_bias.npy", "visible_sigma.npy",
            "data_mean.npy", "data_std.npy"}) {
            assertArrayEquals(Files.readAllBytes(whole.resolve(file)), Files.readAllBytes(killed.resolve(file)), file);
        }
        List<String> a = Files.readAllLines(whole.resolve("metrics.jsonl"));
        List<String> b = Files.readAllLines(killed.resolve("metrics.jsonl"));
        assertEquals(25, b.size());
        for (int e = 0; e < 25; e++) {
            JsonNode x = ModelStore.json().readTree(a.get(e));
            JsonNode y = ModelStore.json().readTree(b.get(e));
            assertEquals(x.path("trainingReconstructionError").asDouble(), y.path("trainingReconstructionError")
                .asDouble(), 0.0, "epoch " + (e + 1));
            assertEquals(x.path("logLikelihood").asDouble(Double.NaN), y.path("logLikelihood").asDouble(Double.NaN),
                0.0, "epoch " + (e + 1));
        }
        assertTrue(ModelStore.json().readTree(b.get(24)).has("logLikelihood"));
    }
}
