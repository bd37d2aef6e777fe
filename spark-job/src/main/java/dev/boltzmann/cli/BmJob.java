package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.BmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.BmParameterUpdate;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmTrainer;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.learning.SwapCounts;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.spark.PatternSource;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = bm}: the lecture's Boltzmann machine learning (clamped and free Gibbs
 * phases, gradient ascent; with {@code train.negativePhase = pt} the free phase is parallel tempering) on the
 * driver, with or without hidden and label units. A checkpoint after every epoch (weights, velocities, every
 * free-phase chain's state) lets {@code --resume} continue an interrupted run to the same bits. The exact log-likelihood (and
 * accuracy, with labels) is measured when the machine is small enough to enumerate.
 */
final class BmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(BmJob.class);

    private final JobConfig config;
    private final BmTrainerOptions options;
    private final int hidden;
    private final int labels;
    private final TemperingOptions tempering;

    private BmJob(JobConfig config, BmTrainerOptions options, int hidden, int labels, TemperingOptions tempering) {
        this.config = config;
        this.options = options;
        this.hidden = hidden;
        this.labels = labels;
        this.tempering = tempering;
    }

    /** The job of {@code c}, or a {@link ConfigException} naming the key that does not fit a BM. */
    static BmJob from(JobConfig c) {
        String rule = c.getOr("train.rule", "gradient");
        if (!rule.equals("gradient")) {
            throw c.invalid("train.rule", "a bm learns with gradient (clamped minus free phase statistics)");
        }
        if (c.get("model.encoding").equals("bipolar")) {
            throw c.invalid("model.encoding", "a bm has binary (0/1) units");
        }
        if (c.getInt("model.labels") == 1) {
            throw c.invalid("model.labels", "a label group needs at least 2 classes (or 0 for none)");
        }
        if (c.getInt("train.epochs") < 1) {
            throw c.invalid("train.epochs", "a bm needs at least 1 epoch");
        }
        try {
            BmSamplingOptions sampling = new BmSamplingOptions(c.getInt("train.chains"), c.getInt("bm.burnIn"),
                c.getInt("bm.samplesPerChain"), c.getInt("bm.sweepsBetweenSamples"), c.getBoolean("bm.persistent"),
                c.getInt("bm.clampedBurnIn"), c.getInt("bm.clampedSamples"));
            BmTrainerOptions o = new BmTrainerOptions(c.getDouble("train.learningRate"), c.getDouble("train.momentum"),
                c.getDouble("train.weightDecay"), c.getInt("train.epochs"), c.getInt("train.batchSize"),
                c.getDouble("train.initialWeightStd"), c.getLong("train.seed"), sampling);
            TemperingOptions t = c.get("train.negativePhase").equals("pt") ? RbmJob.temperingOptions(c) : null;
            return new BmJob(c, o, c.getInt("model.hidden"), c.getInt("model.labels"), t);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": " + e.getMessage());
        }
    }

    @Override
    public String describe(int width) {
        return "bm (" + width + " visible, " + labels + " label, " + hidden + " hidden units"
            + (tempering == null ? "" : "; free phase by parallel tempering over " + tempering.numTemperatures()
            + " temperatures") + ")";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume) throws Exception {
        List<LabeledPattern> patterns = PatternSource.toDriver(data.patterns());
        double[][] v = patterns.stream().map(LabeledPattern::values).toArray(double[][]::new);
        int[] y = labels > 0 ? Labels.of(patterns, labels, config.get("data.path")) : null;
        boolean enumerable = data.width() + hidden <= BmEnumeration.MAX_FREE_UNITS
            && !config.get("monitor.logLikelihood").equals("none");
        int every = config.getInt("monitor.every");
        MetricsLog metrics = new MetricsLog();
        BmTrainer.Progress progress = BmTrainer.start(BmTrainer.initialMachine(data.width(), labels, hidden, options),
            options, tempering);
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            progress = restore(sc.hadoopConfiguration(), saved.get(), progress, metrics);
            LOG.info("resuming from {} after epoch {}", saved.get().path(), progress.epochsDone());
        }
        SwapCounts swaps = tempering == null ? null : SwapCounts.empty(tempering.numTemperatures());
        long[] start = {System.nanoTime()};
        BmTrainer.Progress end = BmTrainer.train(progress, v, y, options, tempering, swaps, p -> {
            int epoch = p.epochsDone() - 1;
            BoltzmannMachine current = p.bm();
            double seconds = (System.nanoTime() - start[0]) / 1e9;
            ObjectNode line = ModelStore.json().createObjectNode();
            line.put("epoch", epoch + 1);
            line.put("seconds", seconds);
            line.put("samplesPerSecond", v.length / Math.max(seconds, 1e-9));
            boolean measure = epoch + 1 == options.epochs() || (every > 0 && (epoch + 1) % every == 0);
            if (measure && enumerable) {
                line.put("logLikelihoodMethod", "exact");
                line.put("logLikelihood", BmExact.meanLogLikelihood(current, v, y));
                if (labels > 0) {
                    line.put("accuracy", BmExact.accuracy(current, v, y));
                }
                LOG.info("epoch {}: exact log-likelihood {}{}", epoch + 1,
                    String.format("%.3f", line.path("logLikelihood").asDouble()),
                    labels > 0 ? String.format(", accuracy %.3f", line.path("accuracy").asDouble()) : "");
            }
            RbmJob.putSwapRates(line, epoch + 1, swaps);
            if (swaps != null) {
                swaps.reset();
            }
            metrics.add(line);
            save(checkpoints, p, metrics);
            start[0] = System.nanoTime();
        });
        BoltzmannMachine bm = end.bm();
        return new Trained(meta -> BmStore.describe(meta, bm), BmStore.arrays(bm), metrics, options.epochs(), bm);
    }

    /** Writes the progress after an epoch: weights, velocities, every chain's (every replica's) state, metrics. */
    private void save(Checkpoints checkpoints, BmTrainer.Progress p, MetricsLog metrics) throws Exception {
        ObjectNode meta = RbmJob.checkpointMetadata(config, p.epochsDone());
        BmStore.describe(meta, p.bm());
        int n = p.bm().size();
        Map<String, ModelStore.NamedArray> arrays = BmStore.arrays(p.bm());
        arrays.put("velocity_weights", new ModelStore.NamedArray(p.update().weightVelocity(), n, n));
        arrays.put("velocity_bias", new ModelStore.NamedArray(p.update().biasVelocity(), n));
        double[][] chains = p.chains();
        double[] flat = new double[chains.length * n];
        for (int c = 0; c < chains.length; c++) {
            System.arraycopy(chains[c], 0, flat, c * n, n);
        }
        meta.put("chains", chains.length);
        meta.put("chainReplicas", tempering == null ? 1 : tempering.numTemperatures());
        arrays.put("chains", new ModelStore.NamedArray(flat, chains.length, n));
        checkpoints.save(p.epochsDone(), meta, arrays, Map.of(MetricsLog.FILE, metrics.text()));
    }

    /** The progress saved in a checkpoint, after checking that it was trained with the same settings. */
    private BmTrainer.Progress restore(org.apache.hadoop.conf.Configuration hc, Checkpoints.Saved saved,
                                       BmTrainer.Progress fresh, MetricsLog metrics) throws Exception {
        String dir = saved.path();
        RbmJob.checkSameSettings(config, ModelStore.readMetadata(hc, dir, BmStore.KIND), dir);
        BoltzmannMachine bm = BmStore.read(hc, dir).bm();
        int n = bm.size();
        int rows = fresh.chains().length;
        double[] flat = ModelStore.readArray(hc, dir, "chains", rows, n).data();
        double[][] chains = new double[rows][];
        for (int c = 0; c < rows; c++) {
            chains[c] = java.util.Arrays.copyOfRange(flat, c * n, (c + 1) * n);
        }
        BmParameterUpdate update = BmParameterUpdate.restore(
            ModelStore.readArray(hc, dir, "velocity_weights", n, n).data(),
            ModelStore.readArray(hc, dir, "velocity_bias", n).data());
        RbmJob.readMetrics(hc, dir, metrics);
        return new BmTrainer.Progress(bm, update, chains, saved.epoch());
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out)
        throws Exception {
        List<String> lines = trained.metrics().lines();
        ObjectNode last = (ObjectNode) ModelStore.json().readTree(lines.get(lines.size() - 1));
        if (last.has("logLikelihood")) {
            out.printf("exact mean log-likelihood: %.3f nats%s%n", last.path("logLikelihood").asDouble(),
                last.has("accuracy") ? String.format(", training accuracy %.3f", last.path("accuracy").asDouble()) : "");
        }
    }
}
