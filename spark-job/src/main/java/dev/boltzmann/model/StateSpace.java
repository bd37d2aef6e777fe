package dev.boltzmann.model;

/**
 * The set of states an {@link EnergyFunction} is defined on.
 *
 * <p>{@link #BINARY} and {@link #BIPOLAR} are the discrete spaces {@code {off,on}^d} of {@link Encoding}
 * ({0,1} and {-1,+1}); {@link #CONTINUOUS} is {@code R^d}. Samplers pick their proposal from it: a single-unit
 * flip for discrete states, a Gaussian step for continuous ones.
 */
public enum StateSpace {
    /** Units in {0, 1}. */
    BINARY(Encoding.BINARY),
    /** Units in {-1, +1}. */
    BIPOLAR(Encoding.BIPOLAR),
    /** Real-valued coordinates. */
    CONTINUOUS(null);

    private final Encoding encoding;

    StateSpace(Encoding encoding) {
        this.encoding = encoding;
    }

    /** Whether states are vectors of two-valued units. */
    public boolean isDiscrete() {
        return encoding != null;
    }

    /**
     * The encoding of a discrete space.
     *
     * @throws IllegalStateException for {@link #CONTINUOUS}
     */
    public Encoding encoding() {
        if (encoding == null) {
            throw new IllegalStateException("a continuous state space has no binary encoding");
        }
        return encoding;
    }

    /** The discrete space written in {@code encoding}. */
    public static StateSpace of(Encoding encoding) {
        return encoding == Encoding.BINARY ? BINARY : BIPOLAR;
    }
}
