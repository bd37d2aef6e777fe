package dev.boltzmann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The core packages know nothing of Spark: the same code runs in a unit test, one process, or an executor. */
class ArchitectureTest {
    private static final List<String> CORE = List.of("math", "model", "sampling", "learning", "evaluation");
    private static final Path SRC = Path.of("src", "main", "java", "dev", "boltzmann");
    private static final Pattern SPARK = Pattern.compile("\\b(org\\.apache\\.spark|scala)\\.");

    /** Java sources under {@code root}'s core packages that mention Spark or Scala; counts files in {@code seen}. */
    static List<String> sparkUsers(Path root, int[] seen) throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : CORE) {
            Path dir = root.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
                    seen[0]++;
                    if (SPARK.matcher(Files.readString(p, StandardCharsets.UTF_8)).find()) {
                        offenders.add(p.toString());
                    }
                }
            }
        }
        return offenders;
    }

    @Test
    void corePackagesDoNotImportSpark() throws IOException {
        int[] seen = {0};
        List<String> offenders = sparkUsers(SRC, seen);
        assertTrue(seen[0] > 3, "too few core sources found under " + SRC.toAbsolutePath());
        assertEquals(List.of(), offenders, "core classes must not use Spark");
    }

    @Test
    void theCheckCatchesAnImport(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("model"));
        Files.writeString(tmp.resolve("model/Bad.java"),
            "package dev.boltzmann.model;\nimport org.apache.spark.SparkContext;\nclass Bad {}\n");
        Files.writeString(tmp.resolve("model/Good.java"), "package dev.boltzmann.model;\nclass Good {}\n");
        int[] seen = {0};
        assertEquals(1, sparkUsers(tmp, seen).size());
        assertEquals(2, seen[0]);
    }
}
