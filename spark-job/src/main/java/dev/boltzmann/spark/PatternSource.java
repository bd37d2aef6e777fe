package dev.boltzmann.spark;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.PatternText;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * <p>Two passes over the input: the first counts the lines of each input split (only one small record per
 * split reaches the driver), the second parses, numbering lines from the split's offset in its file. Nothing
 * else is collected on the driver. Every pattern must have {@code expectedWidth} units when it is positive;
 * otherwise the width of the first pattern is taken.
 */
public final class PatternSource {
    private PatternSource() {
    }

    /** Lines and patterns of one input split, as counted by the first pass. */
    public static final class SplitCount implements Serializable {
        private static final long serialVersionUID = 1L;
        int partition;
        String file;
        long start;
        long lines;
        long patterns;

        SplitCount() {
        }

        SplitCount(int partition, String file, long start, long lines, long patterns) {
            this.partition = partition;
            this.file = file;
            this.start = start;
            this.lines = lines;
            this.patterns = patterns;
        }
    }

    /** Where each split starts: line number and pattern index of its first record. */
    private record Offsets(long[] firstLine, long[] firstIndex, long total) implements Serializable {
    }

    /**
     * The patterns of a text-format data set, persisted serialized in memory (spilling to disk).
     *
     * @param sc the Spark context
     * @param path a file, directory or glob on any Hadoop file system
     * @param minPartitions a lower bound on the partitions (0 = Spark's default)
     * @param expectedWidth the width every pattern must have, or 0 to take it from the first pattern
     * @throws BadInputException if the path does not exist, holds no pattern, or a line is bad
     */
    public static Loaded readText(JavaSparkContext sc, String path, int minPartitions, int expectedWidth)
        throws java.io.IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(sc.hadoopConfiguration());
        if (fs.globStatus(p) == null || fs.globStatus(p).length == 0) {
            throw new BadInputException(path + ": no such file");
        }
        int parts = minPartitions > 0 ? minPartitions : sc.defaultMinPartitions();
        @SuppressWarnings("unchecked")
        JavaHadoopRDD<LongWritable, Text> raw = (JavaHadoopRDD<LongWritable, Text>) sc.hadoopFile(path,
            TextInputFormat.class, LongWritable.class, Text.class, parts);
        List<SplitCount> counts = raw.mapPartitionsWithInputSplit((split, it) -> {
            FileSplit fsplit = (FileSplit) split;
            long lines = 0;
            long patterns = 0;
            while (it.hasNext()) {
                lines++;
                if (!it.next()._2().toString().isBlank()) {
                    patterns++;
                }
            }
            int pid = TaskContext.getPartitionId();
            return List.of(new SplitCount(pid, fsplit.getPath().toString(), fsplit.getStart(), lines, patterns))
                .iterator();
        }, true).collect();
        Offsets offsets = offsets(counts);
        if (offsets.total() == 0) {
            throw new BadInputException(path + ": no patterns (the input is empty or blank)");
        }
        int width = expectedWidth > 0 ? expectedWidth : parse(raw, offsets, 0).first().width();
        JavaRDD<LabeledPattern> patterns = parse(raw, offsets, width).persist(StorageLevel.MEMORY_AND_DISK_SER());
        patterns.setName("patterns " + path);
        return new Loaded(patterns, offsets.total(), width);
    }

    /** Patterns read by Spark: the persisted RDD, how many there are, and their width. */
    public record Loaded(JavaRDD<LabeledPattern> patterns, long count, int width) {
    }

    private static JavaRDD<LabeledPattern> parse(JavaHadoopRDD<LongWritable, Text> raw, Offsets offsets,
                                                 int width) {
        return raw.mapPartitionsWithInputSplit((split, it) -> {
            int pid = TaskContext.getPartitionId();
            String file = ((FileSplit) split).getPath().toString();
            long line = offsets.firstLine()[pid];
            long index = offsets.firstIndex()[pid];
            List<LabeledPattern> out = new ArrayList<>();
            while (it.hasNext()) {
                Tuple2<LongWritable, Text> rec = it.next();
                line++;
                LabeledPattern pat = PatternText.parseLine(file, line, rec._2().toString());
                if (pat == null) {
                    continue;
                }
                if (width > 0 && pat.width() != width) {
                    throw BadInputException.at(file, line, "pattern has " + pat.width() + " units, expected "
                        + width + " (the width of the first pattern, or model.visible)");
                }
                out.add(pat.withIndex(index++));
            }
            return out.iterator();
        }, true);
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
            index += c.patterns;
        }
        return new Offsets(firstLine, firstIndex, index);
    }
}
