package dev.boltzmann;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.PatternText;
import dev.boltzmann.learning.LabeledRows;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The binarised MNIST sample of {@code sample-data/digits}: 2,500 training and 500 test digits, 28 × 28, labels 0–9. */
public final class Digits {
    /** Pixels per digit. */
    public static final int PIXELS = 784;
    /** Image side. */
    public static final int SIDE = 28;
    /** Classes 0–9. */
    public static final int CLASSES = 10;

    private static LabeledRows train;
    private static LabeledRows test;

    private Digits() {
    }

    /** The 2,500 training digits (read once per JVM). */
    public static synchronized LabeledRows train() {
        if (train == null) {
            train = read("digits-train.txt");
        }
        return train;
    }

    /** The 500 held-out digits (read once per JVM). */
    public static synchronized LabeledRows test() {
        if (test == null) {
            test = read("digits-test.txt");
        }
        return test;
    }

    private static LabeledRows read(String name) {
        Path path = Path.of("..", "sample-data", "digits", name).toAbsolutePath();
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            List<LabeledPattern> patterns = PatternText.read(path.toString(), reader);
            double[] values = new double[patterns.size() * PIXELS];
            int[] labels = new int[patterns.size()];
            for (int r = 0; r < patterns.size(); r++) {
                System.arraycopy(patterns.get(r).values(), 0, values, r * PIXELS, PIXELS);
                labels[r] = Integer.parseInt(patterns.get(r).label());
            }
            return new LabeledRows(values, labels, patterns.size(), PIXELS, CLASSES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
