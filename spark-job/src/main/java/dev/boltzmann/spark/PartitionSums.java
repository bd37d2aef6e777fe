package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sums of a per-pattern quantity over a data set that lives in Spark (monitors such as accuracy or
 * log-likelihood): the model is broadcast, each task adds up its partition chunk by chunk, and the driver adds the
 * partitions' sums in partition order, so the figure does not depend on which task finished first. The data never
 * comes to the driver.
 */
public final class PartitionSums {
    /** Rows handed to {@link Sum#add} at a time. */
    static final int CHUNK = 1024;

    private PartitionSums() {
    }

    /** What a task adds for a chunk of its rows. */
    @FunctionalInterface
    public interface Sum<M> extends Serializable {
        /**
         * @param model the broadcast model
         * @param rows a chunk of the partition's patterns
         * @param n {@code rows.size()}
         * @param out the partition's sums, to add to
         */
        void add(M model, List<LabeledPattern> rows, int n, double[] out);
    }

    /**
     * The sums of {@code sum} over all patterns.
     *
     * @param description the Spark job's description
     * @param model broadcast to the tasks (must be Kryo-registered)
     * @param length number of sums
     */
    public static <M> double[] of(JavaRDD<LabeledPattern> data, String description, M model, int length,
                                  Sum<M> sum) {
        data.context().setJobDescription(description);
        Broadcast<M> shared = JavaSparkContext.fromSparkContext(data.context()).broadcast(model);
        List<RbmDataStats.Part> parts = new ArrayList<>(data.mapPartitionsWithIndex((pid, it) -> {
            double[] out = new double[length];
            List<LabeledPattern> chunk = new ArrayList<>(CHUNK);
            M m = null;
            while (it.hasNext()) {
                chunk.add(it.next());
                if (chunk.size() == CHUNK || !it.hasNext()) {
                    m = m == null ? shared.value() : m;
                    sum.add(m, chunk, chunk.size(), out);
                    chunk.clear();
                }
            }
            return List.of(new RbmDataStats.Part(pid, out)).iterator();
        }, true).collect());
        shared.destroy(false);
        parts.sort(Comparator.comparingInt(p -> p.partition));
        double[] total = new double[length];
        for (RbmDataStats.Part p : parts) {
            for (int k = 0; k < length; k++) {
                total[k] += p.sums[k];
            }
        }
        return total;
    }
}
