package dev.boltzmann;

import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/** Brute-force references for RBM tests: enumerate every (v, h). */
public final class RbmTestSupport {
    private RbmTestSupport() {
    }

    /** An RBM with N(0, std²) weights and biases, from a plain seeded generator. */
    public static Rbm randomRbm(int nv, int nh, double std, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w = new double[nv * nh];
        double[] a = new double[nv];
        double[] b = new double[nh];
        for (int i = 0; i < w.length; i++) {
            w[i] = std * rng.nextGaussian();
        }
        for (int i = 0; i < nv; i++) {
            a[i] = std * rng.nextGaussian();
        }
        for (int j = 0; j < nh; j++) {
            b[j] = std * rng.nextGaussian();
        }
        return Rbm.of(w, a, b);
    }

    /** Bits of {@code state} as a 0/1 vector of length n (bit i = unit i). */
    public static double[] bits(long state, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = (state >>> i) & 1L;
        }
        return x;
    }

    /** All 2^n binary vectors, row-major. */
    public static double[] allStates(int n) {
        double[] out = new double[(1 << n) * n];
        for (int s = 0; s < (1 << n); s++) {
            System.arraycopy(bits(s, n), 0, out, s * n, n);
        }
        return out;
    }

    /** log Σ_{v,h} e^{−E(v,h)} by brute force over every pair, with plain double sums. */
    public static double bruteForceLogZ(Rbm rbm) {
        int nv = rbm.numVisible();
        int nh = rbm.numHidden();
        double max = Double.NEGATIVE_INFINITY;
        double[] negE = new double[(1 << nv) * (1 << nh)];
        int k = 0;
        for (int v = 0; v < (1 << nv); v++) {
            for (int h = 0; h < (1 << nh); h++) {
                negE[k] = -rbm.energy(bits(v, nv), bits(h, nh));
                max = Math.max(max, negE[k++]);
            }
        }
        double sum = 0;
        for (double x : negE) {
            sum += Math.exp(x - max);
        }
        return max + Math.log(sum);
    }

    /** −log Σ_h e^{−E(v,h)} by brute force over h. */
    public static double bruteForceFreeEnergy(Rbm rbm, double[] v) {
        int nh = rbm.numHidden();
        double sum = 0;
        for (int h = 0; h < (1 << nh); h++) {
            sum += Math.exp(-rbm.energy(v, bits(h, nh)));
        }
        return -Math.log(sum);
    }
}
