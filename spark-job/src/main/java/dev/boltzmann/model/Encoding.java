package dev.boltzmann.model;

/**
 * How a binary unit's two states are written as numbers.
 *
 * <p>Hopfield networks are usually written with bipolar units {@code s ∈ {-1,+1}}, Boltzmann machines with
 * binary units {@code b ∈ {0,1}}; the two are related by {@code s = 2b - 1}.
 */
public enum Encoding {
    /** Units take the values 0 (off) and 1 (on). */
    BINARY(0.0, 1.0),
    /** Units take the values -1 (off) and +1 (on). */
    BIPOLAR(-1.0, 1.0);

    private final double off;
    private final double on;

    Encoding(double off, double on) {
        this.off = off;
        this.on = on;
    }

    /** The value of an "off" unit. */
    public double off() {
        return off;
    }

    /** The value of an "on" unit. */
    public double on() {
        return on;
    }

    /** The value of a unit that is on when {@code on} is true. */
    public double value(boolean isOn) {
        return isOn ? on : off;
    }

    /** Whether {@code x} is the "on" value (anything above the midpoint counts as on). */
    public boolean isOn(double x) {
        return x > (on + off) / 2.0;
    }

    /** Converts one state vector from this encoding to {@code target}, into a new array. */
    public double[] convert(double[] state, Encoding target) {
        double[] out = new double[state.length];
        for (int i = 0; i < state.length; i++) {
            out[i] = target.value(isOn(state[i]));
        }
        return out;
    }

    /** Parses "binary" or "bipolar", case-insensitively. */
    public static Encoding parse(String name) {
        for (Encoding e : values()) {
            if (e.name().equalsIgnoreCase(name.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown encoding '" + name + "'; allowed: binary, bipolar");
    }
}
