package dev.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternTextTest {
    @Test
    void everySymbolMeansWhatTheFormatSays() {
        LabeledPattern p = PatternText.parseLine("f.txt", 3, "1#+0.-? 1");
        assertArrayEquals(new double[] {1, 1, 1, 0, 0, 0, Double.NaN, 1}, p.values());
        assertNull(p.label());
        assertTrue(p.hasUnknown());
        assertEquals(3, p.line());
    }

    @Test
    void labelBeforeTab() {
        LabeledPattern p = PatternText.parseLine("f.txt", 1, "7\t..##\r");
        assertEquals("7", p.label());
        assertArrayEquals(new double[] {0, 0, 1, 1}, p.values());
    }

    @Test
    void blankLinesAreSkipped() {
        assertNull(PatternText.parseLine("f.txt", 1, "   "));
    }

    @Test
    void unknownSymbolNamesFileLineAndColumn() {
        BadInputException e = assertThrows(BadInputException.class,
            () -> PatternText.parseLine("data/x.txt", 12, "..#x."));
        assertTrue(e.getMessage().startsWith("data/x.txt:12: column 4: unknown symbol 'x'"), e.getMessage());
    }

    @Test
    void raggedWidthsAndEmptyFilesAreRefused() {
        BadInputException ragged = assertThrows(BadInputException.class,
            () -> PatternText.read("r.txt", new BufferedReader(new StringReader("..#\n\n.#\n"))));
        assertTrue(ragged.getMessage().startsWith("r.txt:3: pattern has 2 units, but line 1 has 3"),
            ragged.getMessage());
        BadInputException empty = assertThrows(BadInputException.class,
            () -> PatternText.read("e.txt", new BufferedReader(new StringReader("\n  \n"))));
        assertTrue(empty.getMessage().contains("e.txt: no patterns"), empty.getMessage());
    }

    @Test
    void readNumbersPatternsAndRoundTripsThroughFormat() throws Exception {
        List<LabeledPattern> ps = PatternText.read("ok.txt",
            new BufferedReader(new StringReader("A\t#.#\n\nB\t.#.\n")));
        assertEquals(2, ps.size());
        assertEquals(1, ps.get(1).index());
        assertEquals(3, ps.get(1).line());
        assertEquals("B\t.#.", PatternText.formatLine(ps.get(1).label(), ps.get(1).values()));
        assertEquals(List.of("#.", "#"), PatternText.rows(ps.get(0).values(), 2));
    }
}
