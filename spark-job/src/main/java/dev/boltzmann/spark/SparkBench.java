package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.RbmTrainer;
import dev.boltzmann.learning.RbmTrainingConfig;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;

/**
 * The Spark trainer against the single-process trainer on the same generated data and settings: one epoch of
 * each, the per-round overhead of the Spark trainer, and their ratio.
 */
public final class SparkBench {
    private static final long DATA_PURPOSE = 0x42454E43L;

    private SparkBench() {
    }

    /**
     * One measurement.
     *
     * @param patterns N
     * @param rounds updates per epoch
     * @param singleSeconds epoch time of {@link RbmTrainer}
     * @param sparkSeconds epoch time of {@link SparkRbmTrainer}
     * @param partitions partitions of the Spark data
     */
    public record Result(int patterns, int visible, int hidden, int batch, int rounds, int partitions,
                         double singleSeconds, double sparkSeconds) {
        /** (spark − single) / rounds: what each round costs beyond the arithmetic. */
        public double overheadMsPerRound() {
            return (sparkSeconds - singleSeconds) / rounds * 1e3;
        }
    }

    /** Pattern {@code i}: a seeded random binary image (each unit on with probability 0.2), the same anywhere. */
    static double[] pattern(long seed, long i, int width) {
        SplittableRandom rng = Seeds.rng(seed, DATA_PURPOSE, i);
        double[] v = new double[width];
        for (int k = 0; k < width; k++) {
            v[k] = rng.nextDouble() < 0.2 ? 1.0 : 0.0;
        }
        return v;
    }

    /**
     * Times one epoch of CD-1 both ways (after one untimed warm-up epoch each).
     *
     * @param partitions partitions of the generated data set
     */
    public static Result epoch(JavaSparkContext sc, int patterns, int visible, int hidden, int batch, int partitions,
                               long seed) throws Exception {
        RbmTrainingConfig cfg = RbmTrainingConfig.defaults().withNumHidden(hidden).withSchedule(batch, 2)
            .withSeed(seed).withInit(0.01, false);
        JavaRDD<LabeledPattern> data = sc.parallelize(IntStream.range(0, patterns).boxed().toList(), partitions)
            .map(i -> new LabeledPattern(null, pattern(seed, i, visible), i + 1, i))
            .persist(StorageLevel.MEMORY_AND_DISK_SER());
        data.count();
        double[] flat = new double[patterns * visible];
        for (int i = 0; i < patterns; i++) {
            System.arraycopy(pattern(seed, i, visible), 0, flat, i * visible, visible);
        }
        Rbm initial = Rbm.random(visible, hidden, 0.01, null, seed);
        double[] single = new double[2];
        new RbmTrainer(cfg).train(initial, flat, patterns, r -> single[r.epoch() - 1] = r.seconds());
        double[] spark = new double[2];
        SparkRbmTrainer.train(sc, data, patterns, cfg, SparkRbmTrainer.initialState(initial, cfg),
            (s, err, seconds) -> spark[s.epochsDone() - 1] = seconds);
        data.unpersist(false);
        int rounds = (patterns + batch - 1) / batch;
        return new Result(patterns, visible, hidden, batch, rounds, partitions, single[1], spark[1]);
    }
}
