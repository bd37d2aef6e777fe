package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.BmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmTrainer;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.spark.PatternSource;
import java.io.PrintStream;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.sampling.BmModes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = bm}: the lecture's Boltzmann machine learning (clamped and free Gibbs
 * phases, gradient ascent) on the driver, with or without hidden and label units. The exact log-likelihood (and
 * accuracy, with labels) is measured when the machine is small enough to enumerate.
 */
final class BmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(BmJob.class);

    private final JobConfig config;
    private final BmTrainerOptions options;
    private final int hidden;
    private final int labels;

    private BmJob(JobConfig config, BmTrainerOptions options, int hidden, int labels) {
        this.config = config;
        this.options = options;
        this.hidden = hidden;
        this.labels = labels;
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
        c.annealing();
        try {
            BmSamplingOptions sampling = new BmSamplingOptions(c.getInt("train.chains"), c.getInt("bm.burnIn"),
                c.getInt("bm.samplesPerChain"), c.getInt("bm.sweepsBetweenSamples"), c.getBoolean("bm.persistent"),
                c.getInt("bm.clampedBurnIn"), c.getInt("bm.clampedSamples"));
            BmTrainerOptions o = new BmTrainerOptions(c.getDouble("train.learningRate"), c.getDouble("train.momentum"),
                c.getDouble("train.weightDecay"), c.getInt("train.epochs"), c.getInt("train.batchSize"),
                c.getDouble("train.initialWeightStd"), c.getLong("train.seed"), sampling);
            return new BmJob(c, o, c.getInt("model.hidden"), c.getInt("model.labels"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": " + e.getMessage());
        }
    }

    @Override
    public String describe(int width) {
        return "bm (" + width + " visible, " + labels + " label, " + hidden + " hidden units)";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) {
        List<LabeledPattern> patterns = PatternSource.toDriver(data.patterns());
        double[][] v = patterns.stream().map(LabeledPattern::values).toArray(double[][]::new);
        int[] y = labels > 0 ? Labels.of(patterns, labels, config.get("data.path")) : null;
        boolean enumerable = data.width() + hidden <= BmEnumeration.MAX_FREE_UNITS
            && !config.get("monitor.logLikelihood").equals("none");
        int every = config.getInt("monitor.every");
        MetricsLog metrics = new MetricsLog();
        long[] start = {System.nanoTime()};
        BoltzmannMachine bm = BmTrainer.train(v, y, labels, hidden, options, (epoch, current) -> {
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
            metrics.add(line);
            progress.epoch(epoch + 1, options.epochs(), (v.length + options.batchSize() - 1) / options.batchSize(),
                v.length, seconds);
            start[0] = System.nanoTime();
        });
        return new Trained(meta -> BmStore.describe(meta, bm), BmStore.arrays(bm), metrics, options.epochs(), bm);
    }

    /** Purpose key of the generated samples of the pictures. */
    private static final long PICTURE_PURPOSE = 0x424D5043L;

    /**
     * 16 generated patterns (free, or two of each class with label units): annealed Gibbs sampling by the
     * {@code anneal.*} schedule down to T = 1, then 200 sweeps at T = 1.
     */
    @Override
    public Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                        Map<String, String> captions) {
        BoltzmannMachine bm = (BoltzmannMachine) trained.model();
        if (!SamplePictures.wanted(config, bm.numVisible())) {
            return Map.of();
        }
        List<double[]> tiles = new ArrayList<>();
        int count = labels > 0 ? 2 * labels : 16;
        for (int k = 0; k < count; k++) {
            SplittableRandom rng = Seeds.rng(options.seed(), PICTURE_PURPOSE, k);
            tiles.add(labels > 0 ? BmModes.generateConditional(bm, k % labels, 1000, rng)
                : bm.visiblePart(BmModes.generateAnnealed(bm, config.annealing(), true, 200, rng)));
        }
        return SamplePictures.of(config, bm.numVisible(), tiles, labels > 0 ? labels : 8, labels > 0
            ? "generated, one class per column: 1,000 Gibbs sweeps with the label clamped"
            : "generated: Gibbs sampling annealed from T = " + config.get("anneal.initialTemperature")
                + " to 1, then 200 sweeps at T = 1", captions);
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
