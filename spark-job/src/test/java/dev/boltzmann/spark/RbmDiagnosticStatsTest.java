package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.RbmTestSupport;
import dev.boltzmann.evaluation.RbmDiagnostics;
import dev.boltzmann.evaluation.RbmMonitors;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.model.Rbm;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/** The diagnostics' sums computed where the data lives equal the single-process ones, however it is partitioned. */
class RbmDiagnosticStatsTest {
    private static final Path BARS = Path.of("..", "sample-data", "bars", "bars-and-stripes-4x4.txt")
        .toAbsolutePath();

    @Test
    void partitionedSumsEqualTheSingleProcessOnes() throws Exception {
        PatternSource.Loaded data = PatternSource.readText(TestSpark.context(), BARS.toString(), 1, 0);
        List<LabeledPattern> rows = PatternSource.toDriver(data.patterns());
        double[] flat = PatternSource.flatten(rows, 16);
        Rbm rbm = RbmTestSupport.randomRbm(16, 9, 0.7, 5);
        double[] means = RbmDiagnostics.meanHiddenActivations(rbm, flat, 30);
        long[] subset = RbmDiagnostics.gapSubset(30, 11, 2);
        double[] subsetRows = new double[subset.length * 16];
        for (int k = 0; k < subset.length; k++) {
            int at = -1;
            for (int r = 0; r < rows.size(); r++) {
                at = rows.get(r).index() == subset[k] ? r : at;
            }
            System.arraycopy(flat, at * 16, subsetRows, k * 16, 16);
        }
        double subsetF = RbmMonitors.meanFreeEnergy(rbm, subsetRows, subset.length);
        for (int partitions : new int[] {1, 3}) {
            JavaRDD<LabeledPattern> rdd = data.patterns().repartition(partitions).cache();
            RbmDiagnosticStats.Result r = RbmDiagnosticStats.compute(rdd, rbm, 30, subset);
            assertArrayEquals(means, r.hiddenMeans(), 1e-12, partitions + " partitions");
            assertEquals(11, r.subsetRows());
            assertEquals(subsetF, r.subsetMeanFreeEnergy(), 1e-12);
            RbmDiagnosticStats.Result none = RbmDiagnosticStats.compute(rdd, rbm, 30, new long[0]);
            assertEquals(0, none.subsetRows());
            assertTrue(Double.isNaN(none.subsetMeanFreeEnergy()));
            rdd.unpersist();
        }
    }
}
