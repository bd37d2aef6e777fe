package dev.boltzmann;

import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import java.util.SplittableRandom;

/** Small deterministic networks and exact enumerations shared by the Hopfield tests. */
public final class HopfieldFixtures {
    private HopfieldFixtures() {
    }

    /** A standard normal draw (Box–Muller). */
    public static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * rng.nextDouble());
    }

    /** Symmetric Gaussian weights (sd {@code weightSd}), zero diagonal, Gaussian biases (sd {@code biasSd}). */
    public static HopfieldNetwork randomNetwork(int n, double weightSd, double biasSd, Encoding encoding,
                                                SplittableRandom rng) {
        double[] w = new double[n * n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            b[i] = biasSd * gaussian(rng);
            for (int j = i + 1; j < n; j++) {
                double g = weightSd * gaussian(rng);
                w[i * n + j] = g;
                w[j * n + i] = g;
            }
        }
        return HopfieldNetwork.of(w, b, encoding);
    }

    /** A uniformly random state in {@code encoding}. */
    public static double[] randomState(int n, Encoding encoding, SplittableRandom rng) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = encoding.value(rng.nextBoolean());
        }
        return y;
    }

    /** State number {@code code} of n units: unit i is on iff bit i of {@code code} is set. */
    public static double[] state(int code, int n, Encoding encoding) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = encoding.value(((code >>> i) & 1) == 1);
        }
        return y;
    }

    /** The inverse of {@link #state}: the code of a state. */
    public static int code(double[] y, Encoding encoding) {
        int c = 0;
        for (int i = 0; i < y.length; i++) {
            if (encoding.isOn(y[i])) {
                c |= 1 << i;
            }
        }
        return c;
    }

    /** The exact Boltzmann distribution exp(-E/T)/Z over all 2^n states, indexed by {@link #code}. */
    public static double[] boltzmann(HopfieldNetwork net, double temperature) {
        int n = net.size();
        int states = 1 << n;
        double[] logw = new double[states];
        for (int c = 0; c < states; c++) {
            logw[c] = -net.energy(state(c, n, net.encoding())) / temperature;
        }
        double logZ = dev.boltzmann.math.Numerics.logSumExp(logw);
        double[] p = new double[states];
        for (int c = 0; c < states; c++) {
            p[c] = Math.exp(logw[c] - logZ);
        }
        return p;
    }

    /** The minimum energy over all 2^n states. */
    public static double groundEnergy(HopfieldNetwork net) {
        int n = net.size();
        double min = Double.POSITIVE_INFINITY;
        for (int c = 0; c < (1 << n); c++) {
            min = Math.min(min, net.energy(state(c, n, net.encoding())));
        }
        return min;
    }

    /** Total variation distance ½ Σ |p - q|. */
    public static double totalVariation(double[] p, double[] q) {
        double s = 0.0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - q[i]);
        }
        return 0.5 * s;
    }
}
