package dev.boltzmann.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The input and output vector columns of a stage.
 *
 * @param <S> the stage type the setters return
 */
public interface ColumnParams<S> extends Params {
    /** The params themselves, created once per stage. */
    public final class Holder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final Param<String> inputCol;
        final Param<String> outputCol;

        Holder(Params parent, String inputDoc, String outputDoc, String outputDefault) {
            inputCol = StageParams.column(parent, "inputCol", inputDoc, "features");
            outputCol = StageParams.column(parent, "outputCol", outputDoc, outputDefault);
        }
    }

    /** This stage's holder. */
    Holder columns();

    /** The input vector column. */
    default Param<String> inputCol() {
        return columns().inputCol;
    }

    /** The output vector column. */
    default Param<String> outputCol() {
        return columns().outputCol;
    }

    /** The input vector column's name. */
    default String getInputCol() {
        return getOrDefault(inputCol());
    }

    /** The output vector column's name. */
    default String getOutputCol() {
        return getOrDefault(outputCol());
    }

    /** Sets the input vector column. */
    @SuppressWarnings("unchecked")
    default S setInputCol(String value) {
        set(inputCol(), value);
        return (S) this;
    }

    /** Sets the output vector column. */
    @SuppressWarnings("unchecked")
    default S setOutputCol(String value) {
        set(outputCol(), value);
        return (S) this;
    }
}
