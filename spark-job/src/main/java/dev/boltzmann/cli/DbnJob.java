package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.DbnStore;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.learning.DeepBeliefNetConfig;
import dev.boltzmann.learning.DeepBeliefNetTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.spark.PatternSource;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = dbn}: a deep belief net trained greedily, layer by layer
 * ({@code dbn.layers}), the top a label RBM when {@code model.labels > 0}; on the driver. One
 * {@code metrics.jsonl} line per layer and epoch.
 */
final class DbnJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(DbnJob.class);

    private final JobConfig config;
    private final DeepBeliefNetConfig dbn;
    private final int labels;

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
        if (c.get("train.negativePhase").equals("pt")) {
            throw c.invalid("train.negativePhase", "parallel tempering is for an rbm without labels or a bm");
        }
        DeepBeliefNetConfig d = DeepBeliefNetConfig.of(sizes, base, labels > 0)
            .withPropagation(c.get("dbn.propagation").equals("samples") ? DeepBeliefNetConfig.Propagation.SAMPLES
                : DeepBeliefNetConfig.Propagation.PROBABILITIES);
        if (c.getBoolean("dbn.tiedInit")) {
            d = d.withTiedInit(true);
        }
        return new DbnJob(c, d, labels);
    }

    @Override
    public String describe(int width) {
        StringBuilder sb = new StringBuilder("dbn (" + width);
        for (RbmTrainingConfig layer : dbn.layers()) {
            sb.append(" -> ").append(layer.numHidden());
        }
        return sb.append(labels > 0 ? ", label top with " + labels + " classes)" : ")").toString();
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume) {
        List<LabeledPattern> ps = PatternSource.toDriver(data.patterns());
        double[] x = PatternSource.flatten(ps, data.width());
        int[] y = labels > 0 ? Labels.of(ps, labels, config.get("data.path")) : null;
        MetricsLog metrics = new MetricsLog();
        long[] start = {System.nanoTime()};
        DeepBeliefNet net = new DeepBeliefNetTrainer(dbn).train(x, ps.size(), data.width(), y, labels,
            (layer, epoch, recon) -> {
                double seconds = (System.nanoTime() - start[0]) / 1e9;
                start[0] = System.nanoTime();
                ObjectNode line = ModelStore.json().createObjectNode();
                line.put("layer", layer);
                line.put("epoch", epoch);
                line.put("seconds", seconds);
                line.put("samplesPerSecond", ps.size() / Math.max(seconds, 1e-9));
                line.put("trainingReconstructionError", recon);
                metrics.add(line);
                LOG.info("layer {} epoch {}: reconstruction error {}", layer, epoch, String.format("%.3f", recon));
            });
        int epochs = dbn.layers().stream().mapToInt(RbmTrainingConfig::epochs).sum();
        return new Trained(meta -> DbnStore.describe(meta, net), DbnStore.arrays(net), metrics, epochs, net);
    }

    @Override
    public void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out) {
        DeepBeliefNet net = (DeepBeliefNet) trained.model();
        if (net.hasLabels()) {
            List<LabeledPattern> ps = PatternSource.toDriver(data.patterns());
            int[] y = Labels.of(ps, labels, config.get("data.path"));
            int[] predicted = net.classify(PatternSource.flatten(ps, data.width()), ps.size());
            int right = 0;
            for (int k = 0; k < y.length; k++) {
                right += predicted[k] == y[k] ? 1 : 0;
            }
            out.printf("classification accuracy on the training data: %.4f%n", (double) right / y.length);
        }
    }
}
