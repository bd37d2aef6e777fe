package dev.boltzmann.io;

import java.io.Serializable;
import java.util.Locale;

/**
 * Turns one line of a data file into a pattern, for the line-based formats: the pattern text format, CSV and
 * LIBSVM. Implementations are stateless and serializable, so Spark tasks parse with them.
 */
public interface RecordParser extends Serializable {
    /**
     * Parses one line.
     *
     * @param file the file, for messages
     * @param line its 1-based line number, for messages
     * @param text the line without its terminator
     * @param width the width every pattern must have, or 0 when not known yet
     * @return the pattern (index not set), or null for a line that holds no record (blank, a header)
     * @throws BadInputException naming file and line when the line is bad
     */
    LabeledPattern parse(String file, long line, String text, int width);

    /** The parser of a {@code data.format}: text, csv or libsvm. */
    static RecordParser of(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> new Text();
            case "csv" -> new Csv();
            case "libsvm" -> new Libsvm();
            default -> throw new IllegalArgumentException("no line parser for format '" + format
                + "'; line formats: text, csv, libsvm");
        };
    }

    /** The pattern text format ({@link PatternText}). */
    final class Text implements RecordParser {
        private static final long serialVersionUID = 1L;

        @Override
        public LabeledPattern parse(String file, long line, String text, int width) {
            LabeledPattern p = PatternText.parseLine(file, line, text);
            if (p != null && width > 0 && p.width() != width) {
                throw BadInputException.at(file, line, "pattern has " + p.width() + " units, expected " + width
                    + " (the width of the first pattern, or model.visible)");
            }
            return p;
        }
    }

    /**
     * CSV: numbers in [0, 1] separated by commas (with {@code realValues}: any finite numbers, {@code ?} for an
     * unknown value). A first line that is not all numbers is a header; a column named {@code label} in it holds
     * the labels (its position is given by the header of the data set's first file, read on the driver).
     */
    final class Csv implements RecordParser {
        private static final long serialVersionUID = 1L;
        private final int labelColumn;
        private final boolean realValues;

        /** A CSV parser without a label column. */
        public Csv() {
            this(-1);
        }

        /** A CSV parser whose column {@code labelColumn} (0-based; -1 for none) holds the labels. */
        public Csv(int labelColumn) {
            this(labelColumn, false);
        }

        /**
         * A CSV parser whose column {@code labelColumn} (0-based; -1 for none) holds the labels, of values in [0, 1]
         * or, with {@code realValues}, of any finite values ({@code ?} = unknown).
         */
        public Csv(int labelColumn, boolean realValues) {
            this.labelColumn = labelColumn;
            this.realValues = realValues;
        }

        /** The label column of a header line, -1 if it has none or the line is not a header. */
        public static int labelColumnOf(String headerLine) {
            String[] cells = headerLine.split(",", -1);
            for (int k = 0; k < cells.length; k++) {
                if (cells[k].trim().equalsIgnoreCase("label")) {
                    return k;
                }
            }
            return -1;
        }

        @Override
        public LabeledPattern parse(String file, long line, String text, int width) {
            if (text.isBlank()) {
                return null;
            }
            String[] cells = text.split(",", -1);
            String first = cells[labelColumn == 0 && cells.length > 1 ? 1 : 0].trim();
            if (line == 1 && !isNumber(first) && !(realValues && first.equals("?"))) {
                return null;
            }
            int n = cells.length - (labelColumn >= 0 ? 1 : 0);
            if (width > 0 && n != width) {
                throw BadInputException.at(file, line, "row has " + n + " values, expected " + width
                    + " (the width of the first row, or model.visible)");
            }
            double[] values = new double[n];
            String label = null;
            int k = 0;
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c].trim();
                if (c == labelColumn) {
                    label = cell.isEmpty() ? null : cell;
                    continue;
                }
                values[k++] = realValues ? realValue(file, line, "column " + (c + 1), cell)
                    : unitValue(file, line, "column " + (c + 1), cell);
            }
            return new LabeledPattern(label, values, line, -1);
        }

        private static boolean isNumber(String s) {
            try {
                Double.parseDouble(s);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }
    }

    /** LIBSVM: {@code label index:value ...} with 1-based indices and values in [0, 1]; missing indices are 0. */
    final class Libsvm implements RecordParser {
        private static final long serialVersionUID = 1L;
        private final boolean realValues;

        /** A parser of values in [0, 1]. */
        public Libsvm() {
            this(false);
        }

        /** A parser of values in [0, 1] or, with {@code realValues}, of any finite values. */
        public Libsvm(boolean realValues) {
            this.realValues = realValues;
        }

        /** The largest index on a line (0 for a line without features), for data sets of unknown width. */
        public static int maxIndex(String file, long line, String text) {
            int max = 0;
            String[] tokens = text.trim().split("\\s+");
            for (int t = 1; t < tokens.length; t++) {
                max = Math.max(max, index(file, line, tokens[t]));
            }
            return max;
        }

        @Override
        public LabeledPattern parse(String file, long line, String text, int width) {
            if (text.isBlank()) {
                return null;
            }
            String[] tokens = text.trim().split("\\s+");
            double[] values = new double[width];
            int previous = 0;
            for (int t = 1; t < tokens.length; t++) {
                int i = index(file, line, tokens[t]);
                if (i > width) {
                    throw BadInputException.at(file, line, "index " + i + " is past the width " + width
                        + " (model.visible or the largest index in the data)");
                }
                if (i <= previous) {
                    throw BadInputException.at(file, line, "indices must increase, " + i + " follows " + previous);
                }
                previous = i;
                String v = tokens[t].substring(tokens[t].indexOf(':') + 1);
                values[i - 1] = realValues ? realValue(file, line, "index " + i, v) : unitValue(file, line, "index " + i, v);
            }
            return new LabeledPattern(tokens[0], values, line, -1);
        }

        private static int index(String file, long line, String token) {
            int colon = token.indexOf(':');
            try {
                int i = Integer.parseInt(colon < 0 ? "x" : token.substring(0, colon));
                if (i < 1) {
                    throw new NumberFormatException();
                }
                return i;
            } catch (NumberFormatException e) {
                throw BadInputException.at(file, line, "'" + token + "' is not index:value with an index >= 1");
            }
        }
    }

    /** A finite real value, NaN for {@code ?} (unknown), or an error naming where it is (NaN and ±inf included). */
    private static double realValue(String file, long line, String where, String cell) {
        if (cell.equals("?")) {
            return Double.NaN;
        }
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw BadInputException.at(file, line, where + ": '" + cell + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw BadInputException.at(file, line, where + ": " + cell + " is not a finite number (write ? for an"
                + " unknown value)");
        }
        return v;
    }

    /** A value in [0, 1], or an error naming where it is. */
    private static double unitValue(String file, long line, String where, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw BadInputException.at(file, line, where + ": '" + cell + "' is not a number");
        }
        if (!(v >= 0.0 && v <= 1.0)) {
            throw BadInputException.at(file, line, where + ": " + cell + " is outside [0, 1]");
        }
        return v;
    }
}
