package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.LabelRbmOptimizer;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.SparkLabelRbmTrainer;
import dev.boltzmann.spark.SparkRbmTrainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The part of checkpointing that every training job shares: a checkpoint is a model-store directory holding the
 * model's arrays, whatever else the trainer needs to continue (velocities, chains), the whole config, the epochs
 * done and the metrics so far. On {@code --resume} the config of the interrupted run must match on every key that
 * changes the result ({@link #mustMatch}; the number of epochs may grow).
 */
final class JobCheckpoints {
    private final JobConfig config;

    JobCheckpoints(JobConfig config) {
        this.config = config;
    }

    /** Keys whose values must be the same to resume a run (the number of epochs may grow). */
    static boolean mustMatch(String key) {
        return (key.startsWith("model.") || key.startsWith("train.") || key.equals("data.path")
            || key.equals("data.format") || key.equals("data.binarize") || key.equals("data.threshold")
            || key.equals("data.standardize")
            || key.startsWith("bm.") || key.startsWith("hopfield.") || key.startsWith("dbn.")
            || key.startsWith("pt.") || key.startsWith("ebm.") || key.equals("recall.maxSweeps"))
            && !key.equals("train.epochs");
    }

    /** The metadata of a checkpoint: the config and the epochs completed; the caller adds the model's fields. */
    ObjectNode metadata(int epochsDone) {
        ObjectNode meta = ModelStore.json().createObjectNode();
        ObjectNode conf = meta.putObject("config");
        config.effective().forEach(conf::put);
        meta.put("epochsCompleted", epochsDone);
        return meta;
    }

    /** Whether a checkpoint is due after {@code epochsDone} epochs ({@code checkpoint.every}). */
    boolean due(int epochsDone) {
        return epochsDone % config.getInt("checkpoint.every") == 0;
    }

    /**
     * Writes the checkpoint after {@code epochsDone} epochs with the metrics so far, when one is due
     * ({@code checkpoint.every}).
     */
    void save(Checkpoints checkpoints, int epochsDone, ObjectNode meta, Map<String, ModelStore.NamedArray> arrays,
              MetricsLog metrics) throws IOException {
        if (due(epochsDone)) {
            checkpoints.save(epochsDone, meta, arrays, Map.of(MetricsLog.FILE, metrics.text()));
        }
    }

    /**
     * Opens a saved checkpoint: checks that it was trained with the same settings and reads its metrics into
     * {@code metrics}.
     *
     * @return its metadata
     * @throws ConfigException naming the first key whose value differs
     */
    ObjectNode open(Configuration hc, Checkpoints.Saved saved, String kind, MetricsLog metrics) throws IOException {
        String dir = saved.path();
        ObjectNode meta = ModelStore.readMetadata(hc, dir, kind);
        for (Map.Entry<String, String> e : config.effective().entrySet()) {
            String before = meta.path("config").path(e.getKey()).asText(null);
            if (mustMatch(e.getKey()) && !e.getValue().equals(before)) {
                throw new ConfigException(config.source() + ": --resume: " + e.getKey() + " is '" + e.getValue()
                    + "' but the interrupted run used '" + before + "' (" + dir + "); resume with the same settings"
                    + " or start again with --overwrite");
            }
        }
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dir, MetricsLog.FILE);
        try (InputStream in = ModelStore.fileSystem(file, hc).open(file)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    metrics.add((ObjectNode) ModelStore.json().readTree(line));
                }
            }
        }
        return meta;
    }

    /** Adds an RBM optimiser's velocities ({@code velocity_*} arrays) and step count ({@code optimizerSteps}). */
    static void putOptimizer(ObjectNode meta, Map<String, ModelStore.NamedArray> arrays,
                             dev.boltzmann.learning.RbmOptimizer optimizer, int nv, int nh) {
        meta.put("optimizerSteps", optimizer.steps());
        arrays.put("velocity_W", new ModelStore.NamedArray(optimizer.weightVelocity(), nv, nh));
        arrays.put("velocity_visible_bias", new ModelStore.NamedArray(optimizer.visibleVelocity(), nv));
        arrays.put("velocity_hidden_bias", new ModelStore.NamedArray(optimizer.hiddenVelocity(), nh));
    }

    /** {@code fresh} with the velocities and step count that {@link #putOptimizer} saved in checkpoint {@code dir}. */
    static dev.boltzmann.learning.RbmOptimizer readOptimizer(Configuration hc, String dir, ObjectNode meta,
                                                            dev.boltzmann.learning.RbmOptimizer fresh, int nv, int nh)
        throws IOException {
        return fresh.restore(ModelStore.readArray(hc, dir, "velocity_W", nv, nh).data(),
            ModelStore.readArray(hc, dir, "velocity_visible_bias", nv).data(),
            ModelStore.readArray(hc, dir, "velocity_hidden_bias", nh).data(), meta.path("optimizerSteps").asLong());
    }

    /** Names of a label RBM optimiser's velocities, in {@link LabelRbmOptimizer#velocities()} order. */
    private static final String[] LABEL_VELOCITIES = {"velocity_W", "velocity_visible_bias", "velocity_hidden_bias",
        "velocity_label_weights", "velocity_label_bias"};

    /**
     * Adds an RBM trainer's state to a checkpoint under names starting with {@code prefix}: the parameters
     * ({@code W}, {@code visible_bias}, {@code hidden_bias}), the momentum velocities, the PCD chains (with
     * parallel tempering every replica of every chain, chains × {@code replicas} rows), and in the metadata the
     * optimiser's step count, the epochs done and the replicas per chain.
     */
    static void putRbm(Map<String, ModelStore.NamedArray> arrays, ObjectNode meta, String prefix,
                       SparkRbmTrainer.State s, int replicas) {
        Rbm m = s.model();
        int nv = m.numVisible();
        int nh = m.numHidden();
        RbmStore.arrays(m).forEach((name, a) -> arrays.put(prefix + name, a));
        arrays.put(prefix + "velocity_W", new ModelStore.NamedArray(s.optimizer().weightVelocity(), nv, nh));
        arrays.put(prefix + "velocity_visible_bias", new ModelStore.NamedArray(s.optimizer().visibleVelocity(), nv));
        arrays.put(prefix + "velocity_hidden_bias", new ModelStore.NamedArray(s.optimizer().hiddenVelocity(), nh));
        putChains(arrays, meta, prefix, s.chains(), nh, replicas);
        meta.put(prefix + "optimizerSteps", s.optimizer().steps());
        meta.put(prefix + "epochsDone", s.epochsDone());
    }

    /**
     * Reads the state {@link #putRbm} wrote, for an RBM of nv × nh trained with {@code c}, its chains of
     * {@code replicas} replicas each (1 without parallel tempering).
     */
    static SparkRbmTrainer.State readRbm(Configuration hc, String dir, ObjectNode meta, String prefix, int nv, int nh,
                                         RbmTrainingConfig c, int replicas) throws IOException {
        Rbm m = Rbm.of(ModelStore.readArray(hc, dir, prefix + "W", nv, nh).data(),
            ModelStore.readArray(hc, dir, prefix + "visible_bias", nv).data(),
            ModelStore.readArray(hc, dir, prefix + "hidden_bias", nh).data());
        RbmOptimizer optimizer = new RbmOptimizer(nv, nh, c.learningRate(), c.momentum(), c.weightDecay(),
            dev.boltzmann.math.Parallel.availableThreads()).restore(
            ModelStore.readArray(hc, dir, prefix + "velocity_W", nv, nh).data(),
            ModelStore.readArray(hc, dir, prefix + "velocity_visible_bias", nv).data(),
            ModelStore.readArray(hc, dir, prefix + "velocity_hidden_bias", nh).data(),
            meta.path(prefix + "optimizerSteps").asLong());
        return new SparkRbmTrainer.State(m, optimizer, readChains(hc, dir, prefix, nh, c, replicas),
            meta.path(prefix + "epochsDone").asInt());
    }

    /**
     * Adds a centred RBM's offsets (μ over the visible units, label units included, and λ) as
     * {@code prefix + "centering_visible_offset"} and {@code prefix + "centering_hidden_offset"}; null adds nothing.
     */
    static void putCentering(Map<String, ModelStore.NamedArray> arrays, String prefix,
                             dev.boltzmann.learning.RbmCentering offsets) {
        if (offsets != null) {
            double[] mu = offsets.visibleOffset();
            double[] lambda = offsets.hiddenOffset();
            arrays.put(prefix + "centering_visible_offset", new ModelStore.NamedArray(mu, mu.length));
            arrays.put(prefix + "centering_hidden_offset", new ModelStore.NamedArray(lambda, lambda.length));
        }
    }

    /**
     * The offsets {@link #putCentering} wrote, for {@code numVisible} visible (and label) units and nh hidden units,
     * with the configured mode and rate; null for mode NONE.
     */
    static dev.boltzmann.learning.RbmCentering readCentering(Configuration hc, String dir, String prefix,
                                                             dev.boltzmann.learning.RbmCentering.Mode mode,
                                                             double rate, int numVisible, int nh) throws IOException {
        if (mode == dev.boltzmann.learning.RbmCentering.Mode.NONE) {
            return null;
        }
        double[] mu = ModelStore.readArray(hc, dir, prefix + "centering_visible_offset", numVisible).data();
        double[] lambda = ModelStore.readArray(hc, dir, prefix + "centering_hidden_offset", nh).data();
        return dev.boltzmann.learning.RbmCentering.start(mode, rate, mu, nh).restore(mu, lambda);
    }

    /**
     * Adds a label-RBM trainer's state to a checkpoint under names starting with {@code prefix} (as {@link #putRbm},
     * chains of {@code replicas} replicas each).
     */
    static void putLabelRbm(Map<String, ModelStore.NamedArray> arrays, ObjectNode meta, String prefix,
                            SparkLabelRbmTrainer.State s, int replicas) {
        LabelRbm m = s.model();
        RbmStore.arrays(m).forEach((name, a) -> arrays.put(prefix + name, a));
        double[][] v = s.optimizer().velocities();
        for (int k = 0; k < LABEL_VELOCITIES.length; k++) {
            arrays.put(prefix + LABEL_VELOCITIES[k], new ModelStore.NamedArray(v[k], v[k].length));
        }
        putChains(arrays, meta, prefix, s.chains(), m.numHidden(), replicas);
        meta.put(prefix + "optimizerSteps", s.optimizer().steps());
        meta.put(prefix + "epochsDone", s.epochsDone());
    }

    /**
     * Reads the state {@link #putLabelRbm} wrote, for a label RBM of nv (+ nc labels) × nh trained with c, its chains
     * of {@code replicas} replicas each.
     */
    static SparkLabelRbmTrainer.State readLabelRbm(Configuration hc, String dir, ObjectNode meta, String prefix,
                                                   int nv, int nh, int nc, RbmTrainingConfig c, int replicas)
        throws IOException {
        LabelRbm m = LabelRbm.of(ModelStore.readArray(hc, dir, prefix + "W", nv, nh).data(),
            ModelStore.readArray(hc, dir, prefix + "visible_bias", nv).data(),
            ModelStore.readArray(hc, dir, prefix + "hidden_bias", nh).data(),
            ModelStore.readArray(hc, dir, prefix + "label_weights", nc, nh).data(),
            ModelStore.readArray(hc, dir, prefix + "label_bias", nc).data());
        LabelRbmOptimizer optimizer = new LabelRbmOptimizer(nv, nh, nc, c.learningRate(), c.momentum(),
            c.weightDecay());
        double[][] v = optimizer.velocities();
        for (int k = 0; k < LABEL_VELOCITIES.length; k++) {
            v[k] = ModelStore.readArray(hc, dir, prefix + LABEL_VELOCITIES[k], v[k].length).data();
        }
        optimizer.restore(v, meta.path(prefix + "optimizerSteps").asLong());
        return new SparkLabelRbmTrainer.State(m, optimizer, readChains(hc, dir, prefix, nh, c, replicas),
            meta.path(prefix + "epochsDone").asInt());
    }

    private static void putChains(Map<String, ModelStore.NamedArray> arrays, ObjectNode meta, String prefix,
                                  double[] chains, int nh, int replicas) {
        if (chains != null) {
            arrays.put(prefix + "chains_hidden", new ModelStore.NamedArray(chains, chains.length / nh, nh));
            meta.put(prefix + "chains", chains.length / nh);
            meta.put(prefix + "chainReplicas", replicas);
        }
    }

    private static double[] readChains(Configuration hc, String dir, String prefix, int nh, RbmTrainingConfig c,
                                       int replicas) throws IOException {
        return c.rule() != RbmTrainingConfig.Rule.PCD ? null
            : ModelStore.readArray(hc, dir, prefix + "chains_hidden", c.effectiveChains() * replicas, nh).data();
    }
}
