package dev.boltzmann.spark;

import dev.boltzmann.evaluation.RbmMonitors;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.model.Rbm;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Sums over a data set that lives in Spark, for the RBM monitors: column means (base rates) and the means of the
 * free energy, the exact pseudo-log-likelihood and the reconstruction error. Each partition returns its sums and
 * the driver adds them in partition order, so the figures do not depend on which task finished first; the data
 * never comes to the driver.
 */
public final class RbmDataStats {
    private RbmDataStats() {
    }

    /** Per-unit means of the data, length {@code width}. */
    public static double[] columnMeans(JavaRDD<LabeledPattern> data, int width, long count) {
        data.context().setJobDescription("column means");
        List<Part> parts = new ArrayList<>(data.mapPartitionsWithIndex((pid, it) -> {
            double[] sum = new double[width];
            while (it.hasNext()) {
                double[] v = it.next().values();
                for (int i = 0; i < width; i++) {
                    sum[i] += v[i];
                }
            }
            return List.of(new Part(pid, sum)).iterator();
        }, true).collect());
        parts.sort(Comparator.comparingInt(p -> p.partition));
        double[] mean = new double[width];
        for (Part p : parts) {
            for (int i = 0; i < width; i++) {
                mean[i] += p.sums[i];
            }
        }
        for (int i = 0; i < width; i++) {
            mean[i] /= count;
        }
        return mean;
    }

    /** Means over the data set of F(v), the exact pseudo-log-likelihood and the reconstruction error. */
    public record Monitors(double meanFreeEnergy, double pseudoLogLikelihood, double reconstructionError) {
    }

    /** The monitors of {@code rbm} on {@code data}. */
    public static Monitors monitors(JavaRDD<LabeledPattern> data, Rbm rbm, long count) {
        data.context().setJobDescription("rbm monitors");
        Broadcast<Rbm> model = JavaSparkContext.fromSparkContext(data.context()).broadcast(rbm);
        int nv = rbm.numVisible();
        List<Part> parts = new ArrayList<>(data.mapPartitionsWithIndex((pid, it) -> {
            List<LabeledPattern> rows = new ArrayList<>();
            it.forEachRemaining(rows::add);
            double[] sums = new double[3];
            if (!rows.isEmpty()) {
                Rbm m = model.value();
                double[] flat = PatternSource.flatten(rows, nv);
                int n = rows.size();
                sums[0] = RbmMonitors.meanFreeEnergy(m, flat, n) * n;
                sums[1] = RbmMonitors.pseudoLogLikelihood(m, flat, n) * n;
                sums[2] = RbmMonitors.reconstructionError(m, flat, n) * n;
            }
            return List.of(new Part(pid, sums)).iterator();
        }, true).collect());
        model.destroy();
        parts.sort(Comparator.comparingInt(p -> p.partition));
        double[] total = new double[3];
        for (Part p : parts) {
            for (int k = 0; k < 3; k++) {
                total[k] += p.sums[k];
            }
        }
        return new Monitors(total[0] / count, total[1] / count, total[2] / count);
    }

    /** One partition's sums. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        final int partition;
        final double[] sums;

        Part(int partition, double[] sums) {
            this.partition = partition;
            this.sums = sums;
        }
    }
}
