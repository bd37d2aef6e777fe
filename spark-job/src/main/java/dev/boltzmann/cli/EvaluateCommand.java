package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.RecallRate;
import dev.boltzmann.evaluation.BinaryStateEnumeration;
import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.BmStore;
import dev.boltzmann.io.DbnStore;
import dev.boltzmann.io.EbmStore;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.PatternFiles;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.BmModes;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkSessions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/** {@code evaluate}: measures a trained model on a data set and prints one JSON object. */
final class EvaluateCommand implements Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "measure a model on a data set; prints one JSON object";
    }

    @Override
    public String usage() {
        return """
            usage: evaluate --model DIR --input FILE [--method auto|exact|ais|none] [--ais-betas K]
                            [--ais-runs M] [--corruption F] [--seed S]

              --model DIR        a model directory written by train
              --input FILE       patterns in the text format, or CSV when the name ends in .csv (labels, if
                                 any, are used for accuracy); for a gaussian rbm a CSV of real values in the
                                 training data's units (the exact log-likelihood is then a log-density in
                                 those units)
              --method M         log-likelihood of an rbm: exact (enumerate the smaller layer, at most 24
                                 units), ais (annealed importance sampling, with its spread), auto (exact
                                 when possible; default) or none; a gaussian rbm's exact method
                                 enumerates the hidden layer (at most 24 units), its ais anneals over the
                                 hidden states with v integrated out (forward only)
              --ais-betas K      intermediate distributions of AIS (default 10000)
              --ais-runs M       AIS runs (default 100)
              --reverse-sweeps N binary rbm with ais: also reverse AIS from the beta = 1 replicas of M parallel-
                                 tempering chains (10 temperatures down to 0.1) after N updates: the upper
                                 side of log Z (logZReverse, logLikelihoodReverse); 0 = off (default 1000)
              --corruption F     hopfield: fraction of units flipped before recall (default 0.1)
              --seed S           seed of AIS and of the corruptions (default 1)

            prints e.g. {"model":"runs/rbm-digits","kind":"rbm","rows":500,"logLikelihood":-154.1,
                         "logLikelihoodMethod":"exact","pseudoLogLikelihood":...,"reconstructionError":...}
            example:
              launch-scripts/run-local evaluate --model runs/rbm-digits --input sample-data/digits/digits-test.txt
            """;
    }

    /** Adds the accuracy of {@code predicted} when every pattern is labelled. */
    private static void putAccuracy(ObjectNode result, List<LabeledPattern> ps, int classes, String input,
                                    int[] predicted) {
        if (!ps.stream().allMatch(LabeledPattern::hasLabel)) {
            return;
        }
        int[] truth = Labels.of(ps, classes, input);
        int right = 0;
        for (int k = 0; k < truth.length; k++) {
            right += truth[k] == predicted[k] ? 1 : 0;
        }
        result.put("accuracy", (double) right / truth.length);
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.of("model", "model directory", "input", "patterns", "method",
            "auto|exact|ais|none", "ais-betas", "K", "ais-runs", "M", "corruption", "fraction", "seed", "seed",
            "reverse-sweeps", "N"),
            Set.of(), argv, 0);
        String dir = args.require("model");
        String input = args.require("input");
        long seed = args.getLong("seed", 1);
        Configuration conf = SparkSessions.hadoopConfiguration();
        String kind = ModelStore.readMetadata(conf, dir, null).path("kind").asText();
        ObjectNode result = ModelStore.json().createObjectNode();
        result.put("model", dir);
        result.put("input", input);
        result.put("kind", kind);
        if (GaussianRbmCommands.isGaussian(conf, dir)) {
            String method = args.get("method") == null ? "auto" : args.get("method");
            if (!List.of("auto", "exact", "ais", "none").contains(method)) {
                throw new UsageException("evaluate: --method must be auto, exact, ais or none, got '" + method + "'");
            }
            GaussianRbmCommands.evaluate(conf, dir, input, method, args.getInt("ais-betas", 10000, 10),
                args.getInt("ais-runs", 100, 2), seed, result);
            out.println(result.toString());
            return 0;
        }
        switch (kind) {
            case HopfieldStore.KIND -> {
                HopfieldNetwork net = HopfieldStore.read(conf, dir).network().withEncoding(Encoding.BIPOLAR);
                List<LabeledPattern> ps = PatternFiles.read(conf, input, net.size());
                double[][] ys = UnitStates.toEncoding(ps.stream().map(LabeledPattern::values).toArray(double[][]::new),
                    net.size(), Encoding.BIPOLAR);
                double corruption = args.getDouble("corruption", 0.1, 0, 1);
                RecallRate.Report r = RecallRate.evaluate(net, ys, corruption, seed);
                double energy = 0;
                for (double[] y : ys) {
                    energy += net.energy(y);
                }
                result.put("rows", ps.size());
                result.put("recallCorruption", corruption);
                result.put("recallRate", r.recallRate());
                result.put("meanOverlap", r.meanOverlap());
                result.put("meanPatternEnergy", energy / ys.length);
            }
            case RbmStore.KIND -> {
                RbmStore.Loaded loaded = RbmStore.read(conf, dir);
                Rbm rbm = loaded.rbm();
                List<LabeledPattern> ps = PatternFiles.read(conf, input, rbm.numVisible());
                double[] data = PatternSource.flatten(ps, rbm.numVisible());
                String method = args.get("method") == null ? "auto" : args.get("method");
                if (!List.of("auto", "exact", "ais", "none").contains(method)) {
                    throw new UsageException("evaluate: --method must be auto, exact, ais or none, got '" + method + "'");
                }
                result.put("rows", ps.size());
                if (loaded.labelRbm() != null) {
                    // the monitors of the pixel part alone would ignore the labels: a label model reports accuracy
                    putAccuracy(result, ps, loaded.labelRbm().numLabels(), input,
                        loaded.labelRbm().classify(data, ps.size()));
                } else {
                    RbmMeasures.LogZ logZ;
                    try {
                        logZ = RbmMeasures.logZ(rbm, method, Rbm.baseRateVisibleBias(data, ps.size(),
                            rbm.numVisible()), args.getInt("ais-betas", 10000, 10), args.getInt("ais-runs", 100, 2),
                            seed, args.getInt("reverse-sweeps", 1000, 0), TemperingOptions.defaults());
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("evaluate: --method " + method + ": " + e.getMessage());
                    }
                    RbmMeasures.putLogZ(result, logZ);
                    RbmMeasures.put(result, "", rbm, data, ps.size(), logZ);
                }
            }
            case BmStore.KIND -> {
                BoltzmannMachine bm = BmStore.read(conf, dir).bm();
                List<LabeledPattern> ps = PatternFiles.read(conf, input, bm.numVisible());
                double[][] v = ps.stream().map(LabeledPattern::values).toArray(double[][]::new);
                int[] labels = bm.numLabels() > 0 && ps.stream().allMatch(LabeledPattern::hasLabel)
                    ? Labels.of(ps, bm.numLabels(), input) : null;
                result.put("rows", ps.size());
                if (bm.numVisible() + bm.numHidden() <= BmEnumeration.MAX_FREE_UNITS) {
                    result.put("logLikelihoodMethod", "exact");
                    result.put("logLikelihood", BmExact.meanLogLikelihood(bm, v, labels));
                }
                if (labels != null && bm.numHidden() <= BmModes.MAX_EXACT_HIDDEN) {
                    result.put("accuracy", BmExact.accuracy(bm, v, labels));
                }
            }
            case DbnStore.KIND -> {
                DeepBeliefNet net = DbnStore.read(conf, dir);
                List<LabeledPattern> ps = PatternFiles.read(conf, input, net.numVisible());
                result.put("rows", ps.size());
                if (net.hasLabels()) {
                    putAccuracy(result, ps, net.labelTop().numLabels(), input,
                        net.classify(PatternSource.flatten(ps, net.numVisible()), ps.size()));
                }
            }
            case EbmStore.KIND -> {
                EnergyFunction e = EbmStore.read(conf, dir).energy();
                List<LabeledPattern> ps = PatternFiles.read(conf, input, e.dimension());
                double[] x = PatternSource.flatten(ps, e.dimension());
                if (e.stateSpace().isDiscrete()) {
                    x = UnitStates.toEncoding(x, e.stateSpace().encoding());
                }
                double energy = 0;
                for (int p = 0; p < ps.size(); p++) {
                    energy += e.energy(java.util.Arrays.copyOfRange(x, p * e.dimension(), (p + 1) * e.dimension()));
                }
                result.put("rows", ps.size());
                result.put("meanEnergy", energy / ps.size());
                if (e.stateSpace().isDiscrete() && e.dimension() <= BinaryStateEnumeration.MAX_UNITS) {
                    BinaryStateEnumeration exact = BinaryStateEnumeration.of(e, 1.0);
                    result.put("logLikelihoodMethod", "exact");
                    result.put("logZ", exact.logZ());
                    result.put("logLikelihood", exact.meanLogLikelihood(x));
                }
            }
            default -> throw new BadInputException(dir + ": evaluate does not know models of kind '" + kind + "'");
        }
        out.println(result.toString());
        return 0;
    }
}
