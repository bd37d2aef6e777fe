package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.RbmDataStats;
import dev.boltzmann.spark.SparkRbmTrainer;
import java.time.Instant;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a restricted Boltzmann machine on a vector column (values in [0, 1], used as given, as scikit-learn's
 * {@code BernoulliRBM} does) with the distributed trainer {@link SparkRbmTrainer}; the fitted {@link RbmModel}
 * turns vectors into hidden-unit probabilities P(h_j = 1 | v), a feature transformer for a pipeline.
 *
 * <pre>
 *   RbmEstimator rbm = new RbmEstimator().setInputCol("features").setOutputCol("hidden").setNumHidden(100);
 *   Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {rbm,
 *       new LogisticRegression().setFeaturesCol("hidden")});
 * </pre>
 * Rows are numbered in the data set's order, and every random stream of training is keyed by that number (never
 * by the partition), so the same data, params and seed give the same model.
 */
public final class RbmEstimator extends Estimator<RbmModel>
    implements ColumnParams<RbmEstimator>, RbmTrainingParams<RbmEstimator>, MLWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RbmEstimator.class);

    private final String uid;
    private final ColumnParams.Holder columns;
    private final RbmTrainingParams.Holder training;

    /** A new estimator with a random uid and the default params. */
    public RbmEstimator() {
        this(Identifiable$.MODULE$.randomUID("rbm"));
    }

    /** A new estimator with the given uid and the default params. */
    public RbmEstimator(String uid) {
        this.uid = uid;
        this.columns = new ColumnParams.Holder(this, "the vector column to learn from, values in [0, 1]",
            "the column of hidden-unit probabilities the model adds", RbmModel.DEFAULT_OUTPUT);
        this.training = new RbmTrainingParams.Holder(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ColumnParams.Holder columns() {
        return columns;
    }

    @Override
    public RbmTrainingParams.Holder training() {
        return training;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        VectorColumns.requireVector(schema, getInputCol(), "RbmEstimator", "inputCol");
        return VectorColumns.withVector(schema, getOutputCol(), "RbmEstimator");
    }

    @Override
    public RbmModel fit(Dataset<?> data) {
        transformSchema(data.schema());
        Instant started = Instant.now();
        RbmTrainingConfig config = trainingConfig();
        PatternSource.Loaded patterns = VectorColumns.patterns(data, getInputCol(), null, "unit", "RbmEstimator");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
            LOG.info("RbmEstimator {}: {} rows of {} values, {}", uid, patterns.count(), patterns.width(), config);
            Rbm rbm = train(sc, patterns, config);
            ObjectNode meta = RunMetadata.create(RbmTrainingParams.configKeys(config, 0), config.seed(),
                "column '" + getInputCol() + "' of a DataFrame", patterns.count(), patterns.width(), config.epochs(),
                sc.version(), started);
            return copyValues(new RbmModel(uid, rbm, meta), ParamMap.empty()).setParent(this);
        } finally {
            patterns.patterns().unpersist(false);
        }
    }

    /** Training as {@code train} of the CLI does it: {@link SparkRbmTrainer} from the same initial model. */
    private static Rbm train(JavaSparkContext sc, PatternSource.Loaded data, RbmTrainingConfig config) {
        int nv = data.width();
        double[] means = RbmDataStats.columnMeans(data.patterns(), nv, data.count());
        double[] baseBias = Rbm.baseRateVisibleBias(means, 1, nv);
        Rbm initial = Rbm.random(nv, config.numHidden(), config.initialWeightStd(),
            config.visibleBiasFromData() ? baseBias : null, config.seed());
        return StageIo.training("RbmEstimator", () -> SparkRbmTrainer.train(sc, data.patterns(), data.count(),
            config, SparkRbmTrainer.initialState(initial, config), (state, recon, seconds) ->
                LOG.info("epoch {}: reconstruction error {}, {} s", state.epochsDone(), String.format("%.3f", recon),
                    String.format("%.2f", seconds))).model());
    }

    @Override
    public RbmEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return StageIo.paramsWriter(this);
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<RbmEstimator> read() {
        return StageIo.paramsReader(RbmEstimator.class, RbmEstimator::new);
    }

    /** Loads an estimator saved with {@code write().save(path)}. */
    public static RbmEstimator load(String path) {
        return read().load(path);
    }
}
