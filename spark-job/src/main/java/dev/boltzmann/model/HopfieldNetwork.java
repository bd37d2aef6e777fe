package dev.boltzmann.model;

import java.util.Arrays;

/**
 * A Hopfield network with biases: {@code n} units, a symmetric weight matrix with zero diagonal, and biases.
 *
 * <pre>
 *   field      z_i  = Σ_j W_ij y_j + b_i
 *   energy     E(y) = -½ yᵀ W y - bᵀ y
 *   update     y_i ← on if z_i &gt; 0, off if z_i &lt; 0, unchanged if z_i = 0
 * </pre>
 * The same formulas serve both encodings ({@link Encoding}); the network remembers the one its parameters are
 * written for, and {@link #withEncoding(Encoding)} rewrites them for the other one (energies then differ by a
 * constant, so fixed points and Boltzmann distributions are the same).
 *
 * <p>Weights are stored row-major in one array of length {@code n*n}. Instances are immutable: the arrays are
 * copied in and out. Reference: J. J. Hopfield, PNAS 79 (1982) 2554–2558.
 */
public final class HopfieldNetwork implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final int n;
    private final double[] weights;
    private final double[] bias;
    private final Encoding encoding;

    private HopfieldNetwork(int n, double[] weights, double[] bias, Encoding encoding) {
        this.n = n;
        this.weights = weights;
        this.bias = bias;
        this.encoding = encoding;
    }

    /**
     * A network from its parameters (copied).
     *
     * @param weights row-major n × n, symmetric, zero diagonal
     * @param bias length n
     * @param encoding the encoding the parameters are written for
     * @throws IllegalArgumentException if the shapes disagree, W is not symmetric, its diagonal is not zero,
     *     or a value is not finite
     */
    public static HopfieldNetwork of(double[] weights, double[] bias, Encoding encoding) {
        int n = bias.length;
        if (n < 1) {
            throw new IllegalArgumentException("a Hopfield network needs at least 1 unit, got 0");
        }
        if (weights.length != (long) n * n) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries, expected n*n = "
                + ((long) n * n) + " for n = " + n + " biases");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(bias[i])) {
                throw new IllegalArgumentException("bias[" + i + "] is not finite: " + bias[i]);
            }
            if (weights[i * n + i] != 0.0) {
                throw new IllegalArgumentException("weights[" + i + "][" + i + "] = " + weights[i * n + i]
                    + ": the diagonal must be zero");
            }
            for (int j = i + 1; j < n; j++) {
                double a = weights[i * n + j];
                double b = weights[j * n + i];
                if (!Double.isFinite(a)) {
                    throw new IllegalArgumentException("weights[" + i + "][" + j + "] is not finite: " + a);
                }
                if (a != b) {
                    throw new IllegalArgumentException("weights must be symmetric: W[" + i + "][" + j + "] = " + a
                        + " but W[" + j + "][" + i + "] = " + b);
                }
            }
        }
        return new HopfieldNetwork(n, weights.clone(), bias.clone(), encoding);
    }

    /** A network with all weights and biases zero. */
    public static HopfieldNetwork zeros(int n, Encoding encoding) {
        return of(new double[n * n], new double[n], encoding);
    }

    /** Number of units. */
    public int size() {
        return n;
    }

    /** The encoding the parameters are written for. */
    public Encoding encoding() {
        return encoding;
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return weights[i * n + j];
    }

    /** b_i. */
    public double bias(int i) {
        return bias[i];
    }

    /** A copy of W, row-major n × n. */
    public double[] weights() {
        return weights.clone();
    }

    /** A copy of b, length n. */
    public double[] biases() {
        return bias.clone();
    }

    /**
     * The field z_i = Σ_j W_ij y_j + b_i of unit {@code i} (the diagonal is zero, so y_i does not count).
     *
     * @param y a state of length n in this network's encoding
     */
    public double field(double[] y, int i) {
        double z = bias[i];
        int row = i * n;
        for (int j = 0; j < n; j++) {
            z += weights[row + j] * y[j];
        }
        return z;
    }

    /** All fields at once into {@code out} (length n); returns {@code out}. */
    public double[] fields(double[] y, double[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = field(y, i);
        }
        return out;
    }

    /** E(y) = -½ yᵀ W y - bᵀ y. */
    public double energy(double[] y) {
        checkState(y);
        double quad = 0.0;
        double lin = 0.0;
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += weights[row + j] * y[j];
            }
            quad += y[i] * s;
            lin += bias[i] * y[i];
        }
        return -0.5 * quad - lin;
    }

    /**
     * E(y with unit i set to {@code newValue}) - E(y): -(newValue - y_i) z_i, in O(n).
     */
    public double energyChange(double[] y, int i, double newValue) {
        return -(newValue - y[i]) * field(y, i);
    }

    /**
     * The value unit {@code i} takes under the deterministic update rule: on if z_i &gt; 0, off if z_i &lt; 0,
     * and its current value y_i if z_i = 0 (ties keep the old value).
     *
     * @param y a state of length n in this network's encoding
     */
    public double updatedValue(double[] y, int i) {
        double z = field(y, i);
        if (z > 0.0) {
            return encoding.on();
        }
        if (z < 0.0) {
            return encoding.off();
        }
        return y[i];
    }

    /**
     * Whether {@code y} is a fixed point of the deterministic update: no unit would change under
     * {@link #updatedValue(double[], int)}. Costs O(n²).
     *
     * @param y a state of length n in this network's encoding
     */
    public boolean isFixedPoint(double[] y) {
        checkState(y);
        for (int i = 0; i < n; i++) {
            if (updatedValue(y, i) != y[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The same model written for {@code target}: with s = 2b - 1,
     * {@code -½ sᵀWs - cᵀs = -½ bᵀ(4W)b - (2c - 2W·1)ᵀb + const}, and back with b = (s + 1)/2,
     * {@code W' = W/4, c' = c/2 + W·1/4}. Energies of corresponding states differ by a constant.
     */
    public HopfieldNetwork withEncoding(Encoding target) {
        if (target == encoding) {
            return this;
        }
        double[] w2 = new double[n * n];
        double[] b2 = new double[n];
        for (int i = 0; i < n; i++) {
            double rowSum = 0.0;
            for (int j = 0; j < n; j++) {
                rowSum += weights[i * n + j];
            }
            if (target == Encoding.BINARY) {
                b2[i] = 2.0 * bias[i] - 2.0 * rowSum;
            } else {
                b2[i] = 0.5 * bias[i] + 0.25 * rowSum;
            }
        }
        double scale = target == Encoding.BINARY ? 4.0 : 0.25;
        for (int k = 0; k < n * n; k++) {
            w2[k] = weights[k] * scale;
        }
        return new HopfieldNetwork(n, w2, b2, target);
    }

    private void checkState(double[] y) {
        if (y.length != n) {
            throw new IllegalArgumentException("state has " + y.length + " units, the network has " + n);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HopfieldNetwork h && h.encoding == encoding && Arrays.equals(h.weights, weights)
            && Arrays.equals(h.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "HopfieldNetwork(n=" + n + ", encoding=" + encoding.name().toLowerCase() + ")";
    }
}
