package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.GaussianRbm;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;

/**
 * CD-k and PCD for a Gaussian-Bernoulli RBM ({@link GaussianRbm}) on a slice of a mini-batch, summed into a
 * {@link GaussianRbmStatistics}. The visible layer is handled in standard units {@code u = v/σ}, where the model is
 * an ordinary RBM in (W, μ, b) plus ½‖u‖², so the statistics are {@link CdKernel}'s with real-valued visible rows:
 * <pre>
 *   positive  u0 = v0/σ (data),                                    p(h|u0)
 *   negative  u_k ~ N(μ + W h_{k−1}, I) after k block-Gibbs steps,   p(h|u_k)
 * </pre>
 * and, for the log-variances, {@code ∂F/∂z_i = −½(u_i − μ_i)² + u_i Σ_j W_ij p(h_j|u)} (at fixed means, see
 * {@link GaussianRbm}) summed in both phases.
 * CD-k starts at the data row with {@code h0 ~ p(h|u0)}; PCD keeps one hidden state per chain. The reconstruction
 * monitor is {@code ‖v0 − E[v|h0]‖²} in data units.
 *
 * <p>Random streams, as {@link CdKernel}'s: pattern {@code p} in round {@code r} of epoch {@code e} draws from
 * {@code Seeds.rng(seed, DATA_PURPOSE, e, r, p)}, chain {@code c} from {@code Seeds.rng(seed, CHAIN_PURPOSE, e, r, c)},
 * so a batch's statistics do not depend on how it is sliced. Per row: one uniform per sampled hidden unit, one
 * standard normal per sampled visible unit, in layer order.
 *
 * <p>Holds work buffers: not thread-safe.
 */
public final class GaussianCdKernel implements ContrastivePhases<GaussianRbm, GaussianRbmStatistics> {
    /** Purpose key of the per-pattern streams ("GRBMDATA"). */
    public static final long DATA_PURPOSE = 0x4752424D44415441L;
    /** Purpose key of the per-chain streams of PCD ("GRBMCHN_"). */
    public static final long CHAIN_PURPOSE = 0x4752424D43484E5FL;

    private final int numVisible;
    private final int numHidden;
    private double[] hiddenProb = new double[0];
    private double[] hiddenState = new double[0];
    private double[] visibleMean = new double[0];
    private double[] visible = new double[0];
    private SplittableRandom[] rngs = new SplittableRandom[0];

    /** A kernel for models of the given sizes. */
    public GaussianCdKernel(int numVisible, int numHidden) {
        if (numVisible < 1 || numHidden < 1) {
            throw new IllegalArgumentException("numVisible and numHidden must be >= 1, got numVisible=" + numVisible
                + ", numHidden=" + numHidden);
        }
        this.numVisible = numVisible;
        this.numHidden = numHidden;
    }

