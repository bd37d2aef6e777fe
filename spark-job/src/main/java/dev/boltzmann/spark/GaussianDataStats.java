package dev.boltzmann.spark;

import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.model.GaussianRbm;
import org.apache.spark.api.java.JavaRDD;

/**
 * Sums over a real-valued data set that lives in Spark, for the Gaussian-Bernoulli RBM: the column means and
 * standard deviations of {@code data.standardize}, the standardised rows, the exact mean log-likelihood and the
 * independent-Gaussian baseline. As in {@link PartitionSums}, each partition returns its sums and the driver adds
 * them in partition order, so the figures do not depend on which task finished first; the data never come to the
 * driver.
 */
public final class GaussianDataStats {
    private GaussianDataStats() {
    }

    /**
     * Column means and standard deviations (population, as maximum likelihood fits them; two passes, the second
     * over the deviations from the means); a constant column gets standard deviation 1.
     *
     * @return {@code {mean, std}}
     */
    public static double[][] columnMoments(JavaRDD<LabeledPattern> data, int width, long count) {
        double[] mean = PartitionSums.of(data, "column means", new double[0], width, (none, rows, n, out) -> {
            for (LabeledPattern p : rows) {
                double[] v = p.values();
                for (int i = 0; i < width; i++) {
                    out[i] += v[i];
                }
            }
        });
        for (int i = 0; i < width; i++) {
            mean[i] /= count;
        }
        double[] std = PartitionSums.of(data, "column standard deviations", mean, width, (m, rows, n, out) -> {
            for (LabeledPattern p : rows) {
                double[] v = p.values();
                for (int i = 0; i < width; i++) {
                    double d = v[i] - m[i];
                    out[i] += d * d;
                }
            }
        });
        for (int i = 0; i < width; i++) {
            std[i] = Math.sqrt(std[i] / count);
            if (!(std[i] > 1e-12 * Math.max(1.0, Math.abs(mean[i])))) {
                std[i] = 1.0;
            }
        }
        return new double[][] {mean, std};
    }

    /** The rows as the model sees them, {@code (x − mean) / std} per column (indices kept); null mean: unchanged. */
    public static JavaRDD<LabeledPattern> standardized(JavaRDD<LabeledPattern> data, double[] mean, double[] std) {
        if (mean == null) {
            return data;
        }
        return data.map(p -> {
            double[] v = p.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] - mean[i]) / std[i];
            }
            return new LabeledPattern(p.label(), v, p.line(), p.index());
        });
    }

    /**
     * The mean of {@code −F(v) − logZ} over rows in model units ({@link GaussianRbmExact#meanLogLikelihood}),
     * computed where the rows live.
     */
    public static double meanLogLikelihood(JavaRDD<LabeledPattern> data, GaussianRbm model, double logZ, long count) {
        return -meanFreeEnergy(data, model, count) - logZ;
    }

    /** The mean free energy F(v) ({@link GaussianRbm#freeEnergy}) of rows in model units, computed where they live. */
    public static double meanFreeEnergy(JavaRDD<LabeledPattern> data, GaussianRbm model, long count) {
        int nv = model.numVisible();
        return PartitionSums.of(data, "gaussian rbm free energy", model, 1, (m, rows, n, out) -> {
            for (double f : m.freeEnergy(PatternSource.flatten(rows, nv), n)) {
                out[0] += f;
            }
        })[0] / count;
    }

    /** {@link GaussianRbmExact#independentGaussianLogLikelihood} of rows in data units, computed where they live. */
    public static double independentGaussianLogLikelihood(JavaRDD<LabeledPattern> data, double[] mean, double[] std,
                                                          long count) {
        int nv = mean.length;
        return PartitionSums.of(data, "independent-gaussian baseline", new double[][] {mean, std}, 1,
            (ms, rows, n, out) -> out[0] += GaussianRbmExact.independentGaussianLogLikelihood(
                PatternSource.flatten(rows, nv), n, ms[0], ms[1]) * n)[0] / count;
    }
}
