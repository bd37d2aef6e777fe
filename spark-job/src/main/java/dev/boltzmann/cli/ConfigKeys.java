package dev.boltzmann.cli;

import dev.boltzmann.cli.ConfigKey.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the job knows, in one table: name, default, meaning and allowed values.
 *
 * <p>These names are a contract read by tools outside the repository: add keys, never rename them.
 * A default of {@code ""} means "decided by the model kind or the data" (documented per key).
 */
public final class ConfigKeys {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    static {
        choice("model.kind", null, "the model to train", "hopfield", "bm", "rbm", "ebm", "dbn");
        integer("model.visible", "0", "number of visible units; 0 = the width of the data", 0, INF);
        integer("model.hidden", "0", "number of hidden units (bm, rbm; the softplus units of an ebm's neural energy)", 0, INF);
        integer("model.labels", "0", "number of label units (classes); 0 = none", 0, INF);
        choice("model.encoding", "", "unit values: bipolar (-1/+1) or binary (0/1); default bipolar for hopfield,"
            + " binary otherwise", "", "binary", "bipolar");
        choice("model.visibleUnits", "binary", "rbm visible units: binary (0/1) or gaussian (real values, a"
            + " Gaussian-Bernoulli rbm; csv or libsvm data, no labels)", "binary", "gaussian");
        bool("model.learnVariance", "false", "gaussian rbm: learn each visible unit's variance (log sigma^2) too;"
            + " false = unit variance (for standardised data)");

        choice("train.rule", "", "learning rule; default contrastive for hopfield, cd for rbm, gradient for bm/ebm",
            "", "hebbian", "storkey", "contrastive", "gradient", "cd", "pcd");
        integer("train.epochs", "10", "passes over the data", 0, INF);
        real("train.learningRate", "0.1", "step size of gradient updates (> 0)", 0, INF, true, false);
        integer("train.batchSize", "10", "patterns per update (mini-batch size)", 1, INF);
        integer("train.cdSteps", "1", "Gibbs steps of CD-k / update sweeps k of the contrastive Hopfield rule", 1,
            INF);
        integer("train.chains", "100", "number of persistent or negative-phase chains", 1, INF);
        lng("train.seed", "1", "the seed every random stream is derived from");
        integer("train.roundsPerEpoch", "0", "synchronous updates per epoch (rbm): mini-batches of ceil(N / rounds)"
            + " patterns; 1 = one update per epoch; 0 = set by train.batchSize", 0, INF);
        real("train.momentum", "0.5", "momentum of gradient updates, in [0, 1)", 0, 1, false, true);
        real("train.weightDecay", "0.0", "L2 weight decay (>= 0)", 0, INF, false, false);
        real("train.learningRateDecay", "0.0", "epoch e uses learningRate / (1 + decay * e) (>= 0)", 0, INF, false,
            false);
        real("train.initialWeightStd", "0.01", "standard deviation of the initial Gaussian weights (>= 0)", 0, INF,
            false, false);
        bool("train.visibleBiasFromData", "true", "start the visible biases at log(p/(1-p)) of the data means");
        choice("train.centering", "none", "rbm (with or without labels) and every layer of a dbn: centred RBM"
            + " (Melchior et al. 2016): the gradient step is taken in the parameters of the energy -(v-mu)'W(h-lambda) - b'(v-mu) - c'(h-lambda); none, visible (offset mu ="
            + " sliding mean of the data) or both (also lambda = sliding mean of p(h|v) on the data, from 1/2); the"
            + " model stored is the equivalent ordinary rbm", "none", "visible", "both");
        real("train.centeringRate", "0.01", "rbm: weight of each mini-batch in the centring offsets' sliding"
            + " averages, in [0, 1]; 0 keeps them at their start (the data mean, 1/2)", 0, 1, false, false);

        choice("train.negativePhase", "gibbs", "how the persistent chains of an rbm with train.rule = pcd"
            + " (binary visible units, with or without labels; with labels the replicas sample (v, label, h)) and of"
            + " every layer of a dbn (the label top included)"
            + " advance: gibbs (Gibbs steps) or pt (parallel tempering: pt.temperatures replicas per chain, one Gibbs"
            + " step each per update, then swaps between neighbouring temperatures; the beta = 1 replica gives the statistics)"
            + " and of the free phase of a bm (pt: one sweep of each replica per bm.sweepsBetweenSamples step)",
            "gibbs", "pt");
        integer("pt.temperatures", "10", "parallel tempering: replicas per chain K, at inverse temperatures"
            + " 1 = beta_0 > ... > beta_(K-1) = pt.lowestBeta (>= 2)", 2, INF);
        real("pt.lowestBeta", "0.1", "parallel tempering: the hottest replica's inverse temperature, in [0, 1)"
            + " (> 0 with geometric spacing)", 0, 1, false, true);
        choice("pt.spacing", "geometric", "parallel tempering: geometric (equal ratios) or linear (equal"
            + " differences) inverse temperatures", "geometric", "linear");

