package dev.boltzmann.cli;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import java.util.List;

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
}
