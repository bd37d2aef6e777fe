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
}
