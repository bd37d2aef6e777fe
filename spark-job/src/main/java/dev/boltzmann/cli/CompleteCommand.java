package dev.boltzmann.cli;

import dev.boltzmann.io.AtomicTextFile;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.spark.SparkSessions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code complete}: fills in the unknown ({@code ?}) units of each input pattern, or cleans up a noisy pattern,
 * with a trained model. Reads and writes through the Hadoop FileSystem API, one line at a time; the output is
 * written under a temporary name and renamed when complete.
 */
final class CompleteCommand implements Command {
    /** Purpose key of the per-pattern random streams. */
    static final long PURPOSE = 0x434F4D50L;

    @Override
    public String name() {
        return "complete";
    }

    @Override
    public String summary() {
        return "complete partial ('?') or noisy patterns with a trained model";
    }

    @Override
    public String usage() {
        return """
            usage: complete --model DIR --input FILE --output FILE [--seed N] [--sweeps L] [--keep M]
                            [--free] [--overwrite]

              --model DIR       a model directory written by train (hopfield, bm, rbm, dbn, ebm with an
                                ising energy)
              --input FILE      patterns in the text format; '?' marks the units to complete (a gaussian rbm
                                reads and writes CSV of real values; '?' cells are filled with the mean of
                                E[v|h] over the last M sweeps, an estimate of E[unknown | known])
              --output FILE     the completed patterns, same format and labels (refused if it exists)
              --seed N          seed of the random starts and the sampling (default 1); pattern p uses its own
                                stream, so the result does not depend on the other patterns
              --sweeps L        recall sweeps (hopfield, default 100), Gibbs sweeps (bm, rbm) or up-down
                                passes (dbn) (default 200)
              --keep M          stochastic models: units are on when their mean over the last M sweeps
                                exceeds 1/2 (default 50)
              --free            hopfield: let known units change too (default: known units stay clamped when
                                a pattern has '?'; patterns without '?' are always recalled freely)
              --overwrite       replace the output file if it exists

            example:
              launch-scripts/run-local complete --model runs/hopfield-letters \\
                  --input sample-data/letters/letters-partial.txt --output runs/letters-completed.txt
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.of("model", "model directory", "input", "pattern file",
            "output", "output file", "seed", "seed", "sweeps", "sweeps", "keep", "kept sweeps"),
            Set.of("free", "overwrite"), argv, 0);
        String modelDir = args.require("model");
        String input = args.require("input");
        String output = args.require("output");
        long seed = args.getLong("seed", 1);
        Configuration conf = SparkSessions.hadoopConfiguration();
        if (GaussianRbmCommands.isGaussian(conf, modelDir)) {
            return completeGaussian(args, conf, modelDir, input, output, seed, out);
        }
        UsableModel model = UsableModel.load(conf, modelDir);
        boolean hopfield = model instanceof UsableModel.Hopfield;
        int sweeps = args.getInt("sweeps", hopfield ? 100 : 200, 1);
        int keep = args.getInt("keep", Math.min(50, sweeps), 1);
        if (keep > sweeps) {
            throw new UsageException("complete: --keep " + keep + " exceeds --sweeps " + sweeps);
        }
        UsableModel.SampleOptions options = new UsableModel.SampleOptions(sweeps, keep, null, false);
        Path in = new Path(input);
        FileSystem inFs = ModelStore.fileSystem(in, conf);
        if (!inFs.exists(in)) {
            throw new BadInputException(input + ": no such file");
        }
        long count = 0;
        long filled = 0;
        try (AtomicTextFile file = AtomicTextFile.create(conf, output, args.has("overwrite"));
             BufferedReader reader = new BufferedReader(new InputStreamReader(inFs.open(in), StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                LabeledPattern p = PatternText.parseLine(input, number, line);
                if (p == null) {
                    continue;
                }
                if (p.width() != model.width()) {
                    throw BadInputException.at(input, number, "pattern has " + p.width() + " units, the model "
                        + modelDir + " has " + model.width());
                }
                for (double v : p.values()) {
                    filled += Double.isNaN(v) ? 1 : 0;
                }
                double[] done = model.complete(p.values(), args.has("free"), options,
                    UsableModel.stream(seed, PURPOSE, count));
                file.line(PatternText.formatLine(p.label(), done));
                count++;
            }
            if (count == 0) {
                throw new BadInputException(input + ": no patterns (the file is empty or blank)");
            }
            file.commit();
        }
        out.println("completed " + count + " patterns (" + filled + " unknown units filled) with " + modelDir
            + "; written to " + output);
        return 0;
    }

    /** A gaussian rbm: CSV in and out, unknown values filled with their conditional means. */
    private int completeGaussian(Args args, Configuration conf, String modelDir, String input, String output,
                                 long seed, PrintStream out) throws Exception {
        if (args.has("free")) {
            throw new UsageException("complete: --free applies to hopfield recall; a gaussian rbm completes with its"
                + " known values clamped");
        }
        int sweeps = args.getInt("sweeps", 200, 1);
        int keep = args.getInt("keep", Math.min(50, sweeps), 1);
        if (keep > sweeps) {
            throw new UsageException("complete: --keep " + keep + " exceeds --sweeps " + sweeps);
        }
        long[] done = GaussianRbmCommands.complete(conf, modelDir, input, output, sweeps, keep, seed, PURPOSE,
            args.has("overwrite"));
        out.println("completed " + done[1] + " patterns (" + done[0] + " unknown units filled) with " + modelDir
            + "; written to " + output);
        return 0;
    }
}
