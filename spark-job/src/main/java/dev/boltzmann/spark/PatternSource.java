package dev.boltzmann.spark;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.RecordParser;
import dev.boltzmann.math.Seeds;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.TextInputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaHadoopRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads patterns with Spark from any Hadoop file system path (a file, a directory or a glob), keeping for every
 * pattern its file line (for error messages) and its global index (for seeding and mini-batches).
 *
 * <p>Line formats (text, CSV, LIBSVM) are read in three passes over the input splits: the first counts the lines
 * of each split, the second parses and counts the valid records (one small record per split reaches the driver),
 * the third parses again and numbers them from the split's offset, so that indices run 0..N-1 in file-name and
 * line order whatever the partitioning, and every message names the true line. Parquet is read as a DataFrame ({@link ParquetPatterns}). Nothing else is collected on the
 * driver. With {@code skipBad}, bad records are skipped and counted instead of failing the job.
 */
public final class PatternSource {
    /** Purpose key of the stochastic binarisation streams: pattern p uses (seed, BINARIZE, p). */
    public static final long BINARIZE_PURPOSE = 0x42494E41L;

    private PatternSource() {
    }

    /**
     * Where and how to read.
     *
     * @param path a file, directory or glob on any Hadoop file system
     * @param format text, csv, libsvm or parquet
     * @param minPartitions a lower bound on the partitions (0 = Spark's default)
     * @param binarize threshold, stochastic or none: how values in [0,1] become units
     * @param threshold the threshold of {@code binarize = threshold}
     * @param seed the seed of {@code binarize = stochastic}
     * @param skipBad skip and count bad records instead of failing
     * @param realValues real-valued units (gaussian visible units): csv and libsvm values pass through as they are
     *     (any finite number; {@code ?} marks an unknown value), nothing is binarised
     */
    public record Spec(String path, String format, int minPartitions, String binarize, double threshold, long seed,
                       boolean skipBad, boolean realValues) implements Serializable {
        /** A spec of binary (or [0,1]) units. */
        public Spec(String path, String format, int minPartitions, String binarize, double threshold, long seed,
                    boolean skipBad) {
            this(path, format, minPartitions, binarize, threshold, seed, skipBad, false);
        }

        /** The text format, thresholded, failing on bad records. */
        public static Spec text(String path, int minPartitions) {
            return new Spec(path, "text", minPartitions, "threshold", 0.5, 0, false);
        }
    }

    /**
     * Patterns read by Spark.
     *
     * @param patterns the persisted RDD (serialized, memory and disk)
     * @param count how many patterns
     * @param width units per pattern
     * @param skipped bad records skipped ({@code skipBad} only)
     * @param firstSkipped the message of the first skipped record, or null
     */
    public record Loaded(JavaRDD<LabeledPattern> patterns, long count, int width, long skipped, String firstSkipped) {
    }

    /** Valid and skipped records of one input split, as counted by the first pass. */
    public static final class SplitCount implements Serializable {
        private static final long serialVersionUID = 1L;
        int partition;
        String file;
        long start;
        long lines;
        long valid;
        long skipped;
        String firstSkipped;

        SplitCount() {
        }
    }

    /** Where each split starts: line number and pattern index of its first record. */
    private record Offsets(long[] firstLine, long[] firstIndex, long total) implements Serializable {
    }

    /** A text-format data set (see {@link #read}). */
    public static Loaded readText(JavaSparkContext sc, String path, int minPartitions, int expectedWidth)
        throws IOException {
        return read(sc, Spec.text(path, minPartitions), expectedWidth);
    }

