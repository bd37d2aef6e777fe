package dev.boltzmann.model;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Helpers for a softmax group of {@code n} mutually exclusive binary units (a one-hot label), as in the label
 * layer of a {@link LabelRbm}:
 * <pre>
 *   P(y = e_c | input) = softmax_c(z) = e^{z_c} / Σ_k e^{z_k}
 * </pre>
 * Stateless.
 */
public final class SoftmaxGroup {
    private SoftmaxGroup() {
    }

    /**
     * Label biases {@code d_c = log p_c} from the class frequencies {@code p_c} (clamped to ≥ 1e-3 before the log),
     * the softmax analogue of {@link Rbm#baseRateVisibleBias}: with zero weights, P(c) = p_c.
     *
     * @param labels class indices in [0, numLabels), length ≥ rows
     * @return a new array of length numLabels (zeros if rows = 0)
     */
    public static double[] baseRateBias(int[] labels, int rows, int numLabels) {
        double[] d = new double[numLabels];
        if (rows == 0) {
            return d;
        }
        for (int r = 0; r < rows; r++) {
            d[LabelRbm.checkLabel(labels[r], numLabels, r)] += 1.0;
        }
        for (int c = 0; c < numLabels; c++) {
            d[c] = Math.log(Math.max(1e-3, d[c] / rows));
        }
        return d;
    }

    /**
     * One-hot rows for class indices.
     *
     * @param labels class indices in [0, numLabels), length ≥ rows
     * @return a new {@code rows × numLabels} array of 0/1
     * @throws IllegalArgumentException if a label is out of range
     */
    public static double[] oneHot(int[] labels, int rows, int numLabels) {
        double[] y = new double[rows * numLabels];
        for (int r = 0; r < rows; r++) {
            y[r * numLabels + LabelRbm.checkLabel(labels[r], numLabels, r)] = 1.0;
        }
        return y;
    }

    /**
     * Draws one class from the probabilities {@code p[pOff … pOff+n)} (summing to 1) with one {@code nextDouble()}
     * and writes it one-hot into {@code out[outOff … outOff+n)} (which may be the same range as p).
     *
     * @return the class drawn, in [0, n)
     */
    public static int sampleCategorical(double[] p, int pOff, int n, RandomGenerator rng, double[] out, int outOff) {
        double u = rng.nextDouble();
        int chosen = n - 1; // if rounding leaves Σp slightly below u, take the last class
        double cumulative = 0.0;
        for (int c = 0; c < n - 1; c++) {
            cumulative += p[pOff + c];
            if (u < cumulative) {
                chosen = c;
                break;
            }
        }
        Arrays.fill(out, outOff, outOff + n, 0.0);
        out[outOff + chosen] = 1.0;
        return chosen;
    }

    /** Replaces {@code x[off … off+n)} by its softmax, shifted by the maximum so nothing overflows. */
    public static void softmaxInPlace(double[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = off; k < off + n; k++) {
            max = Math.max(max, x[k]);
        }
        double sum = 0.0;
        for (int k = off; k < off + n; k++) {
            x[k] = Math.exp(x[k] - max); // the largest term is 1, so the sum is in [1, n]
            sum += x[k];
        }
        for (int k = off; k < off + n; k++) {
            x[k] /= sum;
        }
    }
}
