package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.LabeledPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatternSourceTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static BadInputException ours(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException b) {
                return b;
            }
        }
        throw new AssertionError("no BadInputException in the chain", t);
    }

    @Test
    void globalIndexAndLineNumbersDoNotDependOnPartitions() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            sb.append(i % 7 == 0 ? "\n" : "").append(i % 10).append('\t').append(Integer.toBinaryString(256 + i % 256)
                .substring(1).replace('1', '#').replace('0', '.')).append('\n');
        }
        write("a.txt", sb.toString());
        write("b.txt", "x\t########\n");
        List<LabeledPattern> one = new java.util.ArrayList<>(
            PatternSource.readText(TestSpark.context(), dir.toString(), 1, 0).patterns().collect());
        one.sort(Comparator.comparingLong(LabeledPattern::index));
        PatternSource.Loaded many = PatternSource.readText(TestSpark.context(), dir.toString(), 5, 0);
        assertTrue(many.patterns().getNumPartitions() >= 5);
        assertEquals(401, many.count());
        assertEquals(8, many.width());
        List<LabeledPattern> sorted = new java.util.ArrayList<>(many.patterns().collect());
        sorted.sort(Comparator.comparingLong(LabeledPattern::index));
        assertTrue(one.equals(sorted), "the same patterns in the same global order");
        for (int k = 0; k < sorted.size(); k++) {
            assertEquals(k, sorted.get(k).index());
            assertEquals(one.get(k).line(), sorted.get(k).line());
        }
        // blank lines precede patterns 0, 7 and 14, so pattern 14 is on line 14 + 1 + 3
        assertEquals(18, sorted.get(14).line());
        assertEquals("x", sorted.get(400).label());
        assertEquals(1, sorted.get(400).line());
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, sorted.get(400).values());
    }

    @Test
    void badLineInALaterSplitNamesFileAndLine() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append(i == 250 ? "..#.x" : "..#..").append('\n');
        }
        Path f = write("bad.txt", sb.toString());
        SparkException e = assertThrows(SparkException.class,
            () -> PatternSource.readText(TestSpark.context(), f.toString(), 4, 0).patterns().count());
        assertTrue(ours(e).getMessage().endsWith("bad.txt:251: column 5: unknown symbol 'x' (allowed: 1 # + for on,"
            + " 0 . - for off, ? unknown)"), ours(e).getMessage());
    }

    @Test
    void raggedWidthMissingAndEmptyInputsAreRefused() throws Exception {
        Path ragged = write("ragged.txt", "...\n...\n....\n");
        Throwable e = assertThrows(Exception.class,
            () -> PatternSource.readText(TestSpark.context(), ragged.toString(), 1, 0).patterns().count());
        assertTrue(ours(e).getMessage().contains("ragged.txt:3: pattern has 4 units, expected 3"));
        Path empty = write("empty.txt", "\n\n");
        assertTrue(assertThrows(BadInputException.class,
            () -> PatternSource.readText(TestSpark.context(), empty.toString(), 1, 0)).getMessage()
            .contains("no patterns"));
        assertTrue(assertThrows(BadInputException.class,
            () -> PatternSource.readText(TestSpark.context(), dir.resolve("nope.txt").toString(), 1, 0))
            .getMessage().contains("nope.txt: no such file"));
    }

    private static PatternSource.Spec spec(Path p, String format, boolean skip) {
        return new PatternSource.Spec(p.toString(), format, 2, "none", 0.5, 1, skip);
    }

    private static List<LabeledPattern> ordered(PatternSource.Loaded l) {
        List<LabeledPattern> all = new java.util.ArrayList<>(l.patterns().collect());
        all.sort(Comparator.comparingLong(LabeledPattern::index));
        return all;
    }

    @Test
    void csvWithHeaderAndLabelColumnAndLibsvmOfUnknownWidth() throws Exception {
        Path csv = write("d.csv", "x1,label,x2,x3\n0.25,7,1,0\n1,3,0.5,0\n");
        PatternSource.Loaded c = PatternSource.read(TestSpark.context(), spec(csv, "csv", false), 0);
        assertEquals(2, c.count());
        assertEquals(3, c.width());
        List<LabeledPattern> rows = ordered(c);
        assertEquals("7", rows.get(0).label());
        assertArrayEquals(new double[] {0.25, 1, 0}, rows.get(0).values());
        assertEquals(3, rows.get(1).line());

        Path svm = write("d.libsvm", "1 2:0.5 5:1\n0 1:1\n");
        PatternSource.Loaded l = PatternSource.read(TestSpark.context(), spec(svm, "libsvm", false), 0);
        assertEquals(5, l.width());
        assertArrayEquals(new double[] {0, 0.5, 0, 0, 1}, ordered(l).get(0).values());
        assertEquals("0", ordered(l).get(1).label());
    }

    @Test
    void binarisationThresholdsOrDrawsPerPattern() throws Exception {
        Path csv = write("g.csv", "0.2,0.7,0.5\n0.9,0.1,0.49\n");
        PatternSource.Spec thr = new PatternSource.Spec(csv.toString(), "csv", 1, "threshold", 0.5, 1, false);
        assertArrayEquals(new double[] {0, 1, 1}, ordered(PatternSource.read(TestSpark.context(), thr, 0)).get(0)
            .values());
        PatternSource.Spec sto = new PatternSource.Spec(csv.toString(), "csv", 1, "stochastic", 0.5, 9, false);
        List<LabeledPattern> a = ordered(PatternSource.read(TestSpark.context(), sto, 0));
        PatternSource.Spec sto2 = new PatternSource.Spec(csv.toString(), "csv", 2, "stochastic", 0.5, 9, false);
        assertEquals(a, ordered(PatternSource.read(TestSpark.context(), sto2, 0)), "same draws for any partitioning");
        for (LabeledPattern p : a) {
            for (double v : p.values()) {
                assertTrue(v == 0.0 || v == 1.0);
            }
        }
    }

    @Test
    void badNumbersAreNamedOrSkippedAndCounted() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(i == 150 ? "0.5,NaN,1" : i == 170 ? "0.5,1.5,1" : "0.5,0.5,1").append('\n');
        }
        Path csv = write("bad.csv", sb.toString());
        Throwable e = assertThrows(Exception.class,
            () -> PatternSource.read(TestSpark.context(), spec(csv, "csv", false), 0));
        assertTrue(ours(e).getMessage().endsWith("bad.csv:151: column 2: NaN is outside [0, 1]"), ours(e).getMessage());
        PatternSource.Loaded skipped = PatternSource.read(TestSpark.context(), spec(csv, "csv", true), 0);
        assertEquals(198, skipped.count());
        assertEquals(2, skipped.skipped());
        assertTrue(skipped.firstSkipped().endsWith("bad.csv:151: column 2: NaN is outside [0, 1]"));
        List<LabeledPattern> kept = ordered(skipped);
        assertEquals(197, kept.get(197).index());
        assertEquals(200, kept.get(197).line());

        Path svm = write("bad.libsvm", "1 2:0.5 9:1\n");
        Throwable past = assertThrows(Exception.class,
            () -> PatternSource.read(TestSpark.context(), spec(svm, "libsvm", false), 4));
        assertTrue(ours(past).getMessage().contains("bad.libsvm:1: index 9 is past the width 4"),
            ours(past).getMessage());
    }

    @Test
    void parquetVectorsWithLabels() throws Exception {
        // built by SQL expressions, so that no row travels from the driver
        Path out = dir.resolve("p.parquet");
        TestSpark.session().range(2).selectExpr("CAST(id * 3 + 2 AS DOUBLE) AS label",
                "array(CAST(id AS DOUBLE), 1.0D, 0.5D - id * 0.5D) AS values")
            .withColumn("features", org.apache.spark.ml.functions.array_to_vector(
                org.apache.spark.sql.functions.col("values")))
            .drop("values").coalesce(1).write().parquet(out.toString());
        PatternSource.Loaded l = PatternSource.read(TestSpark.context(), spec(out, "parquet", false), 0);
        assertEquals(2, l.count());
        assertEquals(3, l.width());
        List<LabeledPattern> ps = ordered(l);
        assertEquals("2", ps.get(0).label());
        assertArrayEquals(new double[] {0, 1, 0.5}, ps.get(0).values());
        assertEquals("5", ps.get(1).label());
    }
}
