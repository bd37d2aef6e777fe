package dev.boltzmann.ml.examples;

import dev.boltzmann.ml.RbmEstimator;
import dev.boltzmann.spark.SparkSessions;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark ML pipeline with an RBM stage: reads a LIBSVM or Parquet data set ({@code label}, {@code features} with
 * values in [0, 1]), fits RBM features (hidden-unit probabilities) followed by logistic regression on 80% of the
 * rows, prints the accuracy on the other 20%, and saves the fitted pipeline; its RBM stage is a model directory
 * the CLI and NumPy read.
 *
 * <pre>
 *   RbmPipelineExample INPUT OUTPUT [HIDDEN]
 *     INPUT   a .libsvm/.txt file in LIBSVM format, or a .parquet file or directory
 *     OUTPUT  where the fitted pipeline is saved (replaced if it exists)
 *     HIDDEN  hidden units of the RBM (default 100)
 * </pre>
 */
public final class RbmPipelineExample {
    private RbmPipelineExample() {
    }

    /** Runs the example; see the class description for the arguments. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: RbmPipelineExample INPUT(.libsvm|.parquet) OUTPUT [HIDDEN]");
            System.exit(2);
        }
        String input = args[0];
        String output = args[1];
        int hidden = args.length == 3 ? Integer.parseInt(args[2]) : 100;
        boolean embedded = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.create("RbmPipelineExample", "local[*]");
        try {
            String format = input.endsWith(".parquet") ? "parquet" : "libsvm";
            Dataset<Row> data = spark.read().format(format).load(input);
            Dataset<Row>[] split = data.randomSplit(new double[] {0.8, 0.2}, 1);

            RbmEstimator rbm = new RbmEstimator().setInputCol("features").setOutputCol("hidden")
                .setNumHidden(hidden).setEpochs(10).setBatchSize(100).setLearningRate(0.1).setSeed(1);
            LogisticRegression lr = new LogisticRegression().setFeaturesCol("hidden").setMaxIter(100);
            PipelineModel model = new Pipeline().setStages(new PipelineStage[] {rbm, lr}).fit(split[0]);

            Dataset<Row> predicted = model.transform(split[1]);
            double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(predicted);
            model.write().overwrite().save(output);
            System.out.printf("RBM (%d hidden) + logistic regression: accuracy %.4f on %d held-out rows;"
                + " pipeline saved to %s%n", hidden, accuracy, predicted.count(), output);
        } finally {
            if (!embedded) {
                spark.stop();
            }
        }
    }
}
