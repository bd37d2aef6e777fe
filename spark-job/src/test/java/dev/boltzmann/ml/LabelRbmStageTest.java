package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.Digits;
import dev.boltzmann.cli.Main;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.spark.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The label RBM as a Spark classifier: exact posteriors, fitting, and the model directory shared with the CLI. */
class LabelRbmStageTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, all);
        return all;
    }

    /** P(c | v) by brute force: Σ_h exp(−E(v, c, h)) over all hidden states, normalised over c. */
    static double[] enumeratedPosterior(LabelRbm m, double[] v) {
        int nh = m.numHidden();
        double[] score = new double[m.numLabels()];
        for (int c = 0; c < score.length; c++) {
            for (int s = 0; s < 1 << nh; s++) {
                double[] h = new double[nh];
                for (int j = 0; j < nh; j++) {
                    h[j] = (s >> j) & 1;
                }
                score[c] += Math.exp(-m.energy(v, c, h));
            }
        }
        double z = 0;
        for (double x : score) {
            z += x;
        }
        for (int c = 0; c < score.length; c++) {
            score[c] /= z;
        }
        return score;
    }

    @Test
    void probabilitiesAreTheModelsExactPosterior() {
        LabelRbm m = LabelRbm.random(7, 5, 3, 0.8, null, new double[] {0.3, -0.2, 0.5}, 21);
        double[][] rows = RbmStageTest.randomRows(12, 7, 8);
        Dataset<Row> out = LabelRbmClassificationModel.of(m).transform(MlData.vectors(rows));
        double[][] prob = MlData.column(out, "probability");
        double[][] raw = MlData.column(out, "rawPrediction");
        List<Double> prediction = out.select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        for (int r = 0; r < rows.length; r++) {
            assertArrayEquals(m.labelPosterior(rows[r], 1), prob[r], 0.0, "the core model's numbers, row " + r);
            assertArrayEquals(enumeratedPosterior(m, rows[r]), prob[r], 1e-12, "enumeration, row " + r);
            double[] f = m.freeEnergies(rows[r], 1);
            for (int c = 0; c < 3; c++) {
                assertEquals(-f[c], raw[r][c], 1e-12);
            }
            assertEquals(m.classify(rows[r], 1)[0], prediction.get(r).intValue());
        }
    }

    @Test
    void aFittedClassifierIsUsedByTheCliAndTheCliModelByTheStage() throws Exception {
        LabeledRows train = Digits.train();
        Dataset<Row> frame = MlData.frame(train, 600);
        LabelRbmClassifier est = new LabelRbmClassifier().setNumHidden(100).setEpochs(10).setBatchSize(10)
            .setLearningRate(0.05).setSeed(2);
        LabelRbmClassificationModel model = est.fit(frame);
        assertEquals(10, model.numClasses());
        assertEquals(784, model.numFeatures());
        Dataset<Row> test = MlData.frame(Digits.test(), 100);
        Dataset<Row> predicted = model.transform(test);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
        System.out.println("label RBM, 600 digits, 100 hidden, 10 epochs: held-out accuracy " + accuracy);
        assertTrue(accuracy > 0.6, "held-out accuracy " + accuracy);

        // stage -> CLI: classify with the saved stage gives the stage's predictions
        Path dir = tmp.resolve("labels");
        model.save(dir.toString());
        Path input = tmp.resolve("test.txt");
        List<String> lines = Files.readAllLines(Path.of("..", "sample-data", "digits", "digits-test.txt"))
            .subList(0, 100);
        Files.write(input, lines);
        Path output = tmp.resolve("predicted.txt");
        String said = cli("classify", "--model", dir.toString(), "--input", input.toString(), "--output",
            output.toString());
        assertTrue(said.contains("classified 100 patterns"), said);
        List<Double> stage = predicted.select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE())
            .collectAsList();
        List<String> cliLabels = new ArrayList<>();
        for (String l : Files.readAllLines(output)) {
            cliLabels.add(l.split("\t")[0]);
        }
        assertEquals(stage.stream().map(d -> Integer.toString(d.intValue())).toList(), cliLabels);
        String eval = cli("evaluate", "--model", dir.toString(), "--input", input.toString());
        assertTrue(eval.contains("\"kind\":\"rbm\""), eval);

        // CLI -> stage: a label RBM trained by the CLI loads as a classifier with its exact posteriors
        Path conf = tmp.resolve("labels.conf");
        Files.writeString(conf, "model.kind = rbm\nmodel.labels = 10\nmodel.hidden = 8\ndata.path = " + input
            + "\ntrain.epochs = 1\ntrain.batchSize = 20\nmonitor.logLikelihood = none\nspark.master = local[2]\n");
        Path cliDir = tmp.resolve("cli-labels");
        cli("train", "--conf", conf.toString(), "--out", cliDir.toString());
        LabelRbm core = RbmStore.read(new Configuration(), cliDir.toString()).labelRbm();
        LabelRbmClassificationModel loaded = LabelRbmClassificationModel.load(cliDir.toString());
        double[][] prob = MlData.column(loaded.transform(test), "probability");
        double[] x = MlData.column(test, "features")[5];
        assertArrayEquals(core.labelPosterior(x, 1), prob[5], 0.0);
    }

    @Test
    void classifierParamsAndLabelsAreChecked() throws Exception {
        LabelRbmClassifier est = new LabelRbmClassifier();
        assertThrows(IllegalArgumentException.class, () -> est.setNumClasses(-1));
        assertThrows(IllegalArgumentException.class, () -> est.setNumHidden(0));
        Dataset<Row> halves = MlData.labelled(new double[][] {{1, 0}, {0, 1}}, new double[] {0.5, 1});
        Exception e = assertThrows(Exception.class, () -> est.setEpochs(1).fit(halves));
        assertTrue(String.valueOf(e.getMessage()).contains("label 0.5 is not a class number"), e.getMessage());
        Dataset<Row> three = MlData.labelled(new double[][] {{1, 0}, {0, 1}}, new double[] {0, 3});
        e = assertThrows(Exception.class, () -> est.setNumClasses(2).fit(three));
        assertTrue(String.valueOf(e.getMessage()).contains("label 3 is not a class number 0..1"), e.getMessage());
        Dataset<Row> text = TestSpark.session().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(1.0,
            "a")), new org.apache.spark.sql.types.StructType().add("label", "double").add("features", "string"));
        e = assertThrows(IllegalArgumentException.class, () -> est.fit(text));
        assertTrue(e.getMessage().contains("Column features must be of type") && e.getMessage().contains("string"),
            e.getMessage());
        est.setNumClasses(0).setLabelCol("label").setProbabilityCol("p");
        Path dir = tmp.resolve("est");
        est.save(dir.toString());
        LabelRbmClassifier back = LabelRbmClassifier.load(dir.toString());
        assertEquals(est.uid(), back.uid());
        assertEquals("p", back.getProbabilityCol());
        assertEquals(1, back.getEpochs());
        LabelRbmClassificationModel fitted = back.fit(three);
        assertEquals(4, fitted.numClasses(), "classes from the data: one more than the largest label");
        assertEquals(back.uid(), fitted.uid());
        assertEquals("p", fitted.getProbabilityCol());
    }
}
