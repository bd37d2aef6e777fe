package dev.boltzmann.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pattern text format: one pattern per line.
 *
 * <ul>
 *   <li>{@code 1}, {@code #} and {@code +} mean on; {@code 0}, {@code .} and {@code -} mean off; {@code ?} is
 *       unknown (to be completed). Spaces between symbols are ignored.</li>
 *   <li>An optional label comes first, followed by a TAB: {@code 7<TAB>..##..}.</li>
 *   <li>Blank lines are skipped. Everything else is an error naming the file, the line and the column.</li>
 * </ul>
 * Parsed values are 1.0 (on), 0.0 (off) and NaN (unknown); the model's encoding is applied later.
 */
public final class PatternText {
    private PatternText() {
    }

    /**
     * Parses one line.
     *
     * @param source the file name, for messages
     * @param lineNumber 1-based line number, for messages
     * @param line the text without its line terminator
     * @return the pattern, or null for a blank line
     * @throws BadInputException on an unknown symbol or an empty pattern after a label
     */
    public static LabeledPattern parseLine(String source, long lineNumber, String line) {
        String text = line;
        if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return null;
        }
        String label = null;
        int start = 0;
        int tab = text.indexOf('\t');
        if (tab >= 0) {
            label = text.substring(0, tab).trim();
            if (label.isEmpty()) {
                throw BadInputException.at(source, lineNumber, "empty label before the TAB");
            }
            start = tab + 1;
        }
        double[] buf = new double[Math.max(16, text.length() - start)];
        int n = 0;
        for (int k = start; k < text.length(); k++) {
            char c = text.charAt(k);
            double v;
            switch (c) {
                case '1', '#', '+' -> v = 1.0;
                case '0', '.', '-' -> v = 0.0;
                case '?' -> v = Double.NaN;
                case ' ' -> {
                    continue;
                }
                default -> throw BadInputException.at(source, lineNumber, "column " + (k + 1)
                    + ": unknown symbol '" + printable(c) + "' (allowed: 1 # + for on, 0 . - for off, ? unknown)");
            }
            buf[n++] = v;
        }
        if (n == 0) {
            throw BadInputException.at(source, lineNumber, "a label but no pattern after the TAB");
        }
        return new LabeledPattern(label, java.util.Arrays.copyOf(buf, n), lineNumber, -1);
    }

    /**
     * Reads every pattern of a text source and checks that all have the same width.
     *
     * @throws BadInputException on a bad line, ragged widths or no pattern at all
     */
    public static List<LabeledPattern> read(String source, BufferedReader reader) throws IOException {
        List<LabeledPattern> out = new ArrayList<>();
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            LabeledPattern p = parseLine(source, number, line);
            if (p == null) {
                continue;
            }
            if (!out.isEmpty() && p.width() != out.get(0).width()) {
                throw BadInputException.at(source, number, "pattern has " + p.width() + " units, but line "
                    + out.get(0).line() + " has " + out.get(0).width());
            }
            out.add(p.withIndex(out.size()));
        }
        if (out.isEmpty()) {
            throw new BadInputException(source + ": no patterns (the file is empty or blank)");
        }
        return out;
    }

    /** Writes values as {@code #} (on, value ≥ 0.5), {@code .} (off) and {@code ?} (NaN), one char per unit. */
    public static String format(double[] values) {
        StringBuilder sb = new StringBuilder(values.length);
        for (double v : values) {
            sb.append(Double.isNaN(v) ? '?' : v >= 0.5 ? '#' : '.');
        }
        return sb.toString();
    }

    /** One line of the format: optional label, TAB, symbols. */
    public static String formatLine(String label, double[] values) {
        return label == null ? format(values) : label + "\t" + format(values);
    }

    /** The values drawn as rows of {@code width} symbols (the last row may be shorter), for terminals. */
    public static List<String> rows(double[] values, int width) {
        String all = format(values);
        List<String> rows = new ArrayList<>();
        int w = width <= 0 ? all.length() : width;
        for (int k = 0; k < all.length(); k += w) {
            rows.add(all.substring(k, Math.min(all.length(), k + w)));
        }
        return rows;
    }

    private static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
