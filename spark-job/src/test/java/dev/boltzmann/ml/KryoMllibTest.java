package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.boltzmann.spark.TestSpark;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** MLlib estimators used in pipelines with our stages run in the Kryo-registration-required session. */
class KryoMllibTest {
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    @Test
    void logisticRegressionRunsWithRegistrationRequired() throws Exception {
        TestSpark.session();
        double[][] v = new double[40][];
        double[] y = new double[40];
        for (int r = 0; r < 40; r++) {
            v[r] = new double[] {r % 3, (r / 3) % 2, r % 5 == 0 ? 1 : 0};
            y[r] = r % 3;
        }
        Dataset<Row> data = MlData.labelled(v, y);
        LogisticRegressionModel m = new LogisticRegression().setMaxIter(20).fit(data);
        assertEquals(3, m.numClasses());
        m.transform(data).count();
        m.write().save(tmp.resolve("lr").toString());
        assertEquals(3, LogisticRegressionModel.load(tmp.resolve("lr").toString()).numClasses());
    }
}
