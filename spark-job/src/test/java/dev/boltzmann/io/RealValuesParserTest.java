package dev.boltzmann.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** CSV and LIBSVM for gaussian units: raw finite values pass through; NaN and infinities are refused with file:line. */
class RealValuesParserTest {
    @Test
    void csvPassesAnyFiniteValueThroughAndMarksQuestionMarksUnknown() {
        RecordParser p = new RecordParser.Csv(0, true);
        assertNull(p.parse("f.csv", 1, "label,x1,x2,x3", 0), "a header");
        LabeledPattern row = p.parse("f.csv", 2, "7, -3.5, 1e6, ?", 3);
        assertEquals("7", row.label());
        assertEquals(-3.5, row.values()[0]);
        assertEquals(1e6, row.values()[1]);
        assertTrue(Double.isNaN(row.values()[2]));
        assertTrue(row.hasUnknown());
    }

    @Test
    void binaryCsvStillRefusesValuesOutsideTheUnitInterval() {
        BadInputException e = assertThrows(BadInputException.class,
            () -> new RecordParser.Csv(-1).parse("f.csv", 3, "0.5,-3.5", 2));
        assertTrue(e.getMessage().contains("f.csv:3"), e.getMessage());
    }

    @Test
    void nonFiniteValuesAreRefusedWithFileAndLine() {
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "abc", ""}) {
            BadInputException e = assertThrows(BadInputException.class,
                () -> new RecordParser.Csv(-1, true).parse("f.csv", 4, "1.0," + bad, 2), bad);
            assertTrue(e.getMessage().contains("f.csv:4") && e.getMessage().contains("column 2"), e.getMessage());
            BadInputException l = assertThrows(BadInputException.class,
                () -> new RecordParser.Libsvm(true).parse("f.svm", 9, "1 1:2.5 3:" + bad, 3), bad);
            assertTrue(l.getMessage().contains("f.svm:9") && l.getMessage().contains("index 3"), l.getMessage());
        }
    }

    @Test
    void libsvmPassesRealValuesThrough() {
        LabeledPattern row = new RecordParser.Libsvm(true).parse("f.svm", 1, "2 1:-4.25 3:17", 3);
        assertArrayEquals(new double[] {-4.25, 0.0, 17.0}, row.values(), 0.0);
        assertThrows(BadInputException.class, () -> new RecordParser.Libsvm().parse("f.svm", 1, "2 1:-4.25", 3));
    }
}
