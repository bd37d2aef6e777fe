package dev.boltzmann.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The progress line of a training run, written to the error stream (the terminal of a local run, the driver's
 * log on a cluster): epoch, rounds (synchronous updates) per epoch, samples per second and the time left, e.g.
 * {@code train: epoch 12/300 (3 rounds), 5400 samples/s, about 1 min left}, and for trainers that report rounds,
 * within an epoch {@code train: epoch 2/30, round 40/80, ...}. At most one line a second, and always the last
 * epoch's.
 */
final class Progress {
    private final PrintStream err;
    private double seconds;
    private long lastLine = -1;

    /** Progress lines to {@code err}. */
    Progress(PrintStream err) {
        this.err = err;
    }

    /** Progress that goes nowhere. */
    static Progress silent() {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()));
    }

    /**
     * An epoch is done.
     *
     * @param epoch epochs done so far (1-based)
     * @param epochs epochs in the whole run
     * @param rounds updates per epoch (0 when the trainer has no rounds)
     * @param samples patterns per epoch
     * @param epochSeconds the epoch's time
     */
    void epoch(int epoch, int epochs, int rounds, long samples, double epochSeconds) {
        epoch("", epoch, epochs, rounds, samples, epochSeconds);
    }

    /** As {@link #epoch(int, int, int, long, double)}, with a stage such as {@code "layer 1/2, "} in front. */
    void epoch(String stage, int epoch, int epochs, int rounds, long samples, double epochSeconds) {
        seconds += epochSeconds;
        long now = System.nanoTime();
        if (epoch < epochs && lastLine >= 0 && now - lastLine < 1_000_000_000L) {
            return;
        }
        lastLine = now;
        double left = seconds / Math.max(epoch, 1) * (epochs - epoch);
        err.printf(Locale.ROOT, "train: %sepoch %d/%d%s, %d samples/s, %s%n", stage, epoch, epochs,
            rounds > 0 ? " (" + rounds + (rounds == 1 ? " round)" : " rounds)") : "",
            Math.round(samples / Math.max(epochSeconds, 1e-9)), epoch == epochs ? "done" : "about " + time(left)
                + " left");
    }

    /**
     * A round of an epoch is done (trainers whose epochs have many rounds); shares the once-a-second limit.
     *
     * @param epoch the epoch in progress (1-based)
     * @param round rounds done in it
     * @param batch patterns per round
     * @param epochSeconds the epoch's time so far
     */
    void round(int epoch, int epochs, int round, int rounds, int batch, double epochSeconds) {
        long now = System.nanoTime();
        if (round == rounds || (lastLine >= 0 && now - lastLine < 1_000_000_000L)) {
            return;
        }
        lastLine = now;
        double perRound = epochSeconds / round;
        double left = perRound * ((long) (epochs - epoch) * rounds + rounds - round);
        err.printf(Locale.ROOT, "train: epoch %d/%d, round %d/%d, %d samples/s, about %s left%n", epoch, epochs,
            round, rounds, Math.round(round * batch / Math.max(epochSeconds, 1e-9)), time(left));
    }

    private static String time(double s) {
        if (s < 90) {
            return Math.round(s) + " s";
        }
        if (s < 5400) {
            return Math.round(s / 60) + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600);
    }
}
