package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkBmTrainer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.BooleanParam;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a Boltzmann machine (visible units = the 0/1 vectors of a column, optional hidden units) by the lecture's
 * learning rule: clamped-phase minus free-phase statistics from Gibbs sampling, on Spark ({@link SparkBmTrainer},
 * as {@code train} of the CLI). The fitted {@link BmModel} completes vectors with unknown entries.
 */
public final class BmEstimator extends Estimator<BmModel> implements ColumnParams<BmEstimator>, MLWritable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BmEstimator.class);

    private final String uid;
    private final ColumnParams.Holder columns;
    private final IntParam numHidden;
    private final DoubleParam learningRate;
    private final DoubleParam momentum;
    private final DoubleParam weightDecay;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final DoubleParam initialWeightStd;
    private final LongParam seed;
    private final IntParam numChains;
    private final IntParam burnIn;
    private final IntParam samplesPerChain;
    private final IntParam sweepsBetweenSamples;
    private final BooleanParam persistent;
    private final IntParam clampedBurnIn;
    private final IntParam clampedSamples;

    /** A new estimator with a random uid and the default params. */
    public BmEstimator() {
        this(Identifiable$.MODULE$.randomUID("bm"));
    }

    /** A new estimator with the given uid and the default params. */
    public BmEstimator(String uid) {
        this.uid = uid;
        BmTrainerOptions d = BmTrainerOptions.defaults();
        BmSamplingOptions s = d.sampling();
        double inf = Double.POSITIVE_INFINITY;
        columns = new ColumnParams.Holder(this, "the vector column to learn from, values 0 or 1",
            "the column of completed vectors the model adds", BmModel.DEFAULT_OUTPUT);
        numHidden = StageParams.atLeast(this, "numHidden", "number of hidden units", 0, 0);
        learningRate = StageParams.inRange(this, "learningRate", "learning rate", 0, inf, false, false,
            d.learningRate());
        momentum = StageParams.inRange(this, "momentum", "momentum", 0, 1, true, false, d.momentum());
        weightDecay = StageParams.inRange(this, "weightDecay", "L2 weight decay", 0, inf, true, false,
            d.weightDecay());
        epochs = StageParams.atLeast(this, "epochs", "passes over the data", 1, d.epochs());
        batchSize = StageParams.atLeast(this, "batchSize", "patterns per update", 1, d.batchSize());
        initialWeightStd = StageParams.inRange(this, "initialWeightStd", "standard deviation of the initial"
            + " weights", 0, inf, true, false, d.initialWeightSd());
        seed = StageParams.anyLong(this, "seed", "the seed of every random stream of training", d.seed());
        numChains = StageParams.atLeast(this, "numChains", "free-phase Gibbs chains", 1, s.chains());
        burnIn = StageParams.atLeast(this, "burnIn", "free-phase burn-in sweeps of a fresh chain", 0, s.burnIn());
        samplesPerChain = StageParams.atLeast(this, "samplesPerChain", "free-phase states kept per chain per"
            + " update", 1, s.samplesPerChain());
        sweepsBetweenSamples = StageParams.atLeast(this, "sweepsBetweenSamples", "sweeps before each kept state",
            1, s.sweepsBetweenSamples());
        persistent = StageParams.flag(this, "persistent", "carry the free-phase chains from update to update",
            s.persistent());
        clampedBurnIn = StageParams.atLeast(this, "clampedBurnIn", "clamped-phase burn-in sweeps per pattern", 0,
            s.clampedBurnIn());
        clampedSamples = StageParams.atLeast(this, "clampedSamples", "clamped-phase states kept per pattern", 1,
            s.clampedSamples());
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ColumnParams.Holder columns() {
        return columns;
    }

    /** Hidden units. */
    public IntParam numHidden() {
        return numHidden;
    }

    /** Learning rate. */
    public DoubleParam learningRate() {
        return learningRate;
    }

    /** Momentum. */
    public DoubleParam momentum() {
        return momentum;
    }

    /** L2 weight decay. */
    public DoubleParam weightDecay() {
        return weightDecay;
    }

    /** Passes over the data. */
    public IntParam epochs() {
        return epochs;
    }

    /** Patterns per update. */
    public IntParam batchSize() {
        return batchSize;
    }

    /** Initial weight standard deviation. */
    public DoubleParam initialWeightStd() {
        return initialWeightStd;
    }

    /** The training seed. */
    public LongParam seed() {
        return seed;
    }

    /** Free-phase chains. */
    public IntParam numChains() {
        return numChains;
    }

    /** Free-phase burn-in. */
    public IntParam burnIn() {
        return burnIn;
    }

    /** Free-phase states kept per chain. */
    public IntParam samplesPerChain() {
        return samplesPerChain;
    }

    /** Sweeps between kept states. */
    public IntParam sweepsBetweenSamples() {
        return sweepsBetweenSamples;
    }

    /** Persistent free-phase chains. */
    public BooleanParam persistent() {
        return persistent;
    }

    /** Clamped-phase burn-in. */
    public IntParam clampedBurnIn() {
        return clampedBurnIn;
    }

    /** Clamped-phase states kept per pattern. */
    public IntParam clampedSamples() {
        return clampedSamples;
    }

    /** Sets any param of this stage (e.g. {@code setParam(est.burnIn(), 50)}). */
    public <T> BmEstimator setParam(Param<T> param, T value) {
        set(param, value);
        return this;
    }

    /** Sets the number of hidden units. */
    public BmEstimator setNumHidden(int value) {
        return setParam(numHidden, value);
    }

    /** Sets the learning rate. */
    public BmEstimator setLearningRate(double value) {
        return setParam(learningRate, value);
    }

    /** Sets the epochs. */
    public BmEstimator setEpochs(int value) {
        return setParam(epochs, value);
    }

    /** Sets the batch size. */
    public BmEstimator setBatchSize(int value) {
        return setParam(batchSize, value);
    }

    /** Sets the seed. */
    public BmEstimator setSeed(long value) {
        return setParam(seed, value);
    }

    /** Sets the number of free-phase chains. */
    public BmEstimator setNumChains(int value) {
        return setParam(numChains, value);
    }

    private int intOf(IntParam p) {
        return (Integer) getOrDefault(p);
    }

    private double doubleOf(DoubleParam p) {
        return (Double) getOrDefault(p);
    }

    /** The trainer's options from these params. */
    BmTrainerOptions options() {
        BmSamplingOptions sampling = new BmSamplingOptions(intOf(numChains), intOf(burnIn), intOf(samplesPerChain),
            intOf(sweepsBetweenSamples), (Boolean) getOrDefault(persistent), intOf(clampedBurnIn),
            intOf(clampedSamples));
        return new BmTrainerOptions(doubleOf(learningRate), doubleOf(momentum), doubleOf(weightDecay), intOf(epochs),
            intOf(batchSize), doubleOf(initialWeightStd), (Long) getOrDefault(seed), sampling);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        VectorColumns.requireVector(schema, getInputCol(), "BmEstimator", "inputCol");
        return VectorColumns.withVector(schema, getOutputCol(), "BmEstimator");
    }

    @Override
    public BmModel fit(Dataset<?> data) {
        transformSchema(data.schema());
        Instant started = Instant.now();
        BmTrainerOptions options = options();
        PatternSource.Loaded patterns = VectorColumns.patterns(data, getInputCol(), null, "binary", "BmEstimator");
        try {
            BoltzmannMachine bm = train(patterns, intOf(numHidden), options);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("model.kind", "bm");
            config.put("model.hidden", Integer.toString(intOf(numHidden)));
            config.put("model.labels", "0");
            config.put("train.rule", "gradient");
            config.put("train.learningRate", Double.toString(options.learningRate()));
            config.put("train.momentum", Double.toString(options.momentum()));
            config.put("train.weightDecay", Double.toString(options.weightDecay()));
            config.put("train.epochs", Integer.toString(options.epochs()));
            config.put("train.batchSize", Integer.toString(options.batchSize()));
            config.put("train.initialWeightStd", Double.toString(options.initialWeightSd()));
            config.put("train.seed", Long.toString(options.seed()));
            config.put("train.chains", Integer.toString(options.sampling().chains()));
            config.put("bm.burnIn", Integer.toString(options.sampling().burnIn()));
            config.put("bm.samplesPerChain", Integer.toString(options.sampling().samplesPerChain()));
            config.put("bm.sweepsBetweenSamples", Integer.toString(options.sampling().sweepsBetweenSamples()));
            config.put("bm.persistent", Boolean.toString(options.sampling().persistent()));
            config.put("bm.clampedBurnIn", Integer.toString(options.sampling().clampedBurnIn()));
            config.put("bm.clampedSamples", Integer.toString(options.sampling().clampedSamples()));
            ObjectNode meta = RunMetadata.create(config, options.seed(), "column '" + getInputCol()
                + "' of a DataFrame", patterns.count(), patterns.width(), options.epochs(),
                data.sparkSession().version(), started);
            return copyValues(new BmModel(uid, bm, meta), ParamMap.empty()).setParent(this);
        } finally {
            patterns.patterns().unpersist(false);
        }
    }

    /** Training on Spark as {@code train} of the CLI does it ({@link SparkBmTrainer}, cli.BmJob). */
    private static BoltzmannMachine train(PatternSource.Loaded data, int hidden, BmTrainerOptions options) {
        int nv = data.width();
        JavaRDD<LabeledPattern> rows = SparkBmTrainer.rows(data.patterns(), nv, false);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.patterns().context());
        return StageIo.training("BmEstimator", () -> SparkBmTrainer.train(sc, rows, data.count(), options,
            SparkBmTrainer.initialState(nv, 0, hidden, options), (state, seconds) -> LOG.info("epoch {} done in {} s",
                state.epochsDone(), String.format("%.2f", seconds))).machine());
    }

    @Override
    public BmEstimator copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return StageIo.paramsWriter(this);
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<BmEstimator> read() {
        return StageIo.paramsReader(BmEstimator.class, BmEstimator::new);
    }

    /** Loads an estimator saved with {@code write().save(path)}. */
    public static BmEstimator load(String path) {
        return read().load(path);
    }
}
