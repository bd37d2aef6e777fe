package dev.boltzmann.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (pictures embedded as data URIs, no scripts, no network) with the
 * run's configuration, data, final metrics, learning curves and pictures; it opens from the file system.
 */
public final class Report {
    private static final List<String> NOT_CURVES = List.of("epoch", "layer", "seconds", "samplesPerSecond",
        "learningRate", "logZ", "logZLow", "logZHigh", "recallCorruption", "updateNorm");

    private Report() {
    }

    /**
     * Learning curves from {@code metrics.jsonl} lines: one chart per monitor, training and held-out series of
     * the same monitor together (e.g. logLikelihood with heldOutLogLikelihood).
     */
    public static Map<String, byte[]> curves(List<String> metricsLines) {
        Map<String, Map<String, List<double[]>>> groups = new LinkedHashMap<>();
        int row = 0;
        for (String line : metricsLines) {
            row++;
            JsonNode node;
            try {
                node = ModelStore.json().readTree(line);
            } catch (java.io.IOException e) {
                continue;
            }
            double x = node.has("layer") ? row : node.path("epoch").asDouble(row);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getValue().isNumber() || NOT_CURVES.contains(f.getKey()) || f.getKey().endsWith("Low")
                    || f.getKey().endsWith("High")) {
                    continue;
                }
                String group = f.getKey().replaceFirst("^(heldOut|training)", "");
                group = Character.toLowerCase(group.charAt(0)) + group.substring(1);
                groups.computeIfAbsent(group, k -> new LinkedHashMap<>())
                    .computeIfAbsent(f.getKey(), k -> new ArrayList<>()).add(new double[] {x, f.getValue().asDouble()});
            }
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, List<double[]>>> g : groups.entrySet()) {
            Map<String, double[][]> series = new LinkedHashMap<>();
            int points = 0;
            for (Map.Entry<String, List<double[]>> s : g.getValue().entrySet()) {
                series.put(s.getKey(), s.getValue().toArray(double[][]::new));
                points = Math.max(points, s.getValue().size());
            }
            if (points >= 2) {
                out.put("curve-" + g.getKey(), Pictures.chart(g.getKey() + " per epoch", "epoch", series, 640, 320));
            }
        }
        return out;
    }

    /**
     * The page.
     *
     * @param title a heading
     * @param metadata the model's metadata (config, data, versions, final metrics)
     * @param pictures name → PNG, in the order to show
     * @param captions name → one line under the picture (optional)
     */
    public static String html(String title, ObjectNode metadata, Map<String, byte[]> pictures,
                              Map<String, String> captions) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
            .append("</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:70em}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
                + "figure{display:inline-block;margin:1em 2em 1em 0;vertical-align:top}"
                + "figcaption{font-size:90%;color:#444}</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n");
        sb.append("<p>").append(esc(metadata.path("kind").asText())).append(" model, ")
            .append(metadata.path("epochsCompleted").asInt()).append(" epochs, trained ")
            .append(esc(metadata.path("finishedAt").asText())).append(" on ")
            .append(metadata.path("data").path("rows").asLong()).append(" patterns of ")
            .append(metadata.path("data").path("width").asInt()).append(" units from <code>")
            .append(esc(metadata.path("data").path("path").asText())).append("</code>.</p>\n");
        if (metadata.has("metrics")) {
            sb.append("<h2>Final metrics</h2>\n").append(table(metadata.path("metrics")));
        }
        sb.append("<h2>Pictures</h2>\n");
        for (Map.Entry<String, byte[]> p : pictures.entrySet()) {
            sb.append("<figure><img alt=\"").append(esc(p.getKey())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(p.getValue())).append("\"><figcaption>")
                .append(esc(captions.getOrDefault(p.getKey(), p.getKey()))).append("</figcaption></figure>\n");
        }
        sb.append("<h2>Configuration</h2>\n").append(table(metadata.path("config")));
        sb.append("<h2>Versions</h2>\n").append(table(metadata.path("versions")));
        sb.append("</body></html>\n");
        return sb.toString();
    }

    private static String table(JsonNode node) {
        StringBuilder sb = new StringBuilder("<table>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            String v = f.getValue().isNumber() && f.getValue().isFloatingPointNumber()
                ? String.format(Locale.ROOT, "%.6g", f.getValue().asDouble())
                : f.getValue().isContainerNode() ? f.getValue().toString() : f.getValue().asText();
            sb.append("<tr><th>").append(esc(f.getKey())).append("</th><td>").append(esc(v)).append("</td></tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
