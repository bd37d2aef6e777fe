package dev.boltzmann.cli;

import static dev.boltzmann.cli.HopfieldCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.spark.TestSpark;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the real CLI ({@link Main#run}), one case each: every case must exit with status 1, print a
 * message naming the file and line (or the config key) without a stack trace, and leave no output and no
 * temporary file or directory behind (the whole temporary tree is compared before and after).
 */
class BadInputMatrixTest {
    private static final Path LETTERS = Path.of("..", "sample-data", "letters", "letters.txt").toAbsolutePath();

    @TempDir
    static Path models;
    @TempDir
    Path tmp;

    private static Path hopfield;
    private static Path labelled;

    @BeforeAll
    static void trainModels() throws Exception {
        TestSpark.session();
        Configuration hc = TestSpark.context().hadoopConfiguration();
        hc.set("fs.full.impl", DiskFullFileSystem.class.getName());
        hc.setBoolean("fs.full.impl.disable.cache", true);
        hopfield = models.resolve("hopfield");
        Path conf = models.resolve("hopfield.conf");
        Files.writeString(conf, "model.kind = hopfield\ntrain.rule = hebbian\ndata.path = " + LETTERS + "\n"
            + "spark.master = local[2]\n");
        assertEquals(0, cli("train", "--conf", conf.toString(), "--out", hopfield.toString()).status());
        Path bars = models.resolve("bars.txt");
        Files.write(bars, List.of("0\t#..#..#..", "0\t.#..#..#.", "1\t###......", "1\t...###..."));
        Path lconf = models.resolve("labelled.conf");
        Files.writeString(lconf, "model.kind = rbm\nmodel.hidden = 4\nmodel.labels = 2\ntrain.epochs = 2\n"
            + "data.path = " + bars + "\nspark.master = local[2]\n");
        labelled = models.resolve("labelled");
        HopfieldCliTest.Run r = cli("train", "--conf", lconf.toString(), "--out", labelled.toString());
        assertEquals(0, r.status(), r.err());
    }

    @BeforeEach
    void unlimitedDisk() {
        DiskFullFileSystem.budget.set(Long.MAX_VALUE);
    }

    /** Every file and directory under the temporary trees, hidden ones included. */
    private TreeSet<String> tree() throws IOException {
        TreeSet<String> all = new TreeSet<>();
        for (Path root : List.of(tmp, models)) {
            try (Stream<Path> s = Files.walk(root)) {
                s.forEach(p -> all.add(p.toString()));
            }
        }
        return all;
    }

    /** Runs the CLI and checks the failure: status 1, {@code expected} in the message, no trace, nothing written. */
    private HopfieldCliTest.Run refused(String expected, String... args) throws IOException {
        TreeSet<String> before = tree();
        HopfieldCliTest.Run r = cli(args);
        assertEquals(Main.FAILED, r.status(), () -> String.join(" ", args) + "\n" + r.out() + r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("error: ") && l.contains(expected)),
            () -> "expected 'error: ...'" + expected + "' in: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> "a stack trace: " + r.err());
        assertEquals(before, tree(), "nothing is left behind");
        return r;
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, List.of(lines));
        return p;
    }

    private String[] train(String conf, String... more) throws IOException {
        Path c = tmp.resolve("job.conf");
        Files.writeString(c, conf + "\nspark.master = local[2]\n");
        List<String> a = new ArrayList<>(List.of("train", "--conf", c.toString(), "--out", tmp.resolve("out")
            .toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static String hop(Path data) {
        return "model.kind = hopfield\ntrain.rule = hebbian\ndata.path = " + data;
    }

    @Test
    void badDataFilesAreNamedWithTheirLine() throws Exception {
        refused("missing.txt: no such file", train(hop(tmp.resolve("missing.txt"))));
        refused("empty.txt: no patterns", train(hop(write("empty.txt", "", "  "))));
        refused("ragged.txt:2: pattern has 3 units, expected 4", train(hop(write("ragged.txt", "#..#", "#.#"))));
        refused("symbols.txt:2: column 2: unknown symbol 'x'", train(hop(write("symbols.txt", "..#", ".x#"))));
        Path nan = write("nan.csv", "a,b,c", "0,1,0.5", "0,NaN,1");
        refused("nan.csv:3: column 2: NaN is outside [0, 1]", train(hop(nan) + "\ndata.format = csv"));
        Path range = write("range.csv", "1.5,0,0", "0,1,0");
        refused("range.csv:1: column 1: 1.5 is outside [0, 1]", train(hop(range) + "\ndata.format = csv"));
        Path svm = write("wide.svm", "0 1:1 3:1", "1 2:1 5:1");
        refused("wide.svm:2: index 5 is past the width 4", train(hop(svm) + "\ndata.format = libsvm\n"
            + "model.visible = 4"));
        Path labels = write("labels.txt", "0\t#..", "7\t.#.");
        String rbm = "model.kind = rbm\nmodel.hidden = 2\nmodel.labels = 2\ndata.path = " + labels;
        refused("labels.txt:2: label 7 is out of range 0..1 (model.labels = 2)", train(rbm));
        refused("labels.txt:1: label 'A' is not a class number 0..1", "evaluate", "--model", labelled.toString(),
            "--input", write("labels.txt", "A\t#........", "1\t.#.......").toString());
        Path unlabelled = write("unlabelled.txt", "#..", ".#.");
        refused("unlabelled.txt:1: no label, but the model has 2 label units",
            train("model.kind = rbm\nmodel.hidden = 2\nmodel.labels = 2\ndata.path = " + unlabelled));
        refused("config file not found", "train", "--conf", tmp.resolve("nope.conf").toString());
    }

    @Test
    void damagedModelDirectoriesNameTheFile() throws Exception {
        Path input = write("in.txt", "#".repeat(100));
        Path m1 = copy(hopfield, tmp.resolve("no-bias"));
        Files.delete(m1.resolve("bias.npy"));
        refused("no-bias/bias.npy: missing array file", "complete", "--model", m1.toString(), "--input",
            input.toString(), "--output", tmp.resolve("o.txt").toString());
        Path m2 = copy(hopfield, tmp.resolve("short"));
        byte[] w = Files.readAllBytes(m2.resolve("weights.npy"));
        Files.write(m2.resolve("weights.npy"), java.util.Arrays.copyOf(w, w.length / 2));
        refused("short/weights.npy: truncated", "evaluate", "--model", m2.toString(), "--input", input.toString());
        Path m3 = copy(hopfield, tmp.resolve("other-kind"));
        Path meta = m3.resolve("metadata.json");
        Files.writeString(meta, Files.readString(meta).replace("\"kind\" : \"hopfield\"", "\"kind\" : \"rbm\""));
        refused("other-kind/metadata.json: 'hidden' must be a positive integer", "sample", "--model", m3.toString(), "--count", "1",
            "--output", tmp.resolve("o.txt").toString());
        refused("metadata.json: the model is of kind 'hopfield', expected 'rbm'", train(
            "model.kind = rbm\nmodel.hidden = 2\ndata.path = " + LETTERS, "--init-model", hopfield.toString()));
        refused("nowhere: model directory does not exist", "classify", "--model", tmp.resolve("nowhere").toString(),
            "--input", input.toString(), "--output", tmp.resolve("o.txt").toString());
    }

    @Test
    void dataWiderOrNarrowerThanTheModelIsRefused() throws Exception {
        Path wide = write("wide.txt", "#".repeat(100), "#".repeat(101));
        Path narrow = write("narrow.txt", "#".repeat(99));
        Path out = tmp.resolve("o.txt");
        refused("wide.txt:2: pattern has 101 units, the model", "complete", "--model", hopfield.toString(), "--input",
            wide.toString(), "--output", out.toString());
        refused("narrow.txt:1: pattern has 99 units, the model", "complete", "--model", hopfield.toString(),
            "--input", narrow.toString(), "--output", out.toString());
        Path wide9 = write("wide9.txt", "0\t" + "#".repeat(10));
        Path narrow9 = write("narrow9.txt", "1\t" + "#".repeat(8));
        refused("wide9.txt:1: pattern has 10 units, the model has 9", "classify", "--model", labelled.toString(),
            "--input", wide9.toString(), "--output", out.toString());
        refused("narrow9.txt:1: pattern has 8 units, the model has 9", "classify", "--model", labelled.toString(),
            "--input", narrow9.toString(), "--output", out.toString());
        refused("wide9.txt:1: pattern has 10 units, the model has 9", "evaluate", "--model", labelled.toString(),
            "--input", wide9.toString());
        refused("narrow.txt:1: pattern has 99 units, the model has 100", "evaluate", "--model", hopfield.toString(),
            "--input", narrow.toString());
    }

    @Test
    void anExistingOutputIsRefusedAndOverwriteReplacesItOnlyAtTheEnd() throws Exception {
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "old");
        refused("out: already exists (pass --overwrite", train(hop(LETTERS)));
        assertEquals("old", Files.readString(out.resolve("keep.txt")));
        // --overwrite and a run that fails: the old directory stays as it was
        refused("ragged.txt:2: pattern has 3 units", train(hop(write("ragged.txt", "#..#", "#.#")), "--overwrite"));
        assertEquals("old", Files.readString(out.resolve("keep.txt")));
        // --overwrite and a run that succeeds: the old content is gone, the model is there
        HopfieldCliTest.Run ok = cli(train(hop(LETTERS), "--overwrite"));
        assertEquals(0, ok.status(), ok.err());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertEquals(100, HopfieldStore.read(new Configuration(), out.toString()).network().size());
        Path samples = write("samples.txt", "old");
        refused("samples.txt: already exists (pass --overwrite", "sample", "--model", hopfield.toString(), "--count",
            "2", "--output", samples.toString());
        assertEquals(List.of("old"), Files.readAllLines(samples));
    }

    @Test
    void anUnwritableOutputPathIsNamed() throws Exception {
        Path file = write("plain-file", "not a directory");
        refused("cannot write " + file.resolve("model") + ": Parent path is not a directory",
            trainTo(file.resolve("model").toString()));
        refused("cannot write " + file.resolve("samples.txt"), "sample", "--model", hopfield.toString(), "--count",
            "2", "--output",
            file.resolve("samples.txt").toString());
        Path locked = tmp.resolve("locked");
        Files.createDirectory(locked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("r-xr-xr-x")));
        if (Files.isWritable(locked)) {
            // root ignores permissions: the parent-is-a-file cases above stand in for it
            return;
        }
        refused("cannot write " + locked.resolve("model"), trainTo(locked.resolve("model").toString()));
        refused("cannot write " + locked.resolve("samples.txt"), "sample", "--model", hopfield.toString(), "--count", "2", "--output",
            locked.resolve("samples.txt").toString());
    }

    private String[] trainTo(String out) throws IOException {
        String[] a = train(hop(LETTERS));
        a[4] = out;
        return a;
    }

    @Test
    void aDiskThatFillsUpMidWriteLeavesNothingHalfWritten() throws Exception {
        Path out = tmp.resolve("model");
        String full = "full://" + out;
        // 100 x 100 weights are 80 kB: the disk fills in the middle of weights.npy
        DiskFullFileSystem.budget.set(20_000);
        refused("cannot write full://" + out + ": No space left on device", trainTo(full));
        assertFalse(Files.exists(out));
        DiskFullFileSystem.budget.set(Long.MAX_VALUE);
        assertEquals(0, cli(trainTo(full)).status());
        double[] before = HopfieldStore.read(new Configuration(), out.toString()).network().weights();
        // with --overwrite, the finished model is replaced only once the new one is complete
        DiskFullFileSystem.budget.set(20_000);
        String[] again = train(hop(LETTERS) + "\ntrain.rule = storkey", "--overwrite");
        again[4] = full;
        refused("cannot write full://" + out + ": No space left on device", again);
        assertArrayEquals(before, HopfieldStore.read(new Configuration(), out.toString()).network().weights());
        DiskFullFileSystem.budget.set(1000);
        refused("cannot write full://" + tmp.resolve("samples.txt") + ": No space left on device", "sample", "--model",
            hopfield.toString(), "--count", "100", "--output",
            "full://" + tmp.resolve("samples.txt"));
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
        return to;
    }

    /**
     * The local file system under the scheme {@code full:}, with a disk that holds only {@link #budget} more bytes:
     * a write past it fails as a full disk does (ENOSPC).
     */
    public static final class DiskFullFileSystem extends RawLocalFileSystem {
        static final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);

        @Override
        public URI getUri() {
            return URI.create("full:///");
        }

        @Override
        public String getScheme() {
            return "full";
        }

        @Override
        protected OutputStream createOutputStream(org.apache.hadoop.fs.Path f, boolean append) throws IOException {
            return limited(super.createOutputStream(f, append));
        }

        @Override
        protected OutputStream createOutputStreamWithMode(org.apache.hadoop.fs.Path f, boolean append,
                                                          FsPermission permission) throws IOException {
            return limited(super.createOutputStreamWithMode(f, append, permission));
        }

        private static OutputStream limited(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    take(1);
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    take(len);
                    out.write(b, off, len);
                }
            };
        }

        private static void take(long n) throws IOException {
            if (budget.addAndGet(-n) < 0) {
                budget.set(0);
                throw new IOException("No space left on device");
            }
        }
    }
}
