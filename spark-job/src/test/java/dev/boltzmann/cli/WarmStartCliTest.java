package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.StorkeyRuleTest;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --init-model DIR} for every kind but the plain binary RBM (whose warm start {@link RbmCliTest}
 * checks): a warm start begins where the model ended, the new {@code metadata.json} records the earlier runs, and a
 * model that does not fit the config or the data is refused, naming the directory, before anything is written.
 *
 * <p>"Begins where the model ended", without relying on a seed: a warm start with a learning rate of 1e-300 (the
 * smallest the config allows is any rate &gt; 0) cannot move a parameter of magnitude above ~1e-284 (every step is
 * below half an ulp), so the model it writes is the model it started from, bit for bit, whatever its own seed;
 * from a fresh start it would be a random model. With the normal rate the model moves.
 */
class WarmStartCliTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();
    private static final Path LETTERS = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();
    private static final String STILL = "train.learningRate=1e-300";

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** Bars and stripes with a label: 1 for the patterns whose rows are each all on or all off, else 0. */
    private Path labelledBars() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(BARS)) {
            boolean rows = true;
            for (int r = 0; r < 4; r++) {
                rows &= line.substring(4 * r, 4 * r + 4).chars().distinct().count() == 1;
            }
            sb.append(rows ? "1" : "0").append('\t').append(line).append('\n');
        }
        return write("labelled-bars.txt", sb.toString());
    }

    /** {@code train --conf conf --out out [--set s]... [--init-model init]}. */
    private static HopfieldCliTest.Run train(Path conf, Path out, Path init, String... sets) {
        List<String> a = new ArrayList<>(List.of("train", "--conf", conf.toString(), "--out", out.toString()));
        for (String s : sets) {
            a.add("--set");
            a.add(s);
        }
        if (init != null) {
            a.add("--init-model");
            a.add(init.toString());
        }
        return cli(a.toArray(String[]::new));
    }

    private static void ok(HopfieldCliTest.Run r) {
        assertEquals(0, r.status(), () -> r.out() + r.err());
    }

    /** The bytes of every {@code .npy} array of a model directory, by file name, in name order. */
    private static List<String> arrayNames(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().toList();
        }
    }

    private static void assertSameArrays(Path expected, Path actual) throws Exception {
        List<String> names = arrayNames(expected);
        assertFalse(names.isEmpty());
        assertEquals(names, arrayNames(actual));
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)),
                actual + "/" + n + " is not " + expected + "/" + n + " bit for bit");
        }
    }

    private static boolean someArrayDiffers(Path a, Path b) throws Exception {
        for (String n : arrayNames(a)) {
            if (!Arrays.equals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)))) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode meta(Path dir) throws Exception {
        return ModelStore.json().readTree(dir.resolve("metadata.json").toFile());
    }

    /**
     * The three checks of a kind that learns by gradient steps: trains {@code epochs} epochs into a model, then
     * (1) a warm start at a rate of 1e-300 with another seed writes that model bit for bit, one at the normal rate
     * writes another; (2) the metadata of the warm start records the first run; returns the first model's directory.
     */
    private Path continuesWhereItEnded(Path conf, int epochs, String... sets) throws Exception {
        return continuesWhereItEnded(conf, epochs, WarmStartCliTest::assertSameArrays, sets);
    }

    /** How the model a warm start at the rate 1e-300 wrote is compared with the one it started from. */
    @FunctionalInterface
    private interface Same {
        void check(Path expected, Path actual) throws Exception;
    }

    private Path continuesWhereItEnded(Path conf, int epochs, Same same, String... sets) throws Exception {
        Path first = tmp.resolve("first");
        List<String> s = new ArrayList<>(List.of(sets));
        s.add("train.epochs=" + epochs);
        ok(train(conf, first, null, s.toArray(String[]::new)));
        Path still = tmp.resolve("still");
        s = new ArrayList<>(List.of(sets));
        s.addAll(List.of(STILL, "train.seed=12345", "train.epochs=1"));
        ok(train(conf, still, first, s.toArray(String[]::new)));
        same.check(first, still);

        Path moved = tmp.resolve("moved");
        s = new ArrayList<>(List.of(sets));
        s.add("train.epochs=2");
        ok(train(conf, moved, first, s.toArray(String[]::new)));
        assertTrue(someArrayDiffers(first, moved), "two epochs at the normal rate move the model");
        JsonNode m = meta(moved);
        int firstEpochs = meta(first).path("epochsCompleted").asInt();
        assertEquals(2 * firstEpochs / epochs, m.path("epochsCompleted").asInt(), "every layer of a dbn counts");
        assertEquals(1, m.path("previousRuns").size());
        JsonNode run = m.path("previousRuns").get(0);
        assertEquals(first.toString(), run.path("model").asText());
        assertEquals(firstEpochs, run.path("epochsCompleted").asInt());
        assertEquals(meta(first).path("config"), run.path("config"));
        assertEquals(meta(first).path("startedAt"), run.path("startedAt"));
        return first;
    }

    /** (3) The warm start from {@code init} with {@code sets} fails with status 1, naming init, writing nothing. */
    private void refused(Path conf, Path init, String expected, String... sets) {
        Path out = tmp.resolve("refused");
        HopfieldCliTest.Run r = train(conf, out, init, sets);
        assertEquals(Main.FAILED, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(init.toString()), "names the directory: " + r.err());
        assertTrue(r.err().contains(expected), "says what does not fit (" + expected + "): " + r.err());
        assertFalse(Files.exists(out), "nothing written");
        assertFalse(Files.exists(tmp.resolve("refused.inprogress")), "no checkpoint either");
    }

    @Test
    void labelRbmContinuesWithItsLabelUnits() throws Exception {
        Path conf = write("lrbm.conf", "model.kind = rbm\nmodel.hidden = 8\nmodel.labels = 2\ndata.path = "
            + labelledBars() + "\ntrain.rule = pcd\ntrain.chains = 10\ntrain.batchSize = 10\ntrain.learningRate = 0.1\n"
            + "train.momentum = 0.5\ntrain.seed = 3\nspark.master = local[2]\n");
        Path first = continuesWhereItEnded(conf, 3);
        refused(conf, first, "has 2 label units, the config has model.labels = 3", "model.labels=3");
        refused(conf, first, "has 8 hidden units, the config has model.hidden = 6", "model.hidden=6");
        refused(conf, first, "has 2 label units, the config has model.labels = 0", "model.labels=0");
        Path narrow = write("narrow.txt", "0\t#..\n1\t.#.\n");
        refused(conf, first, "has 16 visible units, the data " + narrow + " has 3", "data.path=" + narrow);
        Path bm = write("bm.conf", "model.kind = bm\nmodel.labels = 2\ndata.path = " + labelledBars() + "\n");
        refused(bm, first, "the model is of kind 'rbm', expected 'bm'");
    }

    /** Two clusters in 3 dimensions, one row per line of a CSV file. */
    private Path clusters(String name, int n, long seed, double shift) throws Exception {
        SplittableRandom rng = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int r = 0; r < n; r++) {
            double centre = (rng.nextBoolean() ? 10.0 : 16.0) + shift;
            sb.append(centre + rng.nextGaussian()).append(',').append(2 * (centre + rng.nextGaussian())).append(',')
                .append(0.5 * (centre + rng.nextGaussian())).append('\n');
        }
        return write(name, sb.toString());
    }

    @Test
    void gaussianRbmContinuesWithItsVariancesAndColumnTransform() throws Exception {
        Path conf = write("grbm.conf", "model.kind = rbm\nmodel.visibleUnits = gaussian\nmodel.hidden = 4\n"
            + "model.learnVariance = true\ndata.format = csv\ndata.path = " + clusters("a.csv", 60, 1, 0.0)
            + "\ntrain.rule = cd\ntrain.batchSize = 10\ntrain.learningRate = 0.05\ntrain.seed = 4\n"
            + "spark.master = local[2]\n");
        Path first = continuesWhereItEnded(conf, 5);
        double[] sigma = ModelStore.readArray(new Configuration(), first.toString(), "visible_sigma", 3).data();
        assertTrue(Arrays.stream(sigma).anyMatch(s -> Math.abs(s - 1.0) > 1e-3), "variances were learned: "
            + Arrays.toString(sigma));
        // new data with other column means: the model keeps the transform it was trained with
        Path shifted = clusters("b.csv", 40, 2, 3.0);
        Path later = tmp.resolve("later");
        ok(train(conf, later, first, "data.path=" + shifted, "train.epochs=1"));
        for (String n : List.of("data_mean.npy", "data_std.npy")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(n)), Files.readAllBytes(later.resolve(n)), n);
        }
        refused(conf, first, "has standardised columns (data_mean.npy, data_std.npy), the config has"
            + " data.standardize = false", "data.standardize=false");
        refused(conf, first, "has learned variances (visible_sigma.npy is not all 1), the config has"
            + " model.learnVariance = false", "model.learnVariance=false");
        refused(conf, first, "has 4 hidden units, the config has model.hidden = 5", "model.hidden=5");
        refused(conf, first, "has gaussian visible units, the config has model.visibleUnits = binary",
            "model.visibleUnits=binary", "model.learnVariance=false");
        Path binary = tmp.resolve("binary");
        ok(cli("train", "--conf", write("rbm.conf", "model.kind = rbm\nmodel.hidden = 4\ndata.path = " + BARS
            + "\ntrain.epochs = 1\nspark.master = local[2]\n").toString(), "--out", binary.toString()));
        refused(conf, binary, "has binary visible units, the config has model.visibleUnits = gaussian");
    }

    @Test
    void boltzmannMachinesContinueWithAndWithoutHiddenAndLabelUnits() throws Exception {
        String common = "model.kind = bm\ntrain.rule = gradient\ntrain.batchSize = 10\ntrain.learningRate = 0.05\n"
            + "train.chains = 8\nbm.burnIn = 4\nbm.samplesPerChain = 2\nbm.clampedBurnIn = 2\nbm.clampedSamples = 2\n"
            + "monitor.logLikelihood = none\ntrain.seed = 5\nspark.master = local[2]\n";
        Path hidden = write("bm-hidden.conf", common + "model.hidden = 3\ndata.path = " + BARS + "\n");
        Path first = continuesWhereItEnded(hidden, 2);
        refused(hidden, first, "has 3 hidden units, the config has model.hidden = 2", "model.hidden=2");
        refused(hidden, first, "has 0 label units, the config has model.labels = 2", "model.labels=2",
            "data.path=" + labelledBars());
        Path rbm = write("rbm.conf", "model.kind = rbm\nmodel.hidden = 3\ndata.path = " + BARS + "\n");
        refused(rbm, first, "the model is of kind 'bm', expected 'rbm'");

        Path labelled = write("bm-labels.conf", common + "model.labels = 2\ndata.path = " + labelledBars() + "\n");
        for (String dir : List.of("first", "still", "moved")) {
            deleteTree(tmp.resolve(dir));
        }
        Path visibleOnly = continuesWhereItEnded(labelled, 2);
        assertEquals(0, meta(visibleOnly).path("hidden").asInt());
        refused(labelled, visibleOnly, "has 0 hidden units, the config has model.hidden = 1", "model.hidden=1");
    }

    private static void deleteTree(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void deepBeliefNetContinuesEveryLayerAndTheLabelTop() throws Exception {
        Path conf = write("dbn.conf", "model.kind = dbn\ndbn.layers = 8,6\nmodel.labels = 2\ndata.path = "
            + labelledBars() + "\ntrain.batchSize = 10\ntrain.learningRate = 0.1\ntrain.seed = 6\n"
            + "spark.master = local[2]\n");
        Path first = continuesWhereItEnded(conf, 2);
        assertTrue(Files.exists(first.resolve("label_weights.npy")) && Files.exists(first.resolve("W_1.npy")));
        refused(conf, first, "has hidden layers of 8,6 units, the config has dbn.layers = 8,5", "dbn.layers=8,5");
        refused(conf, first, "has hidden layers of 8,6 units, the config has dbn.layers = 8", "dbn.layers=8");
        refused(conf, first, "has 2 label units, the config has model.labels = 0", "model.labels=0");
    }

    @Test
    void contrastiveHopfieldStartsFromTheWeights() throws Exception {
        Path conf = write("hop.conf", "model.kind = hopfield\ntrain.rule = contrastive\ntrain.batchSize = 4\n"
            + "train.learningRate = 0.02\ntrain.cdSteps = 3\ntrain.seed = 7\nhopfield.negatives = random-to-convergence\n"
            + "data.path = " + LETTERS + "\nspark.master = local[2]\n");
        // a parameter at exactly 0 (a bias, here) moves by a step of 1e-300 or so: equal within 1e-290 then
        Path first = continuesWhereItEnded(conf, 3, (expected, actual) -> {
            HopfieldNetwork e = HopfieldStore.read(new Configuration(), expected.toString()).network();
            HopfieldNetwork a = HopfieldStore.read(new Configuration(), actual.toString()).network();
            assertArrayEquals(e.weights(), a.weights(), 1e-290);
            assertArrayEquals(e.biases(), a.biases(), 1e-290);
            assertTrue(Arrays.stream(e.weights()).filter(x -> Math.abs(x) > 0.01).count() > 1000, "not tiny weights");
        }, "monitor.logLikelihood=none");
        refused(conf, first, "has bipolar units, the config has model.encoding = binary", "model.encoding=binary");
        refused(conf, first, "has weights stored by the contrastive rule, the config has train.rule = hebbian",
            "train.rule=hebbian");
        refused(conf, first, "has 100 visible units, the data " + BARS + " has 16", "data.path=" + BARS);
    }

    /** The first {@code count} lines of the letters from line {@code from}, as a file. */
    private Path letters(String name, int from, int count) throws Exception {
        List<String> lines = Files.readAllLines(LETTERS).subList(from, from + count);
        return write(name, String.join("\n", lines) + "\n");
    }

    /** The bipolar letters of a file, one row each. */
    private static double[][] bipolar(Path file) throws Exception {
        return Files.readAllLines(file).stream().map(l -> l.substring(l.indexOf('\t') + 1)).map(l -> {
            double[] x = new double[l.length()];
            for (int i = 0; i < x.length; i++) {
                x[i] = l.charAt(i) == '#' ? 1.0 : -1.0;
            }
            return x;
        }).toArray(double[][]::new);
    }

    private static double[] weights(Path dir) throws Exception {
        return HopfieldStore.read(new Configuration(), dir.toString()).network().weights();
    }

    @Test
    void hebbianWarmStartsStoreTheUnionOfThePatterns() throws Exception {
        Path a = letters("a.txt", 0, 5);
        Path b = letters("b.txt", 5, 4);
        Path c = letters("c.txt", 9, 3);
        Path conf = write("hebb.conf", "model.kind = hopfield\ntrain.rule = hebbian\ndata.path = " + a
            + "\nspark.master = local[2]\n");
        Path ma = tmp.resolve("a");
        ok(train(conf, ma, null));
        assertEquals(5, meta(ma).path("storedPatterns").asInt());
        Path mab = tmp.resolve("ab");
        ok(train(conf, mab, ma, "data.path=" + b));
        assertEquals(9, meta(mab).path("storedPatterns").asInt());
        Path mabc = tmp.resolve("abc");
        ok(train(conf, mabc, mab, "data.path=" + c));
        assertEquals(12, meta(mabc).path("storedPatterns").asInt());
        assertEquals(2, meta(mabc).path("previousRuns").size());
        assertEquals(ma.toString(), meta(mabc).path("previousRuns").get(0).path("model").asText());
        assertEquals(a.toString(), meta(mabc).path("previousRuns").get(0).path("data").path("path").asText());

        // independently: W = (1/N) Σ ξ ξᵀ over all twelve letters, zero diagonal
        double[][] all = bipolar(LETTERS);
        int n = 100;
        double[] w = weights(mabc);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (double[] xi : all) {
                    s += i == j ? 0 : xi[i] * xi[j];
                }
                assertEquals(s / all.length, w[i * n + j], 1e-15, "W[" + i + "][" + j + "]");
            }
        }
        // and bit for bit the model trained on all twelve at once
        Path whole = tmp.resolve("whole");
        ok(train(conf, whole, null, "data.path=" + LETTERS));
        assertSameArrays(whole, mabc);

        // a count that does not fit the weights, another rule's model, another encoding
        Path wrong = tmp.resolve("wrong-count");
        Files.createDirectories(wrong);
        for (String f : arrayNames(mab)) {
            Files.copy(mab.resolve(f), wrong.resolve(f));
        }
        ObjectNode m = (ObjectNode) meta(mab);
        m.put("storedPatterns", 7);
        Files.writeString(wrong.resolve("metadata.json"), m.toString());
        refused(conf, wrong, "not the Hebbian weights of 7 patterns", "data.path=" + c);
        Path storkey = tmp.resolve("storkey");
        ok(train(conf, storkey, null, "train.rule=storkey"));
        refused(conf, storkey, "has weights stored by the storkey rule, the config has train.rule = hebbian");
        refused(conf, ma, "has bipolar units, the config has model.encoding = binary", "model.encoding=binary");
    }

    @Test
    void storkeyWarmStartContinuesItsIncrementalRule() throws Exception {
        Path a = letters("a.txt", 0, 7);
        Path b = letters("b.txt", 7, 5);
        Path conf = write("storkey.conf", "model.kind = hopfield\ntrain.rule = storkey\ndata.path = " + a
            + "\nspark.master = local[2]\n");
        Path ma = tmp.resolve("a");
        ok(train(conf, ma, null));
        Path mab = tmp.resolve("ab");
        ok(train(conf, mab, ma, "data.path=" + b));
        assertEquals(12, meta(mab).path("storedPatterns").asInt());
        assertEquals(ma.toString(), meta(mab).path("previousRuns").get(0).path("model").asText());
        // bit for bit: the twelve letters stored in one run, A first
        Path whole = tmp.resolve("whole");
        ok(train(conf, whole, null, "data.path=" + LETTERS));
        assertSameArrays(whole, mab);
        // independently: Storkey's rule as written, h_ij = Σ_{k ≠ i,j} W_ik ξ_k, over all twelve from W = 0
        double[] w = StorkeyRuleTest.reference(bipolar(LETTERS));
        int n = 100;
        double[] got = weights(mab);
        for (int k = 0; k < n * n; k++) {
            assertEquals(w[k], got[k], 1e-12, "W[" + k / n + "][" + k % n + "]");
        }
        Path hebbian = tmp.resolve("hebbian");
        ok(train(conf, hebbian, null, "train.rule=hebbian"));
        refused(conf, hebbian, "has weights stored by the hebbian rule, the config has train.rule = storkey");
    }

    @Test
    void energyBasedModelsContinueFromTheirParameters() throws Exception {
        String common = "model.kind = ebm\ndata.path = " + BARS + "\ntrain.batchSize = 10\ntrain.learningRate = 0.05\n"
            + "ebm.stepsPerUpdate = 2\nmonitor.logLikelihood = none\ntrain.seed = 6\nspark.master = local[2]\n";
        Path ising = write("ebm-ising.conf", common + "model.energy = ising\n");
        Path first = continuesWhereItEnded(ising, 3);
        refused(ising, first, "has binary units, the config has model.encoding = bipolar", "model.encoding=bipolar");
        refused(ising, first, "has an energy of type ising, the config has model.energy = neural",
            "model.energy=neural", "model.hidden=4", "data.binarize=none");
        Path bm = write("bm.conf", "model.kind = bm\ndata.path = " + BARS + "\n");
        refused(bm, first, "the model is of kind 'ebm', expected 'bm'");

        for (String dir : List.of("first", "still", "moved")) {
            deleteTree(tmp.resolve(dir));
        }
        Path neural = write("ebm-neural.conf", common + "model.energy = neural\nmodel.hidden = 4\ndata.binarize = none\n");
        Path neuralFirst = continuesWhereItEnded(neural, 2);
        refused(neural, neuralFirst, "has 4 hidden units, the config has model.hidden = 5", "model.hidden=5");
        refused(neural, neuralFirst, "has confinement scale", "ebm.confinement=7");
    }
}
