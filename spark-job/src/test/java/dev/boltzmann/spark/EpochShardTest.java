package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.Rbm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;

/**
 * An epoch shard holds binary rows packed and every other row as doubles, and gives back, for any range of rows,
 * exactly the block of the old layout: the partition's patterns sorted by epoch position, their values one after
 * the other.
 */
class EpochShardTest {
    /** Pattern i: binary, except every 5th (probabilities), every 7th (an unknown unit) and every 11th (-0.0). */
    private static List<LabeledPattern> mixed(int n, int width, long seed) {
        List<LabeledPattern> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = new SplittableRandom(seed * 1000 + i);
            double[] v = new double[width];
            for (int k = 0; k < width; k++) {
                v[k] = i % 5 == 0 ? rng.nextDouble() : rng.nextDouble() < 0.3 ? 1.0 : 0.0;
            }
            if (i % 7 == 0) {
                v[rng.nextInt(width)] = Double.NaN;
            }
            if (i % 11 == 0) {
                v[rng.nextInt(width)] = -0.0;
            }
            out.add(new LabeledPattern(i % 2 == 0 ? "c" + i : null, v, i + 1, i));
        }
        return out;
    }

    private static int[] positions(int n, long seed) {
        int[] order = RbmTrainer.permutation(n, seed, 0);
        int[] position = new int[n];
        for (int k = 0; k < n; k++) {
            position[order[k]] = k;
        }
        return position;
    }

    private static long[] raw(double[] v) {
        return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    @Test
    void anyRangeOfRowsEqualsTheUnpackedLayoutBitForBit() {
        for (int width : new int[] {1, 64, 70, 784}) {
            int n = 60;
            List<LabeledPattern> all = mixed(n, width, width);
            int[] position = positions(n, 3);
            // a partition holding every third pattern, in arrival order
            List<LabeledPattern> part = new ArrayList<>();
            for (int i = 1; i < n; i += 3) {
                part.add(all.get(i));
            }
            List<LabeledPattern> sorted = new ArrayList<>(part);
            sorted.sort(Comparator.comparingInt(p -> position[(int) p.index()]));
            double[] old = new double[sorted.size() * width];
            for (int s = 0; s < sorted.size(); s++) {
                System.arraycopy(sorted.get(s).values(), 0, old, s * width, width);
            }
            EpochShard shard = EpochShard.of(part.iterator(), width, position);
            assertArrayEquals(sorted.stream().mapToLong(LabeledPattern::index).toArray(), shard.ids);
            assertArrayEquals(sorted.stream().mapToInt(p -> position[(int) p.index()]).toArray(), shard.positions);
            for (int from = 0; from <= sorted.size(); from += 3) {
                for (int to = from; to <= sorted.size(); to += 4) {
                    double[] rows = new double[(to - from) * width];
                    shard.copyRows(from, to, rows);
                    assertArrayEquals(raw(Arrays.copyOfRange(old, from * width, to * width)), raw(rows),
                        "width " + width + " rows " + from + ".." + to);
                }
            }
        }
    }

    @Test
    void binaryRowsTakeUnderAQuarterOfTheirDoublesAndOtherRowsKeepThem() {
        int n = 2000;
        int width = 784;
        int[] position = positions(n, 5);
        double[] prototypes = SparkBench.prototypes(9, width);
        List<LabeledPattern> binary = new ArrayList<>();
        List<LabeledPattern> probabilities = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LabeledPattern p = SparkBench.digitLike(9, i, prototypes, width);
            binary.add(p);
            double[] half = p.values().clone();
            for (int k = 0; k < width; k++) {
                half[k] *= 0.5;
            }
            probabilities.add(new LabeledPattern(null, half, i + 1, i));
        }
        long doubles = (long) n * width * Double.BYTES;
        long packed = SizeEstimator.estimate(EpochShard.of(binary.iterator(), width, position));
        long exact = SizeEstimator.estimate(EpochShard.of(probabilities.iterator(), width, position));
        assertTrue(packed < doubles / 4, "packed shard " + packed + " bytes, the doubles " + doubles);
        assertTrue(packed >= (long) n * width / 8, "packed shard " + packed + " bytes: less than one bit per unit");
        assertTrue(exact >= doubles, "shard of probabilities " + exact + " bytes, the doubles " + doubles);
    }

    @Test
    void probabilitiesStillTrainAsInOneProcess() throws Exception {
        int n = 40;
        int width = 12;
        List<LabeledPattern> data = new ArrayList<>();
        double[] flat = new double[n * width];
        for (int i = 0; i < n; i++) {
            SplittableRandom rng = new SplittableRandom(100 + i);
            double[] v = new double[width];
            for (int k = 0; k < width; k++) {
                v[k] = k % 3 == 0 ? rng.nextDouble() : rng.nextInt(2);
            }
            System.arraycopy(v, 0, flat, i * width, width);
            data.add(new LabeledPattern(null, v, i + 1, i));
        }
        RbmTrainingConfig cfg = RbmTrainingConfig.defaults().withNumHidden(4).withSchedule(7, 3).withSeed(5);
        Rbm initial = new RbmTrainer(cfg).initialModel(flat, n, width);
        Rbm expected = new RbmTrainer(cfg).train(initial, flat, n, r -> { });
        JavaRDD<LabeledPattern> rdd = TestSpark.context().parallelize(data, 2).cache();
        Rbm actual = SparkRbmTrainer.train(TestSpark.context(), rdd, n, cfg,
            SparkRbmTrainer.initialState(initial, cfg), (s, err, sec) -> { }).model();
        rdd.unpersist();
        double[] a = expected.weights();
        double[] b = actual.weights();
        for (int i = 0; i < a.length; i++) {
            assertTrue(Math.abs(a[i] - b[i]) <= 1e-9 * Math.max(1e-3, Math.abs(a[i])), "weight " + i);
        }
        assertTrue(Arrays.stream(a).anyMatch(w -> Math.abs(w) > 0.02), "training moved the weights");
    }
}
