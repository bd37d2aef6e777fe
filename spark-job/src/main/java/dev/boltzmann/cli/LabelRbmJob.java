package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.learning.TemperingOptions;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.sampling.RbmSampler;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.RbmDataStats;
import dev.boltzmann.spark.SparkLabelRbmTrainer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = rbm} with {@code model.labels > 0}: an RBM whose visible layer has a
 * softmax group of label units, trained by CD-k, PCD or PCD with parallel tempering over (v, y, h)
 * ({@code train.negativePhase = pt}) on Spark ({@link SparkLabelRbmTrainer}), with the
 * classification accuracy on the training and held-out data after every epoch (counted where the data lives),
 * a checkpoint after every epoch and {@code --resume}.
 */
final class LabelRbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(LabelRbmJob.class);

    private final JobConfig config;
    private final RbmTrainingConfig training;
    private final int labels;
    /** The ladder of {@code train.negativePhase = pt}, or null for Gibbs chains. */
    private final TemperingOptions tempering;
    /** The model of {@code --init-model}, or null to start from a random one. */
    private LabelRbm start;

    LabelRbmJob(JobConfig config, RbmTrainingConfig training, int labels, TemperingOptions tempering) {
        this.config = config;
        this.training = training;
        this.labels = labels;
        this.tempering = tempering;
    }

    /** Trains from the label RBM in {@code dir} (a warm start): its sizes and labels must be the config's. */
    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        WarmStart.rbm(conf, dir, config);
        RbmStore.Loaded init = RbmStore.read(conf, dir);
        start = init.labelRbm();
        return new Start(init.metadata(), start.numVisible());
    }

    @Override
    public String describe(int width) {
        return "label rbm (" + width + " visible + " + labels + " label x " + training.numHidden() + " hidden, rule "
            + training.rule().name().toLowerCase() + "-" + training.cdSteps()
            + (tempering == null ? "" : ", parallel tempering over " + tempering.numTemperatures() + " temperatures")
            + ")";
    }

    /** The patterns of {@code data} as joint rows (v, one-hot label), after checking every label on Spark. */
    private JavaRDD<LabeledPattern> joint(PatternSource.Loaded data, String path) {
        Labels.check(data.patterns(), labels, path);
        return SparkLabelRbmTrainer.joint(data.patterns(), data.width(), labels);
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        if (labels < 2) {
            throw config.invalid("model.labels", "a label group needs at least 2 classes");
        }
        int nv = data.width();
        long rows = data.count();
        JavaRDD<LabeledPattern> train = joint(data, config.get("data.path"));
        String testPath = config.get("data.testPath");
        PatternSource.Loaded held = null;
        JavaRDD<LabeledPattern> test = null;
        if (!testPath.isEmpty()) {
            held = PatternSource.read(sc, config.dataSpec(testPath), nv);
            test = joint(held, testPath);
        }
        MetricsLog metrics = new MetricsLog();
        SparkLabelRbmTrainer.State state = SparkLabelRbmTrainer.initialState(start != null ? start
            : SparkLabelRbmTrainer.initialModel(train, rows, nv, labels, training), training, tempering);
        RbmCentering.Mode centering = RbmCentering.Mode.parse(config.get("train.centering"));
        if (centering != RbmCentering.Mode.NONE) {
            // the label units count as visible units: μ starts at the pixel means and the class frequencies
            state.optimizer().withCentering(RbmCentering.start(centering, config.getDouble("train.centeringRate"),
                RbmDataStats.columnMeans(train, nv + labels, rows), training.numHidden()));
        }
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            state = restore(sc, saved.get(), state, metrics);
            LOG.info("resuming from {} after epoch {}", saved.get().path(), state.epochsDone());
        }
        JavaRDD<LabeledPattern> heldRows = test;
        long heldCount = held == null ? 0 : held.count();
        state = SparkLabelRbmTrainer.train(sc, train, rows, training, tempering, state, (s, recon, seconds) -> {
            double trainAcc = SparkLabelRbmTrainer.accuracy(train, s.model(), rows);
            double heldAcc = heldRows == null ? Double.NaN : SparkLabelRbmTrainer.accuracy(heldRows, s.model(),
                heldCount);
            ObjectNode line = ModelStore.json().createObjectNode();
            line.put("epoch", s.epochsDone());
            line.put("seconds", seconds);
            line.put("samplesPerSecond", rows / Math.max(seconds, 1e-9));
            line.put("learningRate", training.learningRateAt(s.epochsDone() - 1));
            line.put("trainingReconstructionError", recon);
            line.put("accuracy", trainAcc);
            if (!Double.isNaN(heldAcc)) {
                line.put("heldOutAccuracy", heldAcc);
            }
            RbmJob.putSwapRates(line, s.epochsDone(), s.swaps());
            metrics.add(line);
            progress.epoch(s.epochsDone(), training.epochs(), (int) ((rows + training.batchSize() - 1)
                / training.batchSize()), rows, seconds);
            LOG.info("epoch {}: accuracy {} (train) {} (held out), reconstruction error {}", s.epochsDone(),
                String.format("%.4f", trainAcc), String.format("%.4f", heldAcc), String.format("%.3f", recon));
            save(checkpoints, s, metrics);
        });
        if (held != null) {
            held.patterns().unpersist(false);
        }
        LabelRbm model = state.model();
        return new Trained(meta -> RbmStore.describe(meta, model.visiblePart(), labels), RbmStore.arrays(model),
            metrics, training.epochs(), model);
    }

    /** Writes the state after an epoch: parameters, velocities, chains, and the metrics so far. */
    private void save(Checkpoints checkpoints, SparkLabelRbmTrainer.State s, MetricsLog metrics) throws Exception {
        JobCheckpoints jc = new JobCheckpoints(config);
        ObjectNode meta = jc.metadata(s.epochsDone());
        RbmStore.describe(meta, s.model().visiblePart(), labels);
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        JobCheckpoints.putLabelRbm(arrays, meta, "", s, replicas());
        JobCheckpoints.putCentering(arrays, "", s.optimizer().centering());
        jc.save(checkpoints, s.epochsDone(), meta, arrays, metrics);
    }

    /** The state saved in a checkpoint, after checking that it was trained with the same settings. */
    private SparkLabelRbmTrainer.State restore(JavaSparkContext sc, Checkpoints.Saved saved,
                                               SparkLabelRbmTrainer.State fresh, MetricsLog metrics)
        throws Exception {
        org.apache.hadoop.conf.Configuration hc = sc.hadoopConfiguration();
        ObjectNode meta = new JobCheckpoints(config).open(hc, saved, RbmStore.KIND, metrics);
        LabelRbm m = fresh.model();
        SparkLabelRbmTrainer.State s = JobCheckpoints.readLabelRbm(hc, saved.path(), meta, "", m.numVisible(),
            m.numHidden(), labels, training, replicas());
        s.optimizer().withCentering(JobCheckpoints.readCentering(hc, saved.path(), "",
            RbmCentering.Mode.parse(config.get("train.centering")), config.getDouble("train.centeringRate"),
            m.numVisible() + labels, m.numHidden()));
        return s;
    }

    /** Replicas per persistent chain: K with parallel tempering, else 1. */
    private int replicas() {
        return tempering == null ? 1 : tempering.numTemperatures();
    }

    /** Two generated patterns of each class, one class per column: 1,000 Gibbs sweeps with the label clamped. */
    @Override
    public Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                        Map<String, String> captions) {
        LabelRbm model = (LabelRbm) trained.model();
        int nv = model.numVisible();
        if (!SamplePictures.wanted(config, nv)) {
            return Map.of();
        }
        double[] v = RbmSampler.generateWithLabels(model, SamplePictures.twoPerClass(labels), 2 * labels, null,
            RbmSampler.Options.mean(1000, 1, config.getLong("train.seed")));
        return SamplePictures.of(config, nv, SamplePictures.tiles(v, 2 * labels, nv), labels, "generated, one class per column: P(v|h) after 1,000"
            + " Gibbs sweeps with the label clamped", captions);
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out)
        throws Exception {
        if (!trained.metrics().lines().isEmpty()) {
            ObjectNode last = trained.metrics().last();
            out.printf("classification accuracy: %.4f on the training data%s%n", last.path("accuracy").asDouble(),
                last.has("heldOutAccuracy")
                    ? String.format(", %.4f held out", last.path("heldOutAccuracy").asDouble()) : "");
        }
    }
}
