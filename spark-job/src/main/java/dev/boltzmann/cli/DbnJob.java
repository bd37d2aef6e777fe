package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.DbnStore;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.RbmCentering;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.sampling.RbmSampler;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.SparkDbnTrainer;
import dev.boltzmann.spark.SparkLabelRbmTrainer;
import dev.boltzmann.spark.SparkRbmTrainer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = dbn}: a deep belief net trained greedily, layer by layer
 * ({@code dbn.layers}), the top a label RBM when {@code model.labels > 0}; on Spark ({@link SparkDbnTrainer}: each
 * layer an RBM trained on the layer below's outputs, computed on the executors). One {@code metrics.jsonl} line
 * per layer and epoch, a checkpoint after every epoch of every layer, and {@code --resume}.
 */
final class DbnJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(DbnJob.class);

    private final JobConfig config;
    private final DeepBeliefNetConfig dbn;
    private final int labels;
    /** The net of {@code --init-model}, or null to start from fresh layers. */
    private DeepBeliefNet start;

    private DbnJob(JobConfig config, DeepBeliefNetConfig dbn, int labels) {
        this.config = config;
        this.dbn = dbn;
        this.labels = labels;
    }

    static DbnJob from(JobConfig c) {
        List<Integer> sizes = new ArrayList<>();
        String spec = c.get("dbn.layers").trim();
        if (spec.isEmpty()) {
            throw c.invalid("dbn.layers", "a dbn needs its hidden layer sizes, e.g. dbn.layers = 500,200");
        }
        for (String part : spec.split(",")) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                sizes.add(n);
            } catch (NumberFormatException e) {
                throw c.invalid("dbn.layers", "expected positive whole numbers separated by commas");
            }
        }
        int labels = c.getInt("model.labels");
        if (labels == 1) {
            throw c.invalid("model.labels", "a label group needs at least 2 classes (or 0 for none)");
        }
        RbmTrainingConfig base = RbmJob.trainingConfig(c, sizes.get(0));
        DeepBeliefNetConfig d = DeepBeliefNetConfig.of(sizes, base, labels > 0)
            .withTempering(RbmJob.tempering(c, base))
            .withPropagation(c.get("dbn.propagation").equals("samples") ? DeepBeliefNetConfig.Propagation.SAMPLES
                : DeepBeliefNetConfig.Propagation.PROBABILITIES);
        if (c.getBoolean("dbn.tiedInit")) {
            d = d.withTiedInit(true);
        }
        RbmCentering.Mode centering = RbmCentering.Mode.parse(c.get("train.centering"));
        if (centering != RbmCentering.Mode.NONE) {
            // every layer centred, the label top (model.labels > 0) included
            d = d.withCentering(centering, c.getDouble("train.centeringRate"));
        }
        return new DbnJob(c, d, labels);
    }

    /**
     * Trains from the net in {@code dir} (a warm start): each layer starts at the model's layer (the label top at its
     * label top); its hidden layer sizes must be {@code dbn.layers} and its labels {@code model.labels}.
     */
    @Override
    public Start startFrom(org.apache.hadoop.conf.Configuration conf, String dir) throws java.io.IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, DbnStore.KIND);
        DeepBeliefNet net = DbnStore.read(conf, dir);
        int[] sizes = net.layerSizes();
        List<Integer> hidden = new ArrayList<>();
        for (int k = 1; k < sizes.length; k++) {
            hidden.add(sizes[k]);
        }
        List<Integer> configured = dbn.layers().stream().map(RbmTrainingConfig::numHidden).toList();
        if (!hidden.equals(configured)) {
            throw WarmStart.mismatch(dir, "hidden layers of " + join(hidden) + " units", "dbn.layers",
                join(configured));
        }
        WarmStart.same(dir, net.hasLabels() ? net.labelTop().numLabels() : 0, "label units", "model.labels", labels);
        start = net;
        return new Start(meta, net.numVisible());
    }

    private static String join(List<Integer> sizes) {
        return String.join(",", sizes.stream().map(String::valueOf).toList());
    }

    @Override
    public String describe(int width) {
        StringBuilder sb = new StringBuilder("dbn (" + width);
        for (RbmTrainingConfig layer : dbn.layers()) {
            sb.append(" -> ").append(layer.numHidden());
        }
        sb.append(labels > 0 ? ", label top with " + labels + " classes" : "");
        if (dbn.tempering() != null) {
            sb.append(", parallel tempering over ").append(dbn.tempering().numTemperatures()).append(" temperatures");
        }
        if (dbn.centering() != RbmCentering.Mode.NONE) {
            sb.append(", centred: ").append(dbn.centering().name().toLowerCase());
        }
        return sb.append(")").toString();
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume, Progress progress) throws Exception {
        long count = data.count();
        if (labels > 0) {
            Labels.check(data.patterns(), labels, config.get("data.path"));
        }
        MetricsLog metrics = new MetricsLog();
        SparkDbnTrainer.Progress from = SparkDbnTrainer.Progress.START;
        Optional<Checkpoints.Saved> saved = resume ? checkpoints.latest() : Optional.empty();
        if (saved.isPresent()) {
            from = restore(sc, saved.get(), data.width(), metrics);
            LOG.info("resuming from {}: {} layers done", saved.get().path(), from.done().size());
        }
        DeepBeliefNet net = SparkDbnTrainer.train(sc, data.patterns(), count, data.width(), labels, dbn, from, start,
            (where, layer, epoch, recon, seconds) -> {
                ObjectNode line = ModelStore.json().createObjectNode();
                line.put("layer", layer);
                line.put("epoch", epoch);
                line.put("seconds", seconds);
                line.put("samplesPerSecond", count / Math.max(seconds, 1e-9));
                line.put("trainingReconstructionError", recon);
                RbmJob.putSwapRates(line, epoch, where.layer() != null ? where.layer().swaps()
                    : where.top() != null ? where.top().swaps() : null);
                metrics.add(line);
                RbmTrainingConfig c = dbn.layers().get(layer);
                progress.epoch("layer " + (layer + 1) + "/" + dbn.layers().size() + ", ", epoch, c.epochs(),
                    (int) ((count + c.batchSize() - 1) / c.batchSize()), count, seconds);
                LOG.info("layer {} epoch {}: reconstruction error {}", layer, epoch, String.format("%.3f", recon));
                save(checkpoints, where, metrics);
            });
        int epochs = dbn.layers().stream().mapToInt(RbmTrainingConfig::epochs).sum();
        return new Trained(meta -> DbnStore.describe(meta, net), DbnStore.arrays(net), metrics, epochs, net);
    }

    /**
     * Writes where the run stands after an epoch: the finished layers ({@code W_k}, {@code visible_bias_k},
     * {@code hidden_bias_k}), the state of the layer in training (names starting {@code layer_}, or {@code top_}
     * for the label top: parameters, velocities, chains) and the metrics so far.
     */
    private void save(Checkpoints checkpoints, SparkDbnTrainer.Progress p, MetricsLog metrics) throws Exception {
        JobCheckpoints jc = new JobCheckpoints(config);
        int epochs = p.epochs(dbn);
        ObjectNode meta = jc.metadata(epochs);
        meta.put("kind", DbnStore.KIND);
        meta.put("layersDone", p.done().size());
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        for (int k = 0; k < p.done().size(); k++) {
            Rbm r = p.done().get(k);
            arrays.put("W_" + k, new ModelStore.NamedArray(r.weights(), r.numVisible(), r.numHidden()));
            arrays.put("visible_bias_" + k, new ModelStore.NamedArray(r.visibleBias(), r.numVisible()));
            arrays.put("hidden_bias_" + k, new ModelStore.NamedArray(r.hiddenBias(), r.numHidden()));
        }
        if (p.layer() != null) {
            JobCheckpoints.putRbm(arrays, meta, "layer_", p.layer(), dbn.chainReplicas());
            JobCheckpoints.putCentering(arrays, "layer_", p.layer().optimizer().centering());
        }
        if (p.top() != null) {
            JobCheckpoints.putLabelRbm(arrays, meta, "top_", p.top(), dbn.chainReplicas());
            JobCheckpoints.putCentering(arrays, "top_", p.top().optimizer().centering());
        }
        jc.save(checkpoints, epochs, meta, arrays, metrics);
    }

    /** Where the interrupted run stood, after checking that it was trained with the same settings. */
    private SparkDbnTrainer.Progress restore(JavaSparkContext sc, Checkpoints.Saved saved, int numVisible,
                                             MetricsLog metrics) throws Exception {
        org.apache.hadoop.conf.Configuration hc = sc.hadoopConfiguration();
        String dir = saved.path();
        ObjectNode meta = new JobCheckpoints(config).open(hc, saved, DbnStore.KIND, metrics);
        List<RbmTrainingConfig> layers = dbn.layers();
        int done = meta.path("layersDone").asInt();
        List<Rbm> rbms = new ArrayList<>();
        int width = numVisible;
        for (int k = 0; k < done; k++) {
            int nh = layers.get(k).numHidden();
            rbms.add(Rbm.of(ModelStore.readArray(hc, dir, "W_" + k, width, nh).data(),
                ModelStore.readArray(hc, dir, "visible_bias_" + k, width).data(),
                ModelStore.readArray(hc, dir, "hidden_bias_" + k, nh).data()));
            width = nh;
        }
        SparkRbmTrainer.State layer = null;
        SparkLabelRbmTrainer.State top = null;
        if (meta.has("layer_epochsDone")) {
            RbmTrainingConfig c = layers.get(done);
            layer = JobCheckpoints.readRbm(hc, dir, meta, "layer_", width, c.numHidden(), c, dbn.chainReplicas());
            layer.optimizer().withCentering(JobCheckpoints.readCentering(hc, dir, "layer_", dbn.centering(),
                dbn.centeringRate(), width, c.numHidden()));
        } else if (meta.has("top_epochsDone")) {
            RbmTrainingConfig c = layers.get(done);
            top = JobCheckpoints.readLabelRbm(hc, dir, meta, "top_", width, c.numHidden(), labels, c,
                dbn.chainReplicas());
            top.optimizer().withCentering(JobCheckpoints.readCentering(hc, dir, "top_", dbn.centering(),
                dbn.centeringRate(), width + labels, c.numHidden()));
        }
        return new SparkDbnTrainer.Progress(rbms, layer, top);
    }

    /**
     * Generated patterns: two of each class (one class per column) with a label top, else 16; 500 Gibbs sweeps in
     * the top RBM, then a top-down pass.
     */
    @Override
    public Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                        Map<String, String> captions) {
        DeepBeliefNet net = (DeepBeliefNet) trained.model();
        int nv = net.numVisible();
        if (!SamplePictures.wanted(config, nv)) {
            return Map.of();
        }
        int rows = labels > 0 ? 2 * labels : 16;
        double[] v = RbmSampler.generate(net, labels > 0 ? SamplePictures.twoPerClass(labels) : null, rows,
            RbmSampler.Options.mean(500, 1, config.getLong("train.seed"))).visible();
        return SamplePictures.of(config, nv, SamplePictures.tiles(v, rows, nv), labels > 0 ? labels : 8, "generated" + (labels > 0
            ? ", one class per column" : "") + ": 500 Gibbs sweeps in the top layer, then P(v|h) of a top-down pass",
            captions);
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out) {
        DeepBeliefNet net = (DeepBeliefNet) trained.model();
        if (net.hasLabels()) {
            out.printf("classification accuracy on the training data: %.4f%n",
                SparkDbnTrainer.accuracy(data.patterns(), net, data.width(), data.count()));
        }
    }
}
