package dev.boltzmann.io;

/**
 * Input that cannot be used: a pattern file, a model directory or a config value. The message always names
 * where the problem is (file and line, or config key) and what was expected.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public BadInputException(String message) {
        super(message);
    }

    /** A problem described by {@code message}, caused by {@code cause}. */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem at {@code source:line}. */
    public static BadInputException at(String source, long line, String what) {
        return new BadInputException(source + ":" + line + ": " + what);
    }
}
