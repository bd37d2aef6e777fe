package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.Report;
import dev.boltzmann.io.RunMetadata;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.RoundEngine;
import dev.boltzmann.spark.SparkSessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                         [--init-model DIR]

              --conf FILE       the job's config (properties: key = value); see conf/*.conf
              --set key=value   override one config key (repeatable)
              --out DIR         the output (model) directory, on any Hadoop file system;
                                default runs/<config name>
              --overwrite       replace DIR if it exists (otherwise an existing DIR is an error)
              --init-model DIR  continue a trained model (a warm start on new data) instead of a fresh one:
                                rbm (binary, labelled or gaussian), bm, dbn (every layer), ebm or hopfield
                                (contrastive: from its weights; hebbian / storkey: the new patterns are added to
                                the weights of a model of the same rule); its kind, sizes, labels and encoding must
                                be the
                                config's and its visible units the data's; metadata.json then records the earlier
                                run(s) under previousRuns
              --resume          continue an interrupted run from its last complete epoch (the checkpoints
                                in DIR.inprogress; rbm (with or without labels), bm, dbn, ebm and
                                contrastive hopfield training write one after every epoch)

            example:
              launch-scripts/run-local train --conf conf/hopfield-letters.conf --set train.epochs=20 --overwrite
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        return run(argv, out, System.err);
    }

    @Override
    public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(name(), Map.of("conf", "the config file", "set", "key=value", "out", "output directory",
            "init-model", "model directory to start from"), Set.of("overwrite", "resume"), argv, 0);
        JobConfig config = JobConfig.load(Path.of(args.require("conf")), args.all("set"));
        String confName = Path.of(args.require("conf")).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String outDir = args.get("out") != null ? args.get("out") : "runs/" + confName;
        String kind = config.get("model.kind");
        TrainJob job = switch (kind) {
            case "hopfield" -> HopfieldJob.from(config);
            case "rbm" -> RbmJob.from(config);
            case "bm" -> BmJob.from(config);
            case "dbn" -> DbnJob.from(config);
            case "ebm" -> EbmJob.from(config);
            default -> throw config.invalid("model.kind", "this build trains hopfield, bm, rbm, dbn and ebm models");
        };
        GaussianRbmJob.checkOnlyGaussianKeys(config, job);
        if (config.getInt("train.roundsPerEpoch") > 0 && !(job instanceof RbmJob)) {
            throw config.invalid("train.roundsPerEpoch", "rounds per epoch apply to rbm training on Spark (without"
                + " label units) so far; set train.batchSize instead");
        }
        if (!config.get("train.centering").equals("none") && !(job instanceof RbmJob) && !(job instanceof DbnJob)
            && !(job instanceof LabelRbmJob)) {
            throw config.invalid("train.centering", "centring applies to binary rbm training (with or without label"
                + " units) and to dbns so far");
        }
        String initModel = args.get("init-model");
        boolean resume = args.has("resume");
        if (resume && args.has("overwrite")) {
            throw new UsageException("train: --resume continues a run and --overwrite starts one afresh; pass one");
        }
        // the file system checks and the checkpoints use the Hadoop settings Spark uses (fs.defaultFS included)
        Configuration hadoop = SparkSessions.hadoopConfiguration();
        FileSystem fs = ModelStore.fileSystem(new org.apache.hadoop.fs.Path(outDir), hadoop);
        boolean outExists = fs.exists(new org.apache.hadoop.fs.Path(outDir));
        Checkpoints checkpoints = new Checkpoints(hadoop, outDir);
        if (resume) {
            if (checkpoints.latest().isEmpty() && outExists) {
                out.println(outDir + ": the run is complete (no checkpoint of an unfinished run); nothing to resume");
                return 0;
            }
        } else if (args.has("overwrite")) {
            checkpoints.clear();
        } else if (outExists) {
            throw new BadInputException(outDir + ": already exists (pass --overwrite to replace it, --resume to"
                + " continue it, or another --out)");
        } else if (checkpoints.exist()) {
            throw new BadInputException(checkpoints.directory() + ": an interrupted run left checkpoints here (pass"
                + " --resume to continue it or --overwrite to start again)");
        }
        // the model of a warm start is read and checked against the config before Spark starts
        TrainJob.Start init = initModel == null ? null : job.startFrom(hadoop, initModel);
        Instant started = Instant.now();
        // A session that already runs in this JVM (an embedding application, a test) is used and left running.
        boolean embedded = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = SparkSessions.create("boltzmann train " + confName, config.get("spark.master"));
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            String dataPath = config.get("data.path");
            PatternSource.Loaded data = PatternSource.read(sc, config.dataSpec(dataPath),
                config.getInt("model.visible"));
            if (data.skipped() > 0) {
                out.println("skipped " + data.skipped() + " bad records of " + dataPath + " (data.onBadRecord = skip)"
                    + (data.firstSkipped() == null ? "" : "; the first: " + data.firstSkipped()));
            }
            long unknown = data.patterns().filter(LabeledPattern::hasUnknown).count();
            if (unknown > 0) {
                LabeledPattern first = data.patterns().filter(LabeledPattern::hasUnknown).first();
                throw new BadInputException(dataPath + ":" + first.line() + ": training patterns may not contain '?' ("
                    + unknown + " patterns do)");
            }
            if (init != null && init.visible() != data.width()) {
                throw new BadInputException(initModel + ": the model to start from has " + init.visible()
                    + " visible units, the data " + dataPath + " has " + data.width());
            }
            ObjectNode previous = init == null ? null : init.metadata();
            Progress progress = new Progress(err);
            TrainJob.Trained trained = RoundEngine.withResidentRounds(sc, config.get("spark.residentRounds"),
                () -> RoundEngine.withRoundListener(progress::round,
                    () -> job.train(sc, data, checkpoints, resume, progress)));
            ObjectNode meta = RunMetadata.create(config.effective(), config.getLong("train.seed"), dataPath,
                data.count(), data.width(), trained.epochs(), spark.version(), started);
            trained.describe().accept(meta);
            if (previous != null) {
                RunMetadata.recordPreviousRun(meta, initModel, previous);
            }
            List<String> lines = trained.metrics().lines();
            if (!lines.isEmpty()) {
                meta.set("metrics", ModelStore.json().readTree(lines.get(lines.size() - 1)));
            }
            Map<String, String> captions = new LinkedHashMap<>();
            Map<String, byte[]> pictures = new LinkedHashMap<>(job.pictures(sc, data, trained, captions));
            Map<String, byte[]> curves = Report.curves(lines);
            curves.keySet().forEach(k -> captions.put(k, k.substring("curve-".length()) + " per epoch"));
            pictures.putAll(curves);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put(MetricsLog.FILE, trained.metrics().text().getBytes(StandardCharsets.UTF_8));
            pictures.forEach((name, png) -> files.put("pictures/" + name + ".png", png));
            files.put("report.html", Report.html(confName + ": " + job.describe(data.width()), meta, pictures, captions)
                .getBytes(StandardCharsets.UTF_8));
            ModelStore.writeFiles(sc.hadoopConfiguration(), outDir, meta, trained.arrays(), files,
                args.has("overwrite") || resume);
            checkpoints.clear();
            out.println("trained " + job.describe(data.width()) + " on " + data.count() + " patterns from " + dataPath
                + "; model written to " + outDir + " (report: " + outDir + "/report.html)");
            job.afterWrite(sc, data, trained, out);
            data.patterns().unpersist(false);
            return 0;
        } finally {
            if (!embedded) {
                spark.stop();
            }
        }
    }
}
