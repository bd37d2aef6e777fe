package dev.boltzmann.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import scala.Tuple2;

/**
 * Builds the job's {@link SparkSession}: the master from the config (embedded {@code local[*]} by default),
 * Kryo with registration required, and, for local masters, every socket bound to the loopback interface (the
 * driver's RPC and block manager always; the UI when {@code SPARK_LOCAL_IP} is a loopback address, else the UI is
 * off).
 *
 * <p>Under {@code spark-submit} the settings already on the {@link SparkConf} (from {@code --conf} or
 * {@code spark-defaults.conf}) win over the defaults set here.
 */
public final class SparkSessions {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {
    }

    /** Whether {@code address} names the loopback interface. */
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(address.trim()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
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
        // A round's partial sums (two nv x nh arrays per task) come back with the task's status instead of a
        // detour through the block manager (the default threshold is 1 MiB); the RPC limit is 128 MiB.
        conf.setIfMissing("spark.task.maxDirectResultSize", "64m");
        String effectiveMaster = conf.get("spark.master");
        if (effectiveMaster.startsWith("local")) {
            // A local run opens no port beyond the loopback interface unless the user says otherwise.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            // The Spark UI binds to SPARK_LOCAL_IP, or to every interface when it is unset (there is no setting
            // for it): without a loopback SPARK_LOCAL_IP the UI stays off. launch-scripts/run-local sets it.
            String localIp = System.getenv("SPARK_LOCAL_IP");
            if (!isLoopback(localIp) && !conf.contains("spark.ui.enabled")) {
                conf.set("spark.ui.enabled", "false");
                LOG.info("Spark UI off: SPARK_LOCAL_IP is {}; set it to 127.0.0.1 (launch-scripts/run-local does) to"
                    + " serve the UI on the loopback interface only", localIp == null ? "unset" : localIp);
            }
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
            conf.setIfMissing("spark.sql.shuffle.partitions", "4");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    /**
     * The Hadoop configuration for the driver's own file I/O (output checks, checkpoints, model directories,
     * small inputs): that of the running session, or, before one is started (or without Spark, as in
     * {@code evaluate}), a new {@link Configuration} with the {@code spark.hadoop.*} settings of the
     * {@link SparkConf} applied as Spark applies them to its own. Either way the driver sees the file systems the
     * executors see: a path without a scheme resolves against the same {@code fs.defaultFS}, and credentials or
     * client settings given as {@code --conf spark.hadoop.KEY=VALUE} apply to every file the job touches.
     */
    public static Configuration hadoopConfiguration() {
        Option<SparkSession> running = SparkSession.getActiveSession().isDefined() ? SparkSession.getActiveSession()
            : SparkSession.getDefaultSession();
        if (running.isDefined()) {
            return running.get().sparkContext().hadoopConfiguration();
        }
        Configuration conf = new Configuration();
        for (Tuple2<String, String> kv : new SparkConf(true).getAllWithPrefix("spark.hadoop.")) {
            conf.set(kv._1(), kv._2(), "spark.hadoop." + kv._1());
        }
        return conf;
    }
}
