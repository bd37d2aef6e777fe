package dev.boltzmann.evaluation;

import dev.boltzmann.model.Rbm;

/**
 * Exact partition function and log-likelihood of an RBM by enumerating the smaller layer.
 *
 * <pre>
 *   log Z = log Σ_v e^{−F(v)}                     if nv ≤ nh   (F the visible free energy)
 *         = log Σ_h e^{−G(h)},  G(h) = −bᵀh − Σ_i softplus(a_i + (Wh)_i)   otherwise
 *   mean log-likelihood of data = −(1/N) Σ_n F(v_n) − log Z
 * </pre>
 * Both sums are the same quantity (the hidden or visible units are summed out analytically); {@code G} is the free
 * energy of {@link Rbm#transpose()}. The 2^n states of the enumerated layer are visited in chunks of
 * {@value #CHUNK} rows, their free energies computed by one matrix product per chunk, and combined with a running
 * log-sum-exp (shift by the running maximum), so memory stays O(CHUNK · max(nv, nh)) and nothing overflows.
 *
 * <p>Cost: {@code 2^min(nv,nh) · 2·nv·nh} flops, e.g. about 0.6 TFLOP for 784 × 24 (minutes), 2·10⁷ for 16 × 20.
 * Enumeration is refused above {@value #MAX_ENUMERATED_UNITS} units; use {@link RbmAis} there.
 */
public final class RbmExactLikelihood {
    /** Largest layer that is enumerated (2^24 ≈ 1.7·10⁷ states). */
    public static final int MAX_ENUMERATED_UNITS = 24;
    /** States per chunk of the enumeration. */
    public static final int CHUNK = 4096;

    private RbmExactLikelihood() {
    }

    /**
     * log Z by enumerating the smaller layer (the visible one on ties).
     *
     * @throws IllegalArgumentException if {@code min(nv, nh) > MAX_ENUMERATED_UNITS}
     */
    public static double logPartition(Rbm rbm) {
        int n = Math.min(rbm.numVisible(), rbm.numHidden());
        if (n > MAX_ENUMERATED_UNITS) {
            throw new IllegalArgumentException("exact log Z enumerates 2^min(numVisible, numHidden) states; min("
                + rbm.numVisible() + ", " + rbm.numHidden() + ") = " + n + " exceeds " + MAX_ENUMERATED_UNITS
                + "; use AIS instead");
        }
        Rbm enumerated = rbm.numVisible() <= rbm.numHidden() ? rbm : rbm.transpose();
        return logSumExpNegativeFreeEnergy(enumerated);
    }

    /**
     * Exact mean log-likelihood {@code −mean F(v) − log Z} of a data set.
     *
     * @param data row-major {@code rows × nv}, binary
     * @param rows number of rows (≥ 1)
     */
    public static double meanLogLikelihood(Rbm rbm, double[] data, int rows) {
        return meanLogLikelihood(rbm, data, rows, logPartition(rbm));
    }

    /**
     * Mean log-likelihood {@code −mean F(v) − logZ} with a given (exact or estimated) log partition function.
     *
     * @param data row-major {@code rows × nv}
     * @param rows number of rows (≥ 1)
     * @param logZ log Z, e.g. from {@link #logPartition} or {@link RbmAis}
     */
    public static double meanLogLikelihood(Rbm rbm, double[] data, int rows, double logZ) {
        return -RbmMonitors.meanFreeEnergy(rbm, data, rows) - logZ;
    }

    /** Segments of the enumeration, summed in parallel and combined in this fixed order (so the result does not
     * depend on the number of threads). */
    static final int SEGMENTS = 16;

    /** log Σ over all 2^nv visible states of e^{−F(v)} for {@code t}. */
    private static double logSumExpNegativeFreeEnergy(Rbm t) {
        return logSumExpOverStates(t.numVisible(), count -> {
            double[] scratch = new double[count * t.numHidden()];
            return (states, rows, out) -> {
                t.freeEnergy(states, 0, rows, scratch, out, 0);
                for (int s = 0; s < rows; s++) {
                    out[s] = -out[s];
                }
            };
        });
    }

    /** The log-weights of a chunk of binary states. */
    @FunctionalInterface
    public interface ChunkScorer {
        /**
         * Writes the log-weight of each state.
         *
         * @param states {@code rows × n} of 0/1, row-major
         * @param rows the states in this chunk
         * @param out receives {@code rows} log-weights
         */
        void score(double[] states, int rows, double[] out);
    }

    /**
     * log Σ over all 2^n binary states s of e^{w(s)}, the log-weights w given chunk by chunk by a scorer: fixed
     * segments summed in parallel (one scorer each, made by {@code scorers} for chunks of at most the given size)
     * and combined in a fixed order, so the result does not depend on the number of threads.
     *
     * @param n units (at most {@value #MAX_ENUMERATED_UNITS})
     */
    public static double logSumExpOverStates(int n, java.util.function.IntFunction<ChunkScorer> scorers) {
        if (n < 0 || n > MAX_ENUMERATED_UNITS) {
            throw new IllegalArgumentException("enumeration of 2^" + n + " states: n must be in [0, "
                + MAX_ENUMERATED_UNITS + "]");
        }
        long total = 1L << n;
        int segments = (int) Math.min(SEGMENTS, Math.max(1, total / CHUNK));
        long per = (total + segments - 1) / segments;
        double[][] parts = java.util.stream.IntStream.range(0, segments).parallel()
            .mapToObj(k -> segment(n, scorers, k * per, Math.min(total, (k + 1) * per)))
            .toArray(double[][]::new);
        double max = Double.NEGATIVE_INFINITY;
        for (double[] p : parts) {
            max = Math.max(max, p[0]);
        }
        double sum = 0.0;
        for (double[] p : parts) {
            sum += p[1] * Math.exp(p[0] - max);
        }
        return max + Math.log(sum);
    }

    /** {max, Σ e^{w(s) − max}} over the states {@code [from, to)} of n units, chunked. */
    private static double[] segment(int n, java.util.function.IntFunction<ChunkScorer> scorers, long from, long to) {
        int chunk = (int) Math.min(to - from, CHUNK);
        ChunkScorer scorer = scorers.apply(chunk);
        double[] states = new double[chunk * n];
        double[] w = new double[chunk];
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0.0;
        for (long start = from; start < to; start += chunk) {
            int count = (int) Math.min(chunk, to - start);
            for (int s = 0; s < count; s++) {
                long state = start + s;
                for (int i = 0; i < n; i++) {
                    states[s * n + i] = (state >>> i) & 1L;
                }
            }
            scorer.score(states, count, w);
            double chunkMax = Double.NEGATIVE_INFINITY;
            for (int s = 0; s < count; s++) {
                chunkMax = Math.max(chunkMax, w[s]);
            }
            if (chunkMax > max) {
                // rescale the running sum to the new maximum: Σ e^{x−old} · e^{old−new}
                sum *= Math.exp(max - chunkMax);
                max = chunkMax;
            }
            for (int s = 0; s < count; s++) {
                sum += Math.exp(w[s] - max);
            }
        }
        return new double[] {max, sum};
    }
}
