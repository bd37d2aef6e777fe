package dev.boltzmann.cli;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;

/** Class labels of patterns for models with label units: whole numbers 0..C-1. */
final class Labels {
    private Labels() {
    }

    /**
     * The labels of {@code patterns} as ints in [0, numLabels).
     *
     * @param source the data path, for messages
     * @throws BadInputException naming the line of a missing, non-numeric or out-of-range label
     */
    static int[] of(List<LabeledPattern> patterns, int numLabels, String source) {
        int[] out = new int[patterns.size()];
        for (int p = 0; p < out.length; p++) {
            LabeledPattern pat = patterns.get(p);
            if (!pat.hasLabel()) {
                throw BadInputException.at(source, pat.line(), "no label, but the model has " + numLabels
                    + " label units (model.labels): every pattern needs 'LABEL<TAB>pattern'");
            }
            int c;
            try {
                c = Integer.parseInt(pat.label());
            } catch (NumberFormatException e) {
                throw BadInputException.at(source, pat.line(), "label '" + pat.label()
                    + "' is not a class number 0.." + (numLabels - 1));
            }
            if (c < 0 || c >= numLabels) {
                throw BadInputException.at(source, pat.line(), "label " + c + " is out of range 0.." + (numLabels - 1)
                    + " (model.labels = " + numLabels + ")");
            }
            out[p] = c;
        }
        return out;
    }

    /**
     * Checks the labels of a data set that lives in Spark without bringing it to the driver.
     *
     * @throws BadInputException for the bad label of the lowest pattern index, as {@link #of} words it
     */
    static void check(JavaRDD<LabeledPattern> patterns, int numLabels, String source) {
        patterns.context().setJobDescription("check the labels of " + source);
        List<LabeledPattern> bad = patterns.filter(p -> !valid(p, numLabels)).takeOrdered(1,
            (Comparator<LabeledPattern> & Serializable) (a, b) -> Long.compare(a.index(), b.index()));
        if (!bad.isEmpty()) {
            of(bad, numLabels, source);
        }
    }

    private static boolean valid(LabeledPattern p, int numLabels) {
        if (!p.hasLabel()) {
            return false;
        }
        try {
            int c = Integer.parseInt(p.label());
            return c >= 0 && c < numLabels;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
