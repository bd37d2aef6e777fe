package dev.boltzmann.evaluation;

import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.sampling.BmModes;

/**
 * Exact quantities of a small {@link BoltzmannMachine} by enumerating its legal states ({@link BmEnumeration}:
 * Gray-code walk, incremental energies, chunked stable log-sum-exp). Usable while at most
 * {@link BmEnumeration#MAX_FREE_UNITS} binary units are summed over (nv + nh for log Z, nh for a marginal); the cost
 * is O(C · 2^m · n) per sum.
 * <pre>
 *   log Z           = log Σ_y exp(-E(y))                       (y over legal states: one-hot label group)
 *   log P(v)        = log Σ_{c,h} exp(-E(v,c,h)) − log Z        (label unknown)
 *   log P(v, c)     = log Σ_h exp(-E(v,c,h)) − log Z            (label known)
 *   model moments   ⟨y_i y_j⟩ = Σ_y P(y) y_i y_j,   ⟨y_i⟩ likewise
 *   data moments    mean over patterns of Σ_{h(,c)} P(h(,c) | v) y_i y_j
 *   exact gradient  ∂ mean log-likelihood / ∂W_ij = data − model (i ≠ j),  / ∂b_i likewise
 * </pre>
 * Used to test the Monte-Carlo learning rule and to score trained machines. Reference: Ackley, Hinton &amp;
 * Sejnowski, Cognitive Science 9 (1985) 147–169.
 */
public final class BmExact {
    private BmExact() {
    }

    /**
     * Second and first moments.
     *
     * @param correlations ⟨y_i y_j⟩, symmetric n × n row-major with zero diagonal
     * @param means ⟨y_i⟩, length n
     */
    public record Moments(double[] correlations, double[] means) {
    }

    /**
     * The exact gradient of the mean log-likelihood.
     *
     * @param weights ∂L/∂W, n × n row-major, zero diagonal
     * @param biases ∂L/∂b, length n
     */
    public record Gradient(double[] weights, double[] biases) {
    }

    /** log Z, summing exp(-E) over every legal state. */
    public static double logPartition(BoltzmannMachine bm) {
        return BmEnumeration.logSumExp(bm, new double[bm.size()], null);
    }

    /**
     * The unnormalised log-marginal log Σ exp(-E(v, c, h)) over the hidden units (and over the labels if
     * {@code label} is {@link BoltzmannMachine#NO_LABEL}).
     *
     * @param visible 0/1, length nv
     * @param label in [0, C) or {@link BoltzmannMachine#NO_LABEL}
     */
    public static double logUnnormalizedMarginal(BoltzmannMachine bm, double[] visible, int label) {
        return BmEnumeration.logSumExp(bm, bm.stateOf(visible, label), fixedMask(bm, label));
    }

    /** log P(v) (or log P(v, c) if the label is known) = log-marginal − log Z. */
    public static double logLikelihood(BoltzmannMachine bm, double[] visible, int label) {
        return logUnnormalizedMarginal(bm, visible, label) - logPartition(bm);
    }

    /**
     * The mean exact log-likelihood (1/N) Σ_p log P(v^p [, c^p]); log Z is computed once.
     *
     * @param visible N ≥ 1 patterns of length nv
     * @param labels length N ({@link BoltzmannMachine#NO_LABEL} for unknown), or {@code null}: all unknown
     */
    public static double meanLogLikelihood(BoltzmannMachine bm, double[][] visible, int[] labels) {
        checkData(visible, labels);
        double logZ = logPartition(bm);
        double sum = 0.0;
        for (int p = 0; p < visible.length; p++) {
            sum += logUnnormalizedMarginal(bm, visible[p], label(labels, p)) - logZ;
        }
        return sum / visible.length;
    }

    /** The model's exact moments ⟨y yᵀ⟩ and ⟨y⟩ under P(y) = exp(-E(y))/Z. */
    public static Moments modelMoments(BoltzmannMachine bm) {
        double[] start = new double[bm.size()];
        double[][] acc = newAccumulator(bm.size());
        addMoments(bm, start, null, BmEnumeration.logSumExp(bm, start, null), acc, 1.0);
        return new Moments(acc[0], acc[1]);
    }

