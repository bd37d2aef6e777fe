package dev.boltzmann.cli;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.sampling.HopfieldRecall;
import dev.boltzmann.sampling.RecallResult;
import dev.boltzmann.sampling.UpdateOrder;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code complete}: fills in the unknown ({@code ?}) units of each input pattern, or cleans up a noisy pattern,
 * with a trained model. Reads and writes through the Hadoop FileSystem API, one line at a time; the output is
 * written under a temporary name and renamed when complete.
 */
final class CompleteCommand implements Command {
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
            usage: complete --model DIR --input FILE --output FILE [--seed N] [--max-sweeps N]
                            [--mode async|sync] [--free] [--overwrite]

              --model DIR       a model directory written by train
              --input FILE      patterns in the text format; '?' marks the units to complete
              --output FILE     the completed patterns, same format and labels (refused if it exists)
              --seed N          seed of the random starts of '?' units and of the update order (default 1)
              --max-sweeps N    most recall sweeps per pattern (default 100)
              --mode M          async (one unit at a time, default) or sync (all at once)
              --free            let known units change too (default: known units stay clamped when a
                                pattern has '?'; patterns without '?' are always recalled freely)
              --overwrite       replace the output file if it exists

            example:
              launch-scripts/run-local complete --model runs/hopfield-letters \\
                  --input sample-data/letters/letters-partial.txt --output runs/letters-completed.txt
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.of("model", "model directory", "input", "pattern file",
            "output", "output file", "seed", "seed", "max-sweeps", "sweep cap", "mode", "async or sync"),
            Set.of("free", "overwrite"), argv, 0);
        String modelDir = args.require("model");
        String input = args.require("input");
        String output = args.require("output");
        long seed = args.getLong("seed", 1);
        int maxSweeps = args.getInt("max-sweeps", 100, 1);
        String mode = args.get("mode") == null ? "async" : args.get("mode");
        if (!mode.equals("async") && !mode.equals("sync")) {
            throw new UsageException("complete: --mode must be async or sync, got '" + mode + "'");
        }
        Configuration conf = new Configuration();
        String kind = ModelStore.readMetadata(conf, modelDir, null).path("kind").asText();
        if (!kind.equals(HopfieldStore.KIND)) {
            throw new BadInputException(modelDir + ": complete supports hopfield models so far, this one is '" + kind
                + "'");
        }
        HopfieldNetwork net = HopfieldStore.read(conf, modelDir).network().withEncoding(Encoding.BIPOLAR);
        Path in = new Path(input);
        Path target = new Path(output);
        FileSystem inFs = ModelStore.fileSystem(in, conf);
        FileSystem outFs = ModelStore.fileSystem(target, conf);
        if (!inFs.exists(in)) {
            throw new BadInputException(input + ": no such file");
        }
        if (outFs.exists(target) && !args.has("overwrite")) {
            throw new BadInputException(output + ": already exists (pass --overwrite to replace it)");
        }
        Path tmp = new Path(target.getParent() == null ? new Path(".") : target.getParent(),
            "." + target.getName() + ".tmp-" + UUID.randomUUID());
        long count = 0;
        long converged = 0;
        long completedUnits = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(inFs.open(in), StandardCharsets.UTF_8));
             Writer writer = new BufferedWriter(new OutputStreamWriter(outFs.create(tmp, false),
                 StandardCharsets.UTF_8))) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                LabeledPattern p = PatternText.parseLine(input, number, line);
                if (p == null) {
                    continue;
                }
                if (p.width() != net.size()) {
                    throw BadInputException.at(input, number, "pattern has " + p.width() + " units, the model "
                        + modelDir + " has " + net.size());
                }
                SplittableRandom rng = Seeds.rng(seed, count);
                int n = p.width();
                double[] start = new double[n];
                boolean[] clamped = new boolean[n];
                boolean partial = p.hasUnknown();
                for (int i = 0; i < n; i++) {
                    double v = p.values()[i];
                    if (Double.isNaN(v)) {
                        start[i] = rng.nextBoolean() ? 1.0 : -1.0;
                        completedUnits++;
                    } else {
                        start[i] = v >= 0.5 ? 1.0 : -1.0;
                        clamped[i] = partial && !args.has("free");
                    }
                }
                RecallResult r = mode.equals("sync")
                    ? HopfieldRecall.synchronous(net, start, maxSweeps)
                    : HopfieldRecall.asynchronous(net, start, clamped, maxSweeps, UpdateOrder.RANDOM, rng, null);
                converged += r.converged() ? 1 : 0;
                double[] binary = new double[n];
                for (int i = 0; i < n; i++) {
                    binary[i] = r.state()[i] > 0 ? 1.0 : 0.0;
                }
                writer.write(PatternText.formatLine(p.label(), binary));
                writer.write('\n');
                count++;
            }
            if (count == 0) {
                throw new BadInputException(input + ": no patterns (the file is empty or blank)");
            }
        } catch (IOException | RuntimeException e) {
            outFs.delete(tmp, false);
            throw e;
        }
        if (outFs.exists(target)) {
            outFs.delete(target, false);
        }
        if (!outFs.rename(tmp, target)) {
            outFs.delete(tmp, false);
            throw new IOException("cannot rename " + tmp + " to " + output);
        }
        out.println("completed " + count + " patterns (" + completedUnits + " unknown units filled, " + converged
            + " reached a fixed point) with " + modelDir + "; written to " + output);
        return 0;
    }
}
