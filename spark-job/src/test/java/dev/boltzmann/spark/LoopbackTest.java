package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While a local job runs in a JVM of its own, every port it listens on is bound to 127.0.0.1 or ::1 — with
 * SPARK_LOCAL_IP=127.0.0.1 (as run-local sets it, UI on) and without it (UI off).
 */
class LoopbackTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    @TempDir
    Path tmp;

    /** Local addresses (hex, as in /proc/net/tcp*) of the sockets process {@code pid} listens on. */
    static List<String> listening(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed meanwhile
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String table : new String[] {"tcp", "tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.trim().split("\\s+");
                if (c[3].equals("0A") && inodes.contains(c[9])) { // 0A = LISTEN
                    out.add(c[1]);
                }
            }
        }
        return out;
    }

    /** Whether a /proc/net address is 127.0.0.1 or ::1 (or ::ffff:127.0.0.1). */
    static boolean loopback(String hexAddressAndPort) {
        String addr = hexAddressAndPort.substring(0, hexAddressAndPort.indexOf(':'));
        return addr.equals("0100007F") || addr.equals("00000000000000000000000001000000")
            || addr.equals("0000000000000000FFFF00000100007F");
    }

    private List<String> whileTraining(Map<String, String> env) throws Exception {
        Path conf = tmp.resolve("rbm.conf");
        Files.writeString(conf, "model.kind = rbm\nmodel.hidden = 8\ndata.path = " + BARS + "\ntrain.epochs = 400\n"
            + "train.batchSize = 2\nmonitor.logLikelihood = none\nspark.master = local[2]\n");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "@" + Path.of("..", "launch-scripts", "jvm-options").toAbsolutePath(), "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            "dev.boltzmann.cli.Main", "train", "--conf", conf.toString(), "--out", tmp.resolve("m" + env.size())
                .toString(), "--overwrite");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("job.log").toFile());
        pb.environment().remove("SPARK_LOCAL_IP");
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            Path log = tmp.resolve("job.log");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            List<String> seen = List.of();
            // wait until the job's Spark context listens, give it a moment to open the rest, then look a few times
            while (System.nanoTime() < deadline && p.isAlive() && listening(p.pid()).size() < 2) {
                Thread.sleep(50);
            }
            Thread.sleep(1500);
            List<String> all = new ArrayList<>();
            for (int k = 0; k < 5 && p.isAlive(); k++) {
                seen = listening(p.pid());
                all.addAll(seen);
                Thread.sleep(100);
            }
            assertTrue(p.isAlive(), "the job ended before its ports were read: " + Files.readString(log));
            return all;
        } finally {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyPortOfALocalJobIsOnLoopback() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/net/tcp")), "needs Linux /proc");
        List<String> withUi = whileTraining(Map.of("SPARK_LOCAL_IP", "127.0.0.1"));
        assertTrue(new HashSet<>(withUi).size() >= 3, "driver RPC, block manager and UI listen: " + withUi);
        assertEquals(List.of(), withUi.stream().filter(a -> !loopback(a)).toList(), "non-loopback listeners");
        List<String> noUi = whileTraining(Map.of());
        assertTrue(noUi.size() >= 2, "driver RPC and block manager listen: " + noUi);
        assertEquals(List.of(), noUi.stream().filter(a -> !loopback(a)).toList(), "non-loopback listeners");
    }

    @Test
    void theCheckRecognisesAnyAddress() {
        assertTrue(loopback("0100007F:1F90"));
        assertTrue(loopback("0000000000000000FFFF00000100007F:A541"));
        assertTrue(!loopback("00000000:1F90"));
        assertTrue(!loopback("00000000000000000000000000000000:0FC8"));
        assertTrue(SparkSessions.isLoopback("127.0.0.1") && SparkSessions.isLoopback("::1"));
        assertTrue(!SparkSessions.isLoopback(null) && !SparkSessions.isLoopback("0.0.0.0"));
    }
}
