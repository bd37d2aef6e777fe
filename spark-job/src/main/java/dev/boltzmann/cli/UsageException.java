package dev.boltzmann.cli;

/** A command line that cannot be run; the CLI prints the message and the subcommand's usage, exit status 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
