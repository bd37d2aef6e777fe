package dev.boltzmann.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Pattern files read in this process (no Spark) through the Hadoop FileSystem API: for the small inputs of
 * {@code evaluate}, {@code classify} and friends. Large training sets are read by Spark instead. */
public final class PatternFiles {
    private PatternFiles() {
    }

    /**
     * Every pattern of a text-format file, all of the same width.
     *
     * @param expectedWidth the width the model needs, or 0 for any
     * @throws BadInputException on a missing file, a bad line, ragged widths, a width other than expected, or no
     *     pattern
     */
    public static List<LabeledPattern> read(Configuration conf, String file, int expectedWidth) throws IOException {
        Path path = new Path(file);
        FileSystem fs = ModelStore.fileSystem(path, conf);
        if (!fs.exists(path)) {
            throw new BadInputException(file + ": no such file");
        }
        List<LabeledPattern> patterns;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
            patterns = PatternText.read(file, r);
        }
        if (expectedWidth > 0 && patterns.get(0).width() != expectedWidth) {
            throw BadInputException.at(file, patterns.get(0).line(), "pattern has " + patterns.get(0).width()
                + " units, the model has " + expectedWidth);
        }
        return patterns;
    }

    /**
     * Every row of a CSV file of real values (a first line that is not all numbers is a header; a {@code label}
     * column in it holds labels; {@code ?} marks an unknown value; NaN and infinities are refused), all of the
     * same width.
     *
     * @param expectedWidth the width the model needs, or 0 for any
     * @throws BadInputException naming the file and line of a bad row, or a file without rows
     */
    public static List<LabeledPattern> readRealCsv(Configuration conf, String file, int expectedWidth)
        throws IOException {
        Path path = new Path(file);
        FileSystem fs = ModelStore.fileSystem(path, conf);
        if (!fs.exists(path)) {
            throw new BadInputException(file + ": no such file");
        }
        List<LabeledPattern> patterns = new java.util.ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
            String text = r.readLine();
            RecordParser parser = new RecordParser.Csv(text == null ? -1 : RecordParser.Csv.labelColumnOf(text), true);
            long line = 0;
            int width = expectedWidth;
            while (text != null) {
                line++;
                LabeledPattern p = parser.parse(file, line, text, width);
                if (p != null) {
                    if (width == 0) {
                        width = p.width();
                    } else if (p.width() != width) {
                        throw BadInputException.at(file, line, "row has " + p.width() + " values, expected " + width);
                    }
                    patterns.add(p.withIndex(patterns.size()));
                }
                text = r.readLine();
            }
        }
        if (patterns.isEmpty()) {
            throw new BadInputException(file + ": no rows (the file is empty, blank or only a header)");
        }
        return patterns;
    }
}
