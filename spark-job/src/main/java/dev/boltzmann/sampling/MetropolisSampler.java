package dev.boltzmann.sampling;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.EnergyFunction;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random-walk Metropolis sampling from P(x) ∝ exp(-E(x)/T) for any {@link EnergyFunction}.
 * <pre>
 *   propose   binary/bipolar: pick a unit i uniformly, x' = x with unit i flipped (off ↔ on)
 *             continuous:     x' = x + σ ε,  ε ~ N(0, I_d)
 *   accept    if E(x') ≤ E(x), else with probability exp((E(x) - E(x')) / T)
 * </pre>
 * Both proposals are symmetric, so the chain satisfies detailed balance with respect to P and the acceptance
 * rule needs no proposal ratio. One <em>step</em> is one proposal; for binary states a sweep is d steps.
 *
 * <p><b>Chains</b> are plain row-major arrays {@code numChains × d} (row r is one chain's state), so a caller,
 * e.g. a Spark task, can own and carry them between calls. <b>Randomness</b>: the {@link #advance} primitive
 * takes the generator; the multi-chain methods give chain number {@code c} its own stream
 * {@code Seeds.rng(seed, keys…, c)}, where {@code c = firstChain + r} is the <em>global</em> chain index. A chain's
 * trajectory therefore depends only on (seed, keys, c, its start state), never on which other chains are
 * advanced in the same call or on how chains are split across tasks.
 *
 * <p>Not thread-safe (scratch buffers and counters): use one instance per thread or task. The counters
 * {@link #proposals()} and {@link #accepted()} accumulate over all calls until {@link #resetCounts()}.
 *
 * <pre>
 * N. Metropolis, A. W. Rosenbluth, M. N. Rosenbluth, A. H. Teller, E. Teller,
 *   Equation of state calculations by fast computing machines, J. Chem. Phys. 21 (1953) 1087.
 * </pre>
 */
public final class MetropolisSampler {
    private final EnergyFunction energy;
    private final double temperature;
    private final double stepSize;
    private final int d;
    private final boolean discrete;
    private final double flipSum;
    private double[] current;
    private double[] proposal;
    private long proposals;
    private long accepted;

    /**
     * A sampler of exp(-E/T) with Gaussian proposal scale {@code stepSize}.
     *
     * @param energy the target energy
     * @param temperature T, finite and &gt; 0
     * @param stepSize σ of the Gaussian proposal, finite and &gt; 0 (unused for binary states)
     */
    public MetropolisSampler(EnergyFunction energy, double temperature, double stepSize) {
        if (!(temperature > 0) || !Double.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and > 0, got " + temperature);
        }
        if (!(stepSize > 0) || !Double.isFinite(stepSize)) {
            throw new IllegalArgumentException("step size must be finite and > 0, got " + stepSize);
        }
        this.energy = energy;
        this.temperature = temperature;
        this.stepSize = stepSize;
        this.d = energy.dimension();
        this.discrete = energy.stateSpace().isDiscrete();
        this.flipSum = discrete ? energy.stateSpace().encoding().on() + energy.stateSpace().encoding().off() : 0.0;
        this.current = new double[d];
        this.proposal = new double[d];
    }

    /** The target energy. */
    public EnergyFunction energy() {
        return energy;
    }

    /** T. */
    public double temperature() {
        return temperature;
    }

    /** σ of the continuous proposal. */
    public double stepSize() {
        return stepSize;
    }

    /**
     * Runs {@code steps} Metropolis steps on the chain in row {@code row} of {@code chains}, in place.
     *
     * @param chains row-major numChains × d
     * @param row the row to advance
     * @param steps number of proposals, ≥ 0
     * @param rng consumed: per step one {@code nextInt(d)} (binary) or d Gaussians (continuous), plus one uniform
     *     when the proposal raises the energy
     * @return the number of accepted proposals
     */
    public int advance(double[] chains, int row, int steps, SplittableRandom rng) {
        checkChains(chains);
        if (row < 0 || (row + 1) * d > chains.length) {
            throw new IllegalArgumentException("row must be in [0, " + (chains.length / d) + "), got " + row);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        double[] x = current;
        System.arraycopy(chains, row * d, x, 0, d);
        int acc = discrete ? flipSteps(x, steps, rng) : gaussianSteps(steps, rng);
        System.arraycopy(current, 0, chains, row * d, d);
        proposals += steps;
        accepted += acc;
        return acc;
    }

    private int flipSteps(double[] x, int steps, SplittableRandom rng) {
        int acc = 0;
        for (int s = 0; s < steps; s++) {
            int i = rng.nextInt(d);
            double flipped = flipSum - x[i];
            if (accept(energy.energyChange(x, i, flipped), rng)) {
                x[i] = flipped;
                acc++;
            }
        }
        return acc;
    }

    /** Works on {@link #current}; swaps it with {@link #proposal} on acceptance. */
    private int gaussianSteps(int steps, SplittableRandom rng) {
        int acc = 0;
        double e = energy.energy(current);
        for (int s = 0; s < steps; s++) {
            double[] x = current;
            double[] y = proposal;
            for (int j = 0; j < d; j++) {
                y[j] = x[j] + stepSize * rng.nextGaussian();
            }
            double ey = energy.energy(y);
            if (accept(ey - e, rng)) {
                current = y;
                proposal = x;
                e = ey;
                acc++;
            }
        }
        return acc;
    }

    /** Metropolis rule; a NaN energy change is rejected (both comparisons are false). */
    private boolean accept(double deltaE, SplittableRandom rng) {
        return deltaE <= 0.0 || rng.nextDouble() < Math.exp(-deltaE / temperature);
    }

    /**
     * Advances every row r of {@code chains} by {@code steps} steps with the stream of global chain
     * {@code firstChain + r}: {@code Seeds.rng(seed, keys…, firstChain + r)}.
     *
     * @return the number of accepted proposals over all rows
     */
    public long advanceAll(double[] chains, long firstChain, int steps, long seed, long... keys) {
        checkChains(chains);
        int numChains = chains.length / d;
        long acc = 0;
        for (int r = 0; r < numChains; r++) {
            acc += advance(chains, r, steps, chainRng(seed, keys, firstChain + r));
        }
        return acc;
    }

    /**
     * Samples from every chain: {@code burnIn} steps, then {@code samplesPerChain} times {@code thinning} steps
     * followed by recording the state. Row r uses the stream of global chain {@code firstChain + r}, as in
     * {@link #advanceAll}; {@code chains} is left at the last state.
     *
     * @param chains row-major numChains × d, advanced in place
     * @param burnIn steps discarded first, ≥ 0
     * @param samplesPerChain recorded states per chain, ≥ 1
     * @param thinning steps between recorded states, ≥ 1
     * @return the samples, chain-major (row {@code r·samplesPerChain + k} is chain r's k-th sample), with the
     *     acceptance counts of the recorded part (after burn-in)
     */
    public MetropolisSamples sample(double[] chains, long firstChain, int burnIn, int samplesPerChain,
            int thinning, long seed, long... keys) {
        checkChains(chains);
        if (burnIn < 0) {
            throw new IllegalArgumentException("burn-in must be >= 0, got " + burnIn);
        }
        if (samplesPerChain < 1) {
            throw new IllegalArgumentException("samples per chain must be >= 1, got " + samplesPerChain);
        }
        if (thinning < 1) {
            throw new IllegalArgumentException("thinning must be >= 1, got " + thinning);
        }
        int numChains = chains.length / d;
        double[] out = new double[Math.multiplyExact(Math.multiplyExact(numChains, samplesPerChain), d)];
        long acc = 0;
        for (int r = 0; r < numChains; r++) {
            SplittableRandom rng = chainRng(seed, keys, firstChain + r);
            advance(chains, r, burnIn, rng);
            for (int k = 0; k < samplesPerChain; k++) {
                acc += advance(chains, r, thinning, rng);
                System.arraycopy(chains, r * d, out, (r * samplesPerChain + k) * d, d);
            }
        }
        long prop = (long) numChains * samplesPerChain * thinning;
        return new MetropolisSamples(out, numChains * samplesPerChain, d, prop, acc);
    }

    /**
     * Random start states for {@code numChains} chains: units on with probability ½ (binary), or
     * {@code spread · N(0, I)} (continuous). Chain {@code firstChain + r} uses {@code Seeds.rng(seed, keys…, c)}.
     *
     * @return row-major numChains × d
     */
    public static double[] randomChains(EnergyFunction energy, int numChains, double spread, long firstChain,
            long seed, long... keys) {
        if (numChains < 1) {
            throw new IllegalArgumentException("number of chains must be >= 1, got " + numChains);
        }
        int d = energy.dimension();
        boolean discrete = energy.stateSpace().isDiscrete();
        double[] chains = new double[Math.multiplyExact(numChains, d)];
        for (int r = 0; r < numChains; r++) {
            SplittableRandom rng = chainRng(seed, keys, firstChain + r);
            for (int j = 0; j < d; j++) {
                chains[r * d + j] = discrete ? energy.stateSpace().encoding().value(rng.nextBoolean())
                    : spread * rng.nextGaussian();
            }
        }
        return chains;
    }

    /** The stream of global chain {@code chain}: {@code Seeds.rng(seed, keys…, chain)}. */
    public static SplittableRandom chainRng(long seed, long[] keys, long chain) {
        long[] path = Arrays.copyOf(keys, keys.length + 1);
        path[keys.length] = chain;
        return Seeds.rng(seed, path);
    }

    /** Proposals made since construction or the last {@link #resetCounts()}. */
    public long proposals() {
        return proposals;
    }

    /** Proposals accepted since construction or the last {@link #resetCounts()}. */
    public long accepted() {
        return accepted;
    }

    /** accepted / proposals, or NaN before the first proposal. */
    public double acceptanceRate() {
        return proposals == 0 ? Double.NaN : (double) accepted / proposals;
    }

    /** Sets both counters to zero. */
    public void resetCounts() {
        proposals = 0;
        accepted = 0;
    }

    private void checkChains(double[] chains) {
        if (chains.length == 0 || chains.length % d != 0) {
            throw new IllegalArgumentException("chains has " + chains.length
                + " entries, expected a positive multiple of the dimension " + d);
        }
    }

    @Override
    public String toString() {
        return "MetropolisSampler(" + energy + ", T=" + temperature + ", stepSize=" + stepSize + ")";
    }
}
