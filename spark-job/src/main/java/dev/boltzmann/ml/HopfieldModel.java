package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.sampling.HopfieldRecall;
import java.io.Serializable;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Hopfield network that recalls or completes the 0/1 vectors of {@code inputCol} into {@code outputCol}: a row
 * with unknown units (NaN, or 0 in {@code maskCol}) keeps its known units clamped and starts the unknown ones at
 * random; a row without unknown units is recalled freely. Asynchronous recall in random order, at most
 * {@code sweeps} sweeps ({@link HopfieldRecall#complete}, as {@code complete} of the CLI).
 *
 * <p>Saved as the project's model directory ({@code weights.npy}, {@code bias.npy}) plus Spark's
 * {@code metadata/}; {@link #load} also reads a directory written by {@code train} of the CLI.
 */
public final class HopfieldModel extends Model<HopfieldModel> implements CompletionParams<HopfieldModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    /** The default output column. */
    static final String DEFAULT_OUTPUT = "recalled";

    private final String uid;
    private final HopfieldNetwork network;
    private final transient ObjectNode metadata;
    private final ColumnParams.Holder columns;
    private final CompletionParams.Holder completion;

    HopfieldModel(String uid, HopfieldNetwork network, ObjectNode metadata) {
        this.uid = uid != null ? uid : Identifiable$.MODULE$.randomUID("hopfieldModel");
        this.network = network;
        this.metadata = metadata;
        columns = new ColumnParams.Holder(this, "the vector column to recall or complete (0/1, NaN = unknown)",
            "the column of recalled patterns (0/1)", DEFAULT_OUTPUT);
        completion = new CompletionParams.Holder(this, "the most asynchronous recall sweeps", 100);
    }

    /** A model of {@code network} with a random uid and the default params. */
    public HopfieldModel(HopfieldNetwork network) {
        this(null, network, null);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public ColumnParams.Holder columns() {
        return columns;
    }

    @Override
    public CompletionParams.Holder completion() {
        return completion;
    }

    /** The trained network. */
    public HopfieldNetwork network() {
        return network;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return completionSchema(schema, "HopfieldModel");
    }

    /** The network's arrays, which travel to the executors (the network itself is not serializable). */
    private record Weights(double[] weights, double[] bias, Encoding encoding) implements Serializable {
        double[] recall(Vector input, Vector mask, int sweeps, long seed) {
            double[] pattern = CompletionParams.pattern(input, mask, bias.length, "HopfieldModel");
            HopfieldNetwork net = HopfieldNetwork.of(weights, bias, encoding);
            return HopfieldRecall.complete(net, pattern, false, sweeps,
                Seeds.rng(seed, CompletionParams.PURPOSE, CompletionParams.rowKey(pattern)));
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> data) {
        transformSchema(data.schema());
        Weights a = new Weights(network.weights(), network.biases(), network.encoding());
        int sweeps = (Integer) getOrDefault(sweeps());
        long seed = (Long) getOrDefault(samplingSeed());
        return completeColumn(data, (v, m) -> a.recall(v, m, sweeps, seed));
    }

    @Override
    public HopfieldModel copy(ParamMap extra) {
        return copyValues(new HopfieldModel(uid, network, metadata), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return StageIo.modelWriter(this, metadata, meta -> HopfieldStore.describe(meta, network),
            HopfieldStore.arrays(network));
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<HopfieldModel> read() {
        return StageIo.reader((spark, path) -> {
            HopfieldStore.Loaded l = HopfieldStore.read(StageIo.hadoop(spark), path);
            return StageIo.loadModel(StageIo.hadoop(spark), path, HopfieldModel.class,
                uid -> new HopfieldModel(uid, l.network(), l.metadata()));
        });
    }

    /** Loads a model saved by {@link #write()} or a CLI model directory of kind hopfield. */
    public static HopfieldModel load(String path) {
        return read().load(path);
    }
}
