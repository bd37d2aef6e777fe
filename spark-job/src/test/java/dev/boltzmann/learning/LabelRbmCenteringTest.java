package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.model.LabelRbm;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The centred step of {@link LabelRbmOptimizer}, checked against quantities the test forms itself: with zero offsets
 * it is the plain step; with offsets it is gradient ascent in the centred parameters — the new ordinary model and the
 * centred energy (test-side formula, centred gradient summed from the rows directly, offsets moved as documented)
 * agree on every state (v, y, h) of a 3-visible, 2-label, 2-hidden model up to one constant.
 */
class LabelRbmCenteringTest {
    private static final int NV = 3;
    private static final int NC = 2;
    private static final int NH = 2;

    /** 4 data rows and 3 model rows: v, one-hot y, h in [0, 1]. */
    private static final double[][] POS_V = {{1, 0, 1}, {0, 1, 1}, {1, 1, 0}, {0, 0, 1}};
    private static final double[][] POS_Y = {{1, 0}, {0, 1}, {0, 1}, {1, 0}};
    private static final double[][] POS_H = {{0.2, 0.9}, {0.7, 0.4}, {0.5, 0.1}, {0.3, 0.8}};
    private static final double[][] NEG_V = {{0, 0, 0}, {1, 1, 1}, {1, 0, 0}};
    private static final double[][] NEG_Y = {{0, 1}, {1, 0}, {0, 1}};
    private static final double[][] NEG_H = {{0.6, 0.2}, {0.1, 0.3}, {0.9, 0.5}};

