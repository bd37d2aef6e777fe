package dev.boltzmann.model;

/**
 * The quadratic energy of a multivariate normal distribution on R^d:
 * <pre>
 *   E(x) = ½ (x - μ)ᵀ Σ⁻¹ (x - μ)
 *   P(x) ∝ exp(-E(x)/T) = N(x; μ, T·Σ)
 *   ∂E/∂μ = -Σ⁻¹ (x - μ)
 * </pre>
 * The mean μ is the parameter vector (length d); the covariance Σ is fixed. It is the reference target for
 * sampler tests (exact mean and covariance are known) and the simplest learnable energy: the §6 rule moves μ
 * to the data mean.
 *
 * <p>Σ is row-major d × d, symmetric positive definite; its inverse is formed once through a Cholesky
 * factorisation. Immutable.
 */
public final class GaussianEnergy implements EnergyFunction {
    private final int d;
    private final double[] mean;
    private final double[] covariance;
    private final double[] precision;

    private GaussianEnergy(double[] mean, double[] covariance, double[] precision) {
        this.d = mean.length;
        this.mean = mean;
        this.covariance = covariance;
        this.precision = precision;
    }

    /**
     * N(μ, Σ) (arrays copied).
     *
     * @param mean μ, length d ≥ 1, finite
     * @param covariance Σ, row-major d × d, symmetric positive definite
     * @throws IllegalArgumentException on a shape mismatch, asymmetry or a matrix that is not positive definite
     */
    public static GaussianEnergy of(double[] mean, double[] covariance) {
        int d = mean.length;
        if (d < 1) {
            throw new IllegalArgumentException("dimension must be >= 1, got 0");
        }
        checkFinite(mean, "mean");
        if (covariance.length != d * d) {
            throw new IllegalArgumentException("covariance has " + covariance.length + " entries, expected d*d = "
                + (d * d) + " for d = " + d);
        }
        checkFinite(covariance, "covariance");
        for (int i = 0; i < d; i++) {
            for (int j = i + 1; j < d; j++) {
                if (covariance[i * d + j] != covariance[j * d + i]) {
                    throw new IllegalArgumentException("covariance must be symmetric: C[" + i + "][" + j + "] = "
                        + covariance[i * d + j] + " but C[" + j + "][" + i + "] = " + covariance[j * d + i]);
                }
            }
        }
        return new GaussianEnergy(mean.clone(), covariance.clone(), inverse(covariance, d));
    }

    /** N(μ, diag(variances)). */
    public static GaussianEnergy diagonal(double[] mean, double[] variances) {
        if (variances.length != mean.length) {
            throw new IllegalArgumentException("variances has " + variances.length + " entries, mean has "
                + mean.length);
        }
        double[] c = new double[mean.length * mean.length];
        for (int i = 0; i < mean.length; i++) {
            c[i * mean.length + i] = variances[i];
        }
        return of(mean, c);
    }

    /** Σ⁻¹ via Cholesky Σ = L Lᵀ: Σ⁻¹ = L⁻ᵀ L⁻¹. */
    private static double[] inverse(double[] c, int d) {
        double[] l = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = c[i * d + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * d + k] * l[j * d + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalArgumentException("covariance must be positive definite; pivot " + i
                            + " is " + s);
                    }
                    l[i * d + i] = Math.sqrt(s);
                } else {
                    l[i * d + j] = s / l[j * d + j];
                }
            }
        }
        double[] linv = new double[d * d];
        for (int col = 0; col < d; col++) {
            for (int i = col; i < d; i++) {
                double s = i == col ? 1.0 : 0.0;
                for (int k = col; k < i; k++) {
                    s -= l[i * d + k] * linv[k * d + col];
                }
                linv[i * d + col] = s / l[i * d + i];
            }
        }
        double[] p = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0.0;
                for (int k = Math.max(i, j); k < d; k++) {
                    s += linv[k * d + i] * linv[k * d + j];
                }
                p[i * d + j] = s;
            }
        }
        return p;
    }

    private static void checkFinite(double[] a, String name) {
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + a[i]);
            }
        }
    }

    @Override
    public int dimension() {
        return d;
    }

    @Override
    public StateSpace stateSpace() {
        return StateSpace.CONTINUOUS;
    }

    @Override
    public int numParameters() {
        return d;
    }

    /** μ (copy). */
    @Override
    public double[] parameters() {
        return mean.clone();
    }

    /** The same covariance with mean {@code theta}. */
    @Override
    public GaussianEnergy withParameters(double[] theta) {
        if (theta.length != d) {
            throw new IllegalArgumentException("theta has " + theta.length + " entries, expected d = " + d);
        }
        checkFinite(theta, "theta");
        return new GaussianEnergy(theta.clone(), covariance, precision);
    }

    /** μ (copy), length d. */
    public double[] mean() {
        return mean.clone();
    }

    /** Σ (copy), row-major d × d. */
    public double[] covariance() {
        return covariance.clone();
    }

    /** Σ⁻¹ (copy), row-major d × d. */
    public double[] precision() {
        return precision.clone();
    }

    @Override
    public double energy(double[] x) {
        if (x.length != d) {
            throw new IllegalArgumentException("state has " + x.length + " coordinates, the energy has " + d);
        }
        double e = 0.0;
        for (int i = 0; i < d; i++) {
            double di = x[i] - mean[i];
            double s = 0.0;
            for (int j = 0; j < d; j++) {
                s += precision[i * d + j] * (x[j] - mean[j]);
            }
            e += di * s;
        }
        return 0.5 * e;
    }

    /** Adds scale · (-Σ⁻¹(x - μ)). */
    @Override
    public void addParameterGradient(double[] x, double scale, double[] grad) {
        if (x.length != d || grad.length != d) {
            throw new IllegalArgumentException("state has " + x.length + " and gradient " + grad.length
                + " entries, expected " + d);
        }
        for (int i = 0; i < d; i++) {
            double s = 0.0;
            for (int j = 0; j < d; j++) {
                s += precision[i * d + j] * (x[j] - mean[j]);
            }
            grad[i] -= scale * s;
        }
    }

    @Override
    public String toString() {
        return "GaussianEnergy(d=" + d + ")";
    }
}