        string("dbn.layers", "", "dbn: hidden layer sizes from the bottom up, e.g. 500,200 (the top is a label rbm"
            + " when model.labels > 0)");
        choice("dbn.propagation", "probabilities", "dbn: what trains the next layer: the hidden probabilities or"
            + " binary samples of the layer below", "probabilities", "samples");
        bool("dbn.tiedInit", "false", "dbn: start a layer at the transpose of the one below when the sizes allow");

        choice("model.energy", "ising", "ebm: the energy function: ising (pairwise couplings and biases on binary or"
            + " bipolar units) or neural (model.hidden softplus units on continuous values, data.binarize = none)",
            "ising", "neural");
        integer("ebm.stepsPerUpdate", "10", "ebm: Metropolis proposals per chain per update (one sweep over d binary"
            + " units is d proposals)", 1, INF);
        real("ebm.stepSize", "0.5", "ebm: standard deviation of the Gaussian Metropolis proposal for continuous states"
            + " (> 0)", 0, INF, true, false);
        choice("ebm.negatives", "persistent", "ebm: where the negative-phase chains start at each update: persistent"
            + " chains, or the patterns of the batch", "persistent", "data");
        real("ebm.learningRateFactor", "1.0", "ebm: epoch e uses train.learningRate * factor^e, in (0, 1]", 0, 1, true,
            false);
        real("ebm.confinement", "1.0", "ebm neural: scale s of the fixed confining term |x|^2 / (2 s^2) (> 0)", 0,
            INF, true, false);
        real("ebm.initialSpread", "1.0", "ebm neural: standard deviation of the persistent chains' random start"
            + " (> 0)", 0, INF, true, false);

        integer("bm.burnIn", "20", "bm free phase: burn-in sweeps of a fresh chain", 0, INF);
        integer("bm.samplesPerChain", "5", "bm free phase: states kept per chain per update", 1, INF);
        integer("bm.sweepsBetweenSamples", "2", "bm: sweeps before each kept state, both phases", 1, INF);
        bool("bm.persistent", "true", "bm: carry the free-phase chains between updates (persistent chains)");
        integer("bm.clampedBurnIn", "10", "bm clamped phase: burn-in sweeps per pattern", 0, INF);
        integer("bm.clampedSamples", "5", "bm clamped phase: states kept per pattern", 1, INF);

        choice("hopfield.negatives", "pattern-k-sweeps", "where the contrastive rule's y' come from",
            "pattern-k-sweeps", "random-to-convergence", "pattern-to-convergence");
        choice("recall.mode", "async", "recall dynamics: async (one unit at a time), sync (all at once) or anneal"
            + " (stochastic units cooled by the anneal.* schedule, then a descent to a fixed point)",
            "async", "sync", "anneal");
        choice("recall.order", "random", "unit order of asynchronous recall: seeded random permutation or fixed",
            "random", "fixed");
        integer("recall.maxSweeps", "100", "most sweeps of recall before giving up", 1, INF);

        real("anneal.initialTemperature", "10", "simulated annealing (hopfield recall.mode = anneal, bm generated"
            + " samples): the first temperature T0 (> 0)", 0, INF, true, false);
        real("anneal.alpha", "0.95", "simulated annealing: T <- alpha * T after each temperature, in (0, 1)", 0, 1,
            true, true);
        real("anneal.minTemperature", "0.05", "simulated annealing: the lowest temperature, in (0,"
            + " anneal.initialTemperature]", 0, INF, true, false);
        integer("anneal.sweepsPerTemperature", "10", "simulated annealing: Gibbs sweeps at each temperature", 1,
            INF);

