package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.io.Pictures;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.evaluation.RbmDiagnostics;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.math.Blas;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.sampling.RbmSampler;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.RbmDataStats;
import dev.boltzmann.spark.SparkRbmTrainer;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = rbm} without labels: CD-k, PCD or PCD with parallel tempering
 * ({@code train.negativePhase = pt}) on Spark ({@link SparkRbmTrainer}), with the monitors
 * of {@link RbmMeasures} on the training data and on {@code data.testPath} after every {@code monitor.every}
 * epochs, computed where the data lives.
 */
final class RbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(RbmJob.class);
    private static final long MONITOR_PURPOSE = 0x4D4F4E49L;

    private final JobConfig config;
    private RbmTrainingConfig training;
    private final TemperingOptions tempering;
    /** The ladder of reverse AIS's start samples (the pt.* keys, checked before any work starts). */
    private final TemperingOptions monitorLadder;
    private PatternSource.Loaded heldOut;
    private Rbm start;
    /** The training rows of the free-energy gap (as many as held-out rows), or null without held-out data. */
    private long[] gapSubset;

    private RbmJob(JobConfig config, RbmTrainingConfig training) {
        this.config = config;
        this.training = training;
        this.tempering = tempering(config, training);
        this.monitorLadder = temperingOptions(config);
    }

    /**
     * The job of {@code c} ({@link LabelRbmJob} when {@code model.labels > 0}), or a {@link ConfigException}
     * naming the key that does not fit an RBM.
     */
    static TrainJob from(JobConfig c) {
        RbmTrainingConfig t = trainingConfig(c, c.getInt("model.hidden"));
        if (c.get("model.visibleUnits").equals("gaussian")) {
            if (tempering(c, t) != null) {
                throw c.invalid("train.negativePhase", "parallel tempering is for binary visible units (an rbm with"
                    + " or without labels, a dbn or a bm), not model.visibleUnits = gaussian");
            }
            return GaussianRbmJob.from(c, t);
        }
        return c.getInt("model.labels") > 0 ? new LabelRbmJob(c, t, c.getInt("model.labels"), tempering(c, t))
            : new RbmJob(c, t);
    }

    /** The RBM training settings of {@code c} for a layer of {@code hidden} units. */
    static RbmTrainingConfig trainingConfig(JobConfig c, int hidden) {
        if (hidden < 1) {
            throw c.invalid("model.hidden", "an rbm needs at least 1 hidden unit");
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
            return t;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": " + e.getMessage());
        }
    }

    /**
     * The ladder of {@code train.negativePhase = pt} (which needs {@code train.rule = pcd}), or null for Gibbs
     * chains.
     */
    static TemperingOptions tempering(JobConfig c, RbmTrainingConfig t) {
        if (!c.get("train.negativePhase").equals("pt")) {
            return null;
        }
        if (t.rule() != RbmTrainingConfig.Rule.PCD) {
            throw c.invalid("train.negativePhase", "parallel tempering keeps persistent chains: set train.rule = pcd");
        }
        return temperingOptions(c);
    }

    /** The ladder of the {@code pt.*} keys, or a {@link ConfigException} naming the key that does not fit. */
    static TemperingOptions temperingOptions(JobConfig c) {
        try {
            return new TemperingOptions(c.getInt("pt.temperatures"), c.getDouble("pt.lowestBeta"),
                TemperingOptions.Spacing.parse(c.get("pt.spacing")));
        } catch (IllegalArgumentException e) {
            throw c.invalid("pt.lowestBeta", e.getMessage());
        }
    }

    /** Trains from the binary RBM without labels in {@code dir} (a warm start) instead of a random initial model. */
    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        WarmStart.rbm(conf, dir, config);
        RbmStore.Loaded init = RbmStore.read(conf, dir);
        this.start = init.rbm();
        return new Start(init.metadata(), start.numVisible());
    }

    @Override
    public String describe(int width) {
        String centering = config.get("train.centering");
        return "rbm (" + width + " visible x " + training.numHidden() + " hidden, rule "
            + training.rule().name().toLowerCase() + "-" + training.cdSteps()
            + (tempering == null ? "" : ", parallel tempering over " + tempering.numTemperatures() + " temperatures")
            + (centering.equals("none") ? "" : ", centred: " + centering) + ")";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        int nv = data.width();
        long rows = data.count();
        int rounds = config.getInt("train.roundsPerEpoch");
        if (rounds > 0) {
            // R synchronous updates per epoch: mini-batches of ceil(N / R) patterns
            training = training.withSchedule((int) Math.min(Integer.MAX_VALUE, (rows + rounds - 1) / rounds),
                training.epochs());
        }
        double[] means = RbmDataStats.columnMeans(data.patterns(), nv, rows);
        // the same start as RbmTrainer.initialModel: base-rate visible biases from the data means
        double[] baseBias = Rbm.baseRateVisibleBias(means, 1, nv);
        Rbm initial = start != null ? start : Rbm.random(nv, training.numHidden(), training.initialWeightStd(),
            training.visibleBiasFromData() ? baseBias : null, training.seed());
        String testPath = config.get("data.testPath");
        PatternSource.Loaded test = testPath.isEmpty() ? null : PatternSource.read(sc, config.dataSpec(testPath), nv);
        LOG.info("training {} on {} patterns in {} partitions; BLAS: {}", describe(nv), rows,
            data.patterns().getNumPartitions(), Blas.hint());
        MetricsLog metrics = new MetricsLog();
        int every = config.getInt("monitor.every");
        int epochs = training.epochs();
        long[] monitorNanos = {0};
        SparkRbmTrainer.State state = SparkRbmTrainer.initialState(initial, training, tempering);
        state.optimizer().withCentering(centering(means));
        gapSubset = test == null || test.count() == 0 ? null
            : RbmDiagnostics.gapSubset(rows, test.count(), training.seed());
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            state = restore(sc, saved.get(), state, metrics);
            LOG.info("resuming from {} after epoch {}", saved.get().path(), state.epochsDone());
        }
        if (epochs == 0) {
            metrics.add(epochLine(state.model(), 0, Double.NaN, 0, 0, true, data, test, baseBias));
        }
        state = SparkRbmTrainer.train(sc, data.patterns(), rows, training, tempering, state, (s, recon, seconds) -> {
            long t0 = System.nanoTime();
            int epoch = s.epochsDone();
            boolean measure = epoch == epochs || (every > 0 && epoch % every == 0);
            ObjectNode line = epochLine(s.model(), epoch, recon, seconds, rows / Math.max(seconds, 1e-9), measure,
                data, test, baseBias);
            putSwapRates(line, epoch, s.swaps());
            RbmDiagnosticsOutput.putNorms(line, s.model(), s.optimizer());
            metrics.add(line);
            monitorNanos[0] += System.nanoTime() - t0;
            save(checkpoints, s, metrics);
            progress.epoch(epoch, epochs, (int) ((rows + training.batchSize() - 1) / training.batchSize()), rows,
                seconds);
        });
        heldOut = test;
        LOG.info("monitors took {} s", String.format("%.1f", monitorNanos[0] / 1e9));
        Rbm rbm = state.model();
        return new Trained(meta -> RbmStore.describe(meta, rbm, 0), RbmStore.arrays(rbm), metrics, epochs, rbm);
    }

    /** The offsets of a centred RBM ({@code train.centering}), starting at the data's means; null for none. */
    private RbmCentering centering(double[] means) {
        RbmCentering.Mode mode = RbmCentering.Mode.parse(config.get("train.centering"));
        if (mode == RbmCentering.Mode.NONE) {
            return null;
        }
        try {
            return RbmCentering.start(mode, config.getDouble("train.centeringRate"), means, training.numHidden());
        } catch (IllegalArgumentException e) {
            throw config.invalid("train.centering", e.getMessage());
        }
    }

    /** Adds the swap acceptance rate per neighbouring pair ({@code swapAcceptance}) and logs it; null adds nothing. */
    static void putSwapRates(ObjectNode line, int epoch, dev.boltzmann.learning.SwapCounts swaps) {
        if (swaps == null) {
            return;
        }
        com.fasterxml.jackson.databind.node.ArrayNode rates = line.putArray("swapAcceptance");
        StringBuilder text = new StringBuilder();
        for (double r : swaps.rates()) {
            rates.add(r);
            text.append(text.length() == 0 ? "" : " ").append(String.format("%.3f", r));
        }
        LOG.info("epoch {}: swap acceptance per neighbouring pair of temperatures (coldest first): {}", epoch, text);
    }

    /** Writes the state after an epoch: parameters, velocities, chains, and the metrics so far. */
    private void save(Checkpoints checkpoints, SparkRbmTrainer.State s, MetricsLog metrics) throws Exception {
        ObjectNode meta = new JobCheckpoints(config).metadata(s.epochsDone());
        meta.put("optimizerSteps", s.optimizer().steps());
        RbmStore.describe(meta, s.model(), 0);
        Map<String, ModelStore.NamedArray> arrays = RbmStore.arrays(s.model());
        int nv = s.model().numVisible();
        int nh = s.model().numHidden();
        arrays.put("velocity_W", new ModelStore.NamedArray(s.optimizer().weightVelocity(), nv, nh));
        arrays.put("velocity_visible_bias", new ModelStore.NamedArray(s.optimizer().visibleVelocity(), nv));
        arrays.put("velocity_hidden_bias", new ModelStore.NamedArray(s.optimizer().hiddenVelocity(), nh));
        RbmCentering offsets = s.optimizer().centering();
        if (offsets != null) {
            arrays.put("centering_visible_offset", new ModelStore.NamedArray(offsets.visibleOffset(), nv));
            arrays.put("centering_hidden_offset", new ModelStore.NamedArray(offsets.hiddenOffset(), nh));
        }
        if (s.chains() != null) {
            // with parallel tempering every replica of every chain: chains × replicas rows
            meta.put("chains", s.chains().length / nh);
            meta.put("chainReplicas", tempering == null ? 1 : tempering.numTemperatures());
            arrays.put("chains_hidden", new ModelStore.NamedArray(s.chains(), s.chains().length / nh, nh));
        }
        new JobCheckpoints(config).save(checkpoints, s.epochsDone(), meta, arrays, metrics);
    }

    /** The state saved in a checkpoint, after checking that it was trained with the same settings. */
    private SparkRbmTrainer.State restore(JavaSparkContext sc, Checkpoints.Saved saved, SparkRbmTrainer.State fresh,
                                          MetricsLog metrics) throws Exception {
        org.apache.hadoop.conf.Configuration hc = sc.hadoopConfiguration();
        String dir = saved.path();
        ObjectNode meta = new JobCheckpoints(config).open(hc, saved, RbmStore.KIND, metrics);
        Rbm model = RbmStore.read(hc, dir).rbm();
        int nv = model.numVisible();
        int nh = model.numHidden();
        RbmOptimizer optimizer = fresh.optimizer().restore(
            ModelStore.readArray(hc, dir, "velocity_W", nv, nh).data(),
            ModelStore.readArray(hc, dir, "velocity_visible_bias", nv).data(),
            ModelStore.readArray(hc, dir, "velocity_hidden_bias", nh).data(), meta.path("optimizerSteps").asLong());
        if (optimizer.centering() != null) {
            optimizer.centering().restore(ModelStore.readArray(hc, dir, "centering_visible_offset", nv).data(),
                ModelStore.readArray(hc, dir, "centering_hidden_offset", nh).data());
        }
        double[] chains = null;
        if (fresh.chains() != null) {
            chains = ModelStore.readArray(hc, dir, "chains_hidden", fresh.chains().length / nh, nh).data();
        }
        return new SparkRbmTrainer.State(model, optimizer, chains, saved.epoch());
    }

    private ObjectNode epochLine(Rbm rbm, int epoch, double trainingRecon, double seconds, double samplesPerSecond,
                                 boolean measure, PatternSource.Loaded train, PatternSource.Loaded test,
                                 double[] baseBias) {
        ObjectNode line = ModelStore.json().createObjectNode();
        line.put("epoch", epoch);
        line.put("seconds", seconds);
        line.put("samplesPerSecond", samplesPerSecond);
        line.put("learningRate", training.learningRateAt(Math.max(0, epoch - 1)));
        if (!Double.isNaN(trainingRecon)) {
            line.put("trainingReconstructionError", trainingRecon);
        }
        if (measure) {
            RbmMeasures.LogZ logZ = RbmMeasures.logZ(rbm, config.get("monitor.logLikelihood"), baseBias,
                config.getInt("monitor.aisBetas"), config.getInt("monitor.aisRuns"),
                config.getLong("train.seed") ^ MONITOR_PURPOSE, config.getInt("monitor.reverseAisSweeps"),
                monitorLadder);
            RbmMeasures.putLogZ(line, logZ);
            RbmDataStats.Monitors m = RbmDataStats.monitors(train.patterns(), rbm, train.count());
            RbmMeasures.put(line, "", logZ, m.meanFreeEnergy(), m.pseudoLogLikelihood(), m.reconstructionError());
            if (test != null) {
                RbmDataStats.Monitors h = RbmDataStats.monitors(test.patterns(), rbm, test.count());
                RbmMeasures.put(line, "heldOut", logZ, h.meanFreeEnergy(), h.pseudoLogLikelihood(),
                    h.reconstructionError());
            }
            RbmDiagnosticsOutput.putMeasured(line, rbm, train, gapSubset);
            LOG.info("epoch {}: log-likelihood {} (train) {} (held out, {}), reconstruction error {}", epoch,
                fmt(line.path("logLikelihood").asDouble(Double.NaN)),
                fmt(line.path("heldOutLogLikelihood").asDouble(Double.NaN)),
                logZ == null ? "not measured" : logZ.method(), fmt(line.path("reconstructionError").asDouble()));
            if (logZ != null && logZ.hasReverse()) {
                LOG.info("epoch {}: log Z {} (AIS, +-3 se {} .. {}), {} (reverse AIS, {} .. {}): log-likelihood"
                    + " between {} and {} (train)", epoch, fmt(logZ.value()), fmt(logZ.low()), fmt(logZ.high()),
                    fmt(logZ.reverse()), fmt(logZ.reverseLow()), fmt(logZ.reverseHigh()),
                    fmt(line.path("logLikelihoodReverse").asDouble()), fmt(line.path("logLikelihood").asDouble()));
            }
        }
        return line;
    }

    private static String fmt(double x) {
        return String.format("%.3f", x);
    }

    /** The completion demo's rows: truth, input (lower half unknown) and completion of each pattern shown. */
    private record Completion(double[] truth, double[] partial, double[] done) {
    }

    private List<Completion> completions = List.of();

    @Override
    public Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                        Map<String, String> captions) {
        int width = config.getInt("data.imageWidth");
        Rbm rbm = (Rbm) trained.model();
        int nv = rbm.numVisible();
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        double[] hiddenMeans = RbmDiagnosticsOutput.hiddenMeans(rbm, data);
        RbmDiagnosticsOutput.histogramPicture(rbm, hiddenMeans, out, captions);
        if (width <= 0 || nv % width != 0) {
            return out;
        }
        int height = nv / width;
        List<double[]> filters = new java.util.ArrayList<>();
        double[] w = rbm.weights();
        for (int j = 0; j < Math.min(100, rbm.numHidden()); j++) {
            double[] f = new double[nv];
            for (int i = 0; i < nv; i++) {
                f[i] = w[i * rbm.numHidden() + j];
            }
            filters.add(f);
        }
        out.put("filters", Pictures.grid(filters, width, height, 10, 3, true));
        captions.put("filters", "learned filters: the weights of the first " + filters.size()
            + " hidden units, each scaled to its own range");
        RbmDiagnosticsOutput.sortedFiltersPicture(rbm, hiddenMeans, width, out, captions);
        double[] samples = RbmSampler.generate(rbm, 16, null, RbmSampler.Options.mean(1000, 1, config.getLong("train.seed")));
        List<double[]> sampleTiles = new java.util.ArrayList<>();
        for (int k = 0; k < 16; k++) {
            sampleTiles.add(java.util.Arrays.copyOfRange(samples, k * nv, (k + 1) * nv));
        }
        out.put("samples", Pictures.grid(sampleTiles, width, height, 8, 3, false));
        captions.put("samples", "generated: P(v|h) after 1,000 Gibbs sweeps from random starts");
        int count = config.getInt("demo.count");
        if (count > 0) {
            PatternSource.Loaded source = heldOut != null ? heldOut : data;
            List<LabeledPattern> shown = source.patterns().takeOrdered(count,
                (Comparator<LabeledPattern> & Serializable) (a, b) -> Long.compare(a.index(), b.index()));
            completions = complete(rbm, shown, width);
            List<double[]> tiles = new java.util.ArrayList<>();
            for (Completion c : completions) {
                tiles.add(c.truth());
                tiles.add(c.partial());
                tiles.add(c.done());
            }
            out.put("completions", Pictures.grid(tiles, width, height, 3, 3, false));
            captions.put("completions", "completion of the lower half: truth | input (red: unknown) | completion");
        }
        return out;
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out) {
        summary(trained, out);
        if (!completions.isEmpty()) {
            printCompletions(config.getInt("data.imageWidth"), heldOut != null ? "held-out" : "training", out);
        }
        if (heldOut != null) {
            heldOut.patterns().unpersist(false);
        }
    }

    /**
     * Hides the lower half of each pattern and completes it with the model: the mean of P(v|h) over the last 100
     * of 500 Gibbs sweeps with the upper half clamped, thresholded at ½.
     */
    private List<Completion> complete(Rbm rbm, List<LabeledPattern> shown, int width) {
        int nv = rbm.numVisible();
        int half = (nv / width / 2) * width;
        List<Completion> out = new java.util.ArrayList<>();
        for (int k = 0; k < shown.size(); k++) {
            double[] truth = shown.get(k).values();
            double[] partial = truth.clone();
            java.util.Arrays.fill(partial, half, nv, Double.NaN);
            double[] done = RbmSampler.threshold(RbmSampler.complete(rbm, partial, 1, null,
                RbmSampler.Options.mean(500, 100, config.getLong("train.seed") + k)), 0.5);
            out.add(new Completion(truth, partial, done));
        }
        return out;
    }

    private void printCompletions(int width, String which, PrintStream out) {
        int right = 0;
        int hidden = 0;
        out.println();
        out.println("completing the lower half of " + completions.size() + " " + which + " patterns"
            + " (truth | input | completion):");
        for (Completion c : completions) {
            for (int i = 0; i < c.truth().length; i++) {
                if (Double.isNaN(c.partial()[i])) {
                    right += c.done()[i] == (c.truth()[i] >= 0.5 ? 1.0 : 0.0) ? 1 : 0;
                    hidden++;
                }
            }
            List<String> a = PatternText.rows(c.truth(), width);
            List<String> b = PatternText.rows(c.partial(), width);
            List<String> d = PatternText.rows(c.done(), width);
            out.println();
            for (int r = 0; r < a.size(); r++) {
                out.println("  " + a.get(r) + "   " + b.get(r) + "   " + d.get(r));
            }
        }
        out.printf("%n%d of %d hidden pixels completed correctly (%.1f%%)%n", right, hidden, 100.0 * right / hidden);
    }

    private void summary(Trained trained, PrintStream out) {
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
