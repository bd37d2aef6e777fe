package dev.boltzmann.model;

import dev.boltzmann.math.Numerics;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer neural energy on R^d with a fixed confining term:
 * <pre>
 *   a_k(x) = u_kᵀ x + c_k                                   k = 0 … K-1
 *   E(x)   = Σ_k v_k softplus(a_k(x)) + ‖x‖² / (2 s²)
 *   ∂E/∂u_kj = v_k σ(a_k) x_j,    ∂E/∂c_k = v_k σ(a_k),    ∂E/∂v_k = softplus(a_k)
 * </pre>
 * Every hidden unit adds a soft ramp {@code v_k softplus(u_kᵀx + c_k)} that grows at most linearly in ‖x‖, so the
 * quadratic confinement (scale {@code s}, not learned) keeps exp(-E) integrable for every θ. Pairs of units with
 * opposite directions and negative v_k carve double wells along a direction, so a few units already represent
 * several separated modes (e.g. a mixture of Gaussians on a circle); more units give a finer landscape.
 *
 * <p><b>Parameter layout</b> θ (length K·d + 2K): U row-major K × d (row k is u_k), then c (K), then v (K).
 *
 * <p>Immutable; the hot-path methods allocate nothing and cost O(K·d).
 */
public final class NeuralEnergy implements EnergyFunction, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int d;
    private final int hidden;
    private final double confinementScale;
    private final double invTwoS2;
    private final double[] u;
    private final double[] c;
    private final double[] v;

    private NeuralEnergy(int d, int hidden, double confinementScale, double[] u, double[] c, double[] v) {
        this.d = d;
        this.hidden = hidden;
        this.confinementScale = confinementScale;
        this.invTwoS2 = 1.0 / (2.0 * confinementScale * confinementScale);
        this.u = u;
        this.c = c;
        this.v = v;
    }

    /**
     * The energy with parameters {@code theta} (copied).
     *
     * @param dimension d ≥ 1
     * @param hidden K ≥ 1
     * @param confinementScale s &gt; 0, the standard deviation of the confining Gaussian
     * @param theta length K·d + 2K, layout in the class doc
     */
    public static NeuralEnergy of(int dimension, int hidden, double confinementScale, double[] theta) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("number of hidden units must be >= 1, got " + hidden);
        }
        if (!(confinementScale > 0) || !Double.isFinite(confinementScale)) {
            throw new IllegalArgumentException("confinement scale must be finite and > 0, got " + confinementScale);
        }
        int expected = numParameters(dimension, hidden);
        if (theta.length != expected) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, expected K*d + 2K = "
                + expected + " for d = " + dimension + ", K = " + hidden);
        }
        for (int k = 0; k < theta.length; k++) {
            if (!Double.isFinite(theta[k])) {
                throw new IllegalArgumentException("theta[" + k + "] must be finite, got " + theta[k]);
            }
        }
        int nu = hidden * dimension;
        double[] u = new double[nu];
        double[] c = new double[hidden];
        double[] v = new double[hidden];
        System.arraycopy(theta, 0, u, 0, nu);
        System.arraycopy(theta, nu, c, 0, hidden);
        System.arraycopy(theta, nu + hidden, v, 0, hidden);
        return new NeuralEnergy(dimension, hidden, confinementScale, u, c, v);
    }

    /**
     * Random directions and offsets u_kj, c_k ~ N(0, weightScale²) and output weights v = 0, so the initial
     * model is exactly the confining Gaussian N(0, s² I) while the zero-gradient symmetry is already broken
     * (∂E/∂v_k = softplus(a_k) differs between units).
     *
     * @param rng consumed for K·d + K Gaussians
     */
    public static NeuralEnergy random(int dimension, int hidden, double confinementScale, double weightScale,
            SplittableRandom rng) {
        if (!(weightScale >= 0) || !Double.isFinite(weightScale)) {
            throw new IllegalArgumentException("weight scale must be finite and >= 0, got " + weightScale);
        }
        double[] theta = new double[numParameters(dimension, hidden)];
        for (int k = 0; k < hidden * dimension + hidden; k++) {
            theta[k] = weightScale * rng.nextGaussian();
        }
        return of(dimension, hidden, confinementScale, theta);
    }

    /** K·d + 2K. */
    public static int numParameters(int dimension, int hidden) {
        return hidden * dimension + 2 * hidden;
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public StateSpace stateSpace() {
        return StateSpace.CONTINUOUS;
    }

    /** K, the number of hidden units. */
    public int hidden() {
        return hidden;
    }

    /** s, the fixed scale of the confining term ‖x‖²/(2s²). */
    public double confinementScale() {
        return confinementScale;
    }

    @Override
    public int numParameters() {
        return numParameters(d, hidden);
    }

    @Override
    public double[] parameters() {
        double[] theta = new double[numParameters()];
        System.arraycopy(u, 0, theta, 0, u.length);
        System.arraycopy(c, 0, theta, u.length, hidden);
        System.arraycopy(v, 0, theta, u.length + hidden, hidden);
        return theta;
    }

    @Override
    public NeuralEnergy withParameters(double[] theta) {
        return of(d, hidden, confinementScale, theta);
    }

    /** a_k(x) = u_kᵀx + c_k. */
    private double preActivation(double[] x, int k) {
        double a = c[k];
        int row = k * d;
        for (int j = 0; j < d; j++) {
            a += u[row + j] * x[j];
        }
        return a;
    }

    @Override
    public double energy(double[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("state has " + x.length + " coordinates, the energy has " + d);
        }
        double sq = 0.0;
        for (int j = 0; j < d; j++) {
            sq += x[j] * x[j];
        }
        double e = sq * invTwoS2;
        for (int k = 0; k < hidden; k++) {
            e += v[k] * Numerics.softplus(preActivation(x, k));
        }
        return e;
    }

    @Override
    public void addParameterGradient(double[] x, double scale, double[] grad) {
        if (x.length != d || grad.length != numParameters()) {
            throw new IllegalArgumentException("state has " + x.length + " and gradient " + grad.length
                + " entries, expected " + d + " and " + numParameters());
        }
        int offC = hidden * d;
        int offV = offC + hidden;
        for (int k = 0; k < hidden; k++) {
            double a = preActivation(x, k);
            double g = scale * v[k] * Numerics.sigmoid(a);
            int row = k * d;
            for (int j = 0; j < d; j++) {
                grad[row + j] += g * x[j];
            }
            grad[offC + k] += g;
            grad[offV + k] += scale * Numerics.softplus(a);
        }
    }

    @Override
    public String toString() {
        return "NeuralEnergy(d=" + d + ", hidden=" + hidden + ", s=" + confinementScale + ")";
    }
}
