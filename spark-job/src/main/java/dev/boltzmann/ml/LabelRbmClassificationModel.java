package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.SoftmaxGroup;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A trained label RBM as a probabilistic classifier: raw prediction {@code −F(v, c)} (the free energy of the
 * features with class c, hidden units summed out), probability {@code P(c | v) = softmax_c(−F(v, c))} (exact, the
 * same numbers as {@link LabelRbm#labelPosterior}), prediction the most probable class.
 *
 * <p>Saved as the project's model directory of an RBM with label units ({@code label_weights.npy},
 * {@code label_bias.npy} besides the RBM's arrays) plus Spark's {@code metadata/}; {@link #load} also reads a
 * directory written by {@code train} of the CLI with {@code model.labels > 0}, and {@code classify} of the CLI
 * uses a saved stage.
 */
public final class LabelRbmClassificationModel
    extends ProbabilisticClassificationModel<Vector, LabelRbmClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private String uid;
    private final LabelRbm model;
    private final transient ObjectNode metadata;

    private LabelRbmClassificationModel(LabelRbm model, ObjectNode metadata) {
        uid();
        this.model = model;
        this.metadata = metadata;
    }

    /** A model of {@code m} with the given uid (null: a new one). */
    static LabelRbmClassificationModel create(String uid, LabelRbm m, ObjectNode metadata) {
        return uid == null ? new LabelRbmClassificationModel(m, metadata)
            : Uids.with(uid, () -> new LabelRbmClassificationModel(m, metadata));
    }

    /** A model of {@code m} with a random uid and the default params. */
    public static LabelRbmClassificationModel of(LabelRbm m) {
        return create(null, m, null);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.next("labelRbmModel");
        }
        return uid;
    }

    /** The trained machine. */
    public LabelRbm labelRbm() {
        return model;
    }

    @Override
    public int numClasses() {
        return model.numLabels();
    }

    @Override
    public int numFeatures() {
        return model.numVisible();
    }

    /** {@code −F(v, c)} for each class c. */
    @Override
    public Vector predictRaw(Vector features) {
        double[] f = model.freeEnergies(VectorColumns.values(features, model.numVisible(),
            "LabelRbmClassificationModel"), 1);
        for (int c = 0; c < f.length; c++) {
            f[c] = -f[c];
        }
        return Vectors.dense(f);
    }

    /** softmax of the raw prediction, in place: P(c | v). */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        if (!(rawPrediction instanceof DenseVector d)) {
            throw new IllegalArgumentException("LabelRbmClassificationModel: raw predictions are dense vectors, got "
                + rawPrediction.getClass().getSimpleName());
        }
        SoftmaxGroup.softmaxInPlace(d.values(), 0, d.size());
        return d;
    }

    // ClassificationModel and ProbabilisticClassificationModel both declare it; Java needs one to be chosen
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Override
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public LabelRbmClassificationModel copy(ParamMap extra) {
        return copyValues(create(uid(), model, metadata), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return StageIo.modelWriter(this, metadata,
            meta -> RbmStore.describe(meta, model.visiblePart(), model.numLabels()), RbmStore.arrays(model));
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<LabelRbmClassificationModel> read() {
        return StageIo.reader((spark, path) -> {
            RbmStore.Loaded l = RbmStore.read(StageIo.hadoop(spark), path);
            if (l.labelRbm() == null) {
                throw new BadInputException(path + ": the RBM has no label units; load it with RbmModel.load");
            }
            return StageIo.loadModel(StageIo.hadoop(spark), path, LabelRbmClassificationModel.class,
                uid -> create(uid, l.labelRbm(), l.metadata()));
        });
    }

    /** Loads a model saved by {@link #write()} or a CLI model directory of kind rbm with label units. */
    public static LabelRbmClassificationModel load(String path) {
        return read().load(path);
    }
}
