package dev.boltzmann.ml;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.spark.PatternSource;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/** Vector columns: schema checks with clear messages, and a column turned into the patterns a trainer takes. */
final class VectorColumns {
    private VectorColumns() {
    }

    /**
     * Checks that {@code column} exists in {@code schema} and holds ML vectors.
     *
     * @param stage names the stage in the message
     * @param param the param that names the column ("inputCol", "maskCol", …)
     * @throws IllegalArgumentException naming the column, its type and the type expected
     */
    static void requireVector(StructType schema, String column, String stage, String param) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(stage + ": " + param + " '" + column + "' is not a column of the data"
                + " (columns: " + String.join(", ", schema.fieldNames()) + ")");
        }
        DataType type = schema.apply(column).dataType();
        if (!(type instanceof VectorUDT)) {
            throw new IllegalArgumentException(stage + ": " + param + " '" + column + "' must be a vector column"
                + " (org.apache.spark.ml.linalg.Vector), but it is " + type.simpleString());
        }
    }

    /**
     * {@code schema} with a new vector column {@code column} appended.
     *
     * @throws IllegalArgumentException if the column exists already
     */
    static StructType withVector(StructType schema, String column, String stage) {
        if (Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(stage + ": outputCol '" + column + "' exists already in the data");
        }
        return schema.add(new StructField(column, new VectorUDT(), false, Metadata.empty()));
    }

    /** The values of one vector, checked to have {@code width} entries (0 = any). */
    static double[] values(Vector v, int width, String stage) {
        if (width > 0 && v.size() != width) {
            throw new IllegalArgumentException(stage + ": a vector has " + v.size() + " values, the model has "
                + width + " units");
        }
        return v.toArray();
    }

    /**
     * The patterns of a vector column, numbered 0..N-1 in the data set's order (the keys of every random stream of
     * training), persisted: what {@link PatternSource#read} gives the CLI's trainers.
     *
     * @param allowed "unit" for values in [0, 1], "binary" for 0 or 1
     * @param labelColumn a numeric label column to carry as the pattern's label (whole numbers), or null
     * @throws IllegalArgumentException naming the row of an unknown (NaN), out-of-range or mis-sized value
     */
    static PatternSource.Loaded patterns(Dataset<?> data, String column, String labelColumn, String allowed,
                                         String stage) {
        Dataset<Row> cols = labelColumn == null ? data.select(column)
            : data.select(data.col(column), data.col(labelColumn).cast("double"));
        boolean binary = allowed.equals("binary");
        JavaRDD<LabeledPattern> patterns = cols.toJavaRDD().zipWithIndex().map(t -> {
            Vector v = t._1().getAs(0);
            long index = t._2();
            double[] x = v.toArray();
            for (int i = 0; i < x.length; i++) {
                boolean ok = binary ? x[i] == 0.0 || x[i] == 1.0 : x[i] >= 0.0 && x[i] <= 1.0;
                if (!ok) {
                    throw new IllegalArgumentException(stage + ": row " + (index + 1) + " of '" + column + "': value "
                        + i + " is " + x[i] + "; training needs " + (binary ? "0 or 1" : "values in [0, 1]"));
                }
            }
            String label = null;
            if (labelColumn != null) {
                if (t._1().isNullAt(1)) {
                    throw new IllegalArgumentException(stage + ": row " + (index + 1) + " has no label ('"
                        + labelColumn + "' is null)");
                }
                double y = t._1().getDouble(1);
                label = y == Math.rint(y) && !Double.isInfinite(y) ? Long.toString((long) y) : Double.toString(y);
            }
            return new LabeledPattern(label, x, index + 1, index);
        }).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long count = patterns.count();
        if (count == 0) {
            patterns.unpersist(false);
            throw new IllegalArgumentException(stage + ": the data set is empty");
        }
        int width = patterns.first().width();
        List<Long> wrong = patterns.filter(p -> p.width() != width).map(LabeledPattern::line).take(1);
        if (!wrong.isEmpty()) {
            patterns.unpersist(false);
            throw new IllegalArgumentException(stage + ": row " + wrong.get(0) + " of '" + column + "' has another"
                + " size than row 1 (" + width + " values)");
        }
        return new PatternSource.Loaded(patterns, count, width, 0, null);
    }
}
