package dev.boltzmann.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobConfigTest {
    private static final String BASE = "# a job\nmodel.kind = hopfield\ndata.path = sample-data/letters/letters.txt\n";

    @Test
    void defaultsFillEveryKeyAndOverridesWin() {
        JobConfig c = JobConfig.parse("a.conf", BASE + "train.epochs = 5\n", List.of("train.epochs=7"));
        assertEquals(7, c.getInt("train.epochs"));
        assertEquals("local[*]", c.get("spark.master"));
        assertEquals(ConfigKeys.all().keySet(), c.effective().keySet());
        assertEquals("bipolar", c.getOr("model.encoding", "bipolar"));
    }

    @Test
    void unknownKeyIsRefusedWithTheValidKeys() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> JobConfig.parse("a.conf", BASE + "train.epoch = 5\n", List.of()));
        assertTrue(e.getMessage().startsWith("a.conf: unknown key 'train.epoch'; valid keys: model.kind"),
            e.getMessage());
        assertTrue(e.getMessage().contains("train.epochs"));
    }

    @Test
    void missingRequiredKeyIsNamed() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> JobConfig.parse("a.conf", "model.kind = rbm\n", List.of()));
        assertTrue(e.getMessage().contains("required key 'data.path' is missing"), e.getMessage());
    }

    @Test
    void badValuesNameKeyValueAndWhatIsAllowed() {
        String[][] cases = {
            {"train.learningRate=-1", "train.learningRate = '-1' is not allowed; expected a number > 0"},
            {"train.learningRate=abc", "expected a number > 0"},
            {"train.momentum=1", "expected a number in [0, 1)"},
            {"train.epochs=2.5", "expected a whole number >= 0"},
            {"model.kind=svm", "expected one of hopfield, bm, rbm, ebm, dbn"},
            {"demo.corruption=1.0", "in [0, 1)"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(ConfigException.class,
                () -> JobConfig.parse("a.conf", BASE, List.of(c[0])), c[0]);
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(e.getMessage().startsWith("--set: "), e.getMessage());
        }
    }

    @Test
    void setWithoutEqualsIsRefused() {
        assertThrows(ConfigException.class, () -> JobConfig.parse("a.conf", BASE, List.of("train.epochs")));
    }
}
