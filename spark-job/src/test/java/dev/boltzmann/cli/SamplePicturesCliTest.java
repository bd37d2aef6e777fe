package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.spark.TestSpark;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} draws generated samples for BMs, label RBMs and DBNs as it does for RBMs, and the report shows them. */
class SamplePicturesCliTest {
    private static final Path BARS = dev.boltzmann.BarsAndStripes.SAMPLE_FILE;

    @TempDir
    Path tmp;

    @BeforeAll
    static void spark() {
        TestSpark.session();
    }

    /** Trains and returns the samples picture, after checking that the report embeds it with its caption. */
    private BufferedImage samples(String conf, String caption) throws Exception {
        Path c = tmp.resolve("job.conf");
        Files.writeString(c, conf + "\nspark.master = local[2]\ntrain.seed = 3\n");
        Path out = tmp.resolve("m" + System.nanoTime());
        HopfieldCliTest.Run r = cli("train", "--conf", c.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("<img alt=\"samples\" src=\"data:image/png;base64,"), "embedded in the report");
        assertTrue(report.contains(caption), report.substring(0, 300));
        return ImageIO.read(out.resolve("pictures/samples.png").toFile());
    }

    /** Size of a grid of {@code tiles} w × h images, {@code columns} a row, 6 pixels a unit, 2-pixel gaps. */
    private static void assertGrid(BufferedImage img, int tiles, int columns, int w, int h) {
        int rows = (tiles + columns - 1) / columns;
        assertEquals(columns * (6 * w + 2) + 2, img.getWidth());
        assertEquals(rows * (6 * h + 2) + 2, img.getHeight());
    }

    @Test
    void boltzmannMachineSamplesAreBinaryImages() throws Exception {
        BufferedImage img = samples("model.kind = bm\nmodel.hidden = 2\ntrain.epochs = 5\ntrain.chains = 10\n"
            + "data.path = " + BARS + "\ndata.imageWidth = 4\nanneal.initialTemperature = 4\n",
            "annealed from T = 4 to 1");
        assertGrid(img, 16, 8, 4, 4);
        int black = 0;
        for (int t = 0; t < 16; t++) {
            for (int u = 0; u < 16; u++) {
                int x = 2 + (t % 8) * 26 + (u % 4) * 6 + 3;
                int y = 2 + (t / 8) * 26 + (u / 4) * 6 + 3;
                int rgb = img.getRGB(x, y) & 0xffffff;
                assertTrue(rgb == 0 || rgb == 0xffffff, "a generated unit is off or on: " + Integer.toHexString(rgb));
                black += rgb == 0 ? 1 : 0;
            }
        }
        assertTrue(black > 0 && black < 256, black + " of 256 units off");
    }

    @Test
    void labelModelsDrawEachClassInItsColumn() throws Exception {
        Path data = tmp.resolve("lines.txt");
        Files.writeString(data, "0\t#..#..#..\n0\t.#..#..#.\n0\t..#..#..#\n1\t###......\n1\t...###...\n"
            + "1\t......###\n");
        String common = "data.path = " + data + "\ndata.imageWidth = 3\nmodel.labels = 2\ntrain.epochs = 3\n"
            + "train.batchSize = 3\n";
        assertGrid(samples("model.kind = dbn\ndbn.layers = 4,3\n" + common, "one class per column"), 4, 2, 3, 3);
        assertGrid(samples("model.kind = rbm\nmodel.hidden = 3\n" + common, "one class per column"), 4, 2, 3, 3);
        assertGrid(samples("model.kind = bm\nmodel.hidden = 1\ntrain.chains = 5\n" + common,
            "one class per column"), 4, 2, 3, 3);
    }
}
