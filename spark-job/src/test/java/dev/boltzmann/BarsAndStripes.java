package dev.boltzmann;

import java.util.LinkedHashSet;
import java.util.Set;

/** The standard bars-and-stripes data set: every n × n binary image whose rows are all equal or columns all equal. */
public final class BarsAndStripes {
    /** The 4 × 4 sample file of the repository, {@code sample-data/bars/bars-and-stripes-4x4.txt}. */
    public static final java.nio.file.Path SAMPLE_FILE = java.nio.file.Path.of("..", "sample-data", "bars",
        "bars-and-stripes-4x4.txt").toAbsolutePath();

    private BarsAndStripes() {
    }

    /**
     * All distinct patterns of size {@code n × n}, row-major, one per row of the result: 2·2^n − 2 of them
     * (the all-off and all-on images are both a bar and a stripe pattern). For n = 4: 30 patterns of 16 pixels.
     */
    public static double[][] patterns(int n) {
        Set<String> seen = new LinkedHashSet<>();
        for (int orientation = 0; orientation < 2; orientation++) {
            for (int code = 0; code < (1 << n); code++) {
                StringBuilder sb = new StringBuilder();
                for (int r = 0; r < n; r++) {
                    for (int c = 0; c < n; c++) {
                        int bit = orientation == 0 ? (code >> r) & 1 : (code >> c) & 1;
                        sb.append(bit);
                    }
                }
                seen.add(sb.toString());
            }
        }
        double[][] out = new double[seen.size()][];
        int k = 0;
        for (String s : seen) {
            out[k] = new double[s.length()];
            for (int i = 0; i < s.length(); i++) {
                out[k][i] = s.charAt(i) - '0';
            }
            k++;
        }
        return out;
    }
}
