package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.learning.LabelRbmTrainer;
import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.spark.PatternSource;
import java.time.Instant;
import java.util.List;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A classifier: an RBM whose visible layer holds the features and a softmax group of label units, trained by CD-k
 * or PCD on (features, label) rows. Its model predicts with the exact class posterior
 * {@code P(c | v) = softmax_c(−F(v, c))}, the hidden units summed out ({@link LabelRbm#labelPosterior}).
 *
 * <p>The usual classifier columns: {@code featuresCol} (vector, values in [0, 1]), {@code labelCol} (class
 * numbers 0..C−1), and on the model {@code rawPredictionCol} (−F(v, c), the log of the unnormalised posterior),
 * {@code probabilityCol} (P(c | v)) and {@code predictionCol} (the most probable class).
 */
public final class LabelRbmClassifier
    extends ProbabilisticClassifier<Vector, LabelRbmClassifier, LabelRbmClassificationModel>
    implements RbmTrainingParams<LabelRbmClassifier>, MLWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(LabelRbmClassifier.class);

    private String uid;
    private final RbmTrainingParams.Holder training;
    private final IntParam numClasses;

    /** A new classifier with a random uid and the default params. */
    public LabelRbmClassifier() {
        uid();
        training = new RbmTrainingParams.Holder(this);
        numClasses = StageParams.atLeast(this, "numClasses", "number of classes C, labels 0..C-1 (0 = one more than"
            + " the largest label in the training data)", 0, 0);
    }

    /** A classifier with the given uid (a copy, a loaded stage). */
    static LabelRbmClassifier withUid(String uid) {
        return Uids.with(uid, LabelRbmClassifier::new);
    }

    @Override
    public String uid() {
        if (uid == null) {
            uid = Uids.next("labelRbm");
        }
        return uid;
    }

    @Override
    public RbmTrainingParams.Holder training() {
        return training;
    }

    /** Number of classes (0 = from the data). */
    public IntParam numClasses() {
        return numClasses;
    }

    /** The number of classes set (0 = from the data). */
    public int getNumClasses() {
        return (Integer) getOrDefault(numClasses);
    }

    /** Sets the number of classes (0 = from the data). */
    public LabelRbmClassifier setNumClasses(int value) {
        return setParam(numClasses, value);
    }

    @Override
    public LabelRbmClassificationModel train(Dataset<?> data) {
        Instant started = Instant.now();
        RbmTrainingConfig config = trainingConfig();
        PatternSource.Loaded patterns = VectorColumns.patterns(data, getFeaturesCol(), getLabelCol(), "unit",
            "LabelRbmClassifier");
        try {
            LOG.info("LabelRbmClassifier {}: {} rows of {} values, {}", uid, patterns.count(), patterns.width(),
                config);
            LabelRbm model = train(patterns, getNumClasses(), config);
            ObjectNode meta = RunMetadata.create(RbmTrainingParams.configKeys(config, model.numLabels()),
                config.seed(), "columns '" + getFeaturesCol() + "', '" + getLabelCol() + "' of a DataFrame",
                patterns.count(), patterns.width(), config.epochs(), data.sparkSession().version(), started);
            return LabelRbmClassificationModel.create(uid(), model, meta);
        } finally {
            patterns.patterns().unpersist(false);
        }
    }

    /**
     * Today's label-RBM trainer, which runs on the driver (as {@code train} of the CLI does, cli.LabelRbmJob): the
     * rows are streamed to it. A Spark trainer for label RBMs is being written (branch sparkall); this one method
     * is where to switch to it.
     */
    private static LabelRbm train(PatternSource.Loaded data, int classes, RbmTrainingConfig config) {
        List<LabeledPattern> rows = PatternSource.toDriver(data.patterns());
        int[] labels = new int[rows.size()];
        int largest = 0;
        for (int r = 0; r < labels.length; r++) {
            String text = rows.get(r).label();
            double y = Double.parseDouble(text);
            if (y != Math.rint(y) || y < 0 || (classes > 0 && y >= classes) || y > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException("LabelRbmClassifier: row " + rows.get(r).line() + ": label " + text
                    + " is not a class number 0.." + (classes > 0 ? classes - 1 : "C-1"));
            }
            labels[r] = (int) y;
            largest = Math.max(largest, labels[r]);
        }
        int c = classes > 0 ? classes : Math.max(2, largest + 1);
        LabeledRows train = new LabeledRows(PatternSource.flatten(rows, data.width()), labels, rows.size(),
            data.width(), c);
        return new LabelRbmTrainer(config).train(train, null, report -> LOG.info("epoch {}: training accuracy {}",
            report.epoch(), String.format("%.4f", report.trainingAccuracy())));
    }

    @Override
    public LabelRbmClassifier copy(ParamMap extra) {
        return copyValues(withUid(uid()), extra);
    }

    @Override
    public MLWriter write() {
        return StageIo.paramsWriter(this);
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<LabelRbmClassifier> read() {
        return StageIo.paramsReader(LabelRbmClassifier.class, LabelRbmClassifier::withUid);
    }

    /** Loads a classifier saved with {@code write().save(path)}. */
    public static LabelRbmClassifier load(String path) {
        return read().load(path);
    }
}
