package dev.boltzmann.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.Digits;
import dev.boltzmann.io.Npy;
import dev.boltzmann.spark.TestSpark;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's NumPy snippet, taken from README.md as it stands, run by {@code python3} on a model saved by the
 * RBM stage: its hidden probabilities agree with the stage's transform to 1e-12.
 */
class NumpyInteropTest {
    /** The line of README.md just before the snippet. */
    static final String INTRO = "Loading an RBM in Python and computing its hidden probabilities:";

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** The first {@code ```python} block after {@link #INTRO} in README.md. */
    static String snippet() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int intro = readme.indexOf(INTRO);
        assertTrue(intro >= 0, "README.md has no line '" + INTRO + "'");
        int start = readme.indexOf("```python\n", intro);
        int end = readme.indexOf("\n```", start + 1);
        assertTrue(start > 0 && end > start, "no ```python block after '" + INTRO + "'");
        return readme.substring(start + "```python\n".length(), end + 1);
    }

    @Test
    void theReadmeSnippetComputesTheStagesHiddenProbabilities() throws Exception {
        RbmModel model = new RbmEstimator().setNumHidden(20).setEpochs(2).setBatchSize(50).setSeed(4)
            .fit(MlData.frame(Digits.train(), 300));
        // the paths the snippet names, relative to its working directory
        model.save(tmp.resolve("runs/rbm-digits").toString());
        int rows = 40;
        List<String> lines = Files.readAllLines(Path.of("..", "sample-data", "digits", "digits-test.txt"))
            .subList(0, rows);
        Files.createDirectories(tmp.resolve("sample-data/digits"));
        Files.write(tmp.resolve("sample-data/digits/digits-test.txt"), lines);

        String script = snippet() + "np.save(\"p_h_from_readme.npy\", p_h)\n";
        Files.writeString(tmp.resolve("snippet.py"), script);
        Process python = new ProcessBuilder("python3", "snippet.py").directory(tmp.toFile()).redirectErrorStream(true)
            .start();
        String said = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(120, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, python.exitValue(), "python3 (with numpy; .ci/run installs python3-numpy) failed:\n"
            + said);

        Path npy = tmp.resolve("p_h_from_readme.npy");
        double[] fromNumpy;
        try (InputStream in = Files.newInputStream(npy)) {
            fromNumpy = Npy.read(npy.toString(), in, Files.size(npy), new long[] {rows, 20}).data();
        }
        Dataset<Row> test = MlData.frame(Digits.test(), rows);
        double[][] fromStage = MlData.column(model.transform(test), RbmModel.DEFAULT_OUTPUT);
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < 20; j++) {
                worst = Math.max(worst, Math.abs(fromStage[r][j] - fromNumpy[r * 20 + j]));
            }
        }
        assertTrue(worst <= 1e-12, "largest difference NumPy vs stage: " + worst);
    }
}
