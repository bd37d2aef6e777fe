package dev.boltzmann.cli;

import dev.boltzmann.io.Pictures;
import java.util.List;
import java.util.Map;

/** The {@code pictures/samples.png} of the models that generate images: a grid of generated patterns. */
final class SamplePictures {
    private SamplePictures() {
    }

    /**
     * The samples picture, when the patterns are images ({@code data.imageWidth} divides their width), with its
     * caption; otherwise nothing.
     *
     * @param tiles the generated patterns, values in [0, 1]
     * @param columns tiles per row of the grid
     */
    static Map<String, byte[]> of(JobConfig config, int width, List<double[]> tiles, int columns, String caption,
                                  Map<String, String> captions) {
        int imageWidth = config.getInt("data.imageWidth");
        if (imageWidth <= 0 || width % imageWidth != 0 || tiles.isEmpty()) {
            return Map.of();
        }
        captions.put("samples", caption);
        int scale = Math.max(2, Math.min(6, 96 / imageWidth));
        return Map.of("samples", Pictures.grid(tiles, imageWidth, width / imageWidth, columns, scale, false));
    }

    /** Class labels 0, 1, …, C-1 twice over: two generated patterns of each class, one class per column. */
    static int[] twoPerClass(int labels) {
        int[] classes = new int[2 * labels];
        for (int r = 0; r < classes.length; r++) {
            classes[r] = r % labels;
        }
        return classes;
    }

    /** The rows of a row-major {@code rows × width} array, as tiles. */
    static List<double[]> tiles(double[] v, int rows, int width) {
        List<double[]> tiles = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            tiles.add(java.util.Arrays.copyOfRange(v, r * width, (r + 1) * width));
        }
        return tiles;
    }

    /** Whether {@code config} draws pictures for patterns of {@code width} units. */
    static boolean wanted(JobConfig config, int width) {
        int imageWidth = config.getInt("data.imageWidth");
        return imageWidth > 0 && width % imageWidth == 0;
    }
}
