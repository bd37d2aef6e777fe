package dev.boltzmann.spark;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;

/**
 * Patterns from Parquet: a vector column (named {@code features}, else the first column of vector type) and an
 * optional {@code label} column. Row k of the data set (in Spark's file order) is pattern k; messages name it as
 * "row k+1". Values must lie in [0, 1].
 */
final class ParquetPatterns {
    private ParquetPatterns() {
    }

    static PatternSource.Loaded read(JavaSparkContext sc, PatternSource.Spec spec, int expectedWidth) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        Dataset<Row> df = spark.read().parquet(spec.path());
        String features = null;
        for (StructField f : df.schema().fields()) {
            if (f.dataType() instanceof VectorUDT && (features == null || f.name().equals("features"))) {
                features = f.name();
            }
        }
        if (features == null) {
            throw new BadInputException(spec.path() + ": no vector column (expected 'features' of ML vector type) in "
                + df.schema().simpleString());
        }
        boolean hasLabel = Arrays.asList(df.columns()).contains("label");
        Dataset<Row> cols = hasLabel ? df.select(features, "label") : df.select(features);
        String path = spec.path();
        JavaRDD<LabeledPattern> all = cols.javaRDD().zipWithIndex().flatMap(t -> {
            Row row = t._1();
            long index = t._2();
            Vector v = row.getAs(0);
            int width = expectedWidth > 0 ? expectedWidth : v.size();
            try {
                if (v.size() != width) {
                    throw BadInputException.at(path, index + 1, "vector has " + v.size() + " values, expected " + width);
                }
                double[] values = v.toArray();
                for (int i = 0; i < values.length; i++) {
                    if (!(values[i] >= 0.0 && values[i] <= 1.0)) {
                        throw BadInputException.at(path, index + 1, "value " + i + " is " + values[i]
                            + ", outside [0, 1]");
                    }
                }
                String label = hasLabel && !row.isNullAt(1) ? labelText(row.get(1)) : null;
                return java.util.List.of(new LabeledPattern(label, values, index + 1, index)).iterator();
            } catch (BadInputException e) {
                if (spec.skipBad()) {
                    return java.util.Collections.<LabeledPattern>emptyIterator();
                }
                throw e;
            }
        });
        long rows = cols.count();
        // re-index the kept rows 0..N-1 (they differ from the row numbers only when bad rows were skipped)
        JavaRDD<LabeledPattern> kept = all.zipWithIndex().map(t -> {
            LabeledPattern p = t._1().withIndex(t._2());
            PatternSource.binarize(p.values(), spec, t._2());
            return p;
        }).persist(StorageLevel.MEMORY_AND_DISK_SER());
        long count = kept.count();
        if (count == 0) {
            throw new BadInputException(spec.path() + ": no patterns");
        }
        // rows never travel to the driver (they carry the vector type's schema); the first pattern does
        int width = expectedWidth > 0 ? expectedWidth : kept.first().width();
        return new PatternSource.Loaded(kept, count, width, rows - count, null);
    }

    private static String labelText(Object label) {
        if (label instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return label.toString();
    }
}
