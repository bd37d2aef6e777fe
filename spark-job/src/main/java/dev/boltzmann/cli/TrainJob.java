package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.spark.PatternSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The model-specific part of {@code train}. A job is built from the config (and refuses a bad one before Spark
 * starts), trains on the patterns Spark read, and says what to write; {@link TrainCommand} does the rest.
 */
interface TrainJob {
    /** One line on what is trained, e.g. "rbm 784 x 20, rule pcd". */
    String describe(int width);

    /**
     * Trains on {@code data}.
     *
     * @param checkpoints where a job that checkpoints writes one after every epoch, and finds them on resume
     * @param resume continue from the newest checkpoint, if there is one
     * @param progress where the job reports each epoch (the progress line)
     */
    Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints, boolean resume,
                  Progress progress)
        throws Exception;

    /**
     * {@code train --init-model DIR} (a warm start): reads the model directory {@code dir}, checks it against the
     * config (kind, sizes, labels, encoding: what the job would train must be what the model is), and makes
     * {@link #train} start from it instead of a fresh model. Called before Spark starts; the visible units are
     * checked against the data by the caller once the data are read.
     *
     * @return the model's metadata (recorded under {@code previousRuns}) and its visible units
     * @throws dev.boltzmann.io.BadInputException naming {@code dir} and what does not fit
     * @throws UsageException for a kind that cannot continue a model (the default)
     */
    default Start startFrom(Configuration conf, String dir) throws IOException {
        throw new UsageException("train: --init-model is not supported for this model.kind");
    }

    /**
     * The model a warm start begins from, as {@code train} needs it.
     *
     * @param metadata the model's {@code metadata.json}
     * @param visible its visible units (a Hopfield network's units), which the data must have
     */
    record Start(ObjectNode metadata, int visible) {
    }

    /** {@link #train(JavaSparkContext, PatternSource.Loaded, Checkpoints, boolean, Progress)} without progress lines. */
    default Trained train(JavaSparkContext sc, PatternSource.Loaded data, Checkpoints checkpoints, boolean resume)
        throws Exception {
        return train(sc, data, checkpoints, resume, Progress.silent());
    }

    /**
     * Pictures of the trained model for the model directory and {@code report.html} (the learning curves are
     * added by {@code train}): name → PNG, with a caption each in {@code captions}.
     */
    default Map<String, byte[]> pictures(JavaSparkContext sc, PatternSource.Loaded data, Trained trained,
                                         Map<String, String> captions) throws Exception {
        return Map.of();
    }

    /** Called once the model directory is written: a demo or a summary for the terminal. */
    default void afterWrite(JavaSparkContext sc, PatternSource.Loaded data, Trained trained, PrintStream out)
        throws Exception {
    }

    /**
     * What training produced.
     *
     * @param describe fills in kind, sizes and encoding of the metadata
     * @param arrays the model's arrays by file name
     * @param metrics one line per epoch
     * @param epochs epochs completed
     * @param model the trained model object, for {@link #afterWrite}
     */
    record Trained(Consumer<ObjectNode> describe, Map<String, ModelStore.NamedArray> arrays, MetricsLog metrics,
                   int epochs, Object model) {
    }
}
