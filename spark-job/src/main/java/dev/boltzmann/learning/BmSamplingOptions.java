package dev.boltzmann.learning;

/**
 * How the two phases of Boltzmann-machine learning are sampled ({@link BmPhases}). Every value is checked; the
 * message names the parameter and the value found.
 *
 * <p>Both phases follow the same pattern: start, run the burn-in sweeps, then {@code M} times run
 * {@code sweepsBetweenSamples} sweeps and keep the state.
 *
 * @param chains number of free-phase (negative) Gibbs chains, ≥ 1. Default 50.
 * @param burnIn free-phase burn-in sweeps of a freshly started chain, ≥ 0. Persistent chains burn in only when
 *     they are first started. Default 20.
 * @param samplesPerChain free-phase states kept per chain per update, ≥ 1. Default 5.
 * @param sweepsBetweenSamples sweeps before each kept state, in both phases, ≥ 1. Default 2.
 * @param persistent whether the free-phase chains are carried from one update to the next (persistent chains)
 *     instead of restarted from random states each update. Default true.
 * @param clampedBurnIn clamped-phase burn-in sweeps per pattern (only the free units — hidden units, and the
 *     label group when the pattern has no label — are sampled), ≥ 0. Default 10.
 * @param clampedSamples M, clamped-phase states kept per pattern (the set S_c), ≥ 1. A pattern with no free
 *     units (fully visible machine) is its own positive phase and is added with this multiplicity, which keeps
 *     every pattern's weight equal. Default 5.
 */
public record BmSamplingOptions(int chains, int burnIn, int samplesPerChain, int sweepsBetweenSamples,
                                boolean persistent, int clampedBurnIn, int clampedSamples)
    implements java.io.Serializable {

    /** Checks every value. */
    public BmSamplingOptions {
        atLeast("chains", chains, 1);
        atLeast("burnIn", burnIn, 0);
        atLeast("samplesPerChain", samplesPerChain, 1);
        atLeast("sweepsBetweenSamples", sweepsBetweenSamples, 1);
        atLeast("clampedBurnIn", clampedBurnIn, 0);
        atLeast("clampedSamples", clampedSamples, 1);
    }

    static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    /** The defaults listed on the record components. */
    public static BmSamplingOptions defaults() {
        return new BmSamplingOptions(50, 20, 5, 2, true, 10, 5);
    }

    /** A copy with this many free-phase chains. */
    public BmSamplingOptions withChains(int c) {
        return new BmSamplingOptions(c, burnIn, samplesPerChain, sweepsBetweenSamples, persistent, clampedBurnIn,
            clampedSamples);
    }

    /** A copy with this free-phase burn-in. */
    public BmSamplingOptions withBurnIn(int b) {
        return new BmSamplingOptions(chains, b, samplesPerChain, sweepsBetweenSamples, persistent, clampedBurnIn,
            clampedSamples);
    }

    /** A copy keeping this many free-phase states per chain. */
    public BmSamplingOptions withSamplesPerChain(int m) {
        return new BmSamplingOptions(chains, burnIn, m, sweepsBetweenSamples, persistent, clampedBurnIn,
            clampedSamples);
    }

    /** A copy with this many sweeps before each kept state. */
    public BmSamplingOptions withSweepsBetweenSamples(int k) {
        return new BmSamplingOptions(chains, burnIn, samplesPerChain, k, persistent, clampedBurnIn, clampedSamples);
    }

    /** A copy with persistent or restarted chains. */
    public BmSamplingOptions withPersistent(boolean p) {
        return new BmSamplingOptions(chains, burnIn, samplesPerChain, sweepsBetweenSamples, p, clampedBurnIn,
            clampedSamples);
    }

    /** A copy with this clamped-phase burn-in. */
    public BmSamplingOptions withClampedBurnIn(int b) {
        return new BmSamplingOptions(chains, burnIn, samplesPerChain, sweepsBetweenSamples, persistent, b,
            clampedSamples);
    }

    /** A copy keeping this many clamped-phase states per pattern. */
    public BmSamplingOptions withClampedSamples(int m) {
        return new BmSamplingOptions(chains, burnIn, samplesPerChain, sweepsBetweenSamples, persistent,
            clampedBurnIn, m);
    }
}
