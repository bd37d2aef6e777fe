package dev.boltzmann.ml;

import dev.boltzmann.math.Seeds;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * How a model completes a vector column: unknown units are NaN in {@code inputCol}, or 0 in the optional
 * {@code maskCol} (a vector of the same size, 1 = known); {@code sweeps} bounds the sampling or recall, and
 * {@code samplingSeed} seeds it. A row's random stream is keyed by the seed and the row's own values, never by its
 * position or partition, so a row completes the same way in any data set and partitioning.
 *
 * @param <S> the stage type the setters return
 */
public interface CompletionParams<S> extends ColumnParams<S> {
    /** Purpose key of the completion streams. */
    long PURPOSE = 0x4D4C434FL;

    /** The params themselves, created once per stage. */
    final class Holder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Param<String> maskCol;
        final IntParam sweeps;
        final LongParam samplingSeed;

        Holder(Params parent, String sweepsDoc, int sweepsDefault) {
            maskCol = StageParams.column(parent, "maskCol", "an optional vector column of the input's size: 1 ="
                + " known unit, 0 = unknown (to complete); without it, NaN entries of inputCol are the unknown ones",
                null);
            sweeps = StageParams.atLeast(parent, "sweeps", sweepsDoc, 1, sweepsDefault);
            samplingSeed = StageParams.anyLong(parent, "samplingSeed", "seed of the random starts and the sampling of"
                + " completion", 1);
        }
    }

    /** This stage's holder. */
    Holder completion();

    /** The optional mask column. */
    default Param<String> maskCol() {
        return completion().maskCol;
    }

    /** Sweeps of completion. */
    default IntParam sweeps() {
        return completion().sweeps;
    }

    /** Seed of completion. */
    default LongParam samplingSeed() {
        return completion().samplingSeed;
    }

    /** Sets the mask column. */
    @SuppressWarnings("unchecked")
    default S setMaskCol(String value) {
        set(maskCol(), value);
        return (S) this;
    }

    /** Sets the sweeps. */
    @SuppressWarnings("unchecked")
    default S setSweeps(int value) {
        set(sweeps(), value);
        return (S) this;
    }

    /** Sets the seed of completion. */
    @SuppressWarnings("unchecked")
    default S setSamplingSeed(long value) {
        set(samplingSeed(), value);
        return (S) this;
    }

    /** The input (and mask) columns checked, the output column added. */
    default StructType completionSchema(StructType schema, String stage) {
        VectorColumns.requireVector(schema, getInputCol(), stage, "inputCol");
        if (isDefined(maskCol())) {
            VectorColumns.requireVector(schema, getOrDefault(maskCol()), stage, "maskCol");
        }
        return VectorColumns.withVector(schema, getOutputCol(), stage);
    }

    /** Completes one row. */
    @FunctionalInterface
    interface Completer extends java.io.Serializable {
        /**
         * @param input the row's input vector
         * @param mask the row's mask vector, or null without a mask column
         * @return the completed row
         */
        double[] complete(Vector input, Vector mask);
    }

    /** {@code data} with {@code outputCol} added: {@code completer} applied to the input (and mask) of each row. */
    default Dataset<Row> completeColumn(Dataset<?> data, Completer completer) {
        Column input = data.col(getInputCol());
        if (isDefined(maskCol())) {
            UserDefinedFunction f = functions.udf((UDF2<Vector, Vector, Vector>) (v, m) ->
                Vectors.dense(completer.complete(v, m)), new VectorUDT());
            return data.withColumn(getOutputCol(), f.apply(input, data.col(getOrDefault(maskCol()))));
        }
        UserDefinedFunction f = functions.udf((UDF1<Vector, Vector>) v -> Vectors.dense(completer.complete(v, null)),
            new VectorUDT());
        return data.withColumn(getOutputCol(), f.apply(input));
    }

    /**
     * The pattern to complete: the input's values, NaN where the mask (if any) says unknown.
     *
     * @throws IllegalArgumentException if a size differs from {@code width} or a mask entry is not 0 or 1
     */
    static double[] pattern(Vector input, Vector mask, int width, String stage) {
        double[] x = VectorColumns.values(input, width, stage);
        if (mask != null) {
            double[] m = VectorColumns.values(mask, width, stage);
            for (int i = 0; i < x.length; i++) {
                if (m[i] != 0.0 && m[i] != 1.0) {
                    throw new IllegalArgumentException(stage + ": mask entry " + i + " is " + m[i] + "; expected 1"
                        + " (known) or 0 (unknown)");
                }
                if (m[i] == 0.0) {
                    x[i] = Double.NaN;
                }
            }
        }
        return x;
    }

    /** The key of a row's random stream: its values (NaN for unknown), so that equal rows complete alike. */
    static long rowKey(double[] pattern) {
        long key = pattern.length;
        for (double v : pattern) {
            key = Seeds.mix64(key ^ Double.doubleToLongBits(v));
        }
        return key;
    }
}
