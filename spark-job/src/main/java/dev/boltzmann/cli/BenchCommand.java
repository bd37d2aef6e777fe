package dev.boltzmann.cli;

import java.io.PrintStream;

final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "bench";
    }

    @Override
    public String usage() {
        return "bench\n";
    }

    @Override
    public int run(String[] argv, PrintStream out) {
        throw new UnsupportedOperationException("bench");
    }
}
