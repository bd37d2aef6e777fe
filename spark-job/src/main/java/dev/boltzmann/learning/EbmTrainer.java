package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.StateSpace;
import dev.boltzmann.sampling.MetropolisSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Maximum-likelihood training of a general energy-based model P(x) = exp(-E(x; θ)) / Z(θ) (ALGORITHMS.md §6),
 * single process. Per mini-batch B of the data:
 * <pre>
 *   positive phase   g⁺ = mean_{x∈B} ∂E(x)/∂θ                                  (exact)
 *   negative phase   advance the chains by k Metropolis steps at T = 1;
 *                    g⁻ = mean_{x'∈chains} ∂E(x')/∂θ                           (Monte Carlo)
 *   update           θ ← θ - η_e (g⁺ - g⁻ + λ θ),  η_e = η γ^e   (gradient ascent on L = mean log P(data))
 * </pre>
 * The temperature is 1 because any T can be absorbed into θ. Chains are persistent (carried across updates
 * and epochs) or restarted from the batch, per {@link EbmTrainingOptions#negativePhase()}. With an
 * {@link dev.boltzmann.model.IsingEnergy} this is the fully visible Boltzmann machine rule
 * {@code ΔW_ij ∝ E_data[y_i y_j] - E_model[y_i y_j]}.
 *
 * <p><b>Randomness</b> (all from {@code options.seed()} through {@link Seeds}): the epoch's row order from
 * {@code (seed, SHUFFLE, epoch)}; persistent chain c's start from {@code (seed, CHAINS, c)}; chain c's
 * Metropolis stream in update u of epoch e from {@code (seed, NEGATIVE, e, u, c)}. A distributed trainer that
 * uses the same keys and sums {@link EnergyGradientStatistics} across partitions follows the same path: it shares
 * {@link #epochOrder}, {@link #learningRate}, {@link #negativePhase} and {@link #applyUpdate} with this class
 * ({@code dev.boltzmann.spark.SparkEbmTrainer}).
 *
 * <pre>
 * T. Tieleman, Training restricted Boltzmann machines using approximations to the likelihood gradient,
 *   ICML 2008 (persistent chains).
 * </pre>
 */
public final class EbmTrainer {
    /** Purpose key of the per-epoch data shuffle. */
    public static final long SHUFFLE = 0x5348554CL;
    /** Purpose key of the persistent chains' start states. */
    public static final long CHAINS = 0x43484E53L;
    /** Purpose key of the negative-phase Metropolis streams. */
    public static final long NEGATIVE = 0x4E454741L;

    private final EbmTrainingOptions options;

    /** A trainer with the given options. */
    public EbmTrainer(EbmTrainingOptions options) {
        this.options = options;
    }

    /** The options. */
    public EbmTrainingOptions options() {
        return options;
    }

    /** {@link #train(EnergyFunction, double[], double[], Consumer)} with fresh chains and no monitor. */
    public EbmTrainingResult train(EnergyFunction initial, double[] data) {
        return train(initial, data, null, summary -> { });
    }

    /**
     * Trains from {@code initial}.
     *
     * @param initial the starting energy (its θ is the starting point; it is not modified)
     * @param data row-major N × d training states; binary energies need values in their encoding
     * @param chains persistent chains to continue from, row-major numChains × d (copied), or {@code null} for
     *     fresh random chains; ignored for {@link EbmTrainingOptions.NegativePhase#FROM_DATA}
     * @param monitor called after every epoch
     * @return the trained energy, the final chains and the per-epoch history
     */
    public EbmTrainingResult train(EnergyFunction initial, double[] data, double[] chains,
            Consumer<EbmEpochSummary> monitor) {
        return trainObserving(initial, data, chains, (summary, energy) -> monitor.accept(summary));
    }

    /**
     * Trains from {@code initial}, as {@link #train(EnergyFunction, double[], double[], Consumer)}, with a monitor
     * that also sees the energy after each epoch (for measurements such as an exact log-likelihood).
     */
    public EbmTrainingResult trainObserving(EnergyFunction initial, double[] data, double[] chains,
            BiConsumer<EbmEpochSummary, EnergyFunction> monitor) {
        int d = initial.dimension();
        int numRows = checkData(initial, data);
        int numChains = options.numChains();
        double[] state;
        if (chains != null) {
            if (chains.length != numChains * d) {
                throw new IllegalArgumentException("chains has " + chains.length + " entries, expected numChains * d = "
                    + (numChains * d));
            }
            state = chains.clone();
        } else {
            state = MetropolisSampler.randomChains(initial, numChains, options.initialSpread(), 0,
                options.seed(), CHAINS);
        }
        EnergyFunction energy = initial;
        EnergyGradientStatistics stats = EnergyGradientStatistics.empty(initial.numParameters());
        List<EbmEpochSummary> history = new ArrayList<>();
        int batchSize = Math.min(options.batchSize(), numRows);
        double[] batch = new double[batchSize * d];
        long[] allChains = new long[numChains];
        java.util.Arrays.setAll(allChains, c -> c);
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            long start = System.nanoTime();
            double rate = learningRate(options, epoch);
            int[] order = epochOrder(options.seed(), epoch, numRows);
            double dataEnergy = 0.0;
            double sampleEnergy = 0.0;
            long proposals = 0;
            long accepted = 0;
            int updates = 0;
            for (int from = 0; from < numRows; from += batchSize) {
                int rows = Math.min(batchSize, numRows - from);
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(data, order[from + r] * d, batch, r * d, d);
                }
                stats.reset();
                stats.addPositiveRows(energy, batch, 0, rows);
                if (options.negativePhase() == EbmTrainingOptions.NegativePhase.FROM_DATA) {
                    for (int c = 0; c < numChains; c++) {
                        System.arraycopy(batch, (c % rows) * d, state, c * d, d);
                    }
                }
                negativePhase(energy, state, allChains, options, epoch, updates, stats);
                dataEnergy += stats.meanPositiveEnergy() * rows;
                sampleEnergy += stats.meanNegativeEnergy();
                proposals += stats.proposals();
                accepted += stats.accepted();
                energy = applyUpdate(energy, stats, rate, options.l2Decay());
                updates++;
            }
            EbmEpochSummary summary = new EbmEpochSummary(epoch, updates, rate, dataEnergy / numRows,
                sampleEnergy / updates, (double) accepted / proposals, (System.nanoTime() - start) / 1e9);
            history.add(summary);
            monitor.accept(summary, energy);
        }
        return new EbmTrainingResult(energy, state, history);
    }

    /** The rate of epoch {@code epoch}: η γ^epoch. */
    public static double learningRate(EbmTrainingOptions options, int epoch) {
        return options.learningRate() * Math.pow(options.learningRateFactor(), epoch);
    }

    /** The epoch's order of the data rows, order[k] = the row at position k: a permutation from (seed, SHUFFLE, epoch). */
    public static int[] epochOrder(long seed, int epoch, int rows) {
        return shuffledRows(rows, Seeds.rng(seed, SHUFFLE, epoch));
    }

    /**
     * The negative phase of update {@code update} of epoch {@code epoch} on some of the chains: row r of
     * {@code chains} (global chain {@code chainIndex[r]}) is advanced in place by {@code stepsPerUpdate} Metropolis
     * steps at T = 1 with the stream {@code (seed, NEGATIVE, epoch, update, chainIndex[r])}, then added to the
     * negative phase of {@code stats} in row order, with the proposals and acceptances. A chain's path depends only
     * on its start, θ and its index, so the chains may be split among tasks in any way.
     *
     * @param chains row-major rows × d (rows = {@code chainIndex.length}; may be 0)
     */
    public static void negativePhase(EnergyFunction energy, double[] chains, long[] chainIndex,
            EbmTrainingOptions options, int epoch, int update, EnergyGradientStatistics stats) {
        if (chainIndex.length == 0) {
            return;
        }
        MetropolisSampler sampler = new MetropolisSampler(energy, 1.0, options.stepSize());
        long[] keys = {NEGATIVE, epoch, update};
        for (int r = 0; r < chainIndex.length; r++) {
            sampler.advance(chains, r, options.stepsPerUpdate(), MetropolisSampler.chainRng(options.seed(), keys,
                chainIndex[r]));
        }
        stats.addNegativeRows(energy, chains, 0, chainIndex.length);
        stats.addProposals(sampler.proposals(), sampler.accepted());
    }

    /** Whether {@code x} is a state value of {@code space}: the encoding's two values, or any finite number. */
    public static boolean isValid(StateSpace space, double x) {
        return space.isDiscrete() ? x == space.encoding().on() || x == space.encoding().off() : Double.isFinite(x);
    }

    /**
     * One gradient step θ ← θ - η (g⁺ - g⁻ + λ θ) with g⁺ - g⁻ = {@code stats.gradient()}.
     *
     * @return the energy with the new θ
     * @throws IllegalStateException if either phase of {@code stats} is empty
     */
    public static EnergyFunction applyUpdate(EnergyFunction energy, EnergyGradientStatistics stats,
            double learningRate, double l2Decay) {
        double[] theta = energy.parameters();
        double[] g = stats.gradient();
        for (int k = 0; k < theta.length; k++) {
            theta[k] -= learningRate * (g[k] + l2Decay * theta[k]);
        }
        return energy.withParameters(theta);
    }

    /** A uniformly random permutation of 0 … n-1 (Fisher–Yates). */
    private static int[] shuffledRows(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static int checkData(EnergyFunction energy, double[] data) {
        int d = energy.dimension();
        if (data.length == 0 || data.length % d != 0) {
            throw new IllegalArgumentException("data has " + data.length
                + " entries, expected a positive multiple of the dimension " + d);
        }
        StateSpace space = energy.stateSpace();
        for (int k = 0; k < data.length; k++) {
            double x = data[k];
            if (!isValid(space, x)) {
                throw new IllegalArgumentException("data[" + (k / d) + "][" + (k % d) + "] = " + x
                    + " is not a valid " + space.name().toLowerCase() + " value");
            }
        }
        return data.length / d;
    }

    @Override
    public String toString() {
        return "EbmTrainer(" + options + ")";
    }
}