    private static double[] flat(double[][] rows) {
        int w = rows[0].length;
        double[] out = new double[rows.length * w];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * w, w);
        }
        return out;
    }

    private static LabelRbmStatistics stats() {
        return LabelRbmStatistics.empty(NV, NH, NC)
            .addPositive(flat(POS_V), 0, flat(POS_Y), 0, flat(POS_H), 0, POS_V.length)
            .addNegative(flat(NEG_V), 0, flat(NEG_Y), 0, flat(NEG_H), 0, NEG_V.length);
    }

    private static LabelRbm model() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] p = {new double[NV * NH], new double[NV], new double[NH], new double[NC * NH], new double[NC]};
        for (double[] a : p) {
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextDouble(-1, 1);
            }
        }
        return LabelRbm.of(p[0], p[1], p[2], p[3], p[4]);
    }

    @Test
    void withZeroOffsetsTheCentredStepIsThePlainStep() {
        LabelRbm m = model();
        // visible centring with rate 0 from zero means keeps μ = 0, and λ = 0
        RbmCentering zero = RbmCentering.start(RbmCentering.Mode.VISIBLE, 0.0, new double[NV + NC], NH);
        LabelRbmOptimizer plain = new LabelRbmOptimizer(NV, NH, NC, 0.1, 0.5, 0.01);
        LabelRbmOptimizer centred = new LabelRbmOptimizer(NV, NH, NC, 0.1, 0.5, 0.01).withCentering(zero);
        LabelRbm a = m;
        LabelRbm b = m;
        for (int t = 0; t < 3; t++) {
            a = plain.step(a, stats());
            b = centred.step(b, stats());
        }
        assertArrayEquals(a.weights(), b.weights(), 1e-15);
        assertArrayEquals(a.visibleBias(), b.visibleBias(), 1e-15);
        assertArrayEquals(a.hiddenBias(), b.hiddenBias(), 1e-15);
        assertArrayEquals(a.labelWeights(), b.labelWeights(), 1e-15);
        assertArrayEquals(a.labelBias(), b.labelBias(), 1e-15);
    }

    /** The centred energy of (x = (v, y), h) with weights M = [W; U] (rows of x), centred biases bx, bh. */
    private static double centredEnergy(double[] x, double[] h, double[] m, double[] bx, double[] bh, double[] mu,
                                        double[] l) {
        double e = 0.0;
        for (int i = 0; i < x.length; i++) {
            e -= bx[i] * (x[i] - mu[i]);
            for (int j = 0; j < h.length; j++) {
                e -= (x[i] - mu[i]) * m[i * h.length + j] * (h[j] - l[j]);
            }
        }
        for (int j = 0; j < h.length; j++) {
            e -= bh[j] * (h[j] - l[j]);
        }
        return e;
    }

    @Test
    void theCentredStepIsGradientAscentInTheCentredParameters() {
        double nu = 0.3;
        double eps = 0.2;
        double[] mu0 = {0.4, 0.6, 0.5, 0.3, 0.7};
        RbmCentering offsets = RbmCentering.start(RbmCentering.Mode.BOTH, nu, mu0, NH);
        LabelRbm m = model();
        LabelRbm next = new LabelRbmOptimizer(NV, NH, NC, eps, 0.0, 0.0).withCentering(offsets).step(m, stats());

        // the offsets after their documented move: towards the data means of x = (v, y) and of h
        double[] mu = new double[NV + NC];
        double[] l = new double[NH];
        for (int i = 0; i < NV + NC; i++) {
            double mean = 0.0;
            for (int r = 0; r < POS_V.length; r++) {
                mean += (i < NV ? POS_V[r][i] : POS_Y[r][i - NV]) / POS_V.length;
            }
            mu[i] = (1 - nu) * mu0[i] + nu * mean;
        }
        for (int j = 0; j < NH; j++) {
            double mean = 0.0;
            for (double[] h : POS_H) {
                mean += h[j] / POS_H.length;
            }
            l[j] = (1 - nu) * 0.5 + nu * mean;
        }
        assertArrayEquals(mu, offsets.visibleOffset(), 1e-15);
        assertArrayEquals(l, offsets.hiddenOffset(), 1e-15);

        // the centred parameters of the old model at the new offsets, then ε × the centred gradient from the rows
        int nx = NV + NC;
        double[] w = new double[nx * NH];
        double[] bx = new double[nx];
        double[] bh = m.hiddenBias();
        for (int i = 0; i < nx; i++) {
            bx[i] = i < NV ? m.visibleBias()[i] : m.labelBias()[i - NV];
            for (int j = 0; j < NH; j++) {
                w[i * NH + j] = i < NV ? m.weights()[i * NH + j] : m.labelWeights()[(i - NV) * NH + j];
            }
        }
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < NH; j++) {
                bx[i] += w[i * NH + j] * l[j];
                bh[j] += w[i * NH + j] * mu[i];
            }
        }
        double[] w2 = w.clone();
        double[] bx2 = bx.clone();
        double[] bh2 = bh.clone();
        addPhase(w2, bx2, bh2, POS_V, POS_Y, POS_H, mu, l, eps);
        addPhase(w2, bx2, bh2, NEG_V, NEG_Y, NEG_H, mu, l, -eps);

        // every state: the new ordinary energy minus the centred energy is one constant
        double constant = Double.NaN;
        for (int s = 0; s < (1 << NV) * NC * (1 << NH); s++) {
            double[] v = new double[NV];
            double[] h = new double[NH];
            for (int i = 0; i < NV; i++) {
                v[i] = (s >> i) & 1;
            }
            int c = (s >> NV) % NC;
            int hs = (s >> NV) / NC;
            for (int j = 0; j < NH; j++) {
                h[j] = (hs >> j) & 1;
            }
            double[] x = new double[nx];
            System.arraycopy(v, 0, x, 0, NV);
            x[NV + c] = 1;
            double diff = next.energy(v, c, h) - centredEnergy(x, h, w2, bx2, bh2, mu, l);
            if (Double.isNaN(constant)) {
                constant = diff;
            } else {
                assertEquals(constant, diff, 1e-12, "state " + s);
            }
        }
        // and the step did move the model (the test is not vacuous)
        assertFalse(java.util.Arrays.equals(m.weights(), next.weights()));
    }

    /** {@code θ̃ += sign·ε·mean over the rows of the centred sufficient statistics}. */
    private static void addPhase(double[] w, double[] bx, double[] bh, double[][] vs, double[][] ys, double[][] hs,
                                 double[] mu, double[] l, double scale) {
        int n = vs.length;
        for (int r = 0; r < n; r++) {
            double[] x = new double[NV + NC];
            System.arraycopy(vs[r], 0, x, 0, NV);
            System.arraycopy(ys[r], 0, x, NV, NC);
            for (int i = 0; i < x.length; i++) {
                bx[i] += scale * (x[i] - mu[i]) / n;
                for (int j = 0; j < NH; j++) {
                    w[i * NH + j] += scale * (x[i] - mu[i]) * (hs[r][j] - l[j]) / n;
                }
            }
            for (int j = 0; j < NH; j++) {
                bh[j] += scale * (hs[r][j] - l[j]) / n;
            }
        }
    }

    @Test
    void offsetsOfTheWrongSizeAreRefused() {
        RbmCentering visibleOnly = RbmCentering.start(RbmCentering.Mode.BOTH, 0.1, new double[NV], NH);
        assertThrows(IllegalArgumentException.class,
            () -> new LabelRbmOptimizer(NV, NH, NC, 0.1, 0.0, 0.0).withCentering(visibleOnly));
    }
}
