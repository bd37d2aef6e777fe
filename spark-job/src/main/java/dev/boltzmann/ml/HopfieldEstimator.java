package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.spark.HopfieldTrainer;
import dev.boltzmann.spark.PatternSource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Stores the 0/1 vectors of a column in a Hopfield network with the chosen rule: Hebbian (the sum of outer
 * products, formed where the data lives), Storkey, or the lecture's contrastive rule
 * {@code W ← W + η(⟨yyᵀ⟩ − ⟨y'y'ᵀ⟩)} on Spark ({@link HopfieldTrainer}, as {@code train} of the CLI). The fitted
 * {@link HopfieldModel} recalls or completes vectors.
 */
public final class HopfieldEstimator extends Estimator<HopfieldModel>
    implements ColumnParams<HopfieldEstimator>, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final ColumnParams.Holder columns;
    private final Param<String> rule;
    private final Param<String> encoding;
    private final Param<String> negatives;
    private final IntParam epochs;
    private final DoubleParam learningRate;
    private final IntParam batchSize;
    private final IntParam cdSteps;
    private final IntParam maxSweeps;
    private final LongParam seed;

    /** A new estimator with a random uid and the default params. */
    public HopfieldEstimator() {
        this(Identifiable$.MODULE$.randomUID("hopfield"));
    }

    /** A new estimator with the given uid and the default params. */
    public HopfieldEstimator(String uid) {
        this.uid = uid;
        ContrastiveOptions d = ContrastiveOptions.defaults();
        columns = new ColumnParams.Holder(this, "the vector column of patterns to store, values 0 or 1",
            "the column of recalled patterns the model adds", HopfieldModel.DEFAULT_OUTPUT);
        rule = StageParams.oneOf(this, "rule", "the storage rule", "contrastive", "hebbian", "storkey",
            "contrastive");
        encoding = StageParams.oneOf(this, "encoding", "the unit values the network is written for: -1/+1 or 0/1",
            "bipolar", "bipolar", "binary");
        negatives = StageParams.oneOf(this, "negatives", "where the contrastive rule's y' come from",
            "pattern-k-sweeps", "pattern-k-sweeps", "pattern-to-convergence", "random-to-convergence");
        epochs = StageParams.atLeast(this, "epochs", "passes of the contrastive rule", 1, d.epochs());
        learningRate = StageParams.inRange(this, "learningRate", "the contrastive rule's step", 0,
            Double.POSITIVE_INFINITY, false, false, d.learningRate());
        batchSize = StageParams.atLeast(this, "batchSize", "patterns per contrastive update", 1, d.batchSize());
        cdSteps = StageParams.atLeast(this, "cdSteps", "k, asynchronous sweeps from each pattern (pattern-k-sweeps)",
            1, d.sweeps());
        maxSweeps = StageParams.atLeast(this, "maxSweeps", "sweep cap of the run-to-convergence negatives and of"
            + " the recall measured after each epoch", 1, d.maxSweeps());
        seed = StageParams.anyLong(this, "seed", "seed of every random choice of training", d.seed());
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ColumnParams.Holder columns() {
        return columns;
    }

    /** hebbian, storkey or contrastive. */
    public Param<String> rule() {
        return rule;
    }

    /** bipolar or binary. */
    public Param<String> encoding() {
        return encoding;
    }

    /** The contrastive rule's negative phase. */
    public Param<String> negatives() {
        return negatives;
    }

    /** Epochs of the contrastive rule. */
    public IntParam epochs() {
        return epochs;
    }

    /** The contrastive rule's learning rate. */
    public DoubleParam learningRate() {
        return learningRate;
    }

    /** Patterns per contrastive update. */
    public IntParam batchSize() {
        return batchSize;
    }

    /** k of the pattern-k-sweeps negatives. */
    public IntParam cdSteps() {
        return cdSteps;
    }

    /** Sweep cap of recall during training. */
    public IntParam maxSweeps() {
        return maxSweeps;
    }

    /** The training seed. */
    public LongParam seed() {
        return seed;
    }

    /** Sets any param of this stage. */
    public <T> HopfieldEstimator setParam(Param<T> param, T value) {
        set(param, value);
        return this;
    }

    /** Sets the storage rule. */
    public HopfieldEstimator setRule(String value) {
        return setParam(rule, value);
    }

    /** Sets the encoding of the saved network. */
    public HopfieldEstimator setEncoding(String value) {
        return setParam(encoding, value);
    }

    /** Sets the contrastive rule's negatives. */
    public HopfieldEstimator setNegatives(String value) {
        return setParam(negatives, value);
    }

    /** Sets the epochs. */
    public HopfieldEstimator setEpochs(int value) {
        return setParam(epochs, value);
    }

    /** Sets the learning rate. */
    public HopfieldEstimator setLearningRate(double value) {
        return setParam(learningRate, value);
    }

    /** Sets the batch size. */
    public HopfieldEstimator setBatchSize(int value) {
        return setParam(batchSize, value);
    }

    /** Sets k. */
    public HopfieldEstimator setCdSteps(int value) {
        return setParam(cdSteps, value);
    }

    /** Sets the sweep cap. */
    public HopfieldEstimator setMaxSweeps(int value) {
        return setParam(maxSweeps, value);
    }

    /** Sets the seed. */
    public HopfieldEstimator setSeed(long value) {
        return setParam(seed, value);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        VectorColumns.requireVector(schema, getInputCol(), "HopfieldEstimator", "inputCol");
        return VectorColumns.withVector(schema, getOutputCol(), "HopfieldEstimator");
    }

    /** The trainer's settings from these params. */
    private HopfieldTrainer.Settings settings() {
        ContrastiveOptions.NegativePhase phase = switch (getOrDefault(negatives)) {
            case "random-to-convergence" -> ContrastiveOptions.NegativePhase.RANDOM_START_CONVERGED;
            case "pattern-to-convergence" -> ContrastiveOptions.NegativePhase.PATTERN_CONVERGED;
            default -> ContrastiveOptions.NegativePhase.PATTERN_K_SWEEPS;
        };
        ContrastiveOptions options = ContrastiveOptions.defaults()
            .withLearningRate((Double) getOrDefault(learningRate))
            .withEpochs((Integer) getOrDefault(epochs))
            .withBatchSize((Integer) getOrDefault(batchSize))
            .withSweeps((Integer) getOrDefault(cdSteps))
            .withMaxSweeps((Integer) getOrDefault(maxSweeps))
            .withNegativePhase(phase)
            .withSeed((Long) getOrDefault(seed));
        return new HopfieldTrainer.Settings(getOrDefault(rule), Encoding.parse(getOrDefault(encoding)), options, 0.1,
            (Integer) getOrDefault(maxSweeps));
    }

    @Override
    public HopfieldModel fit(Dataset<?> data) {
        transformSchema(data.schema());
        Instant started = Instant.now();
        HopfieldTrainer.Settings settings = settings();
        PatternSource.Loaded patterns = VectorColumns.patterns(data, getInputCol(), null, "binary",
            "HopfieldEstimator");
        try {
            HopfieldTrainer.Result r = train(patterns, settings);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("model.kind", "hopfield");
            config.put("model.encoding", getOrDefault(encoding));
            config.put("train.rule", settings.rule());
            config.put("train.epochs", Integer.toString(settings.contrastive().epochs()));
            config.put("train.learningRate", Double.toString(settings.contrastive().learningRate()));
            config.put("train.batchSize", Integer.toString(settings.contrastive().batchSize()));
            config.put("train.cdSteps", Integer.toString(settings.contrastive().sweeps()));
            config.put("train.seed", Long.toString(settings.contrastive().seed()));
            config.put("hopfield.negatives", getOrDefault(negatives));
            config.put("recall.maxSweeps", Integer.toString(settings.maxSweeps()));
            ObjectNode meta = RunMetadata.create(config, settings.contrastive().seed(), "column '" + getInputCol()
                + "' of a DataFrame", patterns.count(), patterns.width(), r.epochs(), data.sparkSession().version(),
                started);
            return copyValues(new HopfieldModel(uid, r.network(), meta), ParamMap.empty()).setParent(this);
        } finally {
            patterns.patterns().unpersist(false);
        }
    }

    /**
     * Training as {@code train} of the CLI does it ({@link HopfieldTrainer}): the Hebbian sums and the contrastive
     * rule on Spark, Storkey's rule (sequential by nature) on the driver.
     */
    private static HopfieldTrainer.Result train(PatternSource.Loaded data, HopfieldTrainer.Settings settings) {
        return StageIo.training("HopfieldEstimator", () -> HopfieldTrainer.train(data, settings));
    }

    @Override
    public HopfieldEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return StageIo.paramsWriter(this);
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<HopfieldEstimator> read() {
        return StageIo.paramsReader(HopfieldEstimator.class, HopfieldEstimator::new);
    }

    /** Loads an estimator saved with {@code write().save(path)}. */
    public static HopfieldEstimator load(String path) {
        return read().load(path);
    }
}
