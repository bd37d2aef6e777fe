package dev.boltzmann.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the job's {@link SparkSession}: the master from the config (embedded {@code local[*]} by default),
 * Kryo with registration required, and, for local masters, every socket bound to the loopback interface.
 *
 * <p>Under {@code spark-submit} the settings already on the {@link SparkConf} (from {@code --conf} or
 * {@code spark-defaults.conf}) win over the defaults set here.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    /**
     * The session for a job.
     *
     * @param appName shown in the Spark UI
     * @param master the master URL, e.g. {@code local[*]}, {@code spark://host:7077}, {@code yarn}
     */
    public static SparkSession create(String appName, String master) {
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        }
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrationRequired", "true");
        conf.setIfMissing("spark.kryo.registrator", Registrator.class.getName());
        String effectiveMaster = conf.get("spark.master");
        if (effectiveMaster.startsWith("local")) {
            // A local run opens no port beyond the loopback interface unless the user says otherwise.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
            conf.setIfMissing("spark.sql.shuffle.partitions", "4");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
