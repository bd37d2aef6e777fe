package dev.boltzmann.cli;

import java.io.PrintStream;

final class TrainCommand implements Command {
    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train";
    }

    @Override
    public String usage() {
        return "train\n";
    }

    @Override
    public int run(String[] argv, PrintStream out) {
        throw new UnsupportedOperationException("train");
    }
}
