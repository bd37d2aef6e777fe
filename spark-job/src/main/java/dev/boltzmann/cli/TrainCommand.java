package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.RecallRate;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.learning.ContrastiveOptions;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.HopfieldRecall;
import dev.boltzmann.sampling.RecallResult;
import dev.boltzmann.sampling.UpdateOrder;
import dev.boltzmann.spark.HopfieldTrainer;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkSessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** {@code train}: reads the patterns with Spark, trains the configured model and writes the model directory. */
final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a model from a config file; writes the model directory and metrics.jsonl";
    }

    @Override
    public String usage() {
        return """
            usage: train --conf FILE [--set key=value]... [--out DIR] [--overwrite] [--resume]

              --conf FILE       the job's config (properties: key = value); see conf/*.conf
              --set key=value   override one config key (repeatable)
              --out DIR         the output (model) directory, on any Hadoop file system;
                                default runs/<config name>
              --overwrite       replace DIR if it exists (otherwise an existing DIR is an error)
              --resume          continue from DIR's last complete epoch

            example:
              launch-scripts/run-local train --conf conf/hopfield-letters.conf --set train.epochs=20 --overwrite
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.of("conf", "the config file", "set", "key=value", "out", "output directory"),
            Set.of("overwrite", "resume"), argv, 0);
        JobConfig config = JobConfig.load(Path.of(args.require("conf")), args.all("set"));
        String confName = Path.of(args.require("conf")).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String outDir = args.get("out") != null ? args.get("out") : "runs/" + confName;
        String kind = config.get("model.kind");
        if (!kind.equals("hopfield")) {
            throw config.invalid("model.kind", "this build trains hopfield models only so far");
        }
        if (args.has("resume")) {
            throw new UsageException("--resume: hopfield training keeps no checkpoints (it runs in seconds); "
                + "train again with --overwrite");
        }
        HopfieldJob job = HopfieldJob.from(config);
        FileSystem fs = dev.boltzmann.io.ModelStore.fileSystem(new org.apache.hadoop.fs.Path(outDir), new Configuration());
        if (fs.exists(new org.apache.hadoop.fs.Path(outDir)) && !args.has("overwrite")) {
            throw new BadInputException(outDir + ": already exists (pass --overwrite to replace it, or --out)");
        }
        Instant started = Instant.now();
        // A session that already runs in this JVM (an embedding application, a test) is used and left running.
        boolean embedded = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.create("boltzmann train " + confName, config.get("spark.master"));
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String dataPath = config.get("data.path");
            PatternSource.Loaded data = PatternSource.readText(sc, dataPath, config.getInt("spark.partitions"),
                config.getInt("model.visible"));
            job.checkData(data, dataPath);
            HopfieldTrainer.Result result = HopfieldTrainer.train(data, job.settings());
            ObjectNode meta = RunMetadata.create(config.effective(), config.getLong("train.seed"), dataPath,
                data.count(), data.width(), result.epochs(), spark.version(), started);
            if (!result.metrics().lines().isEmpty()) {
                meta.set("metrics", dev.boltzmann.io.ModelStore.json().readTree(
                    result.metrics().lines().get(result.metrics().lines().size() - 1)));
            }
            HopfieldStore.write(sc.hadoopConfiguration(), outDir, result.network(), meta,
                Map.of(dev.boltzmann.io.MetricsLog.FILE, result.metrics().text()), args.has("overwrite"));
            out.println("trained " + kind + " (" + data.width() + " units, rule " + job.settings().rule() + ") on "
                + data.count() + " patterns from " + dataPath + "; model written to " + outDir);
            if (config.getDouble("demo.corruption") > 0) {
                job.demo(data, result.network(), config, out);
            }
            data.patterns().unpersist(false);
            return 0;
        } finally {
            if (!embedded) {
                spark.stop();
            }
        }
    }

    /** The Hopfield-specific part of {@code train}: settings, data checks and the completion demo. */
    record HopfieldJob(HopfieldTrainer.Settings settings) {
        static HopfieldJob from(JobConfig c) {
            String rule = c.getOr("train.rule", "contrastive");
            if (!List.of("hebbian", "storkey", "contrastive").contains(rule)) {
                throw c.invalid("train.rule", "a hopfield network learns with hebbian, storkey or contrastive");
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
            double monitor = c.getDouble("demo.corruption") > 0 ? c.getDouble("demo.corruption") : 0.1;
            Encoding enc = Encoding.parse(c.getOr("model.encoding", "bipolar"));
            return new HopfieldJob(new HopfieldTrainer.Settings(rule, enc, opt, monitor, c.getInt("recall.maxSweeps")));
        }

        void checkData(PatternSource.Loaded data, String path) {
            long unknown = data.patterns().filter(LabeledPattern::hasUnknown).count();
            if (unknown > 0) {
                LabeledPattern first = data.patterns().filter(LabeledPattern::hasUnknown).first();
                throw new BadInputException(path + ":" + first.line() + ": training patterns may not contain '?' ("
                    + unknown + " patterns do)");
            }
        }

        /** Corrupts each pattern, recalls it and prints pattern | corrupted | recalled side by side. */
        void demo(PatternSource.Loaded data, HopfieldNetwork trained, JobConfig c, PrintStream out) {
            HopfieldNetwork net = trained.withEncoding(Encoding.BIPOLAR);
            int width = c.getInt("data.imageWidth");
            double fraction = c.getDouble("demo.corruption");
            int n = data.width();
            int flips = (int) Math.round(fraction * n);
            List<LabeledPattern> shown = data.patterns().takeOrdered(24,
                (java.util.Comparator<LabeledPattern> & java.io.Serializable) (a, b) -> Long.compare(a.index(), b.index()));
            int recalled = 0;
            out.println();
            out.println("completion of corrupted copies (" + flips + " of " + n + " units flipped; "
                + c.get("recall.mode") + " recall):");
            for (LabeledPattern p : shown) {
                double[] y = UnitStates.toEncoding(p.values(), Encoding.BIPOLAR);
                SplittableRandom rng = Seeds.rng(c.getLong("train.seed"), 77, p.index());
                double[] corrupted = RecallRate.corrupt(y, flips, net, rng, new int[n]);
                RecallResult r = c.get("recall.mode").equals("sync")
                    ? HopfieldRecall.synchronous(net, corrupted, c.getInt("recall.maxSweeps"))
                    : HopfieldRecall.asynchronous(net, corrupted, c.getInt("recall.maxSweeps"),
                        c.get("recall.order").equals("fixed") ? UpdateOrder.FIXED : UpdateOrder.RANDOM, rng);
                boolean ok = java.util.Arrays.equals(r.state(), y);
                recalled += ok ? 1 : 0;
                List<String> a = PatternText.rows(binary(y), width);
                List<String> b = PatternText.rows(binary(corrupted), width);
                List<String> d = PatternText.rows(binary(r.state()), width);
                out.println();
                out.println((p.hasLabel() ? p.label() : "#" + p.index()) + (ok ? "  recalled exactly" : "  NOT recalled")
                    + " (" + r.sweeps() + " sweeps)");
                for (int k = 0; k < a.size(); k++) {
                    out.println("  " + a.get(k) + "   " + b.get(k) + "   " + d.get(k));
                }
            }
            out.println();
            out.println("recalled " + recalled + " of " + shown.size() + " patterns exactly (stored | corrupted | recalled)");
        }

        private static double[] binary(double[] bipolar) {
            return UnitStates.toEncoding(bipolar, Encoding.BINARY);
        }
    }
}
