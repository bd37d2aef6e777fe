package dev.boltzmann.io;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A text file written under a hidden temporary name beside its target and renamed into place by
 * {@link #commit()}; closed without a commit, it leaves nothing behind. An existing target is refused unless the
 * caller allows overwriting.
 */
public final class AtomicTextFile implements Closeable {
    private final FileSystem fs;
    private final Path target;
    private final Path tmp;
    private final Writer writer;
    private final String name;
    private boolean committed;

    private AtomicTextFile(FileSystem fs, Path target, Path tmp, Writer writer, String name) {
        this.name = name;
        this.fs = fs;
        this.target = target;
        this.tmp = tmp;
        this.writer = writer;
    }

    /**
     * Starts writing {@code file}.
     *
     * @throws BadInputException if it exists and {@code overwrite} is false
     */
    public static AtomicTextFile create(Configuration conf, String file, boolean overwrite) throws IOException {
        Path target = new Path(file);
        FileSystem fs = ModelStore.fileSystem(target, conf);
        if (fs.exists(target) && !overwrite) {
            throw new BadInputException(file + ": already exists (pass --overwrite to replace it)");
        }
        Path parent = target.getParent() == null ? new Path(".") : target.getParent();
        Path tmp = new Path(parent, "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try {
            Writer w = new BufferedWriter(new OutputStreamWriter(fs.create(tmp, false), StandardCharsets.UTF_8));
            return new AtomicTextFile(fs, target, tmp, w, file);
        } catch (IOException e) {
            try {
                fs.delete(tmp, false);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw WriteFailedException.of(file, e);
        }
    }

    /** Writes one line. */
    public void line(String text) throws IOException {
        try {
            writer.write(text);
            writer.write('\n');
        } catch (IOException e) {
            throw WriteFailedException.of(name, e);
        }
    }

    /** Finishes: closes the temporary file and renames it to the target. */
    public void commit() throws IOException {
        try {
            writer.close();
            if (fs.exists(target)) {
                fs.delete(target, false);
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
        } catch (IOException e) {
            throw WriteFailedException.of(name, e);
        }
        committed = true;
    }

    /** Without a commit: removes the temporary file. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                writer.close();
            } finally {
                fs.delete(tmp, false);
            }
        }
    }
}
