package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.Digits;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RBM features then logistic regression on the digits sample: fitted, saved, loaded and applied with identical
 * predictions, and compared with logistic regression on the raw pixels.
 */
class RbmPipelineTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    private static LogisticRegression regression(String features) {
        return new LogisticRegression().setFeaturesCol(features).setMaxIter(100).setRegParam(1e-3);
    }

    private static double accuracy(Dataset<Row> predicted) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
    }

    @Test
    void rbmFeaturesThenLogisticRegressionSaveLoadAndCompareWithRawPixels() throws Exception {
        Dataset<Row> train = MlData.frame(Digits.train(), 0).cache();
        Dataset<Row> test = MlData.frame(Digits.test(), 0).cache();
        RbmEstimator rbm = new RbmEstimator().setInputCol("features").setOutputCol("hidden").setNumHidden(100)
            .setEpochs(10).setBatchSize(100).setLearningRate(0.1).setSeed(1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {rbm, regression("hidden")});
        long t0 = System.nanoTime();
        PipelineModel fitted = pipeline.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Dataset<Row> predicted = fitted.transform(test);
        double rbmAccuracy = accuracy(predicted);

        Path dir = tmp.resolve("pipeline");
        fitted.write().save(dir.toString());
        // the RBM stage inside the pipeline is a model directory like any other
        Path stages = dir.resolve("stages");
        Path rbmDir;
        try (var list = Files.list(stages)) {
            rbmDir = list.filter(p -> p.getFileName().toString().startsWith("0_")).findFirst().orElseThrow();
        }
        Rbm stored = RbmStore.read(new Configuration(), rbmDir.toString()).rbm();
        Transformer first = fitted.stages()[0];
        assertEquals(((RbmModel) first).rbm(), stored);

        PipelineModel loaded = PipelineModel.load(dir.toString());
        assertEquals(RbmModel.class, loaded.stages()[0].getClass());
        assertEquals("hidden", ((RbmModel) loaded.stages()[0]).getOutputCol());
        assertEquals(first.uid(), loaded.stages()[0].uid());
        Dataset<Row> again = loaded.transform(test);
        List<Double> before = predicted.select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        List<Double> after = again.select("prediction").as(org.apache.spark.sql.Encoders.DOUBLE()).collectAsList();
        assertEquals(before, after);
        double[][] p1 = MlData.column(predicted, "probability");
        double[][] p2 = MlData.column(again, "probability");
        for (int r = 0; r < p1.length; r++) {
            assertArrayEquals(p1[r], p2[r], 0.0);
        }

        double rawAccuracy = accuracy(regression("features").fit(train).transform(test));
        System.out.printf("digits, 2,500 train / 500 held out: RBM(100 hidden) + LR accuracy %.4f (fit %.1f s),"
            + " LR on raw pixels %.4f%n", rbmAccuracy, seconds, rawAccuracy);
        assertTrue(rbmAccuracy > 0.80, "RBM features + LR accuracy " + rbmAccuracy);
        assertTrue(rawAccuracy > 0.80, "raw-pixel LR accuracy " + rawAccuracy);
    }
}
