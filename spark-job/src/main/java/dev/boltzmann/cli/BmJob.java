package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.BmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.BmParameterUpdate;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.sampling.BmModes;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkBmTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = bm}: the lecture's Boltzmann machine learning (clamped and free Gibbs
 * phases, gradient ascent) on Spark ({@link SparkBmTrainer}), with or without hidden and label units, a checkpoint
 * (machine, velocities, chain states — with parallel tempering, {@code train.negativePhase = pt}, every replica of
 * every chain) after every epoch and {@code --resume}. The exact log-likelihood (and
 * accuracy, with labels) is measured on Spark when the machine is small enough to enumerate.
 */
final class BmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(BmJob.class);

    private final JobConfig config;
    private final BmTrainerOptions options;
    private final int hidden;
    private final int labels;
    /** The free phase's ladder ({@code train.negativePhase = pt}), or null for Gibbs chains. */
    private final TemperingOptions tempering;
    /** The machine of {@code --init-model}, or null to start from a random one. */
    private BoltzmannMachine start;

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
        TemperingOptions tempering = c.get("train.negativePhase").equals("pt") ? RbmJob.temperingOptions(c) : null;
        c.annealing();
        try {
            BmSamplingOptions sampling = new BmSamplingOptions(c.getInt("train.chains"), c.getInt("bm.burnIn"),
                c.getInt("bm.samplesPerChain"), c.getInt("bm.sweepsBetweenSamples"), c.getBoolean("bm.persistent"),
                c.getInt("bm.clampedBurnIn"), c.getInt("bm.clampedSamples"));
            BmTrainerOptions o = new BmTrainerOptions(c.getDouble("train.learningRate"), c.getDouble("train.momentum"),
                c.getDouble("train.weightDecay"), c.getInt("train.epochs"), c.getInt("train.batchSize"),
                c.getDouble("train.initialWeightStd"), c.getLong("train.seed"), sampling);
            return new BmJob(c, o, c.getInt("model.hidden"), c.getInt("model.labels"), tempering);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": " + e.getMessage());
        }
    }

    /** Trains from the machine in {@code dir} (a warm start): its label and hidden units must be the config's. */
    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        BmStore.Loaded init = BmStore.read(conf, dir);
        WarmStart.same(dir, init.bm().numLabels(), "label units", "model.labels", labels);
        WarmStart.same(dir, init.bm().numHidden(), "hidden units", "model.hidden", hidden);
        start = init.bm();
        return new Start(init.metadata(), start.numVisible());
    }

    @Override
    public String describe(int width) {
        return "bm (" + width + " visible, " + labels + " label, " + hidden + " hidden units"
            + (tempering == null ? "" : ", parallel tempering over " + tempering.numTemperatures() + " temperatures")
            + ")";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        int nv = data.width();
        long count = data.count();
        if (labels > 0) {
            Labels.check(data.patterns(), labels, config.get("data.path"));
        }
        SparkBmTrainer.check(data.patterns(), nv);
        JavaRDD<LabeledPattern> rows = SparkBmTrainer.rows(data.patterns(), nv, labels > 0);
        boolean enumerable = nv + hidden <= BmEnumeration.MAX_FREE_UNITS
            && !config.get("monitor.logLikelihood").equals("none");
        int every = config.getInt("monitor.every");
        MetricsLog metrics = new MetricsLog();
        SparkBmTrainer.State state = start != null ? SparkBmTrainer.initialState(start, options, tempering)
            : SparkBmTrainer.initialState(nv, labels, hidden, options, tempering);
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            state = restore(sc, saved.get(), state, metrics);
            LOG.info("resuming from {} after epoch {}", saved.get().path(), state.epochsDone());
        }
        state = SparkBmTrainer.train(sc, rows, count, options, tempering, state, (s, seconds) -> {
            int epoch = s.epochsDone();
            ObjectNode line = ModelStore.json().createObjectNode();
            line.put("epoch", epoch);
            line.put("seconds", seconds);
            line.put("samplesPerSecond", count / Math.max(seconds, 1e-9));
            RbmJob.putSwapRates(line, epoch, s.swaps());
            boolean measure = epoch == options.epochs() || (every > 0 && epoch % every == 0);
            if (measure && enumerable) {
                double[] m = SparkBmTrainer.exactMonitors(rows, s.machine(), count);
                line.put("logLikelihoodMethod", "exact");
                line.put("logLikelihood", m[0]);
                if (labels > 0) {
                    line.put("accuracy", m[1]);
                }
                LOG.info("epoch {}: exact log-likelihood {}{}", epoch, String.format("%.3f", m[0]),
                    labels > 0 ? String.format(", accuracy %.3f", m[1]) : "");
            }
            metrics.add(line);
            progress.epoch(epoch, options.epochs(), (int) ((count + options.batchSize() - 1) / options.batchSize()),
                count, seconds);
            save(checkpoints, s, metrics);
        });
        BoltzmannMachine bm = state.machine();
        return new Trained(meta -> BmStore.describe(meta, bm), BmStore.arrays(bm), metrics, options.epochs(), bm);
    }

    /** Writes the state after an epoch: the machine, the velocities, the chains' states and the metrics so far. */
    private void save(Checkpoints checkpoints, SparkBmTrainer.State s, MetricsLog metrics) throws Exception {
        JobCheckpoints jc = new JobCheckpoints(config);
        ObjectNode meta = jc.metadata(s.epochsDone());
        BoltzmannMachine bm = s.machine();
        BmStore.describe(meta, bm);
        int n = bm.size();
        Map<String, ModelStore.NamedArray> arrays = new java.util.LinkedHashMap<>(BmStore.arrays(bm));
        arrays.put("velocity_weights", new ModelStore.NamedArray(s.update().weightVelocity(), n, n));
        arrays.put("velocity_bias", new ModelStore.NamedArray(s.update().biasVelocity(), n));
        // with parallel tempering every replica of every chain: chains × replicas rows, replica 0 (β = 1) first
        meta.put("chains", s.chains().length / n);
        meta.put("chainReplicas", tempering == null ? 1 : tempering.numTemperatures());
        arrays.put("chains", new ModelStore.NamedArray(s.chains(), s.chains().length / n, n));
        jc.save(checkpoints, s.epochsDone(), meta, arrays, metrics);
    }

    /** The state saved in a checkpoint, after checking that it was trained with the same settings. */
    private SparkBmTrainer.State restore(JavaSparkContext sc, Checkpoints.Saved saved, SparkBmTrainer.State fresh,
                                         MetricsLog metrics) throws Exception {
        org.apache.hadoop.conf.Configuration hc = sc.hadoopConfiguration();
        String dir = saved.path();
        new JobCheckpoints(config).open(hc, saved, BmStore.KIND, metrics);
        BoltzmannMachine bm = BmStore.read(hc, dir).bm();
        int n = bm.size();
        BmParameterUpdate update = fresh.update().restore(
            ModelStore.readArray(hc, dir, "velocity_weights", n, n).data(),
            ModelStore.readArray(hc, dir, "velocity_bias", n).data());
        double[] chains = ModelStore.readArray(hc, dir, "chains", fresh.chains().length / n, n).data();
        return new SparkBmTrainer.State(bm, update, chains, saved.epoch());
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
