package dev.boltzmann.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.io.Checkpoints;
import dev.boltzmann.io.MetricsLog;
import dev.boltzmann.io.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code checkpoint.every = k} writes a checkpoint after every k-th epoch only, and however far apart they are the
 * two newest are kept and the newest is what a resume finds.
 */
class CheckpointEveryTest {
    private static final String BASE = "model.kind = rbm\ndata.path = x.txt\n";

    @TempDir
    Path tmp;

    private List<Integer> written(Path out) throws Exception {
        List<Integer> epochs = new ArrayList<>();
        Path dir = Path.of(out + ".inprogress");
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("epoch-")).sorted()
                    .forEach(n -> epochs.add(Integer.parseInt(n.substring("epoch-".length()))));
            }
        }
        return epochs;
    }

    private void run(int every, int epochs, List<List<Integer>> afterEach, List<Integer> latest) throws Exception {
        JobConfig c = JobConfig.parse("a.conf", BASE, List.of("checkpoint.every=" + every));
        JobCheckpoints jc = new JobCheckpoints(c);
        Path out = tmp.resolve("out-" + every);
        Checkpoints checkpoints = new Checkpoints(new Configuration(), out.toString());
        for (int e = 1; e <= epochs; e++) {
            ObjectNode meta = jc.metadata(e);
            meta.put("kind", "rbm");
            jc.save(checkpoints, e, meta, Map.of("x", new ModelStore.NamedArray(new double[] {e}, 1)),
                new MetricsLog());
            afterEach.add(written(out));
            latest.add(checkpoints.latest().map(Checkpoints.Saved::epoch).orElse(0));
        }
    }

    @Test
    void everyKthEpochIsWrittenAndTheTwoNewestAreKept() throws Exception {
        List<List<Integer>> dirs = new ArrayList<>();
        List<Integer> latest = new ArrayList<>();
        run(3, 8, dirs, latest);
        assertEquals(List.of(List.of(), List.of(), List.of(3), List.of(3), List.of(3), List.of(3, 6), List.of(3, 6),
            List.of(3, 6)), dirs);
        assertEquals(List.of(0, 0, 3, 3, 3, 6, 6, 6), latest);
        dirs.clear();
        latest.clear();
        run(1, 4, dirs, latest);
        assertEquals(List.of(List.of(1), List.of(1, 2), List.of(2, 3), List.of(3, 4)), dirs);
        assertEquals(List.of(1, 2, 3, 4), latest);
    }

    @Test
    void theIntervalIsAtLeastOne() {
        assertThrows(ConfigException.class, () -> JobConfig.parse("a.conf", BASE, List.of("checkpoint.every=0")));
    }
}
