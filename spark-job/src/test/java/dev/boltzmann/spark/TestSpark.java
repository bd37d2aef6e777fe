package dev.boltzmann.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * One embedded Spark session for the whole test JVM (the first start costs seconds, later ones nothing):
 * local[2], Kryo with registration required, UI off, bound to loopback. Stopped by a shutdown hook.
 */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    /** The shared session. */
    public static synchronized SparkSession session() {
        if (session == null) {
            System.setProperty("spark.ui.enabled", "false");
            System.setProperty("spark.default.parallelism", "2");
            System.setProperty("spark.sql.shuffle.partitions", "2");
            session = SparkSessions.create("boltzmann-tests", "local[2]");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> session.stop()));
        }
        return session;
    }

    /** The shared session's Java context. */
    public static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }
}