    /**
     * Reads a data set.
     *
     * @param expectedWidth the width every pattern must have, or 0 to take it from the data
     * @throws BadInputException if the path does not exist, holds no pattern, or (without skipBad) a record is bad
     */
    public static Loaded read(JavaSparkContext sc, Spec spec, int expectedWidth) throws IOException {
        Path p = new Path(spec.path());
        FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
        FileStatus[] matches = fs.globStatus(p);
        if (matches == null || matches.length == 0) {
            throw new BadInputException(spec.path() + ": no such file");
        }
        if (spec.format().equals("parquet")) {
            return ParquetPatterns.read(sc, spec, expectedWidth);
        }
        RecordParser parser = spec.format().equals("csv")
            ? new RecordParser.Csv(csvLabelColumn(fs, matches), spec.realValues())
            : spec.format().equals("libsvm") ? new RecordParser.Libsvm(spec.realValues()) : RecordParser.of(spec.format());
        int parts = spec.minPartitions() > 0 ? spec.minPartitions() : sc.defaultMinPartitions();
        @SuppressWarnings("unchecked")
        JavaHadoopRDD<LongWritable, Text> raw = (JavaHadoopRDD<LongWritable, Text>) sc.hadoopFile(spec.path(),
            TextInputFormat.class, LongWritable.class, Text.class, parts);
        sc.setJobDescription("read " + spec.path() + ": count records");
        int width = expectedWidth > 0 ? expectedWidth : width(raw, parser, spec);
        // pass 1: lines per split, so that every later pass knows the true line numbers
        List<SplitCount> lines = raw.mapPartitionsWithInputSplit((split, it) -> {
            SplitCount c = new SplitCount();
            c.partition = TaskContext.getPartitionId();
            c.file = ((FileSplit) split).getPath().toString();
            c.start = ((FileSplit) split).getStart();
            while (it.hasNext()) {
                it.next();
                c.lines++;
            }
            return List.of(c).iterator();
        }, true).collect();
        Offsets lineOffsets = offsets(lines);
        // pass 2: valid and bad records per split (without skipBad, the first bad record fails the job here)
        List<SplitCount> counts = raw.mapPartitionsWithInputSplit((split, it) -> {
            int pid = TaskContext.getPartitionId();
            SplitCount c = new SplitCount();
            c.partition = pid;
            c.file = ((FileSplit) split).getPath().toString();
            c.start = ((FileSplit) split).getStart();
            long line = lineOffsets.firstLine()[pid];
            while (it.hasNext()) {
                String text = it.next()._2().toString();
                c.lines++;
                line++;
                try {
                    if (parser.parse(c.file, line, text, width) != null) {
                        c.valid++;
                    }
                } catch (BadInputException e) {
                    if (!spec.skipBad()) {
                        throw e;
                    }
                    c.skipped++;
                    if (c.firstSkipped == null) {
                        c.firstSkipped = e.getMessage();
                    }
                }
            }
            return List.of(c).iterator();
        }, true).collect();
        Offsets offsets = offsets(counts);
        long skipped = counts.stream().mapToLong(c -> c.skipped).sum();
        String firstSkipped = counts.stream().filter(c -> c.firstSkipped != null)
            .sorted(Comparator.comparing((SplitCount c) -> c.file).thenComparingLong(c -> c.start))
            .map(c -> c.firstSkipped).findFirst().orElse(null);
        if (offsets.total() == 0) {
            throw new BadInputException(spec.path() + ": no patterns (the input is empty or blank"
                + (skipped > 0 ? "; all " + skipped + " records were bad, e.g. " + firstSkipped : "") + ")");
        }
        // pass 3: the patterns, numbered 0..N-1 in file and line order
        JavaRDD<LabeledPattern> patterns = parse(raw, parser, offsets, width, spec)
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
        patterns.setName("patterns " + spec.path());
        return new Loaded(patterns, offsets.total(), width, skipped, firstSkipped);
    }

