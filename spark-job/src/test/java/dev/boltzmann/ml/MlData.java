package dev.boltzmann.ml;

import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.spark.TestSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Data frames for the stage tests: (label double, features vector) rows. */
final class MlData {
    static final StructType SCHEMA = new StructType(new StructField[] {
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("features", new VectorUDT(), false, Metadata.empty())});

    private MlData() {
    }

    /** The first {@code rows} rows of {@code data} (all when rows &lt;= 0). */
    static Dataset<Row> frame(LabeledRows data, int rows) {
        int n = rows <= 0 ? data.rows() : Math.min(rows, data.rows());
        int nv = data.numVisible();
        List<Row> out = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            out.add(RowFactory.create((double) data.labels()[r],
                Vectors.dense(Arrays.copyOfRange(data.values(), r * nv, (r + 1) * nv))));
        }
        return TestSpark.session().createDataFrame(out, SCHEMA);
    }

    /** A frame of unlabelled vectors (label 0). */
    static Dataset<Row> vectors(double[][] rows) {
        List<Row> out = new ArrayList<>();
        for (double[] v : rows) {
            out.add(RowFactory.create(0.0, Vectors.dense(v)));
        }
        return TestSpark.session().createDataFrame(out, SCHEMA);
    }

    /** A frame of vectors with their labels. */
    static Dataset<Row> labelled(double[][] rows, double[] labels) {
        List<Row> out = new ArrayList<>();
        for (int r = 0; r < rows.length; r++) {
            out.add(RowFactory.create(labels[r], Vectors.dense(rows[r])));
        }
        return TestSpark.session().createDataFrame(out, SCHEMA);
    }

    /** The vectors of one column, in row order. */
    static double[][] column(Dataset<Row> data, String column) {
        return data.select(column).collectAsList().stream().map(r -> ((Vector) r.get(0)).toArray())
            .toArray(double[][]::new);
    }
}
