package dev.boltzmann.spark;

import dev.boltzmann.evaluation.RbmDiagnostics;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.model.Rbm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The sums behind {@link RbmDiagnostics} over a data set that lives in Spark, in one pass: {@code Σ p(h_j|v)} per
 * hidden unit over every row, and {@code Σ F(v)} over the rows of a fixed subset (named by their indices). Each
 * partition returns its sums and the driver adds them in partition order, as {@link RbmDataStats} does.
 */
public final class RbmDiagnosticStats {
    private RbmDiagnosticStats() {
    }

    /**
     * What one pass gives.
     *
     * @param hiddenMeans {@code m_j}, the mean of p(h_j = 1 | v) over all rows
     * @param subsetMeanFreeEnergy mean F(v) over the subset's rows (NaN if none of them is in the data)
     * @param subsetRows how many of the subset's rows were found
     */
    public record Result(double[] hiddenMeans, double subsetMeanFreeEnergy, long subsetRows) {
    }

    /**
     * The diagnostics' sums of {@code rbm} on {@code data}.
     *
     * @param count the number of rows of {@code data}
     * @param subset sorted row indices ({@link LabeledPattern#index()}) whose free energies are averaged, e.g.
     *     {@link RbmDiagnostics#gapSubset}; may be empty
     */
    public static Result compute(JavaRDD<LabeledPattern> data, Rbm rbm, long count, long[] subset) {
        data.context().setJobDescription("rbm diagnostics");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(data.context());
        Broadcast<Rbm> model = sc.broadcast(rbm);
        Broadcast<long[]> chosen = sc.broadcast(subset);
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        List<RbmDataStats.Part> parts = new ArrayList<>(data.mapPartitionsWithIndex((pid, it) -> {
            List<LabeledPattern> rows = new ArrayList<>();
            it.forEachRemaining(rows::add);
            double[] sums = new double[nh + 2];
            if (!rows.isEmpty()) {
                Rbm m = model.value();
                long[] in = chosen.value();
                double[] hidden = RbmDiagnostics.hiddenActivationSums(m, PatternSource.flatten(rows, nv), rows.size());
                System.arraycopy(hidden, 0, sums, 0, nh);
                List<LabeledPattern> picked = new ArrayList<>();
                for (LabeledPattern p : rows) {
                    if (Arrays.binarySearch(in, p.index()) >= 0) {
                        picked.add(p);
                    }
                }
                if (!picked.isEmpty()) {
                    for (double f : m.freeEnergy(PatternSource.flatten(picked, nv), picked.size())) {
                        sums[nh] += f;
                    }
                    sums[nh + 1] = picked.size();
                }
            }
            return List.of(new RbmDataStats.Part(pid, sums)).iterator();
        }, true).collect());
        model.destroy();
        chosen.destroy();
        parts.sort(Comparator.comparingInt(p -> p.partition));
        double[] total = new double[nh + 2];
        for (RbmDataStats.Part p : parts) {
            for (int k = 0; k < total.length; k++) {
                total[k] += p.sums[k];
            }
        }
        double[] means = Arrays.copyOf(total, nh);
        for (int j = 0; j < nh; j++) {
            means[j] /= count;
        }
        long found = (long) total[nh + 1];
        return new Result(means, found > 0 ? total[nh] / found : Double.NaN, found);
    }
}