        string("data.path", null, "patterns to train on: a file or directory on any Hadoop file system");
        choice("data.format", "text", "format of data.path", "text", "csv", "libsvm", "parquet");
        choice("data.binarize", "threshold", "how values in [0,1] become binary units: threshold (>= data.threshold"
            + " is on), stochastic (on with probability = value, seeded per pattern) or none (keep the values)",
            "threshold", "stochastic", "none");
        choice("data.standardize", "", "gaussian rbm: standardise each column with the training set's mean and"
            + " standard deviation (stored in the model directory and applied by complete, sample and evaluate);"
            + " default true for gaussian units", "", "true", "false");
        real("data.threshold", "0.5", "threshold of data.binarize = threshold, in (0, 1)", 0, 1, true, true);
        integer("data.imageWidth", "0", "width of a pattern drawn as an image; 0 = not an image", 0, INF);
        string("data.testPath", "", "held-out patterns for the monitors (same format as data.path); empty = none");
        choice("data.onBadRecord", "fail", "what a bad record does: fail the job, or skip and count it",
            "fail", "skip");

        integer("checkpoint.every", "1", "epochs between checkpoints (each written atomically under OUT.inprogress;"
            + " the two newest are kept); --resume continues from the newest and redoes the epochs after it", 1, INF);

        integer("monitor.every", "1", "epochs between log-likelihood measurements; 0 = only after the last epoch",
            0, INF);
        choice("monitor.logLikelihood", "auto", "how the log-likelihood is measured: exact (enumeration over the"
            + " smaller layer, <= 24 units; a gaussian rbm's hidden layer), ais, auto (exact when possible, else"
            + " ais) or none",
            "auto", "exact", "ais", "none");
        integer("monitor.aisBetas", "1000", "intermediate distributions of AIS in the per-epoch monitor", 10, INF);
        integer("monitor.aisRuns", "100", "AIS runs in the per-epoch monitor", 2, INF);
        integer("monitor.reverseAisSweeps", "200", "binary rbm: parallel-tempering updates (pt.* ladder) that draw the"
            + " start samples of reverse AIS, whose log Z is the upper side of AIS's; 0 = forward AIS only", 0, INF);

        real("demo.corruption", "0.0", "after training, corrupt this fraction of each pattern's units and show the"
            + " completion; 0 = no demo", 0, 1, false, true);

        integer("demo.count", "0", "after training an rbm on images (data.imageWidth), complete the lower half of"
            + " this many held-out patterns and print them; 0 = no demo", 0, INF);

        string("spark.master", "local[*]", "Spark master URL; local[*] runs embedded in this JVM");
        integer("spark.partitions", "0", "partitions of the pattern data; 0 = Spark's default", 0, INF);
        choice("spark.residentRounds", "auto", "auto: in local mode, when every partition gets a core, an epoch's"
            + " rounds run in one Spark job whose tasks stay and swap each round's input and sums with the driver in"
            + " memory; off: one Spark job per round (each named in the Spark UI). Same model either way", "auto",
            "off");
    }

    private ConfigKeys() {
    }

    /** All keys in table order. */
    public static Map<String, ConfigKey> all() {
        return Collections.unmodifiableMap(KEYS);
    }

    /** The key named {@code name}, or null. */
    public static ConfigKey get(String name) {
        return KEYS.get(name);
    }

    private static void put(ConfigKey k) {
        if (KEYS.put(k.name(), k) != null) {
            throw new IllegalStateException("config key declared twice: " + k.name());
        }
    }

    private static void choice(String name, String def, String doc, String... choices) {
        put(new ConfigKey(name, def, doc, Type.CHOICE, 0, 0, false, false, List.of(choices)));
    }

    private static void integer(String name, String def, String doc, double min, double max) {
        put(new ConfigKey(name, def, doc, Type.INT, min, max, false, false, List.of()));
    }

    private static void lng(String name, String def, String doc) {
        put(new ConfigKey(name, def, doc, Type.LONG, Long.MIN_VALUE, Long.MAX_VALUE, false, false, List.of()));
    }

    private static void real(String name, String def, String doc, double min, double max, boolean minEx,
                             boolean maxEx) {
        put(new ConfigKey(name, def, doc, Type.DOUBLE, min, max, minEx, maxEx, List.of()));
    }

    private static void bool(String name, String def, String doc) {
        put(new ConfigKey(name, def, doc, Type.BOOLEAN, 0, 0, false, false, List.of()));
    }

    private static void string(String name, String def, String doc) {
        put(new ConfigKey(name, def, doc, Type.STRING, 0, 0, false, false, List.of()));
    }
}
