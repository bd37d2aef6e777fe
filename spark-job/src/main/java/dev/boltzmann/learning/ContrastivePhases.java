package dev.boltzmann.learning;

/**
 * The three phases of CD-k and PCD on a slice of a mini-batch, summed into the model's statistics: what a Spark
 * task runs on its rows and chains, for binary ({@link CdKernel}) and Gaussian ({@link GaussianCdKernel}) visible
 * units alike. The streams are named by pattern and chain index, never by the slice.
 *
 * @param <M> the model
 * @param <S> its statistics
 */
public interface ContrastivePhases<M, S> {
    /** CD-k on {@code rows} data rows {@code v0}: both phases, each chain starting at its row. */
    void contrastiveDivergence(M model, double[] v0, int rows, long[] patternIds, int cdSteps, long seed, int epoch,
                               int round, S out);

    /** The data phase of PCD on {@code rows} rows. */
    void positivePhase(M model, double[] v0, int rows, long[] patternIds, long seed, int epoch, int round, S out);

    /** PCD's negative phase: chains {@code firstChain …} advanced {@code cdSteps} steps, their statistics summed. */
    void persistentNegativePhase(M model, double[] chainHidden, int numChains, long firstChain, int cdSteps, long seed,
                                 int epoch, int round, S out);
}
