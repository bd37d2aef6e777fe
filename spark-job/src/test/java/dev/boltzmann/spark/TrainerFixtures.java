package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;

/** Data and comparisons shared by the tests of the distributed trainers. */
final class TrainerFixtures {
    private TrainerFixtures() {
    }

    /**
     * {@code rows} patterns of {@code width} 0/1 units, each a noisy copy of one of {@code classes} prototypes, with
     * the prototype's number as label (none when {@code classes} is 0: one prototype).
     */
    static List<LabeledPattern> patterns(int rows, int width, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int protos = Math.max(1, classes);
        double[][] prototype = new double[protos][width];
        for (double[] p : prototype) {
            for (int i = 0; i < width; i++) {
                p[i] = rng.nextBoolean() ? 1 : 0;
            }
        }
        List<LabeledPattern> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int c = rng.nextInt(protos);
            double[] v = prototype[c].clone();
            for (int i = 0; i < width; i++) {
                v[i] = rng.nextDouble() < 0.1 ? 1 - v[i] : v[i];
            }
            out.add(new LabeledPattern(classes > 0 ? Integer.toString(c) : null, v, r + 1, r));
        }
        return out;
    }

    /** The patterns as an RDD of exactly {@code partitions} partitions, cached. */
    static JavaRDD<LabeledPattern> rdd(List<LabeledPattern> patterns, int partitions) {
        JavaRDD<LabeledPattern> rdd = TestSpark.context().parallelize(patterns, partitions).cache();
        assertEquals(partitions, rdd.getNumPartitions());
        return rdd;
    }

    /** The values as rows of a 2-d array, in index order. */
    static double[][] values(List<LabeledPattern> patterns) {
        return patterns.stream().map(LabeledPattern::values).toArray(double[][]::new);
    }

    /** Max over all entries of |a − b| / max(1e-3, |a|) must be at most {@code rel}. */
    static void assertClose(double[][] expected, double[][] actual, double rel) {
        assertEquals(expected.length, actual.length);
        double max = 0;
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k].length, actual[k].length);
            for (int i = 0; i < expected[k].length; i++) {
                max = Math.max(max, Math.abs(expected[k][i] - actual[k][i]) / Math.max(1e-3, Math.abs(expected[k][i])));
            }
        }
        assertTrue(max <= rel, "max relative difference " + max);
    }

    /** A deep copy through Java serialization (the state a checkpoint would hold). */
    @SuppressWarnings("unchecked")
    static <T> T copy(T o) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(o);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown by a listener to stop training, as a killed driver would. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
