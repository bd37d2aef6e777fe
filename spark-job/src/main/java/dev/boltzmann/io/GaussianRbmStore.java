package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.GaussianRbm;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Gaussian-Bernoulli RBMs in the model directory, an additive extension of {@link RbmStore}'s layout:
 * {@code kind = "rbm"} with {@code "visibleUnits": "gaussian"} (and {@code "standardized"}) in
 * {@code metadata.json}; {@code W.npy} (visible × hidden), {@code visible_bias.npy} (the visible means a of the
 * energy), {@code hidden_bias.npy}, {@code visible_sigma.npy} (σ, visible), and when the data were standardised
 * {@code data_mean.npy} and {@code data_std.npy} (visible): the model sees {@code (x − data_mean) / data_std}.
 */
public final class GaussianRbmStore {
    /** The value of {@code visibleUnits} in the metadata. */
    public static final String GAUSSIAN = "gaussian";

    private GaussianRbmStore() {
    }

    /** Whether a model directory's metadata describes a gaussian RBM. */
    public static boolean isGaussian(ObjectNode metadata) {
        return RbmStore.KIND.equals(metadata.path("kind").asText()) && GAUSSIAN.equals(
            metadata.path("visibleUnits").asText());
    }

    /**
     * A trained model with the column transform of its data.
     *
     * @param dataMean column means subtracted before the model sees the data, or null (not standardised)
     * @param dataStd column standard deviations divided by, or null
     */
    public record Loaded(ObjectNode metadata, GaussianRbm model, double[] dataMean, double[] dataStd) {
        /** Data units → model units, in place, row by row ({@code rows × nv}); NaN stays NaN. */
        public void toModel(double[] x) {
            if (dataMean != null) {
                int nv = dataMean.length;
                for (int k = 0; k < x.length; k++) {
                    x[k] = (x[k] - dataMean[k % nv]) / dataStd[k % nv];
                }
            }
        }

        /** Model units → data units, in place. */
        public void toData(double[] x) {
            if (dataMean != null) {
                int nv = dataMean.length;
                for (int k = 0; k < x.length; k++) {
                    x[k] = x[k] * dataStd[k % nv] + dataMean[k % nv];
                }
            }
        }

        /** {@code Σ_i log data_std_i}: what a log-density in model units loses in data units (0 if not standardised). */
        public double logJacobian() {
            double s = 0.0;
            if (dataStd != null) {
                for (double d : dataStd) {
                    s += Math.log(d);
                }
            }
            return s;
        }
    }

    /** The arrays of a model and its transform (nulls for none), by file name. */
    public static Map<String, ModelStore.NamedArray> arrays(GaussianRbm model, double[] dataMean, double[] dataStd) {
        int nv = model.numVisible();
        int nh = model.numHidden();
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        arrays.put("W", new ModelStore.NamedArray(model.standardUnits().weights(), nv, nh));
        arrays.put("visible_bias", new ModelStore.NamedArray(model.visibleMean(), nv));
        arrays.put("hidden_bias", new ModelStore.NamedArray(model.standardUnits().hiddenBias(), nh));
        arrays.put("visible_sigma", new ModelStore.NamedArray(model.sigma(), nv));
        if (dataMean != null) {
            arrays.put("data_mean", new ModelStore.NamedArray(dataMean.clone(), nv));
            arrays.put("data_std", new ModelStore.NamedArray(dataStd.clone(), nv));
        }
        return arrays;
    }

    /** Fills in kind, sizes, encoding (of the hidden units), visibleUnits and standardized. */
    public static void describe(ObjectNode metadata, GaussianRbm model, boolean standardized) {
        metadata.put("kind", RbmStore.KIND);
        metadata.put("visible", model.numVisible());
        metadata.put("hidden", model.numHidden());
        metadata.put("labels", 0);
        metadata.put("encoding", "binary");
        metadata.put("visibleUnits", GAUSSIAN);
        metadata.put("standardized", standardized);
    }

    /**
     * Reads a gaussian RBM model directory, checking kind, shapes and values.
     *
     * @throws BadInputException naming the directory when anything is off
     */
    public static Loaded read(Configuration conf, String dir) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, RbmStore.KIND);
        if (!isGaussian(meta)) {
            throw new BadInputException(dir + ": not a gaussian rbm (metadata.json has no \"visibleUnits\": \"gaussian\")");
        }
        int nv = ModelStore.positiveInt(meta, dir, "visible");
        int nh = ModelStore.positiveInt(meta, dir, "hidden");
        double[] w = ModelStore.readArray(conf, dir, "W", nv, nh).data();
        double[] a = ModelStore.readArray(conf, dir, "visible_bias", nv).data();
        double[] b = ModelStore.readArray(conf, dir, "hidden_bias", nh).data();
        double[] sigma = ModelStore.readArray(conf, dir, "visible_sigma", nv).data();
        double[] mean = null;
        double[] std = null;
        if (meta.path("standardized").asBoolean(false)) {
            mean = ModelStore.readArray(conf, dir, "data_mean", nv).data();
            std = ModelStore.readArray(conf, dir, "data_std", nv).data();
            for (int i = 0; i < nv; i++) {
                if (!Double.isFinite(mean[i]) || !(std[i] > 0.0) || Double.isInfinite(std[i])) {
                    throw new BadInputException(dir + ": data_mean.npy / data_std.npy entry " + i + " is " + mean[i]
                        + " / " + std[i] + "; expected a finite mean and a finite std > 0");
                }
            }
        }
        try {
            return new Loaded(meta, GaussianRbm.fromMeans(w, a, b, sigma), mean, std);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(dir + ": " + e.getMessage());
        }
    }
}
