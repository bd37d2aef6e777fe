package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.evaluation.GaussianRbmExact;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.GaussianRbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.model.GaussianRbm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/**
 * The distributed Gaussian-Bernoulli RBM trainer computes what the single-process {@link GaussianRbmTrainer}
 * computes (to rounding) with 1, 2 and 3 partitions, for CD and PCD, with learned variances; a run stopped after
 * some epochs and continued from its state ends in the same bits as one that was not; and the data statistics
 * computed on Spark are the single-process ones.
 */
class SparkGaussianRbmTrainerTest {
    private static final int NV = 3;
    private static final int ROWS = 31;

    /** Two clusters in 3 dimensions, roughly standardised; 31 rows so batches of 7 leave a short last round. */
    private static double[] data() {
        SplittableRandom rng = new SplittableRandom(21);
        double[] x = new double[ROWS * NV];
        for (int r = 0; r < ROWS; r++) {
            double centre = rng.nextBoolean() ? -1.0 : 1.0;
            for (int i = 0; i < NV; i++) {
                x[r * NV + i] = centre * (i + 1) * 0.6 + 0.4 * rng.nextGaussian() + 3.0 * i;
            }
        }
        return x;
    }

    private static JavaRDD<LabeledPattern> rdd(double[] x, int partitions) {
        List<LabeledPattern> ps = new ArrayList<>();
        for (int r = 0; r < x.length / NV; r++) {
            ps.add(new LabeledPattern(null, Arrays.copyOfRange(x, r * NV, (r + 1) * NV), r + 1, r));
        }
        JavaRDD<LabeledPattern> rdd = TestSpark.context().parallelize(ps, 1).repartition(partitions).cache();
        assertEquals(partitions, rdd.getNumPartitions());
        return rdd;
    }

    private static RbmTrainingConfig config(RbmTrainingConfig.Rule rule) {
        return RbmTrainingConfig.defaults().withNumHidden(4).withRule(rule, 2).withSchedule(7, 5)
            .withRates(0.05, 0.5, 1e-3).withNumChains(5).withSeed(11).withLearningRateDecay(0.1);
    }

    private static double[] standardized(double[] x) {
        double[] z = x.clone();
        for (int i = 0; i < NV; i++) {
            for (int r = 0; r < ROWS; r++) {
                z[r * NV + i] -= 3.0 * i;
            }
        }
        return z;
    }

    private static SparkGaussianRbmTrainer.State spark(RbmTrainingConfig cfg, double[] x, int partitions,
                                                       List<Double> errors) throws Exception {
        JavaRDD<LabeledPattern> rdd = rdd(x, partitions);
        double[] mean = RbmDataStats.columnMeans(rdd, NV, ROWS);
        GaussianRbm initial = GaussianRbm.random(NV, cfg.numHidden(), cfg.initialWeightStd(), mean, cfg.seed());
        SparkGaussianRbmTrainer.State end = SparkGaussianRbmTrainer.train(TestSpark.context(), rdd, ROWS, cfg, true,
            0.5, SparkGaussianRbmTrainer.initialState(initial, cfg), (s, err, sec) -> errors.add(err));
        rdd.unpersist();
        assertEquals(cfg.epochs(), end.epochsDone());
        return end;
    }

