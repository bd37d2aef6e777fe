package dev.boltzmann.evaluation;

import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * Cheap monitors of an RBM on a data set: mean free energy, pseudo-log-likelihood and reconstruction error.
 * None of them is the log-likelihood ({@link RbmExactLikelihood}, {@link RbmAis}); they need no partition function.
 *
 * <pre>
 *   P(v_i | v_−i) = σ(F(ṽ) − F(v)),   ṽ = v with unit i flipped
 *   log σ(x) = −softplus(−x)          (so the log never sees a rounded-to-zero probability)
 *   PLL(v)     = Σ_i log P(v_i | v_−i)                  exact: all nv units   ({@link #pseudoLogLikelihood})
 *   PLL(v)    ≈ nv · log P(v_i | v_−i), i uniform       stochastic: one unit  ({@link #stochasticPseudoLogLikelihood})
 *   F(ṽ) − F(v) = −a_i d − Σ_j [softplus(x_j + d W_ij) − softplus(x_j)],  d = 1 − 2v_i,  x = b + vᵀW
 * </pre>
 * The flip identity makes each unit cost O(nh) once {@code x} is known, so the exact PLL of one row costs
 * O(nv·nh) softplus evaluations (about as much as the row's share of one matrix product, but with a
 * transcendental function per term) and the stochastic one O(nh). The stochastic estimate is unbiased for the
 * exact PLL; it is the one scikit-learn's {@code score_samples} computes.
 *
 * <p>Rows are processed in chunks of {@value #CHUNK} so memory stays small. Data must be binary (0/1) for the
 * pseudo-likelihoods (a flip is {@code 1 − v_i}).
 */
public final class RbmMonitors {
    /** Purpose key of the stochastic PLL's unit choice ("RBM_PLL_"): row r uses {@code Seeds.rng(seed, PLL, r)}. */
    public static final long PLL_PURPOSE = 0x52424D5F504C4C5FL;
    /** Rows per chunk. */
    public static final int CHUNK = 1024;

    private RbmMonitors() {
    }

    /** Mean free energy {@code (1/N) Σ_n F(v_n)} of a {@code rows × nv} data set. */
    public static double meanFreeEnergy(Rbm rbm, double[] data, int rows) {
        int nv = checkData(rbm, data, rows, false);
        int chunk = Math.min(rows, CHUNK);
        double[] scratch = new double[chunk * rbm.numHidden()];
        double[] fe = new double[chunk];
        double sum = 0.0;
        for (int start = 0; start < rows; start += chunk) {
            int count = Math.min(chunk, rows - start);
            rbm.freeEnergy(data, start * nv, count, scratch, fe, 0);
            for (int r = 0; r < count; r++) {
                sum += fe[r];
            }
        }
        return sum / rows;
    }

    /**
     * Exact mean pseudo-log-likelihood {@code (1/N) Σ_n Σ_i log P(v_ni | v_n,−i)} (every unit of every row).
     *
     * @param data row-major {@code rows × nv}, 0/1 values
     */
    public static double pseudoLogLikelihood(Rbm rbm, double[] data, int rows) {
        return pll(rbm, data, rows, false, 0L);
    }

    /**
     * Stochastic mean pseudo-log-likelihood: for row r one unit {@code i} drawn uniformly from
     * {@code Seeds.rng(seed, PLL_PURPOSE, r)}, scored as {@code nv · log P(v_ri | v_r,−i)}; the mean over rows.
     *
     * @param data row-major {@code rows × nv}, 0/1 values
     * @param seed the seed of the unit choice
     */
    public static double stochasticPseudoLogLikelihood(Rbm rbm, double[] data, int rows, long seed) {
        return pll(rbm, data, rows, true, seed);
    }

    /**
     * Mean squared reconstruction error {@code (1/N) Σ_n ||v_n − p(v | p(h|v_n))||²} with mean-field (deterministic)
     * hidden probabilities; differs from the training monitor, which samples h.
     */
    public static double reconstructionError(Rbm rbm, double[] data, int rows) {
        int nv = checkData(rbm, data, rows, false);
        int chunk = Math.min(rows, CHUNK);
        double[] h = new double[chunk * rbm.numHidden()];
        double[] recon = new double[chunk * nv];
        double sum = 0.0;
        for (int start = 0; start < rows; start += chunk) {
            int count = Math.min(chunk, rows - start);
            rbm.hiddenProbabilities(data, start * nv, count, h, 0);
            rbm.visibleProbabilities(h, 0, count, recon, 0);
            for (int k = 0; k < count * nv; k++) {
                double d = data[start * nv + k] - recon[k];
                sum += d * d;
            }
        }
        return sum / rows;
    }

    private static double pll(Rbm rbm, double[] data, int rows, boolean stochastic, long seed) {
        int nv = checkData(rbm, data, rows, true);
        int nh = rbm.numHidden();
        double[] w = rbm.weights();
        double[] a = rbm.visibleBias();
        int chunk = Math.min(rows, CHUNK);
        double[] x = new double[chunk * nh];
        double total = 0.0;
        for (int start = 0; start < rows; start += chunk) {
            int count = Math.min(chunk, rows - start);
            rbm.hiddenInputs(data, start * nv, count, x, 0);
            for (int r = 0; r < count; r++) {
                int vRow = (start + r) * nv;
                if (stochastic) {
                    SplittableRandom rng = Seeds.rng(seed, PLL_PURPOSE, start + r);
                    int i = rng.nextInt(nv);
                    total += nv * logConditional(data[vRow + i], a[i], w, i, nh, x, r * nh);
                } else {
                    for (int i = 0; i < nv; i++) {
                        total += logConditional(data[vRow + i], a[i], w, i, nh, x, r * nh);
                    }
                }
            }
        }
        return total / rows;
    }

    /** log P(v_i | v_−i) = log σ(F(ṽ) − F(v)) = −softplus(F(v) − F(ṽ)) for one row with hidden inputs x. */
    private static double logConditional(double vi, double ai, double[] w, int i, int nh, double[] x, int xOff) {
        double d = 1.0 - 2.0 * vi;
        double flipMinusOrig = -ai * d; // F(ṽ) − F(v)
        int wRow = i * nh;
        for (int j = 0; j < nh; j++) {
            double xj = x[xOff + j];
            flipMinusOrig -= Numerics.softplus(xj + d * w[wRow + j]) - Numerics.softplus(xj);
        }
        return -Numerics.softplus(-flipMinusOrig);
    }

    private static int checkData(Rbm rbm, double[] data, int rows, boolean binary) {
        int nv = rbm.numVisible();
        if (rows < 1) {
            throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        }
        if (data.length != (long) rows * nv) {
            throw new IllegalArgumentException("data has " + data.length + " values, expected rows*numVisible = " + rows
                + "*" + nv + " = " + ((long) rows * nv));
        }
        if (binary) {
            for (int k = 0; k < data.length; k++) {
                if (data[k] != 0.0 && data[k] != 1.0) {
                    throw new IllegalArgumentException("pseudo-likelihood needs binary data, but row " + (k / nv)
                        + ", unit " + (k % nv) + " is " + data[k]);
                }
            }
        }
        return nv;
    }
}
