package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.GaussianRbmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.GaussianDataStats;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.RbmDataStats;
import dev.boltzmann.spark.SparkGaussianRbmTrainer;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = rbm} with {@code model.visibleUnits = gaussian}: a Gaussian-Bernoulli RBM
 * trained by CD-k or PCD on Spark ({@link SparkGaussianRbmTrainer}, one synchronous update per mini-batch, a
 * checkpoint after every epoch, {@code --resume}), on the columns standardised with the training set's means and
 * standard deviations unless {@code data.standardize = false}, with unit variances or, with
 * {@code model.learnVariance}, learned ones.
 *
 * <p>Monitors: the mean log-likelihood (a log-density in nats per pattern, in the units of the data file: the
 * standardisation's Jacobian {@code −Σ log std_i} is included) on the training and held-out data, with log Z exact
 * when the hidden layer has at most 24 units or by forward AIS ({@code monitor.logLikelihood = ais}, or auto above
 * 24 hidden units; {@code monitor.aisBetas}, {@code monitor.aisRuns}; {@link GaussianRbmCommands#logZ}) with its
 * ±3-standard-error bounds, and the same for the baseline of independent Gaussians per column fitted to the training
 * set; the moments and the data's mean free energies are computed where the data live ({@link GaussianDataStats}).
 */
final class GaussianRbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(GaussianRbmJob.class);
    /** Mixed into train.seed for the AIS monitor's streams ("GMON"). */
    private static final long MONITOR_PURPOSE = 0x474D4F4EL;

    private final JobConfig config;
    private final RbmTrainingConfig training;
    private final boolean learnVariance;
    private final boolean standardize;
    private final boolean measure;
    private String baseline = "";
    /** The model of {@code --init-model} with its column transform, or null to start from a random one. */
    private GaussianRbmStore.Loaded start;

    private GaussianRbmJob(JobConfig config, RbmTrainingConfig training) {
        this.config = config;
        this.training = training;
        this.learnVariance = config.getBoolean("model.learnVariance");
        this.standardize = !config.get("data.standardize").equals("false");
        this.measure = !config.get("monitor.logLikelihood").equals("none");
    }

    /** The job, or a {@link ConfigException} naming the key that does not fit a gaussian rbm. */
    static TrainJob from(JobConfig c, RbmTrainingConfig t) {
        if (c.getInt("model.labels") > 0) {
            throw c.invalid("model.labels", "a gaussian rbm has no label units (yet); set model.labels = 0");
        }
        if (c.get("data.format").equals("parquet")) {
            throw c.invalid("data.format", "gaussian units read csv, libsvm or text data (parquet vectors are"
                + " read as values in [0, 1])");
        }
        String method = c.get("monitor.logLikelihood");
        if (method.equals("exact") && !GaussianRbmExact.enumerable(t.numHidden())) {
            throw c.invalid("monitor.logLikelihood", "exact needs model.hidden <= 24 for a gaussian rbm; use ais");
        }
        return new GaussianRbmJob(c, t);
    }

    /** Refuses the gaussian-only keys on a job that is not a gaussian rbm. */
    static void checkOnlyGaussianKeys(JobConfig c, TrainJob job) {
        if (job instanceof GaussianRbmJob) {
            return;
        }
        if (c.get("model.visibleUnits").equals("gaussian")) {
            throw c.invalid("model.visibleUnits", "gaussian visible units are for model.kind = rbm");
        }
        if (c.getBoolean("model.learnVariance")) {
            throw c.invalid("model.learnVariance", "learned variances need model.visibleUnits = gaussian");
        }
        if (c.get("data.standardize").equals("true")) {
            throw c.invalid("data.standardize", "standardised columns need model.visibleUnits = gaussian (binary"
                + " units take values in [0, 1])");
        }
    }

    /**
     * Trains from the gaussian RBM in {@code dir} (a warm start): its sizes must be the config's, it must have been
     * standardised iff {@code data.standardize} is on, and learned variances need {@code model.learnVariance}. The
     * new data are standardised with the model's {@code data_mean} / {@code data_std}, so the model keeps its units.
     */
    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        WarmStart.rbm(conf, dir, config);
        GaussianRbmStore.Loaded init = GaussianRbmStore.read(conf, dir);
        if ((init.dataMean() != null) != standardize) {
            throw WarmStart.mismatch(dir, init.dataMean() != null ? "standardised columns (data_mean.npy, data_std.npy)"
                : "columns that were not standardised", "data.standardize", standardize);
        }
        if (!learnVariance) {
            for (double s : init.model().sigma()) {
                if (s != 1.0) {
                    throw WarmStart.mismatch(dir, "learned variances (visible_sigma.npy is not all 1)",
                        "model.learnVariance", false);
                }
            }
        }
        start = init;
        return new Start(init.metadata(), init.model().numVisible());
    }

    @Override
    public String describe(int width) {
        return "gaussian rbm (" + width + " visible x " + training.numHidden() + " hidden, rule "
            + training.rule().name().toLowerCase() + "-" + training.cdSteps() + ", "
            + (learnVariance ? "learned variances" : "unit variances") + ")";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        int nv = data.width();
        long n = data.count();
        JavaRDD<LabeledPattern> raw = data.patterns();
        String testPath = config.get("data.testPath");
        PatternSource.Loaded held = null;
        if (!testPath.isEmpty()) {
            held = PatternSource.read(sc, config.dataSpec(testPath), nv);
            if (held.patterns().filter(LabeledPattern::hasUnknown).count() > 0) {
                throw new dev.boltzmann.io.BadInputException(testPath + ": held-out patterns may not contain '?'");
            }
        }
        long m = held == null ? 0 : held.count();
        // the column moments and the baselines are computed where the data live
        double[][] moments = GaussianDataStats.columnMoments(raw, nv, n);
        double baseTrain = GaussianDataStats.independentGaussianLogLikelihood(raw, moments[0], moments[1], n);
        double baseTest = held == null ? Double.NaN
            : GaussianDataStats.independentGaussianLogLikelihood(held.patterns(), moments[0], moments[1], m);
        // a warm start keeps the model's transform: the model's units stay the ones it was trained in
        double[] dataMean = !standardize ? null : start != null ? start.dataMean() : moments[0];
        double[] dataStd = !standardize ? null : start != null ? start.dataStd() : moments[1];
        double jacobian = new GaussianRbmStore.Loaded(null, null, dataMean, dataStd).logJacobian();
        // model units: the standardised rows, persisted (the loaded ones are already), or the loaded rows themselves
        JavaRDD<LabeledPattern> train = persisted(GaussianDataStats.standardized(raw, dataMean, dataStd), raw);
        JavaRDD<LabeledPattern> test = held == null ? null
            : persisted(GaussianDataStats.standardized(held.patterns(), dataMean, dataStd), held.patterns());
        // the same start as GaussianRbmTrainer.initialModel: visible means from the (model-unit) column means
        double[] means = start == null && training.visibleBiasFromData() ? RbmDataStats.columnMeans(train, nv, n)
            : null;
        GaussianRbm initial = start != null ? start.model() : GaussianRbm.random(nv, training.numHidden(),
            training.initialWeightStd(), means, training.seed());
        int every = config.getInt("monitor.every");
        int epochs = training.epochs();
        MetricsLog metrics = new MetricsLog();
        SparkGaussianRbmTrainer.State state = SparkGaussianRbmTrainer.initialState(initial, training);
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            state = restore(sc, saved.get(), state, metrics);
            LOG.info("resuming from {} after epoch {}", saved.get().path(), state.epochsDone());
        }
        LOG.info("training {} on {} patterns in {} partitions", describe(nv), n, train.getNumPartitions());
        state = SparkGaussianRbmTrainer.train(sc, train, n, training, learnVariance, 1.0, state,
            (s, recon, seconds) -> {
                ObjectNode line = ModelStore.json().createObjectNode();
                int epoch = s.epochsDone();
                line.put("epoch", epoch);
                line.put("seconds", seconds);
                line.put("samplesPerSecond", n / Math.max(seconds, 1e-9));
                line.put("learningRate", training.learningRateAt(epoch - 1));
                line.put("trainingReconstructionError", recon);
                if (measure && (epoch == epochs || (every > 0 && epoch % every == 0))) {
                    GaussianRbm model = s.model();
                    RbmMeasures.LogZ logZ = GaussianRbmCommands.logZ(model, config.get("monitor.logLikelihood"),
                        config.getInt("monitor.aisBetas"), config.getInt("monitor.aisRuns"),
                        training.seed() ^ MONITOR_PURPOSE);
                    RbmMeasures.putLogZ(line, logZ);
                    // free energies in data units: the model's plus the standardisation's Jacobian
                    RbmMeasures.putLogLikelihood(line, "", logZ,
                        GaussianDataStats.meanFreeEnergy(train, model, n) + jacobian);
                    line.put("baselineLogLikelihood", baseTrain);
                    if (test != null) {
                        RbmMeasures.putLogLikelihood(line, "heldOut", logZ,
                            GaussianDataStats.meanFreeEnergy(test, model, m) + jacobian);
                        line.put("heldOutBaselineLogLikelihood", baseTest);
                    }
                    LOG.info("epoch {}: log-likelihood {} (train) {} (held out), {}", epoch,
                        String.format("%.3f", line.path("logLikelihood").asDouble()),
                        String.format("%.3f", line.path("heldOutLogLikelihood").asDouble(Double.NaN)),
                        logZ.method());
                }
                metrics.add(line);
                save(checkpoints, s, dataMean, dataStd, metrics);
                progress.epoch(epoch, epochs, (int) ((n + training.batchSize() - 1) / training.batchSize()), n,
                    seconds);
            });
        if (train != raw) {
            train.unpersist(false);
        }
        if (held != null) {
            test.unpersist(false);
            held.patterns().unpersist(false);
        }
        baseline = String.format("independent Gaussian per column (fitted to the training set): %.2f nats on the"
            + " training data%s", baseTrain, held == null ? "" : String.format(", %.2f held out", baseTest));
        GaussianRbm model = state.model();
        return new Trained(meta -> GaussianRbmStore.describe(meta, model, standardize),
            GaussianRbmStore.arrays(model, dataMean, dataStd), metrics, epochs, model);
    }

    /** {@code rdd} persisted, unless it is {@code loaded} (persisted by the loader). */
    private static JavaRDD<LabeledPattern> persisted(JavaRDD<LabeledPattern> rdd, JavaRDD<LabeledPattern> loaded) {
        return rdd == loaded ? rdd : rdd.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * Writes the state after an epoch: the model directory's arrays, and for an exact continuation the standard-unit
     * parameters (μ, z) as the trainer holds them, the velocities, the chains, and the metrics so far.
     */
    private void save(Checkpoints checkpoints, SparkGaussianRbmTrainer.State s, double[] dataMean, double[] dataStd,
                      MetricsLog metrics) throws Exception {
        JobCheckpoints jobCheckpoints = new JobCheckpoints(config);
        ObjectNode meta = jobCheckpoints.metadata(s.epochsDone());
        GaussianRbm model = s.model();
        GaussianRbmStore.describe(meta, model, standardize);
        int nv = model.numVisible();
        int nh = model.numHidden();
        Map<String, ModelStore.NamedArray> arrays = GaussianRbmStore.arrays(model, dataMean, dataStd);
        arrays.put("standard_visible_bias", new ModelStore.NamedArray(model.standardUnits().visibleBias(), nv));
        arrays.put("log_variance", new ModelStore.NamedArray(model.logVariance(), nv));
        JobCheckpoints.putOptimizer(meta, arrays, s.optimizer(), nv, nh);
        arrays.put("velocity_log_variance", new ModelStore.NamedArray(s.logVarianceVelocity(), nv));
        if (s.chains() != null) {
            meta.put("chains", s.chains().length / nh);
            arrays.put("chains_hidden", new ModelStore.NamedArray(s.chains(), s.chains().length / nh, nh));
        }
        jobCheckpoints.save(checkpoints, s.epochsDone(), meta, arrays, metrics);
    }

    /** The state saved in a checkpoint, after checking that it was trained with the same settings. */
    private SparkGaussianRbmTrainer.State restore(JavaSparkContext sc, Checkpoints.Saved saved,
                                                  SparkGaussianRbmTrainer.State fresh, MetricsLog metrics)
        throws Exception {
        org.apache.hadoop.conf.Configuration hc = sc.hadoopConfiguration();
        String dir = saved.path();
        ObjectNode meta = new JobCheckpoints(config).open(hc, saved, RbmStore.KIND, metrics);
        int nv = fresh.model().numVisible();
        int nh = fresh.model().numHidden();
        GaussianRbm model = GaussianRbm.of(Rbm.of(ModelStore.readArray(hc, dir, "W", nv, nh).data(),
            ModelStore.readArray(hc, dir, "standard_visible_bias", nv).data(),
            ModelStore.readArray(hc, dir, "hidden_bias", nh).data()),
            ModelStore.readArray(hc, dir, "log_variance", nv).data());
        RbmOptimizer optimizer = JobCheckpoints.readOptimizer(hc, dir, meta, fresh.optimizer(), nv, nh);
        double[] chains = null;
        if (fresh.chains() != null) {
            chains = ModelStore.readArray(hc, dir, "chains_hidden", fresh.chains().length / nh, nh).data();
        }
        return new SparkGaussianRbmTrainer.State(model, optimizer,
            ModelStore.readArray(hc, dir, "velocity_log_variance", nv).data(), chains, saved.epoch());
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out)
        throws Exception {
        ObjectNode last = trained.metrics().last();
        if (last.has("logLikelihood")) {
            boolean ais = last.path("logLikelihoodMethod").asText().equals("ais");
            out.printf("mean log-likelihood (%s, nats per pattern, data units): %.2f on the training data%s%s%n",
                last.path("logLikelihoodMethod").asText(), last.path("logLikelihood").asDouble(),
                last.has("heldOutLogLikelihood")
                    ? String.format(", %.2f held out", last.path("heldOutLogLikelihood").asDouble()) : "",
                ais ? String.format(" (AIS: log Z %.2f, +-3 standard errors %s .. %.2f)", last.path("logZ")
                    .asDouble(), last.path("logZLow").isNumber() ? String.format("%.2f", last.path("logZLow")
                    .asDouble()) : "-inf", last.path("logZHigh").asDouble()) : "");
        }
        out.println(baseline);
    }
}
