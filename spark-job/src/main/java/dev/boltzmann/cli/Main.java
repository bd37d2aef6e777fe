package dev.boltzmann.cli;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.WriteFailedException;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line entry point: {@code train}, {@code complete}, {@code sample}, {@code classify},
 * {@code evaluate}, {@code bench}. Exit status: 0 on success, 1 when the input or the run failed, 2 on a bad
 * command line.
 */
public final class Main {
    /** Exit status of a failed run (bad input, I/O error). */
    public static final int FAILED = 1;
    /** Exit status of a bad command line. */
    public static final int USAGE = 2;

    private Main() {
    }

    private static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.of(new TrainCommand(), new CompleteCommand(), new SampleCommand(), new ClassifyCommand(),
            new EvaluateCommand(), new BenchCommand())) {
            m.put(c.name(), c);
        }
        return m;
    }

    /** Runs the CLI and exits with its status. */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs one subcommand.
     *
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(overview(commands));
            return args.length == 0 ? USAGE : 0;
        }
        Command cmd = commands.get(args[0]);
        if (cmd == null) {
            err.println("error: unknown subcommand '" + args[0] + "'");
            err.print(overview(commands));
            return USAGE;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(cmd.usage());
            return 0;
        }
        try {
            return cmd.run(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.print(cmd.usage());
            return USAGE;
        } catch (Throwable t) {
            err.println("error: " + describe(t));
            if (System.getenv("BOLTZMANN_DEBUG") != null) {
                t.printStackTrace(err);
            }
            return FAILED;
        }
    }

    /** The most useful message in a chain of causes: ours if there is one (Spark wraps task failures). */
    static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BadInputException || c instanceof WriteFailedException) {
                return c.getMessage();
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NoSuchFileException || c instanceof FileNotFoundException) {
                return "file not found: " + c.getMessage();
            }
            if (c instanceof AccessDeniedException) {
                return "permission denied: " + c.getMessage();
            }
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return root.getClass().getSimpleName() + (msg == null ? "" : ": " + msg)
            + " (set BOLTZMANN_DEBUG=1 for the stack trace)";
    }

    private static String overview(Map<String, Command> commands) {
        StringBuilder sb = new StringBuilder();
        sb.append("usage: run-local SUBCOMMAND [options]   (or spark-submit ... spark-job-app.jar SUBCOMMAND ...)\n\n");
        for (Command c : commands.values()) {
            sb.append(String.format("  %-10s %s%n", c.name(), c.summary()));
        }
        sb.append("\nRun 'SUBCOMMAND --help' for its options and an example.\n");
        return sb.toString();
    }
}
