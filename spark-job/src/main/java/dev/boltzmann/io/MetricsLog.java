package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code metrics.jsonl}: one JSON object per epoch (epoch, seconds, samplesPerSecond and the model's monitors).
 * Written atomically (whole file at once), so a reader never sees a half-written line.
 */
public final class MetricsLog {
    /** File name inside the output directory. */
    public static final String FILE = "metrics.jsonl";

    private final List<String> lines = new ArrayList<>();

    /** Adds one epoch's object. */
    public void add(ObjectNode epoch) {
        try {
            lines.add(ModelStore.json().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(epoch));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** The last epoch's object, or an empty object when there is none. */
    public ObjectNode last() {
        if (lines.isEmpty()) {
            return ModelStore.json().createObjectNode();
        }
        try {
            return (ObjectNode) ModelStore.json().readTree(lines.get(lines.size() - 1));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The file's content: one line per epoch. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
