package dev.boltzmann.io;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One pattern read from a data set: its unit values and an optional label.
 *
 * <p>Values are 0/1 for binary data (text format), or numbers in [0,1] (CSV, LIBSVM, Parquet) that the job
 * binarises. An unknown unit (a {@code ?} in the text format, to be completed) is {@link Double#NaN}.
 * The label is {@code null} when the row has none. Instances travel between Spark tasks (Kryo-registered).
 */
public final class LabeledPattern implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String label;
    private final double[] values;
    private final long line;
    private final long index;

    /**
     * @param label the row's label, or null
     * @param values the unit values (not copied: the pattern owns the array from now on)
     * @param line the 1-based line or row number in its source, for messages
     * @param index the 0-based position of the pattern in the whole data set (blank lines not counted; files in
     *     name order); random streams and mini-batches are keyed by it, never by the partition
     */
    public LabeledPattern(String label, double[] values, long line, long index) {
        this.label = label;
        this.values = values;
        this.line = line;
        this.index = index;
    }

    /** This pattern with another global index. */
    public LabeledPattern withIndex(long newIndex) {
        return new LabeledPattern(label, values, line, newIndex);
    }

    /** The 0-based position of the pattern in the whole data set. */
    public long index() {
        return index;
    }

    /** The label, or null. */
    public String label() {
        return label;
    }

    /** Whether the row carries a label. */
    public boolean hasLabel() {
        return label != null;
    }

    /** The values (the pattern's own array: do not modify). */
    public double[] values() {
        return values;
    }

    /** Number of units. */
    public int width() {
        return values.length;
    }

    /** The 1-based line or row number in the source. */
    public long line() {
        return line;
    }

    /** Whether any unit is unknown (NaN). */
    public boolean hasUnknown() {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledPattern p && java.util.Objects.equals(p.label, label)
            && Arrays.equals(p.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(label) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return (label == null ? "" : label + "\t") + PatternText.format(values);
    }
}
