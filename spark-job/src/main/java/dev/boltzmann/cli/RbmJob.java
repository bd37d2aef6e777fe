package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.RbmEpochReport;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.math.Blas;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.PatternSource;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = rbm}: CD-k or PCD on the driver (the patterns are streamed to it), with
 * the monitors of {@link RbmMeasures} on the training data and on {@code data.testPath} after every
 * {@code monitor.every} epochs.
 */
final class RbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(RbmJob.class);
    private static final long MONITOR_PURPOSE = 0x4D4F4E49L;

    private final JobConfig config;
    private final RbmTrainingConfig training;

    private RbmJob(JobConfig config, RbmTrainingConfig training) {
        this.config = config;
        this.training = training;
    }

    /** The job of {@code c}, or a {@link ConfigException} naming the key that does not fit an RBM. */
    static RbmJob from(JobConfig c) {
        int hidden = c.getInt("model.hidden");
        if (hidden < 1) {
            throw c.invalid("model.hidden", "an rbm needs at least 1 hidden unit");
        }
        if (c.getInt("model.labels") > 0) {
            throw c.invalid("model.labels", "label units for rbm are not in this build yet");
        }
        if (c.get("model.encoding").equals("bipolar")) {
            throw c.invalid("model.encoding", "an rbm has binary (0/1) units");
        }
        String rule = c.getOr("train.rule", "cd");
        if (!rule.equals("cd") && !rule.equals("pcd")) {
            throw c.invalid("train.rule", "an rbm learns with cd or pcd");
        }
        try {
            RbmTrainingConfig t = RbmTrainingConfig.defaults()
                .withNumHidden(hidden)
                .withRule(RbmTrainingConfig.Rule.parse(rule), c.getInt("train.cdSteps"))
                .withSchedule(c.getInt("train.batchSize"), c.getInt("train.epochs"))
                .withRates(c.getDouble("train.learningRate"), c.getDouble("train.momentum"),
                    c.getDouble("train.weightDecay"))
                .withLearningRateDecay(c.getDouble("train.learningRateDecay"))
                .withNumChains(c.getInt("train.chains"))
                .withSeed(c.getLong("train.seed"))
                .withInit(c.getDouble("train.initialWeightStd"), c.getBoolean("train.visibleBiasFromData"));
            return new RbmJob(c, t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": " + e.getMessage());
        }
    }

    @Override
    public String describe(int width) {
        return "rbm (" + width + " visible x " + training.numHidden() + " hidden, rule "
            + training.rule().name().toLowerCase() + "-" + training.cdSteps() + ")";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data) throws Exception {
        int nv = data.width();
        List<LabeledPattern> patterns = PatternSource.toDriver(data.patterns());
        int rows = patterns.size();
        double[] train = PatternSource.flatten(patterns, nv);
        String testPath = config.get("data.testPath");
        double[] test = null;
        int testRows = 0;
        if (!testPath.isEmpty()) {
            PatternSource.Loaded held = PatternSource.read(sc, config.dataSpec(testPath), nv);
            List<LabeledPattern> heldOut = PatternSource.toDriver(held.patterns());
            held.patterns().unpersist(false);
            test = PatternSource.flatten(heldOut, nv);
            testRows = heldOut.size();
        }
        LOG.info("training {} on {} patterns; BLAS: {}", describe(nv), rows, Blas.hint());
        MetricsLog metrics = new MetricsLog();
        int every = config.getInt("monitor.every");
        int epochs = training.epochs();
        double[] heldOutData = test;
        int heldOutRows = testRows;
        long[] elapsed = {0};
        Rbm rbm = new RbmTrainer(training).train(train, rows, nv, report -> {
            long t0 = System.nanoTime();
            boolean measure = report.epoch() == epochs || (every > 0 && report.epoch() % every == 0);
            metrics.add(epochLine(report, measure, train, rows, heldOutData, heldOutRows));
            elapsed[0] += System.nanoTime() - t0;
        });
        if (epochs == 0) {
            metrics.add(epochLine(new RbmEpochReport(0, rbm, Double.NaN, 0, 0, 0), true, train, rows, heldOutData,
                heldOutRows));
        }
        LOG.info("monitors took {} s", String.format("%.1f", elapsed[0] / 1e9));
        return new Trained(meta -> RbmStore.describe(meta, rbm, 0), RbmStore.arrays(rbm), metrics, epochs, rbm);
    }

    private ObjectNode epochLine(RbmEpochReport report, boolean measure, double[] train, int rows, double[] test,
                                 int testRows) {
        ObjectNode line = ModelStore.json().createObjectNode();
        line.put("epoch", report.epoch());
        line.put("seconds", report.seconds());
        line.put("samplesPerSecond", report.samplesPerSecond());
        line.put("learningRate", report.learningRate());
        if (!Double.isNaN(report.reconstructionError())) {
            line.put("trainingReconstructionError", report.reconstructionError());
        }
        if (measure) {
            Rbm rbm = report.model();
            long seed = config.getLong("train.seed");
            RbmMeasures.LogZ logZ = RbmMeasures.logZ(rbm, config.get("monitor.logLikelihood"), train, rows,
                config.getInt("monitor.aisBetas"), config.getInt("monitor.aisRuns"), seed ^ MONITOR_PURPOSE);
            RbmMeasures.putLogZ(line, logZ);
            RbmMeasures.put(line, "", rbm, train, rows, logZ, seed);
            if (test != null) {
                RbmMeasures.put(line, "heldOut", rbm, test, testRows, logZ, seed);
            }
            LOG.info("epoch {}: log-likelihood {} (train) {} (held out, {}), reconstruction error {}, {} samples/s",
                report.epoch(), fmt(line.path("logLikelihood").asDouble(Double.NaN)),
                fmt(line.path("heldOutLogLikelihood").asDouble(Double.NaN)),
                logZ == null ? "not measured" : logZ.method(), fmt(line.path("reconstructionError").asDouble()),
                Math.round(report.samplesPerSecond()));
        } else {
            LOG.info("epoch {}: reconstruction error {}, {} samples/s", report.epoch(),
                fmt(report.reconstructionError()), Math.round(report.samplesPerSecond()));
        }
        return line;
    }

    private static String fmt(double x) {
        return String.format("%.3f", x);
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out) {
        List<String> lines = trained.metrics().lines();
        try {
            ObjectNode last = (ObjectNode) ModelStore.json().readTree(lines.get(lines.size() - 1));
            if (last.has("logLikelihood")) {
                out.printf("mean log-likelihood (%s): %.2f nats on the training data%s%n",
                    last.path("logLikelihoodMethod").asText(), last.path("logLikelihood").asDouble(),
                    last.has("heldOutLogLikelihood")
                        ? String.format(", %.2f nats held out", last.path("heldOutLogLikelihood").asDouble()) : "");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
