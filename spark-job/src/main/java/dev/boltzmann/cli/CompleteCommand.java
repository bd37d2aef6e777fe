package dev.boltzmann.cli;

import java.io.PrintStream;

final class CompleteCommand implements Command {
    @Override
    public String name() {
        return "complete";
    }

    @Override
    public String summary() {
        return "complete";
    }

    @Override
    public String usage() {
        return "complete\n";
    }

    @Override
    public int run(String[] argv, PrintStream out) {
        throw new UnsupportedOperationException("complete");
    }
}
