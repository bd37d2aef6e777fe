package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;

/** The scale benchmark's data: generated on the executors, the same with any partitioning, cached packed. */
class SparkBenchTest {
    @Test
    void generatedPatternsDependOnTheirIndexOnly() {
        JavaSparkContext sc = TestSpark.context();
        int n = 37;
        int width = 20;
        List<LabeledPattern> one = SparkBench.generate(sc, n, width, 1, 4).collect();
        List<LabeledPattern> five = new java.util.ArrayList<>(SparkBench.generate(sc, n, width, 5, 4).collect());
        five.sort(Comparator.comparingLong(LabeledPattern::index));
        assertEquals(n, one.size());
        double[] prototypes = SparkBench.prototypes(4, width);
        for (int i = 0; i < n; i++) {
            assertEquals(i, one.get(i).index());
            assertEquals(one.get(i), five.get(i));
            assertEquals(SparkBench.digitLike(4, i, prototypes, width), one.get(i));
        }
        assertTrue(one.stream().map(p -> java.util.Arrays.toString(p.values())).distinct().count() > n / 2);
    }

    @Test
    void theCachedDataSetTakesUnderAQuarterOfItsDoublesWhenBinaryAndAllOfThemOtherwise() {
        JavaSparkContext sc = TestSpark.context();
        int n = 4000;
        int width = 784;
        long doubles = (long) n * width * Double.BYTES;
        JavaRDD<LabeledPattern> binary = SparkBench.generate(sc, n, width, 2, 6)
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
        JavaRDD<LabeledPattern> halves = SparkBench.generate(sc, n, width, 2, 6).map(p -> {
            double[] v = p.values().clone();
            for (int k = 0; k < v.length; k++) {
                v[k] *= 0.5;
            }
            return new LabeledPattern(p.label(), v, p.line(), p.index());
        }).persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            assertEquals(n, binary.count());
            assertEquals(n, halves.count());
            long packed = SparkBench.cachedBytes(sc.sc(), binary);
            long exact = SparkBench.cachedBytes(sc.sc(), halves);
            assertTrue(packed < doubles / 4, "cached " + packed + " bytes, the doubles " + doubles);
            assertTrue(packed >= (long) n * width / 8, "cached " + packed + " bytes: less than one bit per unit");
            assertTrue(exact >= doubles, "probabilities cached in " + exact + " bytes, the doubles " + doubles);
            // what comes back from the cache is what was generated
            assertEquals(SparkBench.digitLike(6, 1234, SparkBench.prototypes(6, width), width),
                binary.filter(p -> p.index() == 1234).first());
        } finally {
            binary.unpersist(true);
            halves.unpersist(true);
        }
    }
}
