package dev.boltzmann.cli;

import java.io.PrintStream;

/** One subcommand of the CLI. */
interface Command {
    /** The word that selects it, e.g. {@code train}. */
    String name();

    /** One line on what it does. */
    String summary();

    /** The full usage text: synopsis, options, an example. */
    String usage();

    /**
     * Runs it.
     *
     * @param argv the arguments after the subcommand's name
     * @param out where results go (JSON lines, tables)
     * @return the exit status (0 on success)
     */
    int run(String[] argv, PrintStream out) throws Exception;

    /**
     * Runs it with an error stream for progress lines; by default {@link #run(String[], PrintStream)}.
     *
     * @param err where progress goes (errors are reported by the caller)
     */
    default int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
        return run(argv, out);
    }
}
