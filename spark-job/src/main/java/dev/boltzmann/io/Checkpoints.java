package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checkpoints of a run in progress, beside its output directory: {@code OUT.inprogress/epoch-000012/}, one
 * complete model-store directory per epoch (written under a temporary name and renamed, so a directory with this
 * name is always whole). The last two are kept. When the run finishes and {@code OUT} is written, the
 * in-progress directory is deleted; a crash at any point leaves either the last checkpoint or the finished model.
 */
public final class Checkpoints {
    private static final String PREFIX = "epoch-";

    private final Configuration conf;
    private final String out;

    /**
     * @param conf the Hadoop configuration
     * @param out the run's output directory
     */
    public Checkpoints(Configuration conf, String out) {
        this.conf = conf;
        this.out = out;
    }

    /** The in-progress directory, {@code OUT.inprogress}. */
    public String directory() {
        return out.replaceAll("/+$", "") + ".inprogress";
    }

    /** A saved checkpoint: the epochs it completes and where it is. */
    public record Saved(int epoch, String path) {
    }

    /** Writes the checkpoint after {@code epoch} epochs and removes all but the two newest. */
    public void save(int epoch, ObjectNode metadata, Map<String, ModelStore.NamedArray> arrays,
                     Map<String, String> texts) throws IOException {
        metadata.put("checkpointEpoch", epoch);
        ModelStore.write(conf, directory() + "/" + name(epoch), metadata, arrays, texts, true);
        FileSystem fs = ModelStore.fileSystem(new Path(directory()), conf);
        java.util.TreeMap<Integer, Path> older = new java.util.TreeMap<>();
        for (FileStatus s : fs.listStatus(new Path(directory()))) {
            int e = epochOf(s.getPath().getName());
            if (e >= 0 && e < epoch) {
                older.put(e, s.getPath());
            }
        }
        // keep the one before this (checkpoints may be several epochs apart), delete the rest
        if (!older.isEmpty()) {
            older.pollLastEntry();
        }
        for (Path p : older.values()) {
            fs.delete(p, true);
        }
    }

    /** The newest complete checkpoint, if any. */
    public Optional<Saved> latest() throws IOException {
        Path dir = new Path(directory());
        FileSystem fs = ModelStore.fileSystem(dir, conf);
        if (!fs.exists(dir)) {
            return Optional.empty();
        }
        Saved best = null;
        for (FileStatus s : fs.listStatus(dir)) {
            int e = epochOf(s.getPath().getName());
            if (e >= 0 && fs.exists(new Path(s.getPath(), ModelStore.METADATA)) && (best == null || e > best.epoch())) {
                best = new Saved(e, s.getPath().toString());
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether a run left checkpoints here. */
    public boolean exist() throws IOException {
        return ModelStore.fileSystem(new Path(directory()), conf).exists(new Path(directory()));
    }

    /** Deletes the in-progress directory (after the finished model is written, or to start afresh). */
    public void clear() throws IOException {
        ModelStore.fileSystem(new Path(directory()), conf).delete(new Path(directory()), true);
    }

    private static String name(int epoch) {
        return String.format("%s%06d", PREFIX, epoch);
    }

    private static int epochOf(String name) {
        if (!name.startsWith(PREFIX) || name.length() != PREFIX.length() + 6) {
            return -1;
        }
        try {
            return Integer.parseInt(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
