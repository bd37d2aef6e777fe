package dev.boltzmann.sampling;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.SoftmaxGroup;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The modes of use of an RBM, a label RBM and a deep belief net (ALGORITHMS.md §4): generation, completion,
 * classification and conditional generation, all by block Gibbs sampling of whole batches.
 *
 * <p>A chain's state is {@code (v, y)}: visible units and, for a label RBM, the one-hot label group (a plain RBM is
 * run as {@link LabelRbm#fromRbm}, whose single label is inert). One sweep is
 * <pre>
 *   h ~ P(h | v, y);   v ~ P(v | h);   y ~ softmax(d + Uh);   clamped units are reset to their given values
 * </pre>
 * Chains start with each free visible unit on with probability {@code start_i} (½ for a random start, or the data's
 * per-unit means for a base-rate start, {@link #unitMeans}) and a free label drawn uniformly.
 *
 * <p><b>Annealing.</b> With an {@link AnnealingSchedule} whose temperatures satisfy {@code T ≥ 1}, the chain first
 * runs {@code sweepsPerTemperature} sweeps at each {@code β = 1/T} of the schedule (β rising from {@code 1/T_0}
 * towards 1), sampling {@code P_β(v,y,h) ∝ exp(−β E(v,y,h))}: every weight and bias (W, a, b, U, d) is multiplied
 * by β, so at small β the conditionals are close to ½ (uniform label) and the chain moves freely. Then the
 * {@code sweeps} sweeps of {@link Options} run at β = 1 exactly, so the output comes from the model itself.
 *
 * <p><b>Output.</b> {@code averageLast = 0}: the last state (binary v, one-hot y). {@code averageLast = M ≥ 1}: the
 * mean over the last M sweeps of the conditional means {@code P(v|h)} and {@code softmax(d + Uh)}; it estimates the
 * same marginals as the mean of the states with lower variance. Clamped units always report their given values.
 *
 * <p><b>Randomness.</b> Row i of a request uses {@code Seeds.rng(seed, purpose, i)} with one purpose per mode, so a
 * row's result does not depend on the batch it is computed in. Per row: nv uniforms and (free label, nc &gt; 1) one
 * for the start; per sweep nh, nv and (free label) one.
 *
 * <p>Stateless and thread-safe. Inputs are not modified.
 *
 * <pre>
 * G. E. Hinton: A practical guide to training restricted Boltzmann machines, UTML TR 2010-003 (2010).
 * H. Larochelle, Y. Bengio: Classification using discriminative restricted Boltzmann machines, ICML 2008.
 * G. E. Hinton, S. Osindero, Y.-W. Teh: A fast learning algorithm for deep belief nets, Neural Computation 18 (2006).
 * S. Kirkpatrick, C. D. Gelatt, M. P. Vecchi: Optimization by simulated annealing, Science 220 (1983).
 * </pre>
 */
public final class RbmSampler {
    /** Purpose key of free generation ("SMP_GEN_"). */
    public static final long GENERATE_PURPOSE = 0x534D505F47454E5FL;
    /** Purpose key of completion ("SMP_CMPL"). */
    public static final long COMPLETE_PURPOSE = 0x534D505F434D504CL;
    /** Purpose key of conditional generation ("SMP_COND"). */
    public static final long CONDITIONAL_PURPOSE = 0x534D505F434F4E44L;
    /** Purpose key of deep-belief-net generation ("SMP_DBN_"). */
    public static final long DBN_PURPOSE = 0x534D505F44424E5FL;
    /** Rows sampled together (one matrix product per layer per sweep). */
    public static final int CHUNK = 512;

    private RbmSampler() {
    }

    /**
     * Sampling options.
     *
     * @param sweeps L, Gibbs sweeps at β = 1 (≥ 1)
     * @param averageLast M in [0, L]: 0 returns the last state, M ≥ 1 the mean of the last M conditional means
     * @param annealing sweeps at rising β before the L sweeps, or null for none; its temperatures must be ≥ 1
     *     ({@code minTemperature ≥ 1}), since β = 1/T must not exceed 1
     * @param seed the seed of every chain
     */
    public record Options(int sweeps, int averageLast, AnnealingSchedule annealing, long seed) {
        /** Validates the ranges; messages name the parameter and value. */
        public Options {
            if (sweeps < 1) {
                throw new IllegalArgumentException("sweeps must be >= 1, got " + sweeps);
            }
            if (averageLast < 0 || averageLast > sweeps) {
                throw new IllegalArgumentException("averageLast must be in [0, sweeps=" + sweeps + "], got "
                    + averageLast);
            }
            if (annealing != null && annealing.minTemperature() < 1.0) {
                throw new IllegalArgumentException("annealing minTemperature must be >= 1 (β = 1/T <= 1), got "
                    + annealing.minTemperature());
            }
        }

        /** L sweeps, returning the last state, no annealing. */
        public static Options lastState(int sweeps, long seed) {
            return new Options(sweeps, 0, null, seed);
        }

        /** L sweeps, returning the mean of the last M. */
        public static Options mean(int sweeps, int averageLast, long seed) {
            return new Options(sweeps, averageLast, null, seed);
        }

        /** A copy with annealing before the final sweeps. */
        public Options withAnnealing(AnnealingSchedule schedule) {
            return new Options(sweeps, averageLast, schedule, seed);
        }
    }

    /**
     * Samples of a label model.
     *
     * @param visible {@code rows × nv}: binary states or means (see the class description)
     * @param labels {@code rows × nc}: one-hot states or label probabilities
     * @param rows number of rows
     */
    public record Samples(double[] visible, double[] labels, int rows) {
        /** The most probable (or sampled) class of each row. */
        public int[] labelArgmax() {
            int nc = labels.length / Math.max(rows, 1);
            int[] out = new int[rows];
            for (int r = 0; r < rows; r++) {
                for (int c = 1; c < nc; c++) {
                    if (labels[r * nc + c] > labels[r * nc + out[r]]) {
                        out[r] = c;
                    }
                }
            }
            return out;
        }
    }

    /** Free generation of {@code count} visible vectors; {@code start} per-unit start probabilities or null (½). */
    public static double[] generate(Rbm rbm, int count, double[] start, Options options) {
        return run(LabelRbm.fromRbm(rbm), null, null, count, start, options, GENERATE_PURPOSE).visible();
    }

    /**
     * Completion: units given as NaN in {@code partial} ({@code rows × nv}) are sampled, the others clamped.
     *
     * @param start start probabilities of the unknown units (length nv), or null for ½
     * @return {@code rows × nv}: known units as given, unknown ones sampled or averaged
     */
    public static double[] complete(Rbm rbm, double[] partial, int rows, double[] start, Options options) {
        return run(LabelRbm.fromRbm(rbm), partial, null, rows, start, options, COMPLETE_PURPOSE).visible();
    }

    /** Free generation of {@code count} (image, label) pairs from a label RBM. */
    public static Samples generate(LabelRbm model, int count, double[] start, Options options) {
        return run(model, null, null, count, start, options, GENERATE_PURPOSE);
    }

    /**
     * Completion with a label RBM: NaN units of {@code partial} are sampled; {@code labels[r]} clamps row r's class,
     * or leaves it free when −1 ({@code labels} null: all free); {@code start} as for the plain RBM.
     */
    public static Samples complete(LabelRbm model, double[] partial, int[] labels, int rows, double[] start,
                                   Options options) {
        return run(model, partial, labels, rows, start, options, COMPLETE_PURPOSE);
    }

    /** Conditional generation: row r's label is clamped to {@code labels[r]} and every visible unit is sampled. */
    public static double[] generateWithLabels(LabelRbm model, int[] labels, int rows, double[] start, Options options) {
        return run(model, null, checkClamped(labels, rows, model.numLabels()), rows, start, options,
            CONDITIONAL_PURPOSE).visible();
    }

    /** Exact classification {@code argmax_c P(c|v)} (see {@link LabelRbm#classify}). */
    public static int[] classify(LabelRbm model, double[] v, int rows) {
        return model.classify(v, rows);
    }

    /**
     * Generation from a deep belief net: Gibbs sampling in the top RBM (label row r clamped to {@code labels[r]}
     * unless −1; null: all free), then one top-down pass {@link DeepBeliefNet#downPass} with the same seed.
     *
     * With {@code averageLast = 0} the top's last binary state is passed down; with M ≥ 1 its mean (probabilities),
     * which makes the pass mean-field at the top layer.
     *
     * @return bottom-layer probabilities {@code P(x | h¹)} ({@code rows × n_0}) and the top's labels
     */
    public static Samples generate(DeepBeliefNet dbn, int[] labels, int rows, Options options) {
        Samples top = run(dbn.topAsLabelRbm(), null, labels, rows, null, options, DBN_PURPOSE);
        return new Samples(dbn.downPass(top.visible(), rows, options.seed()), top.labels(), rows);
    }

    /** Per-unit means of {@code rows × n} data (a base-rate start, or the completion baseline). */
    public static double[] unitMeans(double[] data, int rows, int n) {
        if (rows < 1 || data.length != (long) rows * n) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected rows*n = " + rows + "*"
                + n + " with rows >= 1");
        }
        double[] m = new double[n];
        for (int k = 0; k < data.length; k++) {
            m[k % n] += data[k];
        }
        for (int i = 0; i < n; i++) {
            m[i] /= rows;
        }
        return m;
    }

    /** 1 where {@code x ≥ threshold}, else 0 (a binary state from means); a new array. */
    public static double[] threshold(double[] x, double threshold) {
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = x[k] >= threshold ? 1.0 : 0.0;
        }
        return out;
    }

    private static Samples run(LabelRbm model, double[] partial, int[] labels, int rows, double[] start,
                               Options options, long purpose) {
        int nv = model.numVisible();
        int nc = model.numLabels();
        checkArguments(model, partial, labels, rows, start);
        double[] visible = new double[rows * nv];
        double[] labelOut = new double[rows * nc];
        for (int from = 0; from < rows; from += CHUNK) {
            int n = Math.min(CHUNK, rows - from);
            new Chains(model, partial, labels, from, n, start, options.seed(), purpose)
                .run(options, visible, labelOut);
        }
        return new Samples(visible, labelOut, rows);
    }

    private static void checkArguments(LabelRbm model, double[] partial, int[] labels, int rows, double[] start) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, got " + rows);
        }
        if (partial != null && partial.length != (long) rows * model.numVisible()) {
            throw new IllegalArgumentException("partial has " + partial.length + " values, expected rows*numVisible = "
                + rows + "*" + model.numVisible());
        }
        if (start != null && start.length != model.numVisible()) {
            throw new IllegalArgumentException("start has length " + start.length + ", expected numVisible = "
                + model.numVisible());
        }
        if (start != null) {
            for (int i = 0; i < start.length; i++) {
                if (!(start[i] >= 0.0 && start[i] <= 1.0)) {
                    throw new IllegalArgumentException("start[" + i + "] is " + start[i] + ", expected a probability");
                }
            }
        }
        if (labels != null) {
            if (labels.length < rows) {
                throw new IllegalArgumentException("labels has length " + labels.length + ", expected >= rows = "
                    + rows);
            }
            for (int r = 0; r < rows; r++) {
                if (labels[r] < -1 || labels[r] >= model.numLabels()) {
                    throw new IllegalArgumentException("label of row " + r + " is " + labels[r]
                        + ", expected -1 (free) or a class in [0, " + model.numLabels() + ")");
                }
            }
        }
    }

    private static int[] checkClamped(int[] labels, int rows, int numLabels) {
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= numLabels) {
                throw new IllegalArgumentException("label of row " + r + " is " + labels[r] + ", expected a class in [0, "
                    + numLabels + ")");
            }
        }
        return labels;
    }

    /** The chains of one chunk of rows: states, clamps and streams. */
    private static final class Chains {
        private final LabelRbm model;
        private final int nv;
        private final int nh;
        private final int nc;
        private final int from;
        private final int n;
        private final double[] partial;
        private final int[] labels;
        private final double[] v;
        private final double[] y;
        private final double[] h;
        private final SplittableRandom[] rngs;
        private final double[] pv;
        private final double[] py;

        Chains(LabelRbm model, double[] partial, int[] labels, int from, int n, double[] start, long seed,
               long purpose) {
            this.model = model;
            this.nv = model.numVisible();
            this.nh = model.numHidden();
            this.nc = model.numLabels();
            this.from = from;
            this.n = n;
            this.partial = partial;
            this.labels = labels;
            this.v = new double[n * nv];
            this.y = new double[n * nc];
            this.h = new double[n * nh];
            this.pv = new double[n * nv];
            this.py = new double[n * nc];
            this.rngs = new SplittableRandom[n];
            for (int r = 0; r < n; r++) {
                rngs[r] = Seeds.rng(seed, purpose, from + r);
                for (int i = 0; i < nv; i++) {
                    v[r * nv + i] = rngs[r].nextDouble() < (start == null ? 0.5 : start[i]) ? 1.0 : 0.0;
                }
                if (labelFree(r) && nc > 1) {
                    y[r * nc + rngs[r].nextInt(nc)] = 1.0;
                } else {
                    y[r * nc + (labelFree(r) ? 0 : labels[from + r])] = 1.0;
                }
                clamp(r, v, y);
            }
        }

        void run(Options options, double[] visibleOut, double[] labelOut) {
            AnnealingSchedule schedule = options.annealing();
            if (schedule != null) {
                for (double t = schedule.initialTemperature(); t >= schedule.minTemperature(); t *= schedule.alpha()) {
                    LabelRbm tempered = model.scaled(1.0 / t);
                    for (int s = 0; s < schedule.sweepsPerTemperature(); s++) {
                        sweep(tempered);
                    }
                }
            }
            int m = options.averageLast();
            double[] sumV = new double[n * nv];
            double[] sumY = new double[n * nc];
            for (int s = 1; s <= options.sweeps(); s++) {
                sweep(model);
                if (m > 0 && s > options.sweeps() - m) {
                    for (int r = 0; r < n; r++) {
                        clamp(r, pv, py); // means of clamped units are their given values
                    }
                    add(sumV, pv);
                    add(sumY, py);
                }
            }
            double[] outV = m > 0 ? scale(sumV, 1.0 / m) : v;
            double[] outY = m > 0 ? scale(sumY, 1.0 / m) : y;
            System.arraycopy(outV, 0, visibleOut, from * nv, n * nv);
            System.arraycopy(outY, 0, labelOut, from * nc, n * nc);
        }

        /** One block-Gibbs sweep of every chain of the chunk with the parameters of {@code params}. */
        private void sweep(LabelRbm params) {
            params.hiddenProbabilities(v, 0, y, 0, n, h, 0);
            for (int r = 0; r < n; r++) {
                Rbm.sampleBernoulli(h, r * nh, nh, rngs[r], h, r * nh);
            }
            params.visibleProbabilities(h, 0, n, pv, 0);
            params.labelProbabilities(h, 0, n, py, 0);
            for (int r = 0; r < n; r++) {
                Rbm.sampleBernoulli(pv, r * nv, nv, rngs[r], v, r * nv);
                if (labelFree(r) && nc > 1) {
                    SoftmaxGroup.sampleCategorical(py, r * nc, nc, rngs[r], y, r * nc);
                }
                clamp(r, v, y);
            }
        }

        private boolean labelFree(int r) {
            return labels == null || labels[from + r] < 0;
        }

        /** Resets row r's clamped visible units and label in {@code vv} and {@code yy}. */
        private void clamp(int r, double[] vv, double[] yy) {
            if (partial != null) {
                int g = (from + r) * nv;
                for (int i = 0; i < nv; i++) {
                    double known = partial[g + i];
                    if (!Double.isNaN(known)) {
                        vv[r * nv + i] = known;
                    }
                }
            }
            if (!labelFree(r)) {
                Arrays.fill(yy, r * nc, (r + 1) * nc, 0.0);
                yy[r * nc + labels[from + r]] = 1.0;
            }
        }

        private static void add(double[] sum, double[] x) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += x[k];
            }
        }

        private static double[] scale(double[] x, double s) {
            for (int k = 0; k < x.length; k++) {
                x[k] *= s;
            }
            return x;
        }
    }
}
