package dev.boltzmann.io;

import java.io.IOException;

/**
 * An output that could not be written (a full disk, a parent that is not a directory, no permission): the message
 * names the output and the reason, e.g. {@code cannot write runs/model: No space left on device}. Whatever was
 * written of it has been removed.
 */
public final class WriteFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private WriteFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The failure {@code cause} while writing {@code target}; returned as is when it already names an output. */
    public static WriteFailedException of(String target, IOException cause) {
        if (cause instanceof WriteFailedException w) {
            return w;
        }
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new WriteFailedException("cannot write " + target + ": " + reason, cause);
    }
}
