package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Run by {@link ResidentRoundsTest} in a JVM of its own, on {@code local[2,4]} (tasks may fail and be retried,
 * which plain {@code local[2]} does not allow): a toy model with chains trained with resident rounds, undisturbed and
 * with a task of epoch 2 failing at round 4 of its stage's first attempt. Prints one line
 * {@code failedTasks=F resident=R sameBits=B}.
 */
public final class ResidentRetryMain {
    private ResidentRetryMain() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSessions.create("resident-retry", "local[2,4]");
        try {
            JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            AtomicInteger failed = new AtomicInteger();
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.reason() != Success$.MODULE$) {
                        failed.incrementAndGet();
                    }
                }
            });
            JavaRDD<LabeledPattern> data = ResidentRoundsTest.toyData(sc, 29, 3, 2);
            double[] chains = new double[4 * 2];
            RoundEngine.End<double[]> plain = ResidentRoundsTest.toy(3, 2, (e, r) -> false)
                .run(sc, data, 29, new double[3], chains.clone(), 0, (w, c, done, m, s) -> { });
            RoundEngine.End<double[]> retried = ResidentRoundsTest.toy(3, 2, (e, r) -> e == 1 && r == 3
                    && TaskContext.get().stageAttemptNumber() == 0 && TaskContext.get().partitionId() == 1)
                .run(sc, data, 29, new double[3], chains.clone(), 0, (w, c, done, m, s) -> { });
            boolean same = Arrays.equals(plain.params(), retried.params())
                && Arrays.equals(plain.chains(), retried.chains());
            System.out.println("failedTasks=" + failed.get() + " resident=" + RoundEngine.residentRounds(sc, 2)
                + " sameBits=" + same);
        } finally {
            spark.stop();
        }
    }
}
