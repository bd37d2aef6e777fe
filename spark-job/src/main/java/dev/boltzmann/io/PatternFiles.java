package dev.boltzmann.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Pattern files read in this process (no Spark) through the Hadoop FileSystem API: for the small inputs of
 * {@code evaluate}, {@code classify} and friends, in the pattern text format or, for names ending in
 * {@code .csv}, CSV. Large training sets are read by Spark instead. */
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
        List<LabeledPattern> patterns = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
            if (!file.endsWith(".csv")) {
                patterns = PatternText.read(file, r);
            }
        }
        if (file.endsWith(".csv")) {
            patterns = readCsv(fs, path, file, expectedWidth, false);
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
     * same width: the input of a gaussian RBM.
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
        return readCsv(fs, path, file, expectedWidth, true);
    }

    /**
     * A CSV file (values in [0, 1], or with {@code realValues} any finite values and {@code ?}; an optional header
     * with a {@code label} column), every row checked.
     */
    private static List<LabeledPattern> readCsv(FileSystem fs, Path path, String file, int width, boolean realValues)
        throws IOException {
        List<LabeledPattern> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            RecordParser.Csv parser = new RecordParser.Csv(header == null ? -1 : RecordParser.Csv.labelColumnOf(header),
                realValues);
            long line = 0;
            for (String text = header; text != null; text = r.readLine()) {
                LabeledPattern p = parser.parse(file, ++line, text, out.isEmpty() ? width : out.get(0).width());
                if (p != null) {
                    out.add(p);
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(file + ": no patterns (the file is empty or blank)");
        }
        return out;
    }
}
