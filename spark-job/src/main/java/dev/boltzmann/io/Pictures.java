package dev.boltzmann.io;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Pictures drawn with Java's own ImageIO and Java2D (no display needed): grids of image tiles (learned filters,
 * samples, completions), line charts of the monitors per epoch and bar charts of histograms. Everything is returned as PNG bytes.
 */
public final class Pictures {
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b)};

    private Pictures() {
    }

    /**
     * Images side by side in a grid, grey levels: black 0, white 1 (or each tile's own range when
     * {@code normalise}, for filters).
     *
     * @param tiles the images, each {@code width × height} values row by row
     * @param columns tiles per row of the grid
     * @param scale pixels per value
     */
    public static byte[] grid(List<double[]> tiles, int width, int height, int columns, int scale, boolean normalise) {
        int rows = (tiles.size() + columns - 1) / columns;
        int gap = 2;
        int w = columns * (width * scale + gap) + gap;
        int h = Math.max(1, rows) * (height * scale + gap) + gap;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x808080));
        g.fillRect(0, 0, w, h);
        for (int t = 0; t < tiles.size(); t++) {
            double[] v = tiles.get(t);
            double lo = 0;
            double hi = 1;
            if (normalise) {
                lo = Double.POSITIVE_INFINITY;
                hi = Double.NEGATIVE_INFINITY;
                for (double x : v) {
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                }
                if (hi <= lo) {
                    hi = lo + 1;
                }
            }
            int x0 = gap + (t % columns) * (width * scale + gap);
            int y0 = gap + (t / columns) * (height * scale + gap);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double val = v[y * width + x];
                    int grey = Double.isNaN(val) ? -1 : (int) Math.round(255 * Math.max(0, Math.min(1,
                        (val - lo) / (hi - lo))));
                    g.setColor(grey < 0 ? new Color(0xc04040) : new Color(grey, grey, grey));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
        }
        g.dispose();
        return png(img);
    }

    /**
     * A line chart of series against epochs.
     *
     * @param series name → points {x, y} (NaN y skipped)
     */
    public static byte[] chart(String title, String xLabel, Map<String, double[][]> series, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = whiteCanvas(img);
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (double[][] pts : series.values()) {
            for (double[] p : pts) {
                if (Double.isFinite(p[1])) {
                    xmin = Math.min(xmin, p[0]);
                    xmax = Math.max(xmax, p[0]);
                    ymin = Math.min(ymin, p[1]);
                    ymax = Math.max(ymax, p[1]);
                }
            }
        }
        if (!(xmax > xmin)) {
            xmax = xmin + 1;
        }
        if (!(ymax > ymin)) {
            ymax = ymin + 1;
        }
        int left = 70;
        int right = 40;
        int top = 30;
        int bottom = 45;
        int pw = w - left - right;
        int ph = h - top - bottom;
        frame(g, title, left, top, pw, ph);
        for (int k = 0; k <= 4; k++) {
            double y = ymin + (ymax - ymin) * k / 4;
            int py = top + ph - (int) Math.round(ph * k / 4.0);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left + 1, py, left + pw - 1, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.4g", y), 5, py + 4);
            double x = xmin + (xmax - xmin) * k / 4;
            int px = left + (int) Math.round(pw * k / 4.0);
            g.drawString(String.format("%.4g", x), px - 10, top + ph + 16);
        }
        g.drawString(xLabel, left + pw / 2 - 20, h - 8);
        int s = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            Color c = SERIES[s % SERIES.length];
            g.setColor(c);
            g.setStroke(new BasicStroke(2f));
            int[] prev = null;
            for (double[] p : e.getValue()) {
                if (!Double.isFinite(p[1])) {
                    continue;
                }
                int px = left + (int) Math.round(pw * (p[0] - xmin) / (xmax - xmin));
                int py = top + ph - (int) Math.round(ph * (p[1] - ymin) / (ymax - ymin));
                if (prev != null) {
                    g.drawLine(prev[0], prev[1], px, py);
                }
                g.fillOval(px - 2, py - 2, 5, 5);
                prev = new int[] {px, py};
            }
            g.drawString(e.getKey(), left + 10, top + 16 + 14 * s);
            s++;
        }
        g.dispose();
        return png(img);
    }

    /**
     * A bar chart of a histogram over equal bins of {@code [lo, hi]}, each bar labelled with its count.
     *
     * @param counts the count of each bin, from the lowest
     */
    public static byte[] histogram(String title, String xLabel, long[] counts, double lo, double hi, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = whiteCanvas(img);
        long max = 1;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        int left = 50;
        int right = 20;
        int top = 30;
        int bottom = 45;
        int pw = w - left - right;
        int ph = h - top - bottom;
        frame(g, title, left, top, pw, ph);
        int bins = Math.max(1, counts.length);
        for (int k = 0; k < counts.length; k++) {
            int x0 = left + (int) Math.round(pw * (double) k / bins);
            int x1 = left + (int) Math.round(pw * (double) (k + 1) / bins);
            int bh = (int) Math.round(ph * (double) counts[k] / max);
            g.setColor(SERIES[0]);
            g.fillRect(x0 + 1, top + ph - bh, Math.max(1, x1 - x0 - 2), bh);
            g.setColor(Color.BLACK);
            if (counts[k] > 0) {
                g.drawString(Long.toString(counts[k]), x0 + 3, top + ph - bh - 3 < top + 12 ? top + 12
                    : top + ph - bh - 3);
            }
        }
        for (int k = 0; k <= bins; k += Math.max(1, bins / 5)) {
            int px = left + (int) Math.round(pw * (double) k / bins);
            g.drawString(String.format("%.3g", lo + (hi - lo) * k / bins), px - 10, top + ph + 16);
        }
        g.drawString("0", left - 15, top + ph + 4);
        g.drawString(Long.toString(max), 5, top + 12);
        g.drawString(xLabel, left + pw / 2 - 40, h - 8);
        g.dispose();
        return png(img);
    }

    /** A graphics context on {@code img}, antialiased, with the image painted white. */
    private static Graphics2D whiteCanvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        return g;
    }

    /** The title and the plot area's frame, in black, in a 12-point sans-serif font (left as g's font). */
    private static void frame(Graphics2D g, String title, int left, int top, int pw, int ph) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, left, 18);
        g.drawRect(left, top, pw, ph);
    }

    private static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", out)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
