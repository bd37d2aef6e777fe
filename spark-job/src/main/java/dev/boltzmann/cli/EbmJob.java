package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.BinaryStateEnumeration;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.EbmStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.BadInputException;
import dev.boltzmann.learning.EbmEpochSummary;
import dev.boltzmann.learning.EbmTrainingOptions;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.IsingEnergy;
import dev.boltzmann.model.NeuralEnergy;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkContrastiveTrainer;
import dev.boltzmann.spark.SparkEbmTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = ebm}: a general energy-based model (ALGORITHMS.md §6) trained on Spark
 * by {@link SparkEbmTrainer} (what {@link dev.boltzmann.learning.EbmTrainer} computes in one process): the data's
 * mean energy gradient minus that of Metropolis negative samples, a checkpoint (θ, the persistent chains, the
 * metrics) after every epoch and {@code --resume}. The energy is {@code model.energy}: an Ising energy on binary (or
 * bipolar) units, whose exact log-likelihood is measured when there are at most
 * {@value BinaryStateEnumeration#MAX_UNITS} units (log Z by enumerating the states on the driver, the data's energies
 * summed on Spark), or a neural energy on continuous values.
 */
final class EbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(EbmJob.class);
    /** Purpose key of the initial parameters. */
    private static final long INIT_PURPOSE = 0x45424D49L;
    /** Purpose key of the generated samples of the pictures. */
    private static final long PICTURE_PURPOSE = 0x45424D50L;

    private final JobConfig config;
    private final EbmTrainingOptions options;
    private final String energy;
    private final Encoding encoding;
    private final int hidden;
    /** The model of {@code --init-model}, or null for a random start. */
    private EnergyFunction start;

    private EbmJob(JobConfig config, EbmTrainingOptions options, String energy, Encoding encoding, int hidden) {
        this.config = config;
        this.options = options;
        this.energy = energy;
        this.encoding = encoding;
        this.hidden = hidden;
    }

    /** The job of {@code c}, or a {@link ConfigException} naming the key that does not fit an EBM. */
    static EbmJob from(JobConfig c) {
        if (!c.getOr("train.rule", "gradient").equals("gradient")) {
            throw c.invalid("train.rule", "an ebm learns with gradient (data minus Metropolis sample energy"
                + " gradients)");
        }
        if (c.getInt("model.labels") > 0) {
            throw c.invalid("model.labels", "an ebm has no label units");
        }
        if (c.getInt("train.epochs") < 1) {
            throw c.invalid("train.epochs", "an ebm needs at least 1 epoch");
        }
        if (c.getDouble("train.learningRateDecay") > 0) {
            throw c.invalid("train.learningRateDecay", "an ebm's rate decays geometrically: set ebm.learningRateFactor"
                + " instead");
        }
        String energy = c.get("model.energy");
        int hidden = c.getInt("model.hidden");
        Encoding encoding = null;
        if (energy.equals("ising")) {
            if (hidden > 0) {
                throw c.invalid("model.hidden", "an ising energy has visible units only (model.hidden sets the units"
                    + " of model.energy = neural)");
            }
            encoding = Encoding.parse(c.getOr("model.encoding", "binary"));
        } else {
            if (hidden < 1) {
                throw c.invalid("model.hidden", "a neural energy needs at least 1 hidden unit");
            }
            if (!c.get("data.binarize").equals("none")) {
                throw c.invalid("data.binarize", "a neural energy models continuous values: set data.binarize = none");
            }
            if (!c.get("model.encoding").isEmpty()) {
                throw c.invalid("model.encoding", "a neural energy has continuous states, not binary or bipolar units");
            }
        }
        try {
            EbmTrainingOptions o = EbmTrainingOptions.defaults()
                .withLearningRate(c.getDouble("train.learningRate"))
                .withLearningRateFactor(c.getDouble("ebm.learningRateFactor"))
                .withEpochs(c.getInt("train.epochs"))
                .withBatchSize(c.getInt("train.batchSize"))
                .withNumChains(c.getInt("train.chains"))
                .withStepsPerUpdate(c.getInt("ebm.stepsPerUpdate"))
                .withStepSize(c.getDouble("ebm.stepSize"))
                .withL2Decay(c.getDouble("train.weightDecay"))
                .withNegativePhase(c.get("ebm.negatives").equals("data") ? EbmTrainingOptions.NegativePhase.FROM_DATA
                    : EbmTrainingOptions.NegativePhase.PERSISTENT)
                .withInitialSpread(c.getDouble("ebm.initialSpread"))
                .withSeed(c.getLong("train.seed"));
            return new EbmJob(c, o, energy, encoding, hidden);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(c.source() + ": " + e.getMessage());
        }
    }

    @Override
    public String describe(int width) {
        return energy.equals("ising") ? "ebm (ising energy on " + width + " " + encoding.name().toLowerCase()
            + " units, Metropolis negatives)" : "ebm (neural energy on R^" + width + ", " + hidden
            + " hidden units, Metropolis negatives)";
    }

    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        EbmStore.Loaded init = EbmStore.read(conf, dir);
        String modelEnergy = init.metadata().path("energy").asText();
        if (!modelEnergy.equals(energy)) {
            throw WarmStart.mismatch(dir, "an energy of type " + modelEnergy, "model.energy", energy);
        }
        if (init.energy() instanceof NeuralEnergy neural) {
            WarmStart.same(dir, neural.hidden(), "hidden units", "model.hidden", hidden);
            double scale = config.getDouble("ebm.confinement");
            if (neural.confinementScale() != scale) {
                throw WarmStart.mismatch(dir, "confinement scale " + neural.confinementScale(), "ebm.confinement",
                    config.get("ebm.confinement"));
            }
        } else {
            Encoding modelEncoding = init.energy().stateSpace().encoding();
            if (modelEncoding != encoding) {
                throw WarmStart.mismatch(dir, modelEncoding.name().toLowerCase() + " units", "model.encoding",
                    encoding.name().toLowerCase());
            }
        }
        start = init.energy();
        return new Start(init.metadata(), start.dimension());
    }

    private EnergyFunction initial(int d) {
        if (start != null) {
            return start;
        }
        double std = config.getDouble("train.initialWeightStd");
        return energy.equals("ising")
            ? IsingEnergy.random(d, encoding, std, std, Seeds.rng(options.seed(), INIT_PURPOSE))
            : NeuralEnergy.random(d, hidden, config.getDouble("ebm.confinement"), std,
                Seeds.rng(options.seed(), INIT_PURPOSE));
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints, boolean resume,
                         Progress progress) throws Exception {
        int d = data.width();
        long count = data.count();
        EnergyFunction initial = initial(d);
        JavaRDD<LabeledPattern> rows = encoding == Encoding.BIPOLAR
            ? SparkContrastiveTrainer.bipolar(data.patterns()) : data.patterns();
        try {
            SparkEbmTrainer.check(rows, initial.stateSpace());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(config.get("data.path") + ": " + e.getMessage());
        }
        boolean exact = energy.equals("ising") && d <= BinaryStateEnumeration.MAX_UNITS
            && !config.get("monitor.logLikelihood").equals("none");
        int every = config.getInt("monitor.every");
        MetricsLog metrics = new MetricsLog();
        int batch = (int) Math.min(options.batchSize(), count);
        int rounds = (int) ((count + batch - 1) / batch);
        SparkEbmTrainer.State state = SparkEbmTrainer.initialState(initial, options);
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            state = restore(sc, saved.get(), state, metrics);
            LOG.info("resuming from {} after epoch {}", saved.get().path(), state.epochsDone());
        }
        state = SparkEbmTrainer.train(sc, rows, count, options, state, s -> {
            int epoch = s.epochsDone();
            EbmEpochSummary summary = s.summary();
            ObjectNode line = ModelStore.json().createObjectNode();
            line.put("epoch", epoch);
            line.put("seconds", summary.seconds());
            line.put("samplesPerSecond", count / Math.max(summary.seconds(), 1e-9));
            line.put("learningRate", summary.learningRate());
            line.put("meanDataEnergy", summary.meanDataEnergy());
            line.put("meanSampleEnergy", summary.meanSampleEnergy());
            line.put("acceptanceRate", summary.acceptanceRate());
            if (exact && (epoch == options.epochs() || (every > 0 && epoch % every == 0))) {
                line.put("logLikelihoodMethod", "exact");
                line.put("logLikelihood", SparkEbmTrainer.exactLogLikelihood(rows, s.energy(), count));
                LOG.info("epoch {}: exact log-likelihood {}", epoch,
                    String.format("%.3f", line.path("logLikelihood").asDouble()));
            }
            metrics.add(line);
            progress.epoch(epoch, options.epochs(), rounds, count, summary.seconds());
            save(checkpoints, s, metrics);
        });
        EnergyFunction trained = state.energy();
        return new Trained(meta -> EbmStore.describe(meta, trained), EbmStore.arrays(trained), metrics,
            options.epochs(), trained);
    }

    /**
     * Writes the state after an epoch: the model's arrays, θ exactly as trained ({@code theta}), the persistent
     * chains ({@code chains}, numChains × d) and the metrics so far. The update is plain gradient descent at the
     * epoch's rate: there is no optimiser state to save.
     */
    private void save(Checkpoints checkpoints, SparkEbmTrainer.State s, MetricsLog metrics) throws Exception {
        JobCheckpoints jc = new JobCheckpoints(config);
        ObjectNode meta = jc.metadata(s.epochsDone());
        EnergyFunction e = s.energy();
        EbmStore.describe(meta, e);
        Map<String, ModelStore.NamedArray> arrays = new LinkedHashMap<>(EbmStore.arrays(e));
        arrays.put("theta", new ModelStore.NamedArray(e.parameters(), e.numParameters()));
        if (s.chains() != null) {
            int d = e.dimension();
            arrays.put("chains", new ModelStore.NamedArray(s.chains(), s.chains().length / d, d));
        }
        jc.save(checkpoints, s.epochsDone(), meta, arrays, metrics);
    }

    /** The state saved in a checkpoint, after checking that it was trained with the same settings. */
    private SparkEbmTrainer.State restore(JavaSparkContext sc, Checkpoints.Saved saved, SparkEbmTrainer.State fresh,
                                          MetricsLog metrics) throws Exception {
        org.apache.hadoop.conf.Configuration hc = sc.hadoopConfiguration();
        String dir = saved.path();
        new JobCheckpoints(config).open(hc, saved, EbmStore.KIND, metrics);
        EnergyFunction start = fresh.energy();
        int d = start.dimension();
        EnergyFunction e = start.withParameters(ModelStore.readArray(hc, dir, "theta", start.numParameters()).data());
        double[] chains = fresh.chains() == null ? null
            : ModelStore.readArray(hc, dir, "chains", options.numChains(), d).data();
        return new SparkEbmTrainer.State(e, chains, saved.epoch(), null);
    }

    @Override
    public Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                        Map<String, String> captions) {
        EnergyFunction e = (EnergyFunction) trained.model();
        int d = e.dimension();
        if (!e.stateSpace().isDiscrete() || !SamplePictures.wanted(config, d)) {
            return Map.of();
        }
        UsableModel.SampleOptions o = new UsableModel.SampleOptions(1000, 1, null, false);
        List<double[]> tiles = new ArrayList<>();
        for (int k = 0; k < 16; k++) {
            tiles.add(UnitStates.toEncoding(UsableModel.Ebm.generate(e, options.stepSize(), o,
                Seeds.rng(options.seed(), PICTURE_PURPOSE, k)), Encoding.BINARY));
        }
        return SamplePictures.of(config, d, tiles, 8, "generated: Metropolis chains after 1,000 sweeps from random"
            + " states", captions);
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out)
        throws Exception {
        List<String> lines = trained.metrics().lines();
        ObjectNode last = (ObjectNode) ModelStore.json().readTree(lines.get(lines.size() - 1));
        out.printf("mean energy %.3f on the data, %.3f on the negative samples; Metropolis acceptance %.3f%n",
            last.path("meanDataEnergy").asDouble(), last.path("meanSampleEnergy").asDouble(),
            last.path("acceptanceRate").asDouble());
        if (last.has("logLikelihood")) {
            out.printf("exact mean log-likelihood: %.3f nats%n", last.path("logLikelihood").asDouble());
        }
    }
}