    /**
     * The data moments: the mean over the patterns of the moments under P(h [, c] | v^p).
     *
     * @param visible N ≥ 1 patterns of length nv
     * @param labels length N ({@link BoltzmannMachine#NO_LABEL} for unknown), or {@code null}: all unknown
     */
    public static Moments dataMoments(BoltzmannMachine bm, double[][] visible, int[] labels) {
        checkData(visible, labels);
        double[][] acc = newAccumulator(bm.size());
        for (int p = 0; p < visible.length; p++) {
            int label = label(labels, p);
            double[] start = bm.stateOf(visible[p], label);
            boolean[] fixed = fixedMask(bm, label);
            addMoments(bm, start, fixed, BmEnumeration.logSumExp(bm, start, fixed), acc, 1.0 / visible.length);
        }
        return new Moments(acc[0], acc[1]);
    }

    /** The exact gradient of the mean log-likelihood: data moments − model moments. */
    public static Gradient gradient(BoltzmannMachine bm, double[][] visible, int[] labels) {
        Moments data = dataMoments(bm, visible, labels);
        Moments model = modelMoments(bm);
        double[] gw = data.correlations().clone();
        double[] gb = data.means().clone();
        for (int k = 0; k < gw.length; k++) {
            gw[k] -= model.correlations()[k];
        }
        for (int i = 0; i < gb.length; i++) {
            gb[i] -= model.means()[i];
        }
        return new Gradient(gw, gb);
    }

    /**
     * The exact class posterior P(c | v) ∝ Σ_h exp(-E(v, c, h)) (see {@link BmModes#classProbabilitiesExact}).
     *
     * @param visible 0/1, length nv
     * @return length C, sums to 1
     */
    public static double[] classProbabilities(BoltzmannMachine bm, double[] visible) {
        return BmModes.classProbabilitiesExact(bm, visible);
    }

    /** The fraction of patterns whose exact argmax_c P(c | v) equals their label. */
    public static double accuracy(BoltzmannMachine bm, double[][] visible, int[] labels) {
        checkData(visible, labels);
        if (labels == null) {
            throw new IllegalArgumentException("accuracy needs labels, got null");
        }
        int correct = 0;
        for (int p = 0; p < visible.length; p++) {
            correct += BmModes.argmax(classProbabilities(bm, visible[p])) == labels[p] ? 1 : 0;
        }
        return (double) correct / visible.length;
    }

    /** The mask fixing the visible units and, if the label is known, the label group. */
    static boolean[] fixedMask(BoltzmannMachine bm, int label) {
        boolean[] fixed = new boolean[bm.size()];
        int end = label == BoltzmannMachine.NO_LABEL ? bm.labelStart() : bm.hiddenStart();
        for (int i = 0; i < end; i++) {
            fixed[i] = true;
        }
        return fixed;
    }

    private static double[][] newAccumulator(int n) {
        return new double[][] {new double[n * n], new double[n]};
    }

    /** acc += scale · Σ_y exp(-E(y) − logNorm) (y yᵀ, y) over the states that agree with start on fixed. */
    private static void addMoments(BoltzmannMachine bm, double[] start, boolean[] fixed, double logNorm,
                                   double[][] acc, double scale) {
        int n = bm.size();
        double[] corr = acc[0];
        double[] mean = acc[1];
        BmEnumeration.forEachState(bm, start, fixed, (y, negE) -> {
            double p = scale * Math.exp(negE - logNorm);
            for (int i = 0; i < n; i++) {
                if (y[i] == 0.0) {
                    continue;
                }
                mean[i] += p;
                int row = i * n;
                for (int j = i + 1; j < n; j++) {
                    if (y[j] != 0.0) {
                        corr[row + j] += p;
                        corr[j * n + i] += p;
                    }
                }
            }
        });
    }

    private static int label(int[] labels, int p) {
        return labels == null ? BoltzmannMachine.NO_LABEL : labels[p];
    }

    private static void checkData(double[][] visible, int[] labels) {
        if (visible.length == 0) {
            throw new IllegalArgumentException("need at least one pattern, got 0");
        }
        if (labels != null && labels.length != visible.length) {
            throw new IllegalArgumentException("labels has " + labels.length + " entries but there are "
                + visible.length + " patterns");
        }
    }
}