    /**
     * CD-k statistics of a slice: positive phase on the data rows, negative phase on the same rows after
     * {@code cdSteps} block-Gibbs steps, and the reconstruction monitor.
     *
     * @param v0 the slice's data rows, {@code rows × nv}, real values in data units (not modified)
     * @param patternIds {@code patternIds[r]} names row r's random stream (distinct within a round)
     */
    @Override
    public void contrastiveDivergence(GaussianRbm model, double[] v0, int rows, long[] patternIds, int cdSteps,
                                      long seed, int epoch, int round, GaussianRbmStatistics out) {
        check(model, rows, cdSteps, patternIds);
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
        }
        positive(model, v0, rows, out);
        for (int step = 1; step <= cdSteps; step++) {
            visibleStep(model.standardUnits(), hiddenState, rows);
            if (step == 1) {
                reconstruction(model, v0, rows, out);
            }
            hiddenStep(model.standardUnits(), rows, step < cdSteps ? hiddenState : null);
        }
        negative(model.standardUnits(), visible, rows, out);
    }

    /** PCD's positive phase on a slice, with the reconstruction monitor (h0 ~ p(h|u0) from the pattern's stream). */
    @Override
    public void positivePhase(GaussianRbm model, double[] v0, int rows, long[] patternIds, long seed, int epoch,
                              int round, GaussianRbmStatistics out) {
        check(model, rows, 1, patternIds);
        for (int r = 0; r < rows; r++) {
            rngs[r] = Seeds.rng(seed, DATA_PURPOSE, epoch, round, patternIds[r]);
        }
        positive(model, v0, rows, out);
        model.standardUnits().visibleInputs(hiddenState, 0, rows, visibleMean, 0);
        reconstruction(model, v0, rows, out);
    }

    /**
     * PCD's negative phase: advances chains {@code [firstChain, firstChain + numChains)} by {@code cdSteps} steps
     * and adds their statistics.
     *
     * @param chainHidden {@code numChains × nh} of 0/1, updated in place
     */
    @Override
    public void persistentNegativePhase(GaussianRbm model, double[] chainHidden, int numChains, long firstChain,
                                        int cdSteps, long seed, int epoch, int round, GaussianRbmStatistics out) {
        check(model, numChains, cdSteps, new long[numChains]);
        if (chainHidden.length < (long) numChains * numHidden) {
            throw new IllegalArgumentException("chainHidden must hold " + numChains + " chains of " + numHidden
                + " hidden units, but has length " + chainHidden.length);
        }
        for (int c = 0; c < numChains; c++) {
            rngs[c] = Seeds.rng(seed, CHAIN_PURPOSE, epoch, round, firstChain + c);
        }
        for (int step = 1; step <= cdSteps; step++) {
            visibleStep(model.standardUnits(), chainHidden, numChains);
            hiddenStep(model.standardUnits(), numChains, chainHidden);
        }
        negative(model.standardUnits(), visible, numChains, out);
    }

    /** u0 = v0/σ; p(h|u0) into hiddenProb, h0 ~ p into hiddenState; adds the positive sums. */
    private void positive(GaussianRbm model, double[] v0, int rows, GaussianRbmStatistics out) {
        Rbm core = model.standardUnits();
        double[] u0 = model.toStandard(v0, rows);
        core.hiddenProbabilities(u0, 0, rows, hiddenProb, 0);
        for (int r = 0; r < rows; r++) {
            Rbm.sampleBernoulli(hiddenProb, r * numHidden, numHidden, rngs[r], hiddenState, r * numHidden);
        }
        out.standardUnits().addPositive(u0, 0, hiddenProb, 0, rows);
        addLogVarianceSums(core, u0, rows, out.positiveLogVarianceSums());
    }

    private void negative(Rbm core, double[] u, int rows, GaussianRbmStatistics out) {
        out.standardUnits().addNegative(u, 0, hiddenProb, 0, rows);
        addLogVarianceSums(core, u, rows, out.negativeLogVarianceSums());
    }

    /** Σ_r ∂F/∂z for rows u whose p(h|u) is in hiddenProb; uses visibleMean as work space. */
    private void addLogVarianceSums(Rbm core, double[] u, int rows, double[] sums) {
        core.visibleInputs(hiddenProb, 0, rows, visibleMean, 0);
        GaussianRbm.logVarianceGradientRows(u, visibleMean, core.visibleBias(), rows, sums);
    }

    /** ‖v0 − σ∘(μ + W h0)‖² with visibleMean = μ + W h0 (standard units). */
    private void reconstruction(GaussianRbm model, double[] v0, int rows, GaussianRbmStatistics out) {
        out.standardUnits().addReconstruction(v0, 0, model.fromStandard(visibleMean, rows), 0, rows);
    }

    /** visibleMean ← μ + W h, visible ← visibleMean + N(0, I), row by row from the rows' streams. */
    private void visibleStep(Rbm core, double[] h, int rows) {
        core.visibleInputs(h, 0, rows, visibleMean, 0);
        for (int r = 0; r < rows; r++) {
            SplittableRandom rng = rngs[r];
            for (int k = r * numVisible; k < (r + 1) * numVisible; k++) {
                visible[k] = visibleMean[k] + rng.nextGaussian();
            }
        }
    }

    /** hiddenProb ← p(h|visible); state ~ p unless null. */
    private void hiddenStep(Rbm core, int rows, double[] state) {
        core.hiddenProbabilities(visible, 0, rows, hiddenProb, 0);
        if (state != null) {
            for (int r = 0; r < rows; r++) {
                Rbm.sampleBernoulli(hiddenProb, r * numHidden, numHidden, rngs[r], state, r * numHidden);
            }
        }
    }

    private void check(GaussianRbm model, int rows, int cdSteps, long[] ids) {
        if (model.numVisible() != numVisible || model.numHidden() != numHidden) {
            throw new IllegalArgumentException("model is " + model.numVisible() + "×" + model.numHidden()
                + " but this kernel is for " + numVisible + "×" + numHidden);
        }
        if (rows < 0 || cdSteps < 1 || ids.length < rows) {
            throw new IllegalArgumentException("need rows >= 0, cdSteps >= 1 and rows ids, got rows=" + rows
                + ", cdSteps=" + cdSteps + ", ids=" + ids.length);
        }
        if (rngs.length < rows) {
            hiddenProb = new double[rows * numHidden];
            hiddenState = new double[rows * numHidden];
            visibleMean = new double[rows * numVisible];
            visible = new double[rows * numVisible];
            rngs = new SplittableRandom[rows];
        }
    }
}
