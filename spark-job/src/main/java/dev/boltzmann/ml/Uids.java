package dev.boltzmann.ml;

import java.util.function.Supplier;
import org.apache.spark.ml.util.Identifiable$;

/**
 * Unique ids of stages, given out lazily. Spark's {@code Predictor} creates its shared params (featuresCol, …)
 * inside its own constructor, and each records {@code uid()} as its parent before a Java subclass has assigned a
 * single field; a stage that extends it must therefore produce its uid on the first call. A chosen uid (a copy,
 * a loaded model) is handed over through {@link #with}, around the constructor call.
 */
final class Uids {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private Uids() {
    }

    /** The uid handed over by {@link #with} on this thread, or a new random one with this prefix. */
    static String next(String prefix) {
        String given = PENDING.get();
        return given != null ? given : Identifiable$.MODULE$.randomUID(prefix);
    }

    /** Runs {@code constructor} so that the stage it creates takes {@code uid}. */
    static <T> T with(String uid, Supplier<T> constructor) {
        String before = PENDING.get();
        PENDING.set(uid);
        try {
            return constructor.get();
        } finally {
            if (before == null) {
                PENDING.remove();
            } else {
                PENDING.set(before);
            }
        }
    }
}
