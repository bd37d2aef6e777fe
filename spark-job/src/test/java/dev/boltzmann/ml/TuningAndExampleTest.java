package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.Digits;
import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.ml.examples.RbmPipelineExample;
import dev.boltzmann.spark.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RBM stage under Spark's model selection, and the runnable example on LIBSVM and Parquet files. */
class TuningAndExampleTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    @Test
    void crossValidationOverHiddenUnitsAndLearningRatePicksTheBestAndSaves() throws Exception {
        Dataset<Row> data = MlData.frame(Digits.train(), 300).cache();
        RbmEstimator rbm = new RbmEstimator().setOutputCol("hidden").setEpochs(2).setBatchSize(50).setSeed(1);
        LogisticRegression lr = new LogisticRegression().setFeaturesCol("hidden").setMaxIter(30);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {rbm, lr});
        ParamMap[] grid = new ParamGridBuilder().addGrid(rbm.numHidden(), new int[] {8, 16})
            .addGrid(rbm.learningRate(), new double[] {0.05, 0.2}).build();
        CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid).setNumFolds(2)
            .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setSeed(3);
        CrossValidatorModel fitted = cv.fit(data);
        double[] metrics = fitted.avgMetrics();
        assertEquals(4, metrics.length);
        int best = 0;
        for (int k = 0; k < metrics.length; k++) {
            assertTrue(metrics[k] > 0.3, "grid point " + grid[k] + ": accuracy " + metrics[k]);
            best = metrics[k] > metrics[best] ? k : best;
        }
        RbmModel chosen = (RbmModel) ((PipelineModel) fitted.bestModel()).stages()[0];
        assertEquals((int) (Integer) grid[best].apply(rbm.numHidden()), chosen.numHidden());
        assertEquals((double) (Double) grid[best].apply(rbm.learningRate()),
            ((RbmEstimator) chosen.parent()).getLearningRate());

        Path dir = tmp.resolve("cv");
        fitted.write().save(dir.toString());
        CrossValidatorModel back = CrossValidatorModel.load(dir.toString());
        assertEquals(chosen.rbm(), ((RbmModel) ((PipelineModel) back.bestModel()).stages()[0]).rbm());
        assertEquals(4, back.getEstimatorParamMaps().length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(metrics, back.avgMetrics());
    }

    /** Digits as LIBSVM lines: label, then index:1 for each pixel on (1-based). */
    static void writeLibsvm(LabeledRows d, int rows, Path file) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            sb.append(d.labels()[r]);
            for (int i = 0; i < d.numVisible(); i++) {
                if (d.values()[r * d.numVisible() + i] > 0.5) {
                    sb.append(' ').append(i + 1).append(":1");
                }
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
    }

    @Test
    void theExampleRunsOnLibsvmAndParquet() throws Exception {
        Path libsvm = tmp.resolve("digits.libsvm");
        writeLibsvm(Digits.train(), 300, libsvm);
        Path out = tmp.resolve("example-libsvm");
        RbmPipelineExample.main(new String[] {libsvm.toString(), out.toString(), "12"});
        PipelineModel m = PipelineModel.load(out.toString());
        assertEquals(12, ((RbmModel) m.stages()[0]).numHidden());
        assertTrue(Files.exists(Path.of(out.toString(), "stages")), "pipeline layout");

        Path parquet = tmp.resolve("digits.parquet");
        MlData.frame(Digits.train(), 300).write().parquet(parquet.toString());
        Path out2 = tmp.resolve("example-parquet");
        RbmPipelineExample.main(new String[] {parquet.toString(), out2.toString(), "10"});
        PipelineModel m2 = PipelineModel.load(out2.toString());
        assertEquals(784, ((RbmModel) m2.stages()[0]).numVisible());
        List<Row> rows = m2.transform(MlData.frame(Digits.test(), 5)).select("prediction").collectAsList();
        assertEquals(5, rows.size());
    }
}