    private static void assertClose(GaussianRbm expected, GaussianRbm actual, double rel) {
        double[][] a = {expected.standardUnits().weights(), expected.visibleMean(), expected.standardUnits()
            .hiddenBias(), expected.sigma()};
        double[][] b = {actual.standardUnits().weights(), actual.visibleMean(), actual.standardUnits().hiddenBias(),
            actual.sigma()};
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            for (int i = 0; i < a[k].length; i++) {
                max = Math.max(max, Math.abs(a[k][i] - b[k][i]) / Math.max(1e-3, Math.abs(a[k][i])));
            }
        }
        assertTrue(max <= rel, "max relative difference " + max);
    }

    @Test
    void anyPartitioningGivesTheSingleProcessModelForCdAndPcdWithLearnedVariances() throws Exception {
        double[] x = standardized(data());
        for (RbmTrainingConfig.Rule rule : RbmTrainingConfig.Rule.values()) {
            RbmTrainingConfig cfg = config(rule);
            GaussianRbmTrainer local = new GaussianRbmTrainer(cfg, true, 0.5);
            List<Double> localErrors = new ArrayList<>();
            GaussianRbm reference = local.train(x, ROWS, NV, r -> localErrors.add(r.reconstructionError()));
            double maxSigmaMove = 0;
            for (double s : reference.sigma()) {
                maxSigmaMove = Math.max(maxSigmaMove, Math.abs(s - 1.0));
            }
            assertTrue(maxSigmaMove > 1e-3, "the variances are learned: " + Arrays.toString(reference.sigma()));
            for (int partitions : new int[] {1, 2, 3}) {
                List<Double> errors = new ArrayList<>();
                SparkGaussianRbmTrainer.State end = spark(cfg, x, partitions, errors);
                assertClose(reference, end.model(), 1e-9);
                assertEquals(localErrors.size(), errors.size());
                for (int e = 0; e < errors.size(); e++) {
                    assertEquals(localErrors.get(e), errors.get(e), 1e-9 * localErrors.get(e), "epoch " + e);
                }
                assertEquals(rule == RbmTrainingConfig.Rule.PCD, end.chains() != null);
            }
        }
    }

    @Test
    void aStoppedRunContinuedFromItsStateEndsInTheSameBits() throws Exception {
        double[] x = standardized(data());
        RbmTrainingConfig cfg = config(RbmTrainingConfig.Rule.PCD);
        SparkGaussianRbmTrainer.State whole = spark(cfg, x, 3, new ArrayList<>());
        JavaRDD<LabeledPattern> rdd = rdd(x, 3);
        double[] mean = RbmDataStats.columnMeans(rdd, NV, ROWS);
        GaussianRbm initial = GaussianRbm.random(NV, cfg.numHidden(), cfg.initialWeightStd(), mean, cfg.seed());
        RbmTrainingConfig two = cfg.withSchedule(cfg.batchSize(), 2);
        SparkGaussianRbmTrainer.State half = SparkGaussianRbmTrainer.train(TestSpark.context(), rdd, ROWS, two, true,
            0.5, SparkGaussianRbmTrainer.initialState(initial, two), (s, err, sec) -> { });
        assertEquals(2, half.epochsDone());
        SparkGaussianRbmTrainer.State rest = SparkGaussianRbmTrainer.train(TestSpark.context(), rdd, ROWS, cfg, true,
            0.5, half, (s, err, sec) -> { });
        rdd.unpersist();
        assertArrayEquals(whole.model().standardUnits().weights(), rest.model().standardUnits().weights());
        assertArrayEquals(whole.model().sigma(), rest.model().sigma());
        assertArrayEquals(whole.logVarianceVelocity(), rest.logVarianceVelocity());
        assertArrayEquals(whole.chains(), rest.chains());
    }

    @Test
    void dataStatisticsOnSparkAreTheSingleProcessOnes() throws Exception {
        double[] x = data();
        // independent two-pass moments, population std
        double[] mean = new double[NV];
        double[] std = new double[NV];
        for (int i = 0; i < NV; i++) {
            for (int r = 0; r < ROWS; r++) {
                mean[i] += x[r * NV + i] / ROWS;
            }
            for (int r = 0; r < ROWS; r++) {
                std[i] += Math.pow(x[r * NV + i] - mean[i], 2) / ROWS;
            }
            std[i] = Math.sqrt(std[i]);
        }
        GaussianRbm model = GaussianRbm.random(NV, 4, 0.5, new double[] {0.1, -0.2, 0.3}, 5)
            .withLogVariance(new double[] {0.2, -0.1, 0.0});
        double logZ = GaussianRbmExact.logPartition(model);
        double[] z = x.clone();
        for (int k = 0; k < z.length; k++) {
            z[k] = (z[k] - mean[k % NV]) / std[k % NV];
        }
        double expectedLl = GaussianRbmExact.meanLogLikelihood(model, z, ROWS, logZ);
        double expectedBase = GaussianRbmExact.independentGaussianLogLikelihood(x, ROWS, mean, std);
        for (int partitions : new int[] {1, 3}) {
            JavaRDD<LabeledPattern> rdd = rdd(x, partitions);
            double[][] m = GaussianDataStats.columnMoments(rdd, NV, ROWS);
            assertArrayEquals(mean, m[0], 1e-12);
            assertArrayEquals(std, m[1], 1e-12);
            JavaRDD<LabeledPattern> standard = GaussianDataStats.standardized(rdd, m[0], m[1]);
            double[] back = new double[x.length];
            for (LabeledPattern p : standard.collect()) {
                System.arraycopy(p.values(), 0, back, (int) p.index() * NV, NV);
            }
            assertArrayEquals(z, back, 1e-12);
            assertEquals(expectedLl, GaussianDataStats.meanLogLikelihood(standard, model, logZ, ROWS), 1e-10);
            assertEquals(expectedBase, GaussianDataStats.independentGaussianLogLikelihood(rdd, mean, std, ROWS),
                1e-10);
            rdd.unpersist();
        }
        // a constant column gets standard deviation 1
        double[] c = x.clone();
        for (int r = 0; r < ROWS; r++) {
            c[r * NV + 1] = 4.25;
        }
        double[][] m = GaussianDataStats.columnMoments(rdd(c, 2), NV, ROWS);
        assertEquals(4.25, m[0][1], 1e-12);
        assertEquals(1.0, m[1][1], 0.0);
    }
}
