package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.RecallRate;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.io.Pictures;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.learning.HebbianAccumulator;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.HopfieldRecall;
import dev.boltzmann.sampling.RecallResult;
import dev.boltzmann.sampling.SimulatedAnnealing;
import dev.boltzmann.sampling.UpdateOrder;
import dev.boltzmann.spark.HopfieldTrainer;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkContrastiveTrainer;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code train} for {@code model.kind = hopfield}: the storage rules ({@link HopfieldTrainer}; Hebbian and
 * contrastive on Spark, the contrastive rule with a checkpoint after every epoch and {@code --resume}) and the
 * completion demo.
 */
final class HopfieldJob implements TrainJob {
    /** Purpose key of the demo's corruption and recall streams. */
    private static final long DEMO_PURPOSE = 77;

    private final HopfieldTrainer.Settings settings;
    private final JobConfig config;
    /** The network of {@code --init-model}, or null to train afresh. */
    private HopfieldTrainer.Start start;

    private HopfieldJob(HopfieldTrainer.Settings settings, JobConfig config) {
        this.settings = settings;
        this.config = config;
    }

    /** The job of {@code c}, or a {@link ConfigException} naming the key that does not fit a Hopfield network. */
    static HopfieldJob from(JobConfig c) {
        String rule = c.getOr("train.rule", "contrastive");
        if (!List.of("hebbian", "storkey", "contrastive").contains(rule)) {
            throw c.invalid("train.rule", "a hopfield network learns with hebbian, storkey or contrastive");
        }
        if (c.getInt("model.hidden") > 0 || c.getInt("model.labels") > 0) {
            throw c.invalid(c.getInt("model.hidden") > 0 ? "model.hidden" : "model.labels",
                "a hopfield network has visible units only");
        }
        ContrastiveOptions.NegativePhase negatives = switch (c.get("hopfield.negatives")) {
            case "random-to-convergence" -> ContrastiveOptions.NegativePhase.RANDOM_START_CONVERGED;
            case "pattern-to-convergence" -> ContrastiveOptions.NegativePhase.PATTERN_CONVERGED;
            default -> ContrastiveOptions.NegativePhase.PATTERN_K_SWEEPS;
        };
        if (rule.equals("contrastive") && c.getInt("train.epochs") < 1) {
            throw c.invalid("train.epochs", "the contrastive rule needs at least 1 epoch");
        }
        ContrastiveOptions opt = ContrastiveOptions.defaults()
            .withLearningRate(c.getDouble("train.learningRate"))
            .withEpochs(Math.max(1, c.getInt("train.epochs")))
            .withBatchSize(c.getInt("train.batchSize"))
            .withSweeps(c.getInt("train.cdSteps"))
            .withMaxSweeps(c.getInt("recall.maxSweeps"))
            .withNegativePhase(negatives)
            .withSeed(c.getLong("train.seed"));
        c.annealing();
        double monitor = c.getDouble("demo.corruption") > 0 ? c.getDouble("demo.corruption") : 0.1;
        Encoding enc = Encoding.parse(c.getOr("model.encoding", "bipolar"));
        return new HopfieldJob(new HopfieldTrainer.Settings(rule, enc, opt, monitor, c.getInt("recall.maxSweeps")), c);
    }

