package dev.boltzmann.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The quadratic (Ising / fully visible Boltzmann machine) energy on binary or bipolar units:
 * <pre>
 *   E(y) = -½ yᵀ W y - bᵀ y = -Σ_{i&lt;j} W_ij y_i y_j - Σ_i b_i y_i,      W symmetric, W_ii = 0
 *   z_i  = Σ_j W_ij y_j + b_i                          (field of unit i)
 *   E(y with y_i → v) - E(y) = -(v - y_i) z_i
 *   ∂E/∂W_ij = -y_i y_j   (i &lt; j),     ∂E/∂b_i = -y_i
 * </pre>
 * <b>Parameter layout</b> θ (length n(n-1)/2 + n): the upper triangle of W row by row
 * ({@code W_01, W_02, …, W_0,n-1, W_12, …, W_n-2,n-1}), then b_0 … b_{n-1}. Trained with the §6 rule, this is the
 * fully visible Boltzmann machine of ALGORITHMS.md §3: the gradient is {@code E_data[y_i y_j] - E_model[y_i y_j]}.
 *
 * <p>Immutable; W is also held as a full row-major n × n array so fields cost O(n).
 */
public final class IsingEnergy implements EnergyFunction, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int n;
    private final Encoding encoding;
    private final double[] weights;
    private final double[] bias;

    private IsingEnergy(int n, Encoding encoding, double[] weights, double[] bias) {
        this.n = n;
        this.encoding = encoding;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * The energy with parameter vector {@code theta} (copied).
     *
     * @param n number of units, ≥ 1
     * @param encoding binary {0,1} or bipolar {-1,+1} units
     * @param theta length n(n-1)/2 + n, layout in the class doc; all finite
     */
    public static IsingEnergy of(int n, Encoding encoding, double[] theta) {
        if (n < 1) {
            throw new IllegalArgumentException("number of units must be >= 1, got " + n);
        }
        int expected = numParameters(n);
        if (theta.length != expected) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, expected n(n-1)/2 + n = "
                + expected + " for n = " + n);
        }
        double[] w = new double[n * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                w[i * n + j] = finite(theta[k], k);
                w[j * n + i] = theta[k];
                k++;
            }
        }
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = finite(theta[k], k);
            k++;
        }
        return new IsingEnergy(n, encoding, w, b);
    }

    /** The energy of a Hopfield network / Boltzmann machine (same W, b and encoding). */
    public static IsingEnergy of(HopfieldNetwork net) {
        return new IsingEnergy(net.size(), net.encoding(), net.weights(), net.biases());
    }

    /** All parameters zero: the uniform distribution. */
    public static IsingEnergy zeros(int n, Encoding encoding) {
        return of(n, encoding, new double[numParameters(n)]);
    }

    /**
     * Random parameters W_ij ~ N(0, weightScale²), b_i ~ N(0, biasScale²).
     *
     * @param rng consumed for n(n-1)/2 + n Gaussians, in parameter-layout order
     */
    public static IsingEnergy random(int n, Encoding encoding, double weightScale, double biasScale,
            SplittableRandom rng) {
        double[] theta = new double[numParameters(n)];
        int numWeights = n * (n - 1) / 2;
        for (int k = 0; k < theta.length; k++) {
            theta[k] = rng.nextGaussian() * (k < numWeights ? weightScale : biasScale);
        }
        return of(n, encoding, theta);
    }

    /** n(n-1)/2 + n, the length of θ for n units. */
    public static int numParameters(int n) {
        return n * (n - 1) / 2 + n;
    }

    /** The same W, b and encoding as a {@link HopfieldNetwork}. */
    public HopfieldNetwork toHopfieldNetwork() {
        return HopfieldNetwork.of(weights, bias, encoding);
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public StateSpace stateSpace() {
        return StateSpace.of(encoding);
    }

    /** The units' encoding. */
    public Encoding encoding() {
        return encoding;
    }

    @Override
    public int numParameters() {
        return numParameters(n);
    }

    @Override
    public double[] parameters() {
        double[] theta = new double[numParameters()];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                theta[k++] = weights[i * n + j];
            }
        }
        System.arraycopy(bias, 0, theta, k, n);
        return theta;
    }

    @Override
    public IsingEnergy withParameters(double[] theta) {
        return of(n, encoding, theta);
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return weights[i * n + j];
    }

    /** b_i. */
    public double bias(int i) {
        return bias[i];
    }

    /** z_i = Σ_j W_ij y_j + b_i for a state y of length n. */
    public double field(double[] y, int i) {
        double z = bias[i];
        int row = i * n;
        for (int j = 0; j < n; j++) {
            z += weights[row + j] * y[j];
        }
        return z;
    }

    @Override
    public double energy(double[] y) {
        checkLength(y);
        double e = 0.0;
        for (int i = 0; i < n; i++) {
            double s = 0.0;
            int row = i * n;
            for (int j = i + 1; j < n; j++) {
                s += weights[row + j] * y[j];
            }
            e -= y[i] * (s + bias[i]);
        }
        return e;
    }

    /** -(newValue - y_i) z_i, in O(n). */
    @Override
    public double energyChange(double[] y, int i, double newValue) {
        return -(newValue - y[i]) * field(y, i);
    }

    @Override
    public void addParameterGradient(double[] y, double scale, double[] grad) {
        checkLength(y);
        if (grad.length != numParameters()) {
            throw new IllegalArgumentException("gradient has " + grad.length + " entries, expected "
                + numParameters());
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            double syi = -scale * y[i];
            for (int j = i + 1; j < n; j++) {
                grad[k++] += syi * y[j];
            }
        }
        for (int i = 0; i < n; i++) {
            grad[k++] -= scale * y[i];
        }
    }

    private void checkLength(double[] y) {
        if (y.length != n) {
            throw new IllegalArgumentException("state has " + y.length + " units, the energy has " + n);
        }
    }

    private static double finite(double v, int k) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("theta[" + k + "] must be finite, got " + v);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IsingEnergy e && e.encoding == encoding && Arrays.equals(e.weights, weights)
            && Arrays.equals(e.bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
    }

    @Override
    public String toString() {
        return "IsingEnergy(n=" + n + ", encoding=" + encoding.name().toLowerCase() + ")";
    }
}
