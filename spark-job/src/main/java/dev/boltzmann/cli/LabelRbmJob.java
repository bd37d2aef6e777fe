package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.learning.LabelRbmTrainer;
import dev.boltzmann.learning.LabeledRows;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.spark.PatternSource;
import java.io.PrintStream;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train} for {@code model.kind = rbm} with {@code model.labels > 0}: an RBM whose visible layer has a
 * softmax group of label units, trained by CD-k or PCD on the driver (the patterns are streamed to it), with the
 * classification accuracy on the training and held-out data after every epoch.
 */
final class LabelRbmJob implements TrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(LabelRbmJob.class);

    private final JobConfig config;
    private final RbmTrainingConfig training;
    private final int labels;

    LabelRbmJob(JobConfig config, RbmTrainingConfig training, int labels) {
        this.config = config;
        this.training = training;
        this.labels = labels;
    }

    @Override
    public String describe(int width) {
        return "label rbm (" + width + " visible + " + labels + " label x " + training.numHidden() + " hidden, rule "
            + training.rule().name().toLowerCase() + "-" + training.cdSteps() + ")";
    }

    /** The patterns of {@code data} with their class labels, on the driver. */
    private LabeledRows rows(PatternSource.Loaded data, String path) {
        List<LabeledPattern> ps = PatternSource.toDriver(data.patterns());
        return new LabeledRows(PatternSource.flatten(ps, data.width()), Labels.of(ps, labels, path), ps.size(),
            data.width(), labels);
    }

    @Override
    public Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints,
                         boolean resume) throws Exception {
        if (labels < 2) {
            throw config.invalid("model.labels", "a label group needs at least 2 classes");
        }
        LabeledRows train = rows(data, config.get("data.path"));
        String testPath = config.get("data.testPath");
        LabeledRows test = null;
        if (!testPath.isEmpty()) {
            PatternSource.Loaded held = PatternSource.read(sc, config.dataSpec(testPath), data.width());
            test = rows(held, testPath);
            held.patterns().unpersist(false);
        }
        MetricsLog metrics = new MetricsLog();
        LabelRbm model = new LabelRbmTrainer(training).train(train, test, report -> {
            ObjectNode line = ModelStore.json().createObjectNode();
            line.put("epoch", report.epoch());
            line.put("seconds", report.seconds());
            line.put("samplesPerSecond", train.rows() / Math.max(report.seconds(), 1e-9));
            line.put("learningRate", report.learningRate());
            line.put("trainingReconstructionError", report.reconstructionError());
            line.put("accuracy", report.trainingAccuracy());
            if (!Double.isNaN(report.heldOutAccuracy())) {
                line.put("heldOutAccuracy", report.heldOutAccuracy());
            }
            metrics.add(line);
            LOG.info("epoch {}: accuracy {} (train) {} (held out), reconstruction error {}", report.epoch(),
                String.format("%.4f", report.trainingAccuracy()), String.format("%.4f", report.heldOutAccuracy()),
                String.format("%.3f", report.reconstructionError()));
        });
        return new Trained(meta -> RbmStore.describe(meta, model.visiblePart(), labels), RbmStore.arrays(model),
            metrics, training.epochs(), model);
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
