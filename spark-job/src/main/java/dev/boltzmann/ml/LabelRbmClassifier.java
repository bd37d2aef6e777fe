package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkLabelRbmTrainer;
import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
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
 * or PCD on (features, label) rows on Spark. Its model predicts with the exact class posterior
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

    /** Training on Spark as {@code train} of the CLI does it ({@link SparkLabelRbmTrainer}, cli.LabelRbmJob). */
    private static LabelRbm train(PatternSource.Loaded data, int classes, RbmTrainingConfig config) {
        int c = classes(data.patterns(), classes);
        int nv = data.width();
        JavaRDD<LabeledPattern> joint = SparkLabelRbmTrainer.joint(data.patterns(), nv, c);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(joint.context());
        SparkLabelRbmTrainer.State start = SparkLabelRbmTrainer.initialState(
            SparkLabelRbmTrainer.initialModel(joint, data.count(), nv, c, config), config);
        return StageIo.training("LabelRbmClassifier", () -> SparkLabelRbmTrainer.train(sc, joint, data.count(),
            config, start, (state, recon, seconds) -> LOG.info("epoch {}: reconstruction error {}",
                state.epochsDone(), String.format("%.3f", recon))).model());
    }

    /**
     * The number of classes ({@code classes}, or one more than the largest label when it is 0), after checking on
     * Spark that every label is a class number.
     *
     * @throws IllegalArgumentException naming the first row whose label is not
     */
    private static int classes(JavaRDD<LabeledPattern> patterns, int classes) {
        List<LabeledPattern> bad = patterns.filter(p -> !isClass(p.label(), classes)).takeOrdered(1,
            (Comparator<LabeledPattern> & Serializable) (a, b) -> Long.compare(a.index(), b.index()));
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("LabelRbmClassifier: row " + bad.get(0).line() + ": label "
                + bad.get(0).label() + " is not a class number 0.." + (classes > 0 ? classes - 1 : "C-1"));
        }
        if (classes > 0) {
            return classes;
        }
        int largest = patterns.map(p -> Integer.parseInt(p.label())).reduce(Math::max);
        return Math.max(2, largest + 1);
    }

    /** Whether {@code label} is a whole number in [0, classes) (in [0, 1e6) when classes is 0). */
    private static boolean isClass(String label, int classes) {
        double y = Double.parseDouble(label);
        return y == Math.rint(y) && y >= 0 && y < (classes > 0 ? classes : 1e6);
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
