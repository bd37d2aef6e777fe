package dev.boltzmann.learning;

import java.util.Arrays;

/**
 * A labelled data set held as primitive arrays: row-major visible values and one class index per row.
 *
 * @param values row-major {@code rows × numVisible}, each value in [0, 1] (the array is not copied: do not modify it)
 * @param labels class of each row, in [0, numLabels), length rows (not copied)
 * @param rows number of rows, ≥ 1
 * @param numVisible values per row, ≥ 1
 * @param numLabels number of classes, ≥ 1
 */
public record LabeledRows(double[] values, int[] labels, int rows, int numVisible, int numLabels) {

    /** Checks shapes and ranges; messages name the offending row and unit. */
    public LabeledRows {
        if (rows < 1 || numVisible < 1 || numLabels < 1) {
            throw new IllegalArgumentException("labelled data needs rows, numVisible and numLabels >= 1, got rows="
                + rows + ", numVisible=" + numVisible + ", numLabels=" + numLabels);
        }
        if (values == null || values.length != (long) rows * numVisible) {
            throw new IllegalArgumentException("values has " + (values == null ? "no" : values.length)
                + " entries, expected rows*numVisible = " + rows + "*" + numVisible);
        }
        if (labels == null || labels.length != rows) {
            throw new IllegalArgumentException("labels has " + (labels == null ? "no" : labels.length)
                + " entries, expected rows = " + rows);
        }
        for (int k = 0; k < values.length; k++) {
            if (!(values[k] >= 0.0 && values[k] <= 1.0)) {
                throw new IllegalArgumentException("value at row " + (k / numVisible) + ", unit " + (k % numVisible)
                    + " is " + values[k] + ", expected a value in [0, 1]");
            }
        }
        for (int r = 0; r < rows; r++) {
            if (labels[r] < 0 || labels[r] >= numLabels) {
                throw new IllegalArgumentException("label of row " + r + " is " + labels[r] + ", expected a class in [0, "
                    + numLabels + ")");
            }
        }
    }

    /** The fraction of rows whose label equals {@code predicted[r]}. */
    public double accuracy(int[] predicted) {
        if (predicted.length != rows) {
            throw new IllegalArgumentException("predicted has " + predicted.length + " labels, expected rows = " + rows);
        }
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            correct += predicted[r] == labels[r] ? 1 : 0;
        }
        return (double) correct / rows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabeledRows d && d.rows == rows && d.numVisible == numVisible && d.numLabels == numLabels
            && Arrays.equals(d.values, values) && Arrays.equals(d.labels, labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "LabeledRows(rows=" + rows + ", numVisible=" + numVisible + ", numLabels=" + numLabels + ")";
    }
}
