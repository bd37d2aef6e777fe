package dev.boltzmann.cli;

import dev.boltzmann.io.AtomicTextFile;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.PatternFiles;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.spark.SparkSessions;
import java.io.PrintStream;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code classify}: the most probable class of each input pattern under a model with label units. The output is
 * the input in the pattern text format with the predicted class as its label; when the input is labelled, the
 * accuracy is printed.
 */
final class ClassifyCommand implements Command {
    /** Purpose key of the per-pattern random streams (Gibbs estimates only). */
    static final long PURPOSE = 0x434C4153L;

    @Override
    public String name() {
        return "classify";
    }

    @Override
    public String summary() {
        return "predict the class of each pattern (models with label units)";
    }

    @Override
    public String usage() {
        return """
            usage: classify --model DIR --input FILE --output FILE [--seed S] [--sweeps L] [--overwrite]

              --model DIR       a model directory with label units (bm, rbm or dbn with model.labels > 0)
              --input FILE      patterns in the text format; labels, if present, are compared with the predictions
              --output FILE     each pattern with its predicted class as the label
              --sweeps L        Gibbs sweeps where P(c|v) cannot be computed exactly (default 500)
              --seed S          seed of those Gibbs estimates (default 1)
              --overwrite       replace the output file if it exists

            example:
              launch-scripts/run-local classify --model runs/bm-labels --input test.txt --output predicted.txt
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.of("model", "model directory", "input", "patterns", "output", "file",
            "seed", "seed", "sweeps", "L"), Set.of("overwrite"), argv, 0);
        String dir = args.require("model");
        String input = args.require("input");
        String output = args.require("output");
        Configuration conf = SparkSessions.hadoopConfiguration();
        UsableModel model = UsableModel.load(conf, dir);
        int sweeps = args.getInt("sweeps", 500, 1);
        UsableModel.SampleOptions options = new UsableModel.SampleOptions(sweeps, Math.max(1, sweeps / 2), null,
            false);
        long seed = args.getLong("seed", 1);
        int labelled = 0;
        int correct = 0;
        int count = 0;
        try (AtomicTextFile file = AtomicTextFile.create(conf, output, args.has("overwrite"))) {
            for (LabeledPattern p : PatternFiles.read(conf, input, model.width())) {
                double[] probs = model.classProbabilities(p.values(), options, UsableModel.stream(seed, PURPOSE, count));
                int best = 0;
                for (int c = 1; c < probs.length; c++) {
                    best = probs[c] > probs[best] ? c : best;
                }
                if (p.hasLabel()) {
                    labelled++;
                    correct += p.label().equals(Integer.toString(best)) ? 1 : 0;
                }
                file.line(PatternText.formatLine(Integer.toString(best), p.values()));
                count++;
            }
            file.commit();
        }
        out.println("classified " + count + " patterns with " + dir + "; written to " + output
            + (labelled > 0 ? String.format("; accuracy %.4f on the %d labelled patterns", (double) correct / labelled,
                labelled) : ""));
        return 0;
    }
}