    /**
     * Continues the network in {@code dir} (a warm start); its encoding must be the config's. The contrastive rule
     * starts its first epoch from any Hopfield network; the Hebbian and Storkey rules add the new patterns to a
     * network the same rule stored: Hebbian {@code W = (N_old · W_old + Σ_new ξξᵀ) / (N_old + N_new)} (the Hebbian
     * network of all the patterns; N_old is the model's {@code storedPatterns}, else its {@code data.rows}), Storkey
     * its incremental step for each new pattern from {@code W_old}.
     */
    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        HopfieldStore.Loaded init = HopfieldStore.read(conf, dir);
        HopfieldNetwork net = init.network();
        if (net.encoding() != settings.encoding()) {
            throw WarmStart.mismatch(dir, net.encoding().name().toLowerCase() + " units", "model.encoding",
                settings.encoding().name().toLowerCase());
        }
        long stored = 0;
        if (!settings.rule().equals("contrastive")) {
            JsonNode recorded = init.metadata().path("config").path("train.rule");
            String rule = recorded.isMissingNode() ? null : recorded.asText().isEmpty() ? "contrastive"
                : recorded.asText();
            if (!settings.rule().equals(rule)) {
                throw WarmStart.mismatch(dir, rule == null ? "weights of an unrecorded rule (metadata.json has no"
                    + " config.train.rule)" : "weights stored by the " + rule + " rule", "train.rule", settings.rule()
                    + " (the hebbian and storkey rules add patterns to a network of their own rule)");
            }
            stored = init.metadata().path(STORED_PATTERNS).asLong(init.metadata().path("data").path("rows").asLong(0));
            if (settings.rule().equals("hebbian")) {
                try {
                    HebbianAccumulator.ofNetwork(net, stored);
                } catch (IllegalArgumentException e) {
                    throw new dev.boltzmann.io.BadInputException(dir + ": " + e.getMessage() + " (" + STORED_PATTERNS
                        + " or data.rows in metadata.json)");
                }
            }
        }
        start = new HopfieldTrainer.Start(net, stored);
        return new Start(init.metadata(), net.size());
    }

    /**
     * The metadata field of a Hebbian or Storkey network: how many patterns it holds (those of every warm start
     * included).
     */
    static final String STORED_PATTERNS = "storedPatterns";

    @Override
    public String describe(int width) {
        return "hopfield (" + width + " units, rule " + settings.rule() + ")";
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        MetricsLog metrics = new MetricsLog();
        SparkContrastiveTrainer.State from = null;
        Optional<Checkpoints.Saved> saved = resume && settings.rule().equals("contrastive") ? checkpoints.latest()
            : Optional.empty();
        JobCheckpoints jc = new JobCheckpoints(config);
        if (saved.isPresent()) {
            jc.open(sc.hadoopConfiguration(), saved.get(), HopfieldStore.KIND, metrics);
            from = new SparkContrastiveTrainer.State(
                HopfieldStore.read(sc.hadoopConfiguration(), saved.get().path()).network(), saved.get().epoch());
        }
        // the contrastive rule writes a checkpoint (the network and the metrics so far) after every epoch
        ContrastiveOptions opt = settings.contrastive();
        int rounds = (int) ((data.count() + opt.batchSize() - 1) / opt.batchSize());
        HopfieldTrainer.Result r = HopfieldTrainer.train(data, settings, start, from, metrics, (s, m) -> {
            ObjectNode meta = jc.metadata(s.epochsDone());
            HopfieldStore.describe(meta, s.network());
            jc.save(checkpoints, s.epochsDone(), meta, HopfieldStore.arrays(s.network()), m);
            progress.epoch(s.epochsDone(), opt.epochs(), rounds, data.count(), lastSeconds(m));
        });
        if (!settings.rule().equals("contrastive")) {
            progress.epoch(1, 1, 0, data.count(), lastSeconds(r.metrics()));
        }
        HopfieldNetwork net = r.network();
        long stored = data.count() + (start == null ? 0 : start.storedPatterns());
        return new Trained(meta -> {
            HopfieldStore.describe(meta, net);
            if (!settings.rule().equals("contrastive")) {
                meta.put(STORED_PATTERNS, stored);
            }
        }, HopfieldStore.arrays(net), r.metrics(), r.epochs(), net);
    }

    /** The {@code seconds} of the newest line of {@code metrics}. */
    private static double lastSeconds(MetricsLog metrics) throws java.io.IOException {
        List<String> lines = metrics.lines();
        return ModelStore.json().readTree(lines.get(lines.size() - 1)).path("seconds").asDouble();
    }

    /** One row of the recall demo. */
    private record Recall(String name, double[] stored, double[] corrupted, double[] recalled, boolean exact,
                          int sweeps) {
    }

    private List<Recall> recalls = List.of();

    @Override
    public Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                        Map<String, String> captions) {
        if (config.getDouble("demo.corruption") <= 0) {
            return Map.of();
        }
        recalls = recall(data, (HopfieldNetwork) trained.model());
        int width = config.getInt("data.imageWidth");
        if (width <= 0 || data.width() % width != 0) {
            return Map.of();
        }
        List<double[]> tiles = new java.util.ArrayList<>();
        for (Recall r : recalls) {
            tiles.add(r.stored());
            tiles.add(r.corrupted());
            tiles.add(r.recalled());
        }
        captions.put("recall", "recall of corrupted copies: stored | corrupted | recalled, one pattern per row");
        return Map.of("recall", Pictures.grid(tiles, width, data.width() / width, 3, 6, false));
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out) {
        if (recalls.isEmpty()) {
            return;
        }
        int width = config.getInt("data.imageWidth");
        out.println();
        out.println("completion of corrupted copies (" + Math.round(config.getDouble("demo.corruption") * data.width())
            + " of " + data.width() + " units flipped; " + config.get("recall.mode") + " recall):");
        int exact = 0;
        for (Recall r : recalls) {
            exact += r.exact() ? 1 : 0;
            List<String> a = PatternText.rows(r.stored(), width);
            List<String> b = PatternText.rows(r.corrupted(), width);
            List<String> d = PatternText.rows(r.recalled(), width);
            out.println();
            out.println(r.name() + (r.exact() ? "  recalled exactly" : "  NOT recalled") + " (" + r.sweeps()
                + " sweeps)");
            for (int k = 0; k < a.size(); k++) {
                out.println("  " + a.get(k) + "   " + b.get(k) + "   " + d.get(k));
            }
        }
        out.println();
        out.println("recalled " + exact + " of " + recalls.size() + " patterns exactly (stored | corrupted | recalled)");
    }

    /** Corrupts each of the first 24 patterns and recalls it. */
    private List<Recall> recall(PatternSource.Loaded data, HopfieldNetwork trained) {
        HopfieldNetwork net = trained.withEncoding(Encoding.BIPOLAR);
        int n = data.width();
        int flips = (int) Math.round(config.getDouble("demo.corruption") * n);
        int maxSweeps = config.getInt("recall.maxSweeps");
        boolean sync = config.get("recall.mode").equals("sync");
        UpdateOrder order = config.get("recall.order").equals("fixed") ? UpdateOrder.FIXED : UpdateOrder.RANDOM;
        List<LabeledPattern> shown = data.patterns().takeOrdered(24,
            (Comparator<LabeledPattern> & Serializable) (a, b) -> Long.compare(a.index(), b.index()));
        List<Recall> out = new java.util.ArrayList<>();
        for (LabeledPattern p : shown) {
            double[] y = UnitStates.toEncoding(p.values(), Encoding.BIPOLAR);
            SplittableRandom rng = Seeds.rng(config.getLong("train.seed"), DEMO_PURPOSE, p.index());
            double[] corrupted = RecallRate.corrupt(y, flips, net, rng, new int[n]);
            double[] state;
            int sweeps;
            if (config.get("recall.mode").equals("anneal")) {
                SimulatedAnnealing.Result a = SimulatedAnnealing.anneal(net, corrupted, config.annealing(), rng);
                state = a.state();
                sweeps = (int) a.gibbsSweeps();
            } else {
                RecallResult r = sync ? HopfieldRecall.synchronous(net, corrupted, maxSweeps)
                    : HopfieldRecall.asynchronous(net, corrupted, maxSweeps, order, rng);
                state = r.state();
                sweeps = r.sweeps();
            }
            out.add(new Recall(p.hasLabel() ? p.label() : "#" + p.index(), binary(y), binary(corrupted),
                binary(state), Arrays.equals(state, y), sweeps));
        }
        return out;
    }

    private static double[] binary(double[] bipolar) {
        return UnitStates.toEncoding(bipolar, Encoding.BINARY);
    }
}
