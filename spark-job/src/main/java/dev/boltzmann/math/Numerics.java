package dev.boltzmann.math;

/** Numerically stable scalar functions shared by every model. */
public final class Numerics {
    private Numerics() {
    }

    /** The logistic function σ(x) = 1 / (1 + e^{-x}), stable for large |x|. */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^{-|x|}) so it never overflows. */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** log Σ e^{x_i} over {@code x[from, to)}, shifted by the maximum so it never overflows. */
    public static double logSumExp(double[] x, int from, int to) {
        if (to <= from) {
            return Double.NEGATIVE_INFINITY;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            max = Math.max(max, x[i]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (int i = from; i < to; i++) {
            sum += Math.exp(x[i] - max);
        }
        return max + Math.log(sum);
    }

    /** log Σ e^{x_i} over the whole array. */
    public static double logSumExp(double[] x) {
        return logSumExp(x, 0, x.length);
    }

    /** log(e^a + e^b) without overflow. */
    public static double logAddExp(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(-Math.abs(a - b)));
    }
}
