package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.CapacityCurve;
import dev.boltzmann.evaluation.RoundsPerEpochStudy;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.Precision;
import dev.boltzmann.learning.RbmBenchmark;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.StorageRule;
import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Parallel;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench}: measurements printed as one JSON object per line. Figures to look at and to track over time,
 * never assertions.
 */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "print measurements as JSON lines (hopfield-capacity, ...)";
    }

    @Override
    public String usage() {
        return """
            usage: bench [--what LIST] [--units N] [--loads L1,L2,...] [--flip F] [--trials T]
                         [--rules R1,R2,...] [--seed S]

              --what LIST      comma-separated measurements; default hopfield-capacity
                               hopfield-capacity  recall rate versus load N_p/n for each storage rule:
                                                  random patterns, F of the units flipped, async recall
                               rbm-cd             one CD-k update of an RBM (median time of --repetitions)
                               spark-rbm          CD-1 epochs on generated data: the Spark trainer against the
                                                  single-process trainer (median epoch after a warm-up one), the
                                                  Spark overhead per round, whether the rounds ran resident and
                                                  the native BLAS threads the environment allows
                               spark-scale        CD-1 epochs of the Spark trainer on digit-like patterns
                                                  generated on the executors, one line per size: seconds per
                                                  epoch, samples/s, the driver's max and peak used heap
                               rounds             how much an RBM learns per pass over the data against
                                                  train.roundsPerEpoch: exact held-out log-likelihood after
                                                  --epochs epochs for each R of --rounds and rate of --rates
              --data FILE, --test-data FILE
                               rounds data (default sample-data/digits/digits-train.txt and digits-test.txt)
              --rounds R,...   rounds values (default 1,5,25,125,500); --rates E,... (default 0.005,0.02,0.1,0.5)
              --epochs E       rounds epochs (default 30); --hidden defaults to 20 there (exact likelihood)
              --patterns N, --master URL, --partitions P
                               spark-rbm data size (default 8000), master (default local[2]), partitions;
                               --epochs (default 4, at least 2); --resident-rounds auto|off (as
                               spark.residentRounds; default auto)
              --patterns-list N1,N2,...
                               spark-scale sizes, run smallest first (default 100000,1000000); with
                               --visible (784), --hidden (100), --batch (100), --epochs (1), --partitions,
                               --master as for spark-rbm
              --visible N, --hidden N, --batch N, --cd-steps K, --repetitions R
                               rbm-cd sizes (default 784, 500, 100, 1, 20)
              --warmup W       rbm-cd untimed updates first, so the JIT has compiled the loops (default 100)
              --dtype D        rbm-cd precision: float32, float64 or both (default both: one line each)
              --threads T      rbm-cd threads for the per-row loops and the optimiser (default: all
                               processors; the BLAS chooses its own)
              --units N        Hopfield units n (default 200)
              --loads L,...    loads N_p/n (default 0.02,0.05,0.08,0.10,0.12,0.14,0.16,0.20,0.25,0.30)
              --flip F         fraction of units flipped before recall (default 0.1)
              --trials T       random pattern sets per point (default 3)
              --rules R,...    hebbian, storkey, contrastive (default all three)
              --seed S         seed (default 1)

            one line per point: {"what":"hopfield-capacity","rule":...,"units":...,"patterns":...,"load":...,
                                 "recallRate":...,"meanOverlap":...,"trials":...,"seconds":...}
            one line per dtype: {"what":"rbm-cd1-update","visible":...,"hidden":...,"batch":...,"cdSteps":...,
                                 "dtype":"float32","samplesPerSecond":...,"gflops":...,"secondsPerUpdate":...,
                                 "repetitions":...,"blas":...}
            one line per size:  {"what":"spark-scale-epoch","master":...,"patterns":...,"visible":...,"hidden":...,
                                 "batch":...,"rounds":...,"partitions":...,"epochs":...,"secondsPerEpoch":...,
                                 "samplesPerSecond":...,"secondsPerPatternRatio":...,"generateSeconds":...,
                                 "cachedBytes":...,"maxHeapBytes":...,"peakUsedHeapBytes":...,
                                 "peakHeapAfterGcBytes":...,"reconstructionError":...,"blas":...}
                                 (secondsPerPatternRatio: seconds per pattern over the smallest size's, 1 when
                                 the epoch time grows linearly with the patterns; peakUsedHeapBytes: the largest
                                 used heap sampled, garbage included; peakHeapAfterGcBytes: the largest heap
                                 left after a garbage collection, 0 when none ran)
            one line per point: {"what":"rounds-per-epoch","rounds":...,"batch":...,"learningRate":...,
                                 "epochs":...,"updates":...,"trainLogLikelihood":...,"heldOutLogLikelihood":...,
                                 "seconds":...}
            examples:
              launch-scripts/run-local bench --what rounds --rounds 1,25,125 --rates 0.02,0.1
              launch-scripts/run-local bench --what hopfield-capacity --units 100 --trials 2
              launch-scripts/run-local bench --what rbm-cd --dtype float32
              BOLTZMANN_DRIVER_MEMORY=1g launch-scripts/run-local bench --what spark-scale
            """;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = new Args(name(), Map.ofEntries(Map.entry("what", "measurements"), Map.entry("units", "units"),
            Map.entry("loads", "loads"), Map.entry("flip", "flip fraction"), Map.entry("trials", "trials"),
            Map.entry("rules", "rules"), Map.entry("seed", "seed"), Map.entry("visible", "visible units"),
            Map.entry("hidden", "hidden units"), Map.entry("batch", "batch size"), Map.entry("cd-steps", "k"),
            Map.entry("repetitions", "timed updates"), Map.entry("patterns", "N"), Map.entry("master", "URL"),
            Map.entry("partitions", "P"), Map.entry("dtype", "precision"),
            Map.entry("threads", "threads"), Map.entry("warmup", "untimed updates"), Map.entry("data", "FILE"),
            Map.entry("test-data", "FILE"), Map.entry("rounds", "R,..."), Map.entry("rates", "E,..."),
            Map.entry("epochs", "E"), Map.entry("patterns-list", "sizes"), Map.entry("resident-rounds", "auto|off")),
            Set.of(), argv, 0);
        List<String> what = Arrays.asList((args.get("what") == null ? "hopfield-capacity" : args.get("what"))
            .split(","));
        for (String w : what) {
            switch (w.trim()) {
                case "hopfield-capacity" -> hopfieldCapacity(args, out);
                case "rbm-cd" -> rbmCd(args, out);
                case "spark-rbm" -> sparkRbm(args, out);
                case "spark-scale" -> sparkScale(args, out);
                case "rounds" -> roundsPerEpoch(args, out);
                default -> throw new UsageException("bench: unknown measurement '" + w + "'; allowed: "
                    + "hopfield-capacity, rbm-cd, spark-rbm, spark-scale, rounds");
            }
        }
        return 0;
    }

    private static void rbmCd(Args args, PrintStream out) {
        int visible = args.getInt("visible", 784, 1);
        int hidden = args.getInt("hidden", 500, 1);
        int batch = args.getInt("batch", 100, 1);
        int steps = args.getInt("cd-steps", 1, 1);
        int reps = args.getInt("repetitions", 20, 1);
        int warmup = args.getInt("warmup", 100, 0);
        int threads = args.getInt("threads", Parallel.availableThreads(), 1);
        long seed = args.getLong("seed", 1);
        String dtype = args.get("dtype") == null ? "both" : args.get("dtype").trim();
        List<Precision> precisions;
        if (dtype.equalsIgnoreCase("both")) {
            precisions = List.of(Precision.FLOAT64, Precision.FLOAT32);
        } else {
            try {
                precisions = List.of(Precision.parse(dtype));
            } catch (IllegalArgumentException e) {
                throw new UsageException("bench: --dtype must be float32, float64 or both, got '" + dtype + "'");
            }
        }
        for (Precision precision : precisions) {
            RbmBenchmark.Result r = RbmBenchmark.cd(precision, threads, visible, hidden, batch, steps, warmup, reps,
                seed);
            printRbmCd(r, out);
        }
    }

    private static void printRbmCd(RbmBenchmark.Result r, PrintStream out) {
        int steps = r.cdSteps();
        ObjectNode line = ModelStore.json().createObjectNode();
        line.put("what", "rbm-cd" + steps + "-update");
        line.put("visible", r.numVisible());
        line.put("hidden", r.numHidden());
        line.put("batch", r.batchSize());
        line.put("cdSteps", r.cdSteps());
        line.put("dtype", r.precision());
        line.put("samplesPerSecond", r.samplesPerSecond());
        line.put("gflops", r.gflops());
        line.put("secondsPerUpdate", r.secondsPerUpdate());
        line.put("repetitions", r.repetitions());
        line.put("blas", Blas.implementation());
        out.println(line.toString());
        out.flush();
    }

    private static void sparkRbm(Args args, PrintStream out) throws Exception {
        int patterns = args.getInt("patterns", 8000, 1);
        int visible = args.getInt("visible", 784, 1);
        int hidden = args.getInt("hidden", 500, 1);
        int batch = args.getInt("batch", 100, 1);
        String resident = args.get("resident-rounds") == null ? "auto" : args.get("resident-rounds");
        if (!resident.equals("auto") && !resident.equals("off")) {
            throw new UsageException("bench: --resident-rounds must be auto or off, got '" + resident + "'");
        }
        onSpark(args, (sc, master) -> {
            int partitions = args.getInt("partitions", sc.defaultParallelism(), 1);
            dev.boltzmann.spark.RoundEngine.withResidentRounds(sc, resident, () -> {
                sparkRbmLine(sc, master, args, patterns, visible, hidden, batch, partitions, out);
                return null;
            });
        });
    }

    private static void sparkRbmLine(org.apache.spark.api.java.JavaSparkContext sc, String master, Args args,
                                     int patterns, int visible, int hidden, int batch, int partitions,
                                     PrintStream out) throws Exception {
        dev.boltzmann.spark.SparkBench.Result r = dev.boltzmann.spark.SparkBench.epoch(sc, patterns, visible,
            hidden, batch, partitions, args.getLong("seed", 1), args.getInt("epochs", 4, 2));
        ObjectNode line = ModelStore.json().createObjectNode();
        line.put("what", "spark-rbm-epoch");
        line.put("master", master);
        line.put("patterns", r.patterns());
        line.put("visible", r.visible());
        line.put("hidden", r.hidden());
        line.put("batch", r.batch());
        line.put("rounds", r.rounds());
        line.put("partitions", r.partitions());
        line.put("residentRounds", dev.boltzmann.spark.RoundEngine.residentRounds(sc, r.partitions()));
        line.put("nativeBlasThreads", dev.boltzmann.spark.RoundEngine.nativeBlasThreads());
        line.put("singleProcessSeconds", r.singleSeconds());
        line.put("sparkSeconds", r.sparkSeconds());
        line.put("overheadMsPerRound", r.overheadMsPerRound());
        line.put("ratio", r.sparkSeconds() / r.singleSeconds());
        line.put("blas", Blas.implementation());
        out.println(line.toString());
    }

    /** What a Spark measurement runs on the session. */
    @FunctionalInterface
    private interface SparkBody {
        void run(org.apache.spark.api.java.JavaSparkContext sc, String master) throws Exception;
    }

    /** Runs {@code body} on the embedded session if there is one, else on a new one for {@code --master}. */
    private static void onSpark(Args args, SparkBody body) throws Exception {
        String master = args.get("master") == null ? "local[2]" : args.get("master");
        boolean embedded = org.apache.spark.sql.SparkSession.getDefaultSession().isDefined();
        org.apache.spark.sql.SparkSession spark = dev.boltzmann.spark.SparkSessions.create("boltzmann bench", master);
        try {
            body.run(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), master);
        } finally {
            if (!embedded) {
                spark.stop();
            }
        }
    }

    private static void sparkScale(Args args, PrintStream out) throws Exception {
        int[] sizes;
        String list = args.get("patterns-list") == null ? "100000,1000000" : args.get("patterns-list");
        try {
            sizes = Arrays.stream(list.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).sorted().toArray();
        } catch (NumberFormatException e) {
            throw new UsageException("bench: --patterns-list must be whole numbers separated by commas, got '" + list
                + "'");
        }
        if (sizes.length == 0 || sizes[0] < 1) {
            throw new UsageException("bench: --patterns-list sizes must be at least 1, got '" + list + "'");
        }
        int visible = args.getInt("visible", 784, 1);
        int hidden = args.getInt("hidden", 100, 1);
        int batch = args.getInt("batch", 100, 1);
        int epochs = args.getInt("epochs", 1, 1);
        long seed = args.getLong("seed", 1);
        onSpark(args, (sc, master) -> {
            int partitions = args.getInt("partitions", sc.defaultParallelism(), 1);
            double firstPerPattern = Double.NaN;
            for (int n : sizes) {
                dev.boltzmann.spark.SparkBench.ScaleResult r = dev.boltzmann.spark.SparkBench.scale(sc, n, visible,
                    hidden, batch, partitions, epochs, seed);
                double perPattern = r.secondsPerEpoch() / n;
                if (Double.isNaN(firstPerPattern)) {
                    firstPerPattern = perPattern;
                }
                ObjectNode line = ModelStore.json().createObjectNode();
                line.put("what", "spark-scale-epoch");
                line.put("master", master);
                line.put("patterns", n);
                line.put("visible", visible);
                line.put("hidden", hidden);
                line.put("batch", batch);
                line.put("rounds", r.rounds());
                line.put("partitions", partitions);
                line.put("epochs", epochs);
                line.put("secondsPerEpoch", r.secondsPerEpoch());
                line.put("samplesPerSecond", n / r.secondsPerEpoch());
                line.put("secondsPerPatternRatio", perPattern / firstPerPattern);
                line.put("generateSeconds", r.generateSeconds());
                line.put("cachedBytes", r.cachedBytes());
                line.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
                line.put("peakUsedHeapBytes", r.peakUsedHeapBytes());
                line.put("peakHeapAfterGcBytes", r.peakHeapAfterGcBytes());
                line.put("reconstructionError", r.reconstructionError());
                line.put("blas", Blas.implementation());
                out.println(line.toString());
                out.flush();
            }
        });
    }

    private static void roundsPerEpoch(Args args, PrintStream out) throws java.io.IOException {
        double[][] train = readRows(args.get("data") == null ? "sample-data/digits/digits-train.txt" : args.get("data"));
        double[][] test = readRows(args.get("test-data") == null ? "sample-data/digits/digits-test.txt"
            : args.get("test-data"));
        int nv = train[0].length;
        if (test[0].length != nv) {
            throw new UsageException("bench: --data rows have " + nv + " values but --test-data rows have "
                + test[0].length);
        }
        int epochs = args.getInt("epochs", 30, 1);
        // the settings of conf/rbm-digits.conf, with the batch and the rate varied
        RbmTrainingConfig base = RbmTrainingConfig.defaults().withNumHidden(args.getInt("hidden", 20, 1))
            .withRule(RbmTrainingConfig.Rule.PCD, args.getInt("cd-steps", 1, 1)).withNumChains(20)
            .withRates(0.02, 0.5, 1e-4).withLearningRateDecay(0.1).withSchedule(20, epochs)
            .withSeed(args.getLong("seed", 1));
        double[] trainFlat = RbmTrainer.flatten(train);
        double[] testFlat = RbmTrainer.flatten(test);
        for (double rounds : numbers(args, "rounds", "1,5,25,125,500")) {
            for (double rate : numbers(args, "rates", "0.005,0.02,0.1,0.5")) {
                if (rounds < 1 || rounds != Math.rint(rounds) || !(rate > 0)) {
                    throw new UsageException("bench: --rounds must be whole numbers >= 1 and --rates > 0, got "
                        + rounds + " and " + rate);
                }
                RoundsPerEpochStudy.Point p;
                try {
                    p = RoundsPerEpochStudy.point(base, (int) rounds, rate, trainFlat, train.length, testFlat,
                        test.length, nv);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("bench: " + e.getMessage());
                }
                ObjectNode line = ModelStore.json().createObjectNode();
                line.put("what", "rounds-per-epoch");
                line.put("rounds", p.rounds());
                line.put("batch", p.batchSize());
                line.put("learningRate", p.learningRate());
                line.put("epochs", epochs);
                line.put("updates", p.updates());
                line.put("trainLogLikelihood", p.trainLogLikelihood());
                line.put("heldOutLogLikelihood", p.heldOutLogLikelihood());
                line.put("seconds", p.seconds());
                out.println(line.toString());
                out.flush();
            }
        }
    }

    private static double[] numbers(Args args, String name, String fallback) {
        String list = args.get(name) == null ? fallback : args.get(name);
        try {
            return Arrays.stream(list.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
        } catch (NumberFormatException e) {
            throw new UsageException("bench: --" + name + " must be numbers separated by commas, got '" + list + "'");
        }
    }

    private static double[][] readRows(String file) throws java.io.IOException {
        java.nio.file.Path path = java.nio.file.Path.of(file);
        if (!java.nio.file.Files.isRegularFile(path)) {
            throw new UsageException("bench: no such file: " + file);
        }
        List<dev.boltzmann.io.LabeledPattern> rows;
        try (java.io.BufferedReader reader = java.nio.file.Files.newBufferedReader(path)) {
            rows = dev.boltzmann.io.PatternText.read(file, reader);
        }
        if (rows.isEmpty()) {
            throw new UsageException("bench: " + file + " holds no patterns");
        }
        return rows.stream().map(dev.boltzmann.io.LabeledPattern::values).toArray(double[][]::new);
    }

    private static void hopfieldCapacity(Args args, PrintStream out) {
        int n = args.getInt("units", 200, 2);
        double flip = args.getDouble("flip", 0.1, 0, 1);
        int trials = args.getInt("trials", 3, 1);
        long seed = args.getLong("seed", 1);
        double[] loads = args.get("loads") == null ? CapacityCurve.defaultLoads() : numbers(args, "loads", "");
        List<StorageRule> rules = new ArrayList<>();
        String ruleList = args.get("rules") == null ? "hebbian,storkey,contrastive" : args.get("rules");
        for (String r : ruleList.split(",")) {
            try {
                rules.add(StorageRule.parse(r));
            } catch (IllegalArgumentException e) {
                throw new UsageException("bench: --rules: " + e.getMessage());
            }
        }
        for (StorageRule rule : rules) {
            for (double load : loads) {
                if (!(load > 0)) {
                    throw new UsageException("bench: loads must be > 0, got " + load);
                }
                long t0 = System.nanoTime();
                int count = (int) Math.max(1, Math.round(load * n));
                CapacityCurve.Point p = CapacityCurve.point(rule, n, count, flip, trials, seed);
                ObjectNode line = ModelStore.json().createObjectNode();
                line.put("what", "hopfield-capacity");
                line.put("rule", rule.id());
                line.put("units", n);
                line.put("patterns", p.patterns());
                line.put("load", p.load());
                line.put("flip", flip);
                line.put("recallRate", p.recallRate());
                line.put("meanOverlap", p.meanOverlap());
                line.put("trials", trials);
                line.put("seconds", (System.nanoTime() - t0) / 1e9);
                out.println(line.toString());
                out.flush();
            }
        }
    }
}
