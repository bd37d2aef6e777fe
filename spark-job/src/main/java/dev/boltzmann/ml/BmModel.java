package dev.boltzmann.ml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.BmStore;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.sampling.BmModes;
import java.io.Serializable;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Boltzmann machine that completes the vectors of {@code inputCol}: the known units (0/1; values are
 * thresholded at ½) are clamped, the unknown ones (NaN, or 0 in {@code maskCol}) and the hidden units are Gibbs
 * sampled for {@code sweeps} sweeps, and an unknown unit is on in {@code outputCol} when its mean over the last
 * {@code keepLast} sweeps exceeds ½ ({@link BmModes#complete}, as {@code complete} of the CLI).
 *
 * <p>Saved as the project's model directory ({@code weights.npy}, {@code bias.npy}, units in the order visible,
 * labels, hidden) plus Spark's {@code metadata/}; {@link #load} also reads a directory written by {@code train}
 * of the CLI.
 */
public final class BmModel extends Model<BmModel> implements CompletionParams<BmModel>, MLWritable {
    private static final long serialVersionUID = 1L;
    /** The default output column. */
    static final String DEFAULT_OUTPUT = "completed";

    private final String uid;
    private final BoltzmannMachine bm;
    private final transient ObjectNode metadata;
    private final ColumnParams.Holder columns;
    private final CompletionParams.Holder completion;
    private final IntParam keepLast;

    BmModel(String uid, BoltzmannMachine bm, ObjectNode metadata) {
        this.uid = uid != null ? uid : Identifiable$.MODULE$.randomUID("bmModel");
        this.bm = bm;
        this.metadata = metadata;
        columns = new ColumnParams.Holder(this, "the vector column to complete (0/1, NaN = unknown)",
            "the column of completed vectors (0/1)", DEFAULT_OUTPUT);
        completion = new CompletionParams.Holder(this, "Gibbs sweeps of completion", 200);
        keepLast = StageParams.atLeast(this, "keepLast", "the last sweeps averaged; a unit is on when its mean"
            + " exceeds 1/2 (at most sweeps)", 1, 50);
    }

    /** A model of {@code bm} with a random uid and the default params. */
    public BmModel(BoltzmannMachine bm) {
        this(null, bm, null);
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

    /** The last sweeps averaged. */
    public IntParam keepLast() {
        return keepLast;
    }

    /** Sets the last sweeps averaged. */
    public BmModel setKeepLast(int value) {
        set(keepLast, value);
        return this;
    }

    /** The trained machine. */
    public BoltzmannMachine bm() {
        return bm;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        int sweeps = (Integer) getOrDefault(sweeps());
        int keep = (Integer) getOrDefault(keepLast);
        if (keep > sweeps) {
            throw new IllegalArgumentException("BmModel: keepLast (" + keep + ") exceeds sweeps (" + sweeps + ")");
        }
        return completionSchema(schema, "BmModel");
    }

    /** The machine's arrays, which travel to the executors (the machine itself is not serializable). */
    private record Weights(int visible, int labels, int hidden, double[] weights, double[] bias)
        implements Serializable {
        double[] complete(Vector input, Vector mask, int sweeps, int keep, long seed) {
            double[] pattern = CompletionParams.pattern(input, mask, visible, "BmModel");
            BoltzmannMachine m = BoltzmannMachine.of(visible, labels, hidden, weights, bias);
            boolean[] known = new boolean[visible];
            double[] v = new double[visible];
            for (int i = 0; i < visible; i++) {
                known[i] = !Double.isNaN(pattern[i]);
                v[i] = known[i] && pattern[i] >= 0.5 ? 1.0 : 0.0;
            }
            return BmModes.complete(m, v, known, sweeps, keep,
                Seeds.rng(seed, CompletionParams.PURPOSE, CompletionParams.rowKey(pattern)));
        }
    }

    @Override
    public Dataset<Row> transform(Dataset<?> data) {
        transformSchema(data.schema());
        Weights a = new Weights(bm.numVisible(), bm.numLabels(), bm.numHidden(), bm.weights(), bm.biases());
        int sweeps = (Integer) getOrDefault(sweeps());
        int keep = (Integer) getOrDefault(keepLast);
        long seed = (Long) getOrDefault(samplingSeed());
        return completeColumn(data, (v, m) -> a.complete(v, m, sweeps, keep, seed));
    }

    @Override
    public BmModel copy(ParamMap extra) {
        return copyValues(new BmModel(uid, bm, metadata), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return StageIo.modelWriter(this, metadata, meta -> BmStore.describe(meta, bm), BmStore.arrays(bm));
    }

    /** The reader Spark's pipeline persistence calls (through reflection on this static method). */
    public static MLReader<BmModel> read() {
        return StageIo.reader((spark, path) -> {
            BmStore.Loaded l = BmStore.read(StageIo.hadoop(spark), path);
            return StageIo.loadModel(StageIo.hadoop(spark), path, BmModel.class,
                uid -> new BmModel(uid, l.bm(), l.metadata()));
        });
    }

    /** Loads a model saved by {@link #write()} or a CLI model directory of kind bm. */
    public static BmModel load(String path) {
        return read().load(path);
    }
}
