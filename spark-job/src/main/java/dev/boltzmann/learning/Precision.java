package dev.boltzmann.learning;

import java.util.Locale;

/**
 * Floating-point precision of a training path: {@code float64} ({@link CdKernel}) or {@code float32}
 * ({@link FloatCdKernel}).
 */
public enum Precision {
    /** Single precision: {@code float[]} parameters and batches, sgemm. */
    FLOAT32("float32"),
    /** Double precision: {@code double[]} parameters and batches, dgemm. */
    FLOAT64("float64");

    private final String id;

    Precision(String id) {
        this.id = id;
    }

    /** The name used in configuration and JSON, {@code float32} or {@code float64}. */
    public String id() {
        return id;
    }

    /**
     * The precision named {@code text} ({@code float32}/{@code float64}, also {@code f32}/{@code f64},
     * {@code single}/{@code double}), case and surrounding blanks ignored.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static Precision parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "float32", "f32", "single", "float" -> FLOAT32;
            case "float64", "f64", "double" -> FLOAT64;
            default -> throw new IllegalArgumentException("unknown precision '" + text
                + "'; allowed: float32, float64");
        };
    }
}
