package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.Rbm;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

/**
 * A trained RBM as a feature transformer: each vector v of {@code inputCol} becomes the vector of hidden-unit
 * probabilities {@code P(h_j = 1 | v) = σ(b_j + (vᵀW)_j)} in {@code outputCol} (what scikit-learn's
 * {@code BernoulliRBM.transform} returns, and what {@code 1 / (1 + exp(-(v @ W + b)))} gives in NumPy on the
 * saved {@code W.npy} and {@code hidden_bias.npy}).
 *
 * <p>Saved as the project's model directory ({@code metadata.json}, {@code W.npy}, {@code visible_bias.npy},
 * {@code hidden_bias.npy}) plus Spark's {@code metadata/}; {@link #load} also reads a directory written by
 * {@code train} of the CLI (an RBM without label units).
 */
public final class RbmModel extends Model<RbmModel> implements ColumnParams<RbmModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    /** The default output column. */
    static final String DEFAULT_OUTPUT = "hiddenProbabilities";

    private final String uid;
    private final Rbm rbm;
    private final ObjectNode metadata;
    private final ColumnParams.Holder columns;

    RbmModel(String uid, Rbm rbm, ObjectNode metadata) {
        this.uid = uid != null ? uid : Identifiable$.MODULE$.randomUID("rbmModel");
        this.rbm = rbm;
        this.metadata = metadata;
        this.columns = new ColumnParams.Holder(this, "the vector column to transform (length numVisible)",
            "the column of hidden-unit probabilities", DEFAULT_OUTPUT);
    }

    /** A model of {@code rbm} with a random uid and the default params. */
    public RbmModel(Rbm rbm) {
        this(null, rbm, null);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ColumnParams.Holder columns() {
        return columns;
    }

    /** The trained machine. */
    public Rbm rbm() {
        return rbm;
    }

    /** Visible units: the length of the input vectors. */
    public int numVisible() {
        return rbm.numVisible();
    }

    /** Hidden units: the length of the output vectors. */
    public int numHidden() {
        return rbm.numHidden();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        VectorColumns.requireVector(schema, getInputCol(), "RbmModel", "inputCol");
        return VectorColumns.withVector(schema, getOutputCol(), "RbmModel");
    }

    @Override
    public Dataset<Row> transform(Dataset<?> data) {
        transformSchema(data.schema());
        Rbm m = rbm;
        int nv = m.numVisible();
        UserDefinedFunction f = functions.udf((UDF1<Vector, Vector>) v ->
            Vectors.dense(m.hiddenProbabilities(VectorColumns.values(v, nv, "RbmModel"), 1)), new VectorUDT());
        return data.withColumn(getOutputCol(), f.apply(data.col(getInputCol())));
    }

    @Override
    public RbmModel copy(ParamMap extra) {
        return copyValues(new RbmModel(uid, rbm, metadata), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return StageIo.modelWriter(this, metadata, meta -> RbmStore.describe(meta, rbm, 0), RbmStore.arrays(rbm));
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<RbmModel> read() {
        return StageIo.reader((spark, path) -> {
            RbmStore.Loaded l = RbmStore.read(StageIo.hadoop(spark), path);
            if (l.labelRbm() != null) {
                throw new BadInputException(path + ": the RBM has " + l.labelRbm().numLabels() + " label units; load"
                    + " it with LabelRbmClassificationModel.load");
            }
            return StageIo.loadModel(StageIo.hadoop(spark), path, RbmModel.class,
                uid -> new RbmModel(uid, l.rbm(), l.metadata()));
        });
    }

    /** Loads a model saved by {@link #write()} or a CLI model directory of kind rbm (no label units). */
    public static RbmModel load(String path) {
        return read().load(path);
    }
}
