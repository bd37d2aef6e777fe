package dev.boltzmann.cli;

import dev.boltzmann.io.BadInputException;

/** A configuration that cannot run: an unknown or missing key, or a bad value. The message names the key. */
public final class ConfigException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message}. */
    public ConfigException(String message) {
        super(message);
    }
}
