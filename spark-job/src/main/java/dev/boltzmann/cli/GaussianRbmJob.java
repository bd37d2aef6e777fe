package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.GaussianRbmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.GaussianRbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.spark.PatternSource;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = rbm} with {@code model.visibleUnits = gaussian}: a Gaussian-Bernoulli RBM
 * trained by CD-k or PCD on the driver ({@link GaussianRbmTrainer}; the patterns are streamed to it), on the
 * columns standardised with the training set's means and standard deviations unless {@code data.standardize =
 * false}, with unit variances or, with {@code model.learnVariance}, learned ones.
 *
 * <p>Monitors: the exact mean log-likelihood (a log-density in nats per pattern, in the units of the data file:
 * the standardisation's Jacobian {@code −Σ log std_i} is included) on the training and held-out data, when the
 * hidden layer has at most 24 units, and the same for the baseline of independent Gaussians per column fitted to
 * the training set.
 */
final class GaussianRbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(GaussianRbmJob.class);

    private final JobConfig config;
    private final RbmTrainingConfig training;
    private final boolean learnVariance;
    private final boolean standardize;
    private final boolean measure;
    private String baseline = "";

    private GaussianRbmJob(JobConfig config, RbmTrainingConfig training) {
        this.config = config;
        this.training = training;
        this.learnVariance = config.getBoolean("model.learnVariance");
        this.standardize = !config.get("data.standardize").equals("false");
        String method = config.get("monitor.logLikelihood");
        this.measure = !method.equals("none") && GaussianRbmExact.enumerable(training.numHidden());
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
        if (method.equals("ais")) {
            throw c.invalid("monitor.logLikelihood", "a gaussian rbm's log-likelihood is exact (at most 24 hidden"
                + " units) or none; AIS is for binary rbms");
        }
        if (method.equals("exact") && !GaussianRbmExact.enumerable(t.numHidden())) {
            throw c.invalid("monitor.logLikelihood", "exact needs model.hidden <= 24 for a gaussian rbm");
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

    @Override
    public String describe(int width) {
        return "gaussian rbm (" + width + " visible x " + training.numHidden() + " hidden, rule "
            + training.rule().name().toLowerCase() + "-" + training.cdSteps() + ", "
            + (learnVariance ? "learned variances" : "unit variances") + ")";
    }

    /** Rows on the driver, in index order, as one row-major array. */
    private static double[] rows(PatternSource.Loaded data) {
        List<LabeledPattern> ps = PatternSource.toDriver(data.patterns());
        return PatternSource.flatten(ps, data.width());
    }

    /**
     * Column means and standard deviations (population, as maximum likelihood fits them) of {@code rows × nv}
     * data; a constant column gets standard deviation 1.
     */
    static double[][] columnMoments(double[] x, int rows, int nv) {
        double[] mean = new double[nv];
        double[] std = new double[nv];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < nv; i++) {
                mean[i] += x[r * nv + i];
            }
        }
        for (int i = 0; i < nv; i++) {
            mean[i] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < nv; i++) {
                double d = x[r * nv + i] - mean[i];
                std[i] += d * d;
            }
        }
        for (int i = 0; i < nv; i++) {
            std[i] = Math.sqrt(std[i] / rows);
            if (!(std[i] > 1e-12 * Math.max(1.0, Math.abs(mean[i])))) {
                std[i] = 1.0;
            }
        }
        return new double[][] {mean, std};
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        int nv = data.width();
        double[] train = rows(data);
        int n = (int) data.count();
        String testPath = config.get("data.testPath");
        double[] test = null;
        if (!testPath.isEmpty()) {
            PatternSource.Loaded held = PatternSource.read(sc, config.dataSpec(testPath), nv);
            if (held.patterns().filter(LabeledPattern::hasUnknown).count() > 0) {
                throw new dev.boltzmann.io.BadInputException(testPath + ": held-out patterns may not contain '?'");
            }
            test = rows(held);
            held.patterns().unpersist(false);
        }
        int m = test == null ? 0 : test.length / nv;
        double[][] moments = columnMoments(train, n, nv);
        double baseTrain = GaussianRbmExact.independentGaussianLogLikelihood(train, n, moments[0], moments[1]);
        double baseTest = test == null ? Double.NaN
            : GaussianRbmExact.independentGaussianLogLikelihood(test, m, moments[0], moments[1]);
        GaussianRbmStore.Loaded transform = new GaussianRbmStore.Loaded(null, null,
            standardize ? moments[0] : null, standardize ? moments[1] : null);
        transform.toModel(train);
        if (test != null) {
            transform.toModel(test);
        }
        double jacobian = transform.logJacobian();
        double[] testRows = test;
        int every = config.getInt("monitor.every");
        int epochs = training.epochs();
        MetricsLog metrics = new MetricsLog();
        GaussianRbmTrainer trainer = new GaussianRbmTrainer(training, learnVariance, 1.0);
        LOG.info("training {} on {} patterns on the driver", describe(nv), n);
        GaussianRbm model = trainer.train(train, n, nv, report -> {
            ObjectNode line = ModelStore.json().createObjectNode();
            int epoch = report.epoch();
            line.put("epoch", epoch);
            line.put("seconds", report.seconds());
            line.put("samplesPerSecond", n / Math.max(report.seconds(), 1e-9));
            line.put("learningRate", report.learningRate());
            line.put("trainingReconstructionError", report.reconstructionError());
            if (measure && (epoch == epochs || (every > 0 && epoch % every == 0))) {
                double logZ = GaussianRbmExact.logPartition(report.model());
                line.put("logLikelihoodMethod", "exact");
                line.put("logZ", logZ);
                line.put("logLikelihood", GaussianRbmExact.meanLogLikelihood(report.model(), train, n, logZ) - jacobian);
                line.put("baselineLogLikelihood", baseTrain);
                if (testRows != null) {
                    line.put("heldOutLogLikelihood",
                        GaussianRbmExact.meanLogLikelihood(report.model(), testRows, m, logZ) - jacobian);
                    line.put("heldOutBaselineLogLikelihood", baseTest);
                }
                LOG.info("epoch {}: log-likelihood {} (train) {} (held out), exact", epoch,
                    String.format("%.3f", line.path("logLikelihood").asDouble()),
                    String.format("%.3f", line.path("heldOutLogLikelihood").asDouble(Double.NaN)));
            }
            metrics.add(line);
            progress.epoch(epoch, epochs, (n + training.batchSize() - 1) / training.batchSize(), n,
                report.seconds());
        });
        baseline = String.format("independent Gaussian per column (fitted to the training set): %.2f nats on the"
            + " training data%s", baseTrain, test == null ? "" : String.format(", %.2f held out", baseTest));
        return new Trained(meta -> GaussianRbmStore.describe(meta, model, standardize),
            GaussianRbmStore.arrays(model, transform.dataMean(), transform.dataStd()), metrics, epochs, model);
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out)
        throws Exception {
        ObjectNode last = trained.metrics().last();
        if (last.has("logLikelihood")) {
            out.printf("mean log-likelihood (exact, nats per pattern, data units): %.2f on the training data%s%n",
                last.path("logLikelihood").asDouble(), last.has("heldOutLogLikelihood")
                    ? String.format(", %.2f held out", last.path("heldOutLogLikelihood").asDouble()) : "");
        }
        out.println(baseline);
    }
}
