package dev.boltzmann.sampling;

/**
 * States recorded by {@link MetropolisSampler#sample}, with the acceptance counts of the steps that produced
 * them (burn-in excluded).
 *
 * <p>Samples are row-major {@code count × dimension}, chain-major: chain r's k-th sample is row
 * {@code r · samplesPerChain + k}. Immutable: {@link #samples()} returns a copy.
 */
public final class MetropolisSamples {
    private final double[] samples;
    private final int count;
    private final int dimension;
    private final long proposals;
    private final long accepted;

    MetropolisSamples(double[] samples, int count, int dimension, long proposals, long accepted) {
        this.samples = samples;
        this.count = count;
        this.dimension = dimension;
        this.proposals = proposals;
        this.accepted = accepted;
    }

    /** Number of recorded states. */
    public int count() {
        return count;
    }

    /** Coordinates per state. */
    public int dimension() {
        return dimension;
    }

    /** Coordinate {@code i} of sample {@code k}. */
    public double get(int k, int i) {
        return samples[k * dimension + i];
    }

    /** A copy of all samples, row-major count × dimension. */
    public double[] samples() {
        return samples.clone();
    }

    /** Proposals made after burn-in. */
    public long proposals() {
        return proposals;
    }

    /** Proposals accepted after burn-in. */
    public long accepted() {
        return accepted;
    }

    /** accepted / proposals after burn-in. */
    public double acceptanceRate() {
        return proposals == 0 ? Double.NaN : (double) accepted / proposals;
    }
}
