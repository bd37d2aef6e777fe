package dev.boltzmann.sampling;

import dev.boltzmann.math.Seeds;
import java.util.SplittableRandom;

/**
 * A seeded generator of 2-D data from an equal-weight mixture of isotropic Gaussians whose means sit evenly on a
 * circle:
 * <pre>
 *   μ_m = r (cos(φ + 2πm/M), sin(φ + 2πm/M)),   m = 0 … M-1
 *   x   = μ_m + σ ε,   m ~ Uniform{0 … M-1},  ε ~ N(0, I_2)
 * </pre>
 * Row i of a data set is drawn from its own stream {@code Seeds.rng(seed, STREAM, i)}, so any slice of rows
 * can be regenerated on its own (e.g. by the Spark task that owns it). Immutable.
 */
public final class RingMixture {
    /** Purpose key of the data streams. */
    public static final long STREAM = 0x52494E47L;

    private final int numModes;
    private final double radius;
    private final double sigma;
    private final double phase;

    /**
     * @param numModes M ≥ 1
     * @param radius r ≥ 0
     * @param sigma σ &gt; 0, the per-coordinate standard deviation of each component
     * @param phase φ, the angle of mode 0 in radians
     */
    public RingMixture(int numModes, double radius, double sigma, double phase) {
        if (numModes < 1) {
            throw new IllegalArgumentException("number of modes must be >= 1, got " + numModes);
        }
        if (!(radius >= 0) || !Double.isFinite(radius)) {
            throw new IllegalArgumentException("radius must be finite and >= 0, got " + radius);
        }
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be finite and > 0, got " + sigma);
        }
        this.numModes = numModes;
        this.radius = radius;
        this.sigma = sigma;
        this.phase = phase;
    }

    /** M. */
    public int numModes() {
        return numModes;
    }

    /** r. */
    public double radius() {
        return radius;
    }

    /** σ. */
    public double sigma() {
        return sigma;
    }

    /** The means μ_m, row-major M × 2. */
    public double[] modes() {
        double[] m = new double[2 * numModes];
        for (int k = 0; k < numModes; k++) {
            double a = phase + 2.0 * Math.PI * k / numModes;
            m[2 * k] = radius * Math.cos(a);
            m[2 * k + 1] = radius * Math.sin(a);
        }
        return m;
    }

    /**
     * Rows {@code [first, first + count)} of the data set named by {@code seed}, row-major count × 2.
     */
    public double[] sample(long first, int count, long seed) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + count);
        }
        double[] modes = modes();
        double[] out = new double[Math.multiplyExact(count, 2)];
        for (int r = 0; r < count; r++) {
            SplittableRandom rng = Seeds.rng(seed, STREAM, first + r);
            int m = rng.nextInt(numModes);
            out[2 * r] = modes[2 * m] + sigma * rng.nextGaussian();
            out[2 * r + 1] = modes[2 * m + 1] + sigma * rng.nextGaussian();
        }
        return out;
    }

    /** The index of the mode nearest to the point (x0, x1). */
    public int nearestMode(double x0, double x1) {
        int best = 0;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int k = 0; k < numModes; k++) {
            double a = phase + 2.0 * Math.PI * k / numModes;
            double dx = x0 - radius * Math.cos(a);
            double dy = x1 - radius * Math.sin(a);
            double dist = dx * dx + dy * dy;
            if (dist < bestDist) {
                bestDist = dist;
                best = k;
            }
        }
        return best;
    }

    /** The Euclidean distance from (x0, x1) to its nearest mode. */
    public double distanceToNearestMode(double x0, double x1) {
        int k = nearestMode(x0, x1);
        double a = phase + 2.0 * Math.PI * k / numModes;
        return Math.hypot(x0 - radius * Math.cos(a), x1 - radius * Math.sin(a));
    }

    @Override
    public String toString() {
        return "RingMixture(M=" + numModes + ", r=" + radius + ", sigma=" + sigma + ", phase=" + phase + ")";
    }
}
