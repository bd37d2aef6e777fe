package dev.boltzmann.cli;

import dev.boltzmann.io.AtomicTextFile;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.sampling.AnnealingSchedule;
import dev.boltzmann.spark.SparkSessions;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/** {@code sample}: generates patterns from a trained model, freely, annealed, or conditioned on a class. */
final class SampleCommand implements Command {
    /** Purpose key of the per-sample random streams. */
    static final long PURPOSE = 0x53414D50L;

    @Override
    public String name() {
        return "sample";
    }

    @Override
    public String summary() {
        return "generate patterns from a model (free, annealed, or of one class)";
    }

    @Override
    public String usage() {
        return """
            usage: sample --model DIR --count N --output FILE [--label C] [--anneal T0,ALPHA,TMIN[,SWEEPS]]
                          [--low-energy] [--sweeps L] [--seed S] [--overwrite] [--show W]

              --model DIR       a model directory written by train (hopfield, bm, rbm, dbn, ebm)
              --count N         how many patterns
              --output FILE     the patterns in the text format (refused if it exists); the samples of a
                                neural ebm are continuous and written as CSV lines, and so are a gaussian
                                rbm's: v ~ p(v|h) after L sweeps, in the training data's units
              --label C         generate class C (models with label units: the label is clamped)
              --anneal ...      simulated annealing: start at T0, T <- ALPHA*T down to TMIN, SWEEPS sweeps per
                                temperature (default 10); a sample ends at T = 1, with --low-energy at TMIN
              --sweeps L        Gibbs sweeps at the final temperature (default 1000; hopfield: recall sweeps;
                                ebm: Metropolis sweeps of d proposals, one proposal on continuous states)
              --seed S          seed (default 1); sample i uses its own stream (seed, i)
              --show W          also print the first samples as W-wide pictures
              --overwrite       replace the output file if it exists

            example:
              launch-scripts/run-local sample --model runs/bm-bars --count 10 --output runs/bars-samples.txt --show 4
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.of("model", "model directory", "count", "N", "output", "file",
            "label", "class", "anneal", "T0,ALPHA,TMIN[,SWEEPS]", "sweeps", "L", "seed", "seed", "show", "width"),
            Set.of("low-energy", "overwrite"), argv, 0);
        String dir = args.require("model");
        int count = args.getInt("count", -1, 1);
        if (count < 1) {
            throw new UsageException("sample: --count is required (a whole number >= 1)");
        }
        String output = args.require("output");
        int label = args.getInt("label", -1, 0);
        long seed = args.getLong("seed", 1);
        int sweeps = args.getInt("sweeps", 1000, 1);
        AnnealingSchedule anneal = args.get("anneal") == null ? null : schedule(args.get("anneal"));
        if (args.has("low-energy") && anneal == null) {
            throw new UsageException("sample: --low-energy needs --anneal");
        }
        Configuration conf = SparkSessions.hadoopConfiguration();
        if (GaussianRbmCommands.isGaussian(conf, dir)) {
            if (label >= 0 || anneal != null || args.get("show") != null) {
                throw new UsageException("sample: a gaussian rbm has no labels, no annealing and no pictures (--label,"
                    + " --anneal, --show)");
            }
            GaussianRbmCommands.sample(conf, dir, count, sweeps, seed, PURPOSE, output, args.has("overwrite"));
            out.println("wrote " + count + " samples of " + dir + " to " + output);
            return 0;
        }
        UsableModel model = UsableModel.load(conf, dir);
        if (label >= 0 && label >= model.numLabels()) {
            throw new UsageException("sample: --label " + label + " is out of range; the model has "
                + model.numLabels() + " classes");
        }
        UsableModel.SampleOptions options = new UsableModel.SampleOptions(sweeps, 1, anneal, args.has("low-energy"));
        int show = args.getInt("show", 0, 1);
        try (AtomicTextFile file = AtomicTextFile.create(conf, output, args.has("overwrite"))) {
            for (int i = 0; i < count; i++) {
                double[] v = model.generate(label, options, UsableModel.stream(seed, PURPOSE, i));
                file.line(model.continuous() ? csv(v)
                    : PatternText.formatLine(label >= 0 ? Integer.toString(label) : null, v));
                if (show > 0 && i < 8 && !model.continuous()) {
                    out.println("sample " + i + ":");
                    PatternText.rows(v, show).forEach(r -> out.println("  " + r));
                }
            }
            file.commit();
        }
        out.println("wrote " + count + " samples of " + dir + (label >= 0 ? " (class " + label + ")" : "") + " to "
            + output);
        return 0;
    }

    /** A continuous state as one CSV line. */
    private static String csv(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? "," : "").append(v[i]);
        }
        return sb.toString();
    }

    private static AnnealingSchedule schedule(String spec) {
        String[] parts = spec.split(",");
        try {
            if (parts.length < 3 || parts.length > 4) {
                throw new NumberFormatException();
            }
            int perT = parts.length == 4 ? Integer.parseInt(parts[3].trim()) : 10;
            return AnnealingSchedule.geometric(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()),
                Double.parseDouble(parts[2].trim()), perT);
        } catch (NumberFormatException e) {
            throw new UsageException("sample: --anneal takes T0,ALPHA,TMIN[,SWEEPS], e.g. 10,0.9,1, got '" + spec
                + "'");
        } catch (IllegalArgumentException e) {
            throw new UsageException("sample: --anneal " + spec + ": " + e.getMessage());
        }
    }
}
