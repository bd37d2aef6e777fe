package dev.boltzmann.cli;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key: its name, default, meaning and what values it allows.
 *
 * @param name the key, e.g. {@code train.learningRate}
 * @param defaultValue the default, or null when the key is required
 * @param doc one line on what it means and what it allows
 * @param type the kind of value
 * @param min the smallest allowed number (numbers only)
 * @param max the largest allowed number (numbers only)
 * @param minExclusive whether {@code min} itself is refused
 * @param maxExclusive whether {@code max} itself is refused
 * @param choices the allowed words (choices only)
 */
public record ConfigKey(String name, String defaultValue, String doc, Type type, double min, double max,
                        boolean minExclusive, boolean maxExclusive, List<String> choices) {

    /** The kinds of value a key takes. */
    public enum Type {
        /** Free text, e.g. a path. */
        STRING,
        /** A whole number. */
        INT,
        /** A 64-bit whole number (seeds). */
        LONG,
        /** A real number. */
        DOUBLE,
        /** true or false. */
        BOOLEAN,
        /** One word out of {@code choices}. */
        CHOICE
    }

    /** Whether the key must be given. */
    public boolean required() {
        return defaultValue == null;
    }

    /**
     * Checks {@code value} and returns it normalised (trimmed; choices lower-cased).
     *
     * @param where the file or flag the value came from, for the message
     * @throws ConfigException if the value is not allowed
     */
    public String check(String where, String value) {
        String v = value.trim();
        switch (type) {
            case STRING -> {
                return v;
            }
            case BOOLEAN -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw bad(where, v, "true or false");
                }
                return v.toLowerCase(Locale.ROOT);
            }
            case CHOICE -> {
                String lower = v.toLowerCase(Locale.ROOT);
                if (!choices.contains(lower)) {
                    throw bad(where, v, "one of " + String.join(", ", choices));
                }
                return lower;
            }
            default -> {
                double x;
                try {
                    x = type == Type.DOUBLE ? Double.parseDouble(v) : Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw bad(where, v, (type == Type.DOUBLE ? "a number" : "a whole number") + range());
                }
                if (type == Type.INT && (x > Integer.MAX_VALUE || x < Integer.MIN_VALUE)) {
                    throw bad(where, v, "a whole number" + range());
                }
                boolean low = minExclusive ? x <= min : x < min;
                boolean high = maxExclusive ? x >= max : x > max;
                if (Double.isNaN(x) || Double.isInfinite(x) || low || high) {
                    throw bad(where, v, (type == Type.DOUBLE ? "a number" : "a whole number") + range());
                }
                return v;
            }
        }
    }

    private String range() {
        boolean hasMin = min != Double.NEGATIVE_INFINITY;
        boolean hasMax = max != Double.POSITIVE_INFINITY;
        if (!hasMin && !hasMax) {
            return "";
        }
        if (hasMin && hasMax) {
            return " in " + (minExclusive ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxExclusive ? ")" : "]");
        }
        return hasMin ? (minExclusive ? " > " : " >= ") + fmt(min) : (maxExclusive ? " < " : " <= ") + fmt(max);
    }

    private static String fmt(double x) {
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    private ConfigException bad(String where, String value, String allowed) {
        return new ConfigException(where + ": " + name + " = '" + value + "' is not allowed; expected " + allowed
            + " (" + doc + ")");
    }
}
