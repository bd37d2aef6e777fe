package dev.boltzmann.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/** The Java context an RDD belongs to. */
final class JavaSparkContexts {
    private JavaSparkContexts() {
    }

    static JavaSparkContext of(JavaRDD<?> rdd) {
        return JavaSparkContext.fromSparkContext(rdd.context());
    }
}
