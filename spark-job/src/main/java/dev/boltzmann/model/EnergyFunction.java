package dev.boltzmann.model;

/**
 * An energy function E(x; θ) defining the Boltzmann distribution
 * <pre>
 *   P(x) = exp(-E(x; θ) / T) / Z(θ, T),     Z = Σ_x exp(-E(x; θ)/T)   (or ∫ for continuous x)
 * </pre>
 * over a state space of {@link #dimension()} coordinates ({@link #stateSpace()}: binary, bipolar or continuous),
 * with a flat vector θ of {@link #numParameters()} learnable parameters.
 *
 * <p><b>Parameters are immutable.</b> An instance holds one fixed θ; {@link #withParameters(double[])} returns a
 * new function with another θ. This is deliberate: a function can be shared by several samplers and threads,
 * broadcast to Spark executors, and kept as the "model at epoch k" without defensive copying, and a sampler can
 * never see θ change in the middle of a chain. The price is one O(numParameters) copy per learning update,
 * which is negligible next to the sampling that every update needs.
 *
 * <p><b>Arrays.</b> States are {@code double[]} of length {@code dimension()}; discrete states hold the
 * encoding's two values. Gradients are {@code double[]} of length {@code numParameters()}. The hot-path methods
 * ({@link #energy}, {@link #energyChange}, {@link #addParameterGradient}) allocate nothing.
 *
 * <p>Learning (ALGORITHMS.md §6): for data P and model samples S,
 * {@code ∇θ L ≈ -mean_{x∈P} ∇θE(x) + mean_{x'∈S} ∇θE(x')}, which only needs {@link #addParameterGradient}.
 */
public interface EnergyFunction {
    /** Number of coordinates d of a state. */
    int dimension();

    /** The set of states: binary, bipolar or continuous. */
    StateSpace stateSpace();

    /** Length of the parameter vector θ (0 for a fixed energy). */
    int numParameters();

    /** A copy of θ, length {@link #numParameters()}; its layout is documented by each implementation. */
    double[] parameters();

    /**
     * The same kind of energy (same dimension, state space and fixed hyper-parameters) with parameters
     * {@code theta} (copied).
     *
     * @param theta length {@link #numParameters()}
     * @throws IllegalArgumentException if the length is wrong or a value is not allowed
     */
    EnergyFunction withParameters(double[] theta);

    /**
     * E(x; θ).
     *
     * @param x a state, length {@link #dimension()}; not modified
     */
    double energy(double[] x);

    /**
     * E(x with coordinate i set to {@code newValue}) - E(x).
     *
     * <p>The default recomputes the energy with {@code x[i]} temporarily overwritten and restored before
     * returning (so it allocates nothing, but {@code x} must not be read by another thread meanwhile).
     * Implementations override it where the change is cheaper, e.g. O(d) for a quadratic energy.
     *
     * @param x a state, length {@link #dimension()}; unchanged on return
     * @param i the coordinate, 0 ≤ i &lt; d
     * @param newValue the value coordinate i would take
     */
    default double energyChange(double[] x, int i, double newValue) {
        double old = x[i];
        double before = energy(x);
        x[i] = newValue;
        try {
            return energy(x) - before;
        } finally {
            x[i] = old;
        }
    }

    /**
     * Adds {@code scale · ∂E(x; θ)/∂θ} to {@code grad}.
     *
     * @param x a state, length {@link #dimension()}; not modified
     * @param scale the factor (e.g. 1 for a positive-phase sum, -1/n for a mean to subtract)
     * @param grad the accumulator, length {@link #numParameters()}
     */
    void addParameterGradient(double[] x, double scale, double[] grad);
}
