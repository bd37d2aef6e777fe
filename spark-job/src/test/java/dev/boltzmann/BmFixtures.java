package dev.boltzmann;

import dev.boltzmann.model.BmEnumeration;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small Boltzmann machines, brute-force formulas and data sets shared by the Boltzmann-machine tests. */
public final class BmFixtures {
    private BmFixtures() {
    }

    /** A machine with Gaussian weights (sd {@code weightSd}, zero among labels) and Gaussian biases. */
    public static BoltzmannMachine randomMachine(int nv, int nl, int nh, double weightSd, double biasSd,
                                                 SplittableRandom rng) {
        BoltzmannMachine shape = BoltzmannMachine.random(nv, nl, nh, weightSd, rng);
        double[] b = new double[shape.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = biasSd * HopfieldFixtures.gaussian(rng);
        }
        return BoltzmannMachine.of(nv, nl, nh, shape.weights(), b);
    }

    /** E(y) written out as a double sum over i &lt; j, independent of the model code. */
    public static double bruteEnergy(BoltzmannMachine bm, double[] y) {
        int n = bm.size();
        double e = 0.0;
        for (int i = 0; i < n; i++) {
            e -= bm.bias(i) * y[i];
            for (int j = i + 1; j < n; j++) {
                e -= bm.weight(i, j) * y[i] * y[j];
            }
        }
        return e;
    }

    /** State number {@code code} of n 0/1 units (unit i on iff bit i set). */
    public static double[] state(long code, int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = (code >>> i & 1L) == 1L ? 1.0 : 0.0;
        }
        return y;
    }

    /** Whether exactly one unit of the label group is on (always true without a group). */
    public static boolean oneHot(BoltzmannMachine bm, double[] y) {
        if (bm.numLabels() == 0) {
            return true;
        }
        int on = 0;
        for (int i = bm.labelStart(); i < bm.hiddenStart(); i++) {
            on += y[i] == 1.0 ? 1 : 0;
        }
        return on == 1;
    }

    /** log Σ exp(values) by the textbook max-shift, over a plain list. */
    public static double logSumExp(List<Double> values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double s = 0.0;
        for (double v : values) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    /**
     * Brute-force log Z: a loop over all 2^n binary codes, skipping those whose label group is not one-hot
     * (if {@code oneHotOnly}), with the energy from {@link #bruteEnergy}.
     */
    public static double bruteLogPartition(BoltzmannMachine bm, boolean oneHotOnly) {
        int n = bm.size();
        List<Double> terms = new ArrayList<>();
        for (long code = 0; code < 1L << n; code++) {
            double[] y = state(code, n);
            if (!oneHotOnly || oneHot(bm, y)) {
                terms.add(-bruteEnergy(bm, y));
            }
        }
        return logSumExp(terms);
    }

    /** Brute-force log Σ_{rest} exp(-E) over legal states whose first {@code prefix.length} units equal prefix. */
    public static double bruteLogMarginal(BoltzmannMachine bm, double[] prefix) {
        int n = bm.size();
        List<Double> terms = new ArrayList<>();
        for (long code = 0; code < 1L << n; code++) {
            double[] y = state(code, n);
            boolean match = oneHot(bm, y);
            for (int i = 0; i < prefix.length && match; i++) {
                match = y[i] == prefix[i];
            }
            if (match) {
                terms.add(-bruteEnergy(bm, y));
            }
        }
        return logSumExp(terms);
    }

    /**
     * N exact draws from a machine's Boltzmann distribution (inverse CDF over its enumerated legal states);
     * returns the full states (n units).
     */
    public static double[][] exactSamples(BoltzmannMachine bm, int count, SplittableRandom rng) {
        List<double[]> states = new ArrayList<>();
        List<Double> negE = new ArrayList<>();
        BmEnumeration.forEachState(bm, new double[bm.size()], null, (y, ne) -> {
            states.add(y.clone());
            negE.add(ne);
        });
        double logZ = logSumExp(negE);
        double[] cdf = new double[states.size()];
        double acc = 0.0;
        for (int k = 0; k < cdf.length; k++) {
            acc += Math.exp(negE.get(k) - logZ);
            cdf[k] = acc;
        }
        double[][] out = new double[count][];
        for (int s = 0; s < count; s++) {
            double u = rng.nextDouble() * acc;
            int k = 0;
            while (k < cdf.length - 1 && cdf[k] <= u) {
                k++;
            }
            out[s] = states.get(k).clone();
        }
        return out;
    }

    /**
     * The distinct bars-and-stripes patterns of a side × side image (row-major): every choice of rows on
     * (horizontal bars) and every choice of columns on (vertical stripes), the empty and full images once each:
     * 2^(side+1) − 2 patterns.
     */
    public static double[][] barsAndStripes(int side) {
        List<double[]> out = new ArrayList<>();
        for (int mask = 0; mask < 1 << side; mask++) {
            out.add(bars(side, mask, true));
        }
        for (int mask = 1; mask < (1 << side) - 1; mask++) {
            out.add(bars(side, mask, false));
        }
        return out.toArray(new double[0][]);
    }

    /** One bars (horizontal, rows in mask on) or stripes (vertical, columns in mask on) image. */
    public static double[] bars(int side, int mask, boolean horizontal) {
        double[] v = new double[side * side];
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                int k = horizontal ? r : c;
                v[r * side + c] = (mask >>> k & 1) == 1 ? 1.0 : 0.0;
            }
        }
        return v;
    }

    /** Max |a_k − b_k|. */
    public static double maxAbsDiff(double[] a, double[] b) {
        double m = 0.0;
        for (int k = 0; k < a.length; k++) {
            m = Math.max(m, Math.abs(a[k] - b[k]));
        }
        return m;
    }
}
