package dev.boltzmann.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.evaluation.RbmDiagnostics;
import dev.boltzmann.io.Pictures;
import dev.boltzmann.learning.RbmOptimizer;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.Rbm;
import dev.boltzmann.spark.PatternSource;
import dev.boltzmann.spark.RbmDiagnosticStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link RbmDiagnostics} of an RBM run in {@code metrics.jsonl} and the report:
 * <ul>
 *   <li>every epoch: {@code weightNorm} ||W||, {@code updateNorm} ||ΔW|| of the epoch's last update and
 *       {@code updateToWeightRatio} (about 1e-3 is healthy);</li>
 *   <li>measured epochs: {@code hiddenActivationHistogram} (counts of the hidden units' mean activations over the
 *       training data in 10 equal bins of [0, 1]) and, with held-out data, {@code freeEnergyGap} (mean F of the
 *       held-out rows minus that of a fixed, seeded subset of as many training rows; rising = overfitting);</li>
 *   <li>pictures: the histogram, and the filters sorted by mean activation.</li>
 * </ul>
 */
final class RbmDiagnosticsOutput {
    private RbmDiagnosticsOutput() {
    }

    /** Adds the weight and update norms after an epoch. */
    static void putNorms(ObjectNode line, Rbm rbm, RbmOptimizer optimizer) {
        double w = Numerics.norm(rbm.weights());
        double u = optimizer.weightUpdateNorm();
        line.put("weightNorm", w);
        line.put("updateNorm", u);
        double ratio = RbmDiagnostics.updateToWeightRatio(w, u);
        if (Double.isFinite(ratio)) {
            line.put("updateToWeightRatio", ratio);
        }
    }

    /**
     * Adds the histogram of mean hidden activations on the training data and, when {@code line} holds
     * {@code heldOutMeanFreeEnergy}, the free-energy gap against the training rows of {@code gapSubset}.
     */
    static void putMeasured(ObjectNode line, Rbm rbm, PatternSource.Loaded train, long[] gapSubset) {
        boolean gap = gapSubset != null && line.has("heldOutMeanFreeEnergy");
        RbmDiagnosticStats.Result d = RbmDiagnosticStats.compute(train.patterns(), rbm, train.count(),
            gap ? gapSubset : new long[0]);
        ArrayNode hist = line.putArray("hiddenActivationHistogram");
        for (long c : RbmDiagnostics.histogram(d.hiddenMeans(), RbmDiagnostics.HISTOGRAM_BINS)) {
            hist.add(c);
        }
        if (gap && d.subsetRows() > 0) {
            line.put("freeEnergyGap", line.path("heldOutMeanFreeEnergy").asDouble() - d.subsetMeanFreeEnergy());
        }
    }

    /** The histogram of the mean hidden activations of {@code rbm} on {@code data}, as a picture. */
    static void histogramPicture(Rbm rbm, double[] means, Map<String, byte[]> out, Map<String, String> captions) {
        long[] counts = RbmDiagnostics.histogram(means, RbmDiagnostics.HISTOGRAM_BINS);
        out.put("hidden-activations", Pictures.histogram("hidden units by mean activation on the training data",
            "mean of p(h_j = 1 | v)", counts, 0.0, 1.0, 640, 320));
        captions.put("hidden-activations", "mean activation of each of the " + rbm.numHidden()
            + " hidden units over the training data: units piled up near 0 or 1 are dead");
    }

    /** The filters (weights into each hidden unit) sorted by mean activation, highest first, as a picture. */
    static void sortedFiltersPicture(Rbm rbm, double[] means, int width, Map<String, byte[]> out,
                                     Map<String, String> captions) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        int[] order = RbmDiagnostics.unitsByActivation(means);
        double[] w = rbm.weights();
        List<double[]> tiles = new ArrayList<>();
        StringBuilder shown = new StringBuilder();
        for (int k = 0; k < Math.min(100, nh); k++) {
            int j = order[k];
            double[] f = new double[nv];
            for (int i = 0; i < nv; i++) {
                f[i] = w[i * nh + j];
            }
            tiles.add(f);
            shown.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", means[j]));
        }
        out.put("filters-by-activation", Pictures.grid(tiles, width, nv / width, 10, 3, true));
        captions.put("filters-by-activation", "filters sorted by the hidden unit's mean activation on the training"
            + " data, highest first (row by row): " + shown);
    }

    /** The mean hidden activations of {@code rbm} on the training data (one pass over it). */
    static double[] hiddenMeans(Rbm rbm, PatternSource.Loaded train) {
        return RbmDiagnosticStats.compute(train.patterns(), rbm, train.count(), new long[0]).hiddenMeans();
    }
}
