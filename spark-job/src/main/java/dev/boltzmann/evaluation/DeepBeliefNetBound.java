package dev.boltzmann.evaluation;

import dev.boltzmann.math.Blas;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.Rbm;

/**
 * The exact variational lower bound on {@code log p(x)} of a two-layer deep belief net, with the bottom RBM's
 * factorial posterior as the approximating distribution (Hinton, Osindero &amp; Teh 2006, eq. 8):
 *
 * <pre>
 *   log p(x) ≥ B(x) = Σ_h Q(h|x) [ log P(x|h) + log p₂(h) − log Q(h|x) ]
 *   Q(h|x)   = Π_j q_j^{h_j} (1 − q_j)^{1−h_j},  q = σ(b₁ + xᵀW₁)          (RBM_1's posterior)
 *   log P(x|h) = Σ_i [ x_i z_i − softplus(z_i) ],  z = a₁ + W₁h              (RBM_1's visible conditional)
 *   log Q(h|x) = Σ_j [ h_j u_j − softplus(u_j) ],  u = b₁ + xᵀW₁
 *   log p₂(h)  = −F₂(h) − log Z₂                                             (the top RBM's marginal of h)
 * </pre>
 * The sum over h enumerates all {@code 2^{n_1}} states; {@code log Z₂} is exact ({@link RbmExactLikelihood}).
 * If the top is RBM_1 transposed ({@code W₂ = W₁ᵀ}, {@code a₂ = b₁}, {@code b₂ = a₁}), then p₂(h) is RBM_1's own
 * marginal of h, Q is the exact posterior, and B(x) equals RBM_1's {@code log p(x)}: greedy training of the second
 * layer starts from there and, done well, raises the bound.
 *
 * <p>Cost: {@code 2^{n_1}·(n_0 + n_2)·n_1} for the per-state terms plus {@code rows·2^{n_1}·(n_0 + n_1)} for the
 * data; limited to {@code n_1 ≤ }{@value #MAX_HIDDEN}. Stateless.
 *
 * <pre>
 * G. E. Hinton, S. Osindero, Y.-W. Teh: A fast learning algorithm for deep belief nets, Neural Computation 18 (2006).
 * </pre>
 */
public final class DeepBeliefNetBound {
    /** Largest first hidden layer that is enumerated. */
    public static final int MAX_HIDDEN = 16;

    private DeepBeliefNetBound() {
    }

    /**
     * The mean of B(x) over a data set.
     *
     * @param dbn a net of exactly two plain RBM layers with {@code n_1 ≤ MAX_HIDDEN}
     * @param data row-major {@code rows × n_0}, binary
     * @param rows number of rows (≥ 1)
     * @throws IllegalArgumentException if the net or data do not fit
     */
    public static double meanLowerBound(DeepBeliefNet dbn, double[] data, int rows) {
        if (dbn.hasLabels() || dbn.numLayers() != 2) {
            throw new IllegalArgumentException("the bound needs a two-layer net of plain RBMs, got " + dbn);
        }
        Rbm bottom = dbn.layer(0);
        Rbm top = dbn.layer(1);
        int nv = bottom.numVisible();
        int nh = bottom.numHidden();
        if (nh > MAX_HIDDEN) {
            throw new IllegalArgumentException("the bound enumerates 2^n_1 states; n_1 = " + nh + " exceeds "
                + MAX_HIDDEN);
        }
        if (rows < 1 || data.length != (long) rows * nv) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected rows*numVisible = " + rows
                + "*" + nv + " with rows >= 1");
        }
        int states = 1 << nh;
        double[] hs = new double[states * nh];
        for (int s = 0; s < states; s++) {
            for (int j = 0; j < nh; j++) {
                hs[s * nh + j] = (s >>> j) & 1;
            }
        }
        // per state h: log p₂(h) − Σ_i softplus(z_i), and z = a₁ + W₁h for the data term x·z
        double[] z = new double[states * nv];
        Blas.gemm(false, true, states, nv, nh, 1.0, hs, 0, bottom.weights(), 0, 0.0, z, 0);
        double[] a = bottom.visibleBias();
        double[] stateTerm = top.freeEnergy(hs, states);
        double logZ2 = RbmExactLikelihood.logPartition(top);
        for (int s = 0; s < states; s++) {
            double t = -stateTerm[s] - logZ2;
            for (int i = 0; i < nv; i++) {
                z[s * nv + i] += a[i];
                t -= Numerics.softplus(z[s * nv + i]);
            }
            stateTerm[s] = t;
        }
        double[] u = new double[rows * nh];
        bottom.hiddenInputs(data, 0, rows, u, 0);
        double[] xz = new double[rows * states];
        Blas.gemm(false, true, rows, states, nv, 1.0, data, 0, z, 0, 0.0, xz, 0);
        double total = 0.0;
        for (int r = 0; r < rows; r++) {
            double logNorm = 0.0; // Σ_j softplus(u_j): log Q(h|x) = hᵀu − logNorm
            for (int j = 0; j < nh; j++) {
                logNorm += Numerics.softplus(u[r * nh + j]);
            }
            double bound = 0.0;
            for (int s = 0; s < states; s++) {
                double logQ = -logNorm;
                for (int j = 0; j < nh; j++) {
                    logQ += hs[s * nh + j] * u[r * nh + j];
                }
                bound += Math.exp(logQ) * (xz[r * states + s] + stateTerm[s] - logQ);
            }
            total += bound;
        }
        return total / rows;
    }
}