    /** The label column named in the header of the first file of a CSV data set (-1 for none). */
    private static int csvLabelColumn(FileSystem fs, FileStatus[] matches) throws IOException {
        FileStatus first = Arrays.stream(matches).flatMap(m -> {
            try {
                return m.isDirectory() ? Arrays.stream(fs.listStatus(m.getPath())) : Arrays.stream(new FileStatus[] {m});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(s -> s.isFile() && !s.getPath().getName().startsWith(".") && !s.getPath().getName().startsWith("_"))
            .min(Comparator.comparing(s -> s.getPath().toString())).orElse(null);
        if (first == null) {
            return -1;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(first.getPath()),
            StandardCharsets.UTF_8))) {
            String header = r.readLine();
            return header == null ? -1 : RecordParser.Csv.labelColumnOf(header);
        }
    }

    /** The width of the data: the largest LIBSVM index, or the width of the first record. */
    private static int width(JavaHadoopRDD<LongWritable, Text> raw, RecordParser parser, Spec spec) {
        if (parser instanceof RecordParser.Libsvm) {
            return raw.mapPartitionsWithInputSplit((split, it) -> {
                int max = 0;
                String file = ((FileSplit) split).getPath().toString();
                while (it.hasNext()) {
                    String text = it.next()._2().toString();
                    try {
                        max = Math.max(max, text.isBlank() ? 0 : RecordParser.Libsvm.maxIndex(file, 0, text));
                    } catch (BadInputException e) {
                        // a malformed token: pass 2 reports it (or skips it) with its line number
                    }
                }
                return List.of(max).iterator();
            }, true).reduce(Math::max);
        }
        List<Integer> first = raw.mapPartitionsWithInputSplit((split, it) -> {
            String file = ((FileSplit) split).getPath().toString();
            long line = 0;
            while (it.hasNext()) {
                try {
                    LabeledPattern pat = parser.parse(file, ++line, it.next()._2().toString(), 0);
                    if (pat != null) {
                        return List.of(pat.width()).iterator();
                    }
                } catch (BadInputException e) {
                    // a bad record: the width comes from the next good one
                }
            }
            return List.<Integer>of().iterator();
        }, true).take(1);
        return first.isEmpty() ? 1 : first.get(0);
    }

    private static JavaRDD<LabeledPattern> parse(JavaHadoopRDD<LongWritable, Text> raw, RecordParser parser,
                                                 Offsets offsets, int width, Spec spec) {
        return raw.mapPartitionsWithInputSplit((split, it) -> {
            int pid = TaskContext.getPartitionId();
            String file = ((FileSplit) split).getPath().toString();
            long line = offsets.firstLine()[pid];
            long index = offsets.firstIndex()[pid];
            List<LabeledPattern> out = new ArrayList<>();
            while (it.hasNext()) {
                Tuple2<LongWritable, Text> rec = it.next();
                line++;
                LabeledPattern pat;
                try {
                    pat = parser.parse(file, line, rec._2().toString(), width);
                } catch (BadInputException e) {
                    if (spec.skipBad()) {
                        continue;
                    }
                    throw e;
                }
                if (pat != null) {
                    binarize(pat.values(), spec, index);
                    out.add(pat.withIndex(index++));
                }
            }
            return out.iterator();
        }, true);
    }

    /** Applies {@code data.binarize} in place: NaN (unknown) stays NaN. */
    static void binarize(double[] values, Spec spec, long index) {
        if (spec.realValues()) {
            return;
        }
        switch (spec.binarize()) {
            case "none" -> {
            }
            case "stochastic" -> {
                SplittableRandom rng = Seeds.rng(spec.seed(), BINARIZE_PURPOSE, index);
                for (int i = 0; i < values.length; i++) {
                    double u = rng.nextDouble();
                    if (!Double.isNaN(values[i])) {
                        values[i] = u < values[i] ? 1.0 : 0.0;
                    }
                }
            }
            default -> {
                for (int i = 0; i < values.length; i++) {
                    if (!Double.isNaN(values[i])) {
                        values[i] = values[i] >= spec.threshold() ? 1.0 : 0.0;
                    }
                }
            }
        }
    }

    /**
     * The patterns in global index order, streamed to the driver one partition at a time. For the trainers that
     * run on the driver (sequential rules, single-process training); the whole data set then lives in the
     * driver's memory.
     */
    public static List<LabeledPattern> toDriver(JavaRDD<LabeledPattern> rdd) {
        rdd.context().setJobDescription("stream patterns to the driver");
        List<LabeledPattern> all = new ArrayList<>();
        Iterator<LabeledPattern> it = rdd.toLocalIterator();
        while (it.hasNext()) {
            all.add(it.next());
        }
        all.sort(Comparator.comparingLong(LabeledPattern::index));
        return all;
    }

    /** The values of {@code patterns} as one row-major array of {@code size × width}. */
    public static double[] flatten(List<LabeledPattern> patterns, int width) {
        double[] out = new double[patterns.size() * width];
        for (int p = 0; p < patterns.size(); p++) {
            System.arraycopy(patterns.get(p).values(), 0, out, p * width, width);
        }
        return out;
    }

    private static Offsets offsets(List<SplitCount> counts) {
        int n = counts.stream().mapToInt(c -> c.partition).max().orElse(-1) + 1;
        long[] firstLine = new long[n];
        long[] firstIndex = new long[n];
        List<SplitCount> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparing((SplitCount c) -> c.file).thenComparingLong(c -> c.start));
        Map<String, Long> linesSoFar = new HashMap<>();
        long index = 0;
        for (SplitCount c : sorted) {
            long before = linesSoFar.getOrDefault(c.file, 0L);
            firstLine[c.partition] = before;
            firstIndex[c.partition] = index;
            linesSoFar.put(c.file, before + c.lines);
            index += c.valid;
        }
        return new Offsets(firstLine, firstIndex, index);
    }
}
