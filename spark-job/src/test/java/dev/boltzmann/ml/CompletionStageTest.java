package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.BmStore;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hopfield and BM stages: training, completion of vector columns (NaN or a mask), and the CLI round trips. */
class CompletionStageTest {
    private static final Path LETTERS = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** The twelve letters as 0/1 rows. */
    static double[][] letters() throws Exception {
        List<double[]> out = new ArrayList<>();
        for (String l : Files.readAllLines(LETTERS)) {
            String bits = l.split("\t")[1];
            double[] v = new double[bits.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = bits.charAt(i) == '#' ? 1 : 0;
            }
            out.add(v);
        }
        return out.toArray(double[][]::new);
    }

    static Dataset<Row> masked(double[][] rows, double[][] masks) {
        StructType schema = new StructType(new StructField[] {
            new StructField("features", new VectorUDT(), false, Metadata.empty()),
            new StructField("mask", new VectorUDT(), false, Metadata.empty())});
        List<Row> out = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            out.add(RowFactory.create(Vectors.dense(rows[r]), Vectors.dense(masks[r])));
        }
        return TestSpark.session().createDataFrame(out, schema);
    }

    @Test
    void hopfieldStoresTheLettersCompletesThemAndSharesItsModelWithTheCli() throws Exception {
        double[][] letters = letters();
        HopfieldModel model = new HopfieldEstimator().setRule("contrastive").setEpochs(200).setLearningRate(0.02)
            .setBatchSize(4).setNegatives("random-to-convergence").setSeed(7).fit(MlData.vectors(letters));
        assertEquals(100, model.network().size());
        // the upper half known, the lower half NaN
        double[][] partial = new double[12][];
        double[][] masks = new double[12][100];
        for (int k = 0; k < 12; k++) {
            partial[k] = letters[k].clone();
            Arrays.fill(partial[k], 50, 100, Double.NaN);
            Arrays.fill(masks[k], 0, 50, 1.0);
        }
        double[][] done = MlData.column(model.setOutputCol("done").transform(MlData.vectors(partial)), "done");
        int exact = 0;
        for (int k = 0; k < 12; k++) {
            assertArrayEquals(Arrays.copyOf(letters[k], 50), Arrays.copyOf(done[k], 50), "known units stay");
            exact += Arrays.equals(letters[k], done[k]) ? 1 : 0;
        }
        assertTrue(exact >= 10, exact + " of 12 letters completed exactly");
        // a mask column says the same as NaN entries: the same rows complete identically
        double[][] viaMask = MlData.column(model.setMaskCol("mask").transform(masked(letters, masks)), "done");
        assertArrayEquals(done, viaMask);

        // stage -> CLI complete
        Path dir = tmp.resolve("hopfield");
        model.save(dir.toString());
        assertEquals(model.network(), HopfieldStore.read(new Configuration(), dir.toString()).network());
        StringBuilder text = new StringBuilder();
        for (String l : Files.readAllLines(LETTERS)) {
            String[] parts = l.split("\t");
            text.append(parts[0]).append('\t').append(parts[1], 0, 50).append("?".repeat(50)).append('\n');
        }
        Path in = tmp.resolve("partial.txt");
        Files.writeString(in, text);
        Path out = tmp.resolve("completed.txt");
        LabelRbmStageTest.cli("complete", "--model", dir.toString(), "--input", in.toString(), "--output",
            out.toString());
        List<String> got = Files.readAllLines(out);
        int cliExact = 0;
        for (int k = 0; k < 12; k++) {
            cliExact += got.get(k).split("\t")[1].equals(Files.readAllLines(LETTERS).get(k).split("\t")[1]) ? 1 : 0;
        }
        assertTrue(cliExact >= 10, cliExact + " of 12 letters completed exactly by the CLI");

        // CLI train -> stage
        Path conf = tmp.resolve("h.conf");
        Files.writeString(conf, "model.kind = hopfield\ndata.path = " + LETTERS + "\ntrain.rule = storkey\n"
            + "spark.master = local[2]\n");
        Path cliDir = tmp.resolve("cli-hopfield");
        LabelRbmStageTest.cli("train", "--conf", conf.toString(), "--out", cliDir.toString());
        HopfieldModel loaded = HopfieldModel.load(cliDir.toString());
        HopfieldNetwork core = HopfieldStore.read(new Configuration(), cliDir.toString()).network();
        assertEquals(core, loaded.network());
        double[][] recalled = MlData.column(loaded.transform(MlData.vectors(letters)), "recalled");
        int fixed = 0;
        for (int k = 0; k < 12; k++) {
            fixed += Arrays.equals(letters[k], recalled[k]) ? 1 : 0;
        }
        assertTrue(fixed >= 10, fixed + " of 12 stored letters are fixed points under Storkey's rule");
    }

    @Test
    void aBoltzmannMachineLearnsTwoPatternsAndCompletesThem() throws Exception {
        double[] a = {1, 1, 1, 1, 0, 0, 0, 0};
        double[] b = {0, 0, 0, 0, 1, 1, 1, 1};
        double[][] rows = new double[40][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = r % 2 == 0 ? a : b;
        }
        BmEstimator est = new BmEstimator().setNumHidden(0).setEpochs(30).setLearningRate(0.1).setSeed(3)
            .setNumChains(20);
        BmModel model = est.fit(MlData.vectors(rows));
        assertEquals(8, model.bm().numVisible());
        double n = Double.NaN;
        double[][] partial = {{1, 1, n, n, n, n, n, n}, {n, n, n, n, n, n, 1, 1}, {n, 1, n, 1, n, n, n, n}};
        double[][] want = {a, b, a};
        double[][] done = MlData.column(model.setSweeps(100).setKeepLast(40).transform(MlData.vectors(partial)),
            "completed");
        assertArrayEquals(want, done);
        double[][] masks = new double[3][8];
        double[][] filled = new double[3][8];
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 8; i++) {
                masks[r][i] = Double.isNaN(partial[r][i]) ? 0 : 1;
                filled[r][i] = Double.isNaN(partial[r][i]) ? 1 : partial[r][i];
            }
        }
        assertArrayEquals(done, MlData.column(model.setMaskCol("mask").transform(masked(filled, masks)),
            "completed"), "a mask says what NaN says");
        Exception wrongMask = assertThrows(IllegalArgumentException.class,
            () -> model.setMaskCol("label").transformSchema(MlData.vectors(partial).schema()));
        assertTrue(wrongMask.getMessage().contains("maskCol 'label' must be a vector column"), wrongMask.getMessage());
        model.setMaskCol("mask");
        Exception e = assertThrows(IllegalArgumentException.class,
            () -> model.setKeepLast(500).transformSchema(MlData.vectors(partial).schema()));
        assertTrue(e.getMessage().contains("keepLast (500) exceeds sweeps (100)"), e.getMessage());
        model.setKeepLast(40);

        // stage -> CLI complete, and the saved directory -> stage
        Path dir = tmp.resolve("bm");
        model.save(dir.toString());
        assertEquals(model.bm(), BmStore.read(new Configuration(), dir.toString()).bm());
        Path in = tmp.resolve("partial.txt");
        Files.writeString(in, "11??????\n??????11\n");
        Path out = tmp.resolve("done.txt");
        LabelRbmStageTest.cli("complete", "--model", dir.toString(), "--input", in.toString(), "--output",
            out.toString());
        assertEquals(List.of("11110000", "00001111"), Files.readAllLines(out).stream()
            .map(l -> l.replace('#', '1').replace('.', '0')).toList());
        BmModel back = BmModel.load(dir.toString());
        assertEquals(model.uid(), back.uid());
        assertEquals("mask", back.getOrDefault(back.maskCol()));
        assertEquals(40, (Integer) back.getOrDefault(back.keepLast()));

        // training patterns must be 0/1
        Exception bad = assertThrows(Exception.class, () -> est.fit(MlData.vectors(new double[][] {{0.5, 1}})));
        assertTrue(String.valueOf(bad.getMessage()).contains("needs 0 or 1"), bad.getMessage());
    }
}
