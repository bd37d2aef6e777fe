package dev.boltzmann.evaluation;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Monitors that show trouble while an RBM trains (Hinton's guide, UTML TR 2010-003, §4, §6 and §15):
 * <ul>
 *   <li><b>free-energy gap</b> {@code mean F(held-out rows) − mean F(a fixed subset of training rows of the same
 *       size)}: about 0 while the model generalises; it rises as the model overfits (§6). log Z cancels, so it is
 *       the training subset's mean log-likelihood minus the held-out one's, without computing Z.</li>
 *   <li><b>mean hidden activations</b> {@code m_j = (1/N) Σ_n p(h_j = 1 | v_n)} over the data, summarised as a
 *       histogram of {@value #HISTOGRAM_BINS} equal bins over [0, 1]: units stuck near 0 or 1 are dead (§15).</li>
 *   <li><b>weight and update norms</b> {@code ||W||}, {@code ||ΔW||} (Frobenius) and their ratio, which should be
 *       about 1e-3 (§4): far above, the rate is too high; far below, learning crawls.</li>
 * </ul>
 * Everything here is a sum over rows or a function of sums, so a Spark job computes the sums where the data lives
 * and adds them up ({@code spark.RbmDiagnosticStats}).
 */
public final class RbmDiagnostics {
    /** Bins of the hidden-activation histogram: bin k holds means in [k/10, (k+1)/10), the last also 1. */
    public static final int HISTOGRAM_BINS = 10;
    /** Purpose key of the training subset of the free-energy gap ("RBM_GAP_"). */
    public static final long GAP_PURPOSE = 0x52424D5F4741505FL;

    private RbmDiagnostics() {
    }

    /**
     * {@code Σ_n p(h_j = 1 | v_n)} per hidden unit over a {@code rows × nv} data set (a new array of length nh).
     */
    public static double[] hiddenActivationSums(Rbm rbm, double[] data, int rows) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        if (rows < 0 || data.length < (long) rows * nv) {
            throw new IllegalArgumentException("data must hold " + rows + " rows of " + nv + " values, has length "
                + data.length);
        }
        double[] sums = new double[nh];
        int chunk = Math.max(1, Math.min(rows, RbmMonitors.CHUNK));
        double[] p = new double[chunk * nh];
        for (int start = 0; start < rows; start += chunk) {
            int count = Math.min(chunk, rows - start);
            rbm.hiddenProbabilities(data, start * nv, count, p, 0);
            for (int r = 0; r < count; r++) {
                for (int j = 0; j < nh; j++) {
                    sums[j] += p[r * nh + j];
                }
            }
        }
        return sums;
    }

    /** The mean hidden activations {@code m_j} over a data set of {@code rows ≥ 1} rows. */
    public static double[] meanHiddenActivations(Rbm rbm, double[] data, int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        double[] m = hiddenActivationSums(rbm, data, rows);
        for (int j = 0; j < m.length; j++) {
            m[j] /= rows;
        }
        return m;
    }

    /**
     * Counts of {@code values} (each in [0, 1]) in {@code bins} equal bins over [0, 1]: value x goes to bin
     * {@code min(floor(x·bins), bins − 1)}. Values up to 1e-9 above 1 (a mean's rounding) count as 1.
     *
     * @throws IllegalArgumentException if {@code bins < 1} or a value is outside [0, 1 + 1e-9]
     */
    public static long[] histogram(double[] values, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("bins must be >= 1, got " + bins);
        }
        long[] counts = new long[bins];
        for (int k = 0; k < values.length; k++) {
            double x = values[k];
            if (!(x >= 0.0 && x <= 1.0 + 1e-9)) {
                throw new IllegalArgumentException("value " + k + " is " + x + ", expected a value in [0, 1]");
            }
            counts[Math.min((int) (x * bins), bins - 1)]++;
        }
        return counts;
    }

    /**
     * The hidden units ordered by mean activation, highest first (ties by index): the order in which the report
     * shows the filters.
     */
    public static int[] unitsByActivation(double[] means) {
        Integer[] order = new Integer[means.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Double.compare(means[y], means[x]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The training rows the free-energy gap compares with the held-out rows: {@code min(rows, size)} distinct row
     * indices drawn uniformly from {@code [0, rows)} by Floyd's algorithm with {@code Seeds.rng(seed, GAP_PURPOSE)}
     * (memory in proportion to the subset, not to the data), sorted; the same for every epoch of a run.
     *
     * @throws IllegalArgumentException if {@code rows < 1} or {@code size < 1}
     */
    public static long[] gapSubset(long rows, long size, long seed) {
        if (rows < 1 || size < 1) {
            throw new IllegalArgumentException("the gap subset needs rows >= 1 and size >= 1, got rows=" + rows
                + ", size=" + size);
        }
        long m = Math.min(rows, size);
        if (m > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the gap subset is too large: " + m + " rows");
        }
        SplittableRandom rng = Seeds.rng(seed, GAP_PURPOSE);
        Set<Long> chosen = new HashSet<>();
        for (long j = rows - m; j < rows; j++) {
            long t = rng.nextLong(j + 1);
            chosen.add(chosen.contains(t) ? j : t);
        }
        long[] out = chosen.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(out);
        return out;
    }

    /**
     * The free-energy gap of data sets held in arrays: {@code mean F(heldOut) − mean F(training rows of
     * gapSubset(trainingRows, heldOutRows, seed))}.
     */
    public static double freeEnergyGap(Rbm rbm, double[] training, int trainingRows, double[] heldOut,
                                       int heldOutRows, long seed) {
        long[] subset = gapSubset(trainingRows, heldOutRows, seed);
        int nv = rbm.numVisible();
        double[] rows = new double[subset.length * nv];
        for (int k = 0; k < subset.length; k++) {
            System.arraycopy(training, (int) subset[k] * nv, rows, k * nv, nv);
        }
        return RbmMonitors.meanFreeEnergy(rbm, heldOut, heldOutRows)
            - RbmMonitors.meanFreeEnergy(rbm, rows, subset.length);
    }

    /**
     * {@code ||ΔW|| / ||W||}, or NaN when {@code ||W|| = 0}.
     *
     * @param weightNorm {@code ||W||}
     * @param updateNorm {@code ||ΔW||}
     */
    public static double updateToWeightRatio(double weightNorm, double updateNorm) {
        return weightNorm > 0.0 ? updateNorm / weightNorm : Double.NaN;
    }
}
