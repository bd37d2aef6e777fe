package dev.boltzmann.spark;

import com.esotericsoftware.kryo.Kryo;
import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.ContrastiveStatistics;
import dev.boltzmann.learning.HebbianAccumulator;
import org.apache.spark.serializer.KryoRegistrator;

/**
 * Registers every class of ours that travels between the driver and executors, so that the job runs with
 * {@code spark.kryo.registrationRequired=true}.
 */
public final class Registrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        // binary patterns travel and are cached one bit per unit
        kryo.register(LabeledPattern.class, new LabeledPatternSerializer());
        kryo.register(double[][].class);
        kryo.register(HebbianAccumulator.class);
        kryo.register(dev.boltzmann.model.Rbm.class);
        kryo.register(dev.boltzmann.learning.RbmStatistics.class);
        kryo.register(EpochShard.class);
        kryo.register(RbmDataStats.Part.class);
        kryo.register(RoundEngine.RoundInput.class);
        kryo.register(RoundEngine.RoundOutput.class);
        kryo.register(dev.boltzmann.learning.SwapCounts.class);
        kryo.register(TemperedStatistics.class);
        kryo.register(ContrastiveStatistics.class);
        kryo.register(PatternSource.SplitCount.class);
        kryo.register(dev.boltzmann.model.LabelRbm.class);
        kryo.register(dev.boltzmann.learning.LabelRbmStatistics.class);
        kryo.register(dev.boltzmann.model.BoltzmannMachine.class);
        kryo.register(dev.boltzmann.model.HopfieldNetwork.class);
        kryo.register(dev.boltzmann.model.Encoding.class);
        kryo.register(dev.boltzmann.learning.BmStatistics.class);
        kryo.register(dev.boltzmann.model.DeepBeliefNet.class);
        kryo.register(dev.boltzmann.model.Rbm[].class);
        // Spark's Parquet schema inference ships StructTypes, which hold the vector column's type
        kryo.register(org.apache.spark.ml.linalg.VectorUDT.class);
        kryo.register(org.apache.spark.mllib.linalg.VectorUDT.class);
        kryo.register(PatternSource.SplitCount[].class);
        kryo.register(dev.boltzmann.model.GaussianRbm.class);
        kryo.register(dev.boltzmann.learning.GaussianRbmStatistics.class);
        // the general energy-based model's round kernel and exact monitor
        kryo.register(dev.boltzmann.model.IsingEnergy.class);
        kryo.register(dev.boltzmann.model.NeuralEnergy.class);
        kryo.register(dev.boltzmann.learning.EnergyGradientStatistics.class);
        // MLlib's own estimators in pipelines with the dev.boltzmann.ml stages (LogisticRegression's summaries
        // and aggregators travel as task results)
        for (String name : MLLIB_CLASSES) {
            try {
                kryo.register(Class.forName(name, false, Thread.currentThread().getContextClassLoader()));
            } catch (ClassNotFoundException e) {
                // spark-mllib not on the class path (a job without MLlib): nothing to register
            }
        }
    }

    /** MLlib classes registered when present. */
    private static final String[] MLLIB_CLASSES = {
        "org.apache.spark.ml.stat.SummarizerBuffer",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeL1$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeM2n$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMax$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMean$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeMin$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeNNZ$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$ComputeWeightSum$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Count$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Max$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Mean$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Min$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL1$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$NormL2$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$NumNonZeros$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Std$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Sum$",
        "org.apache.spark.ml.stat.SummaryBuilderImpl$Variance$",
        "org.apache.spark.ml.optim.aggregator.BinaryLogisticBlockAggregator",
        "org.apache.spark.ml.optim.aggregator.MultinomialLogisticBlockAggregator",
        "org.apache.spark.ml.stat.MultiClassSummarizer",
        "org.apache.spark.broadcast.TorrentBroadcast",
        "org.apache.spark.storage.BroadcastBlockId",
        // saved models with matrix columns (LogisticRegressionModel) ship their schema
        "org.apache.spark.ml.linalg.MatrixUDT",
        "org.apache.spark.mllib.linalg.MatrixUDT",
        "org.apache.spark.sql.types.BooleanType$",
        "org.apache.spark.sql.types.ByteType$",
        "org.apache.spark.sql.types.ShortType$",
        "org.apache.spark.sql.types.IntegerType$",
        "org.apache.spark.sql.types.LongType$",
        "org.apache.spark.sql.types.FloatType$",
        "org.apache.spark.sql.types.DoubleType$",
        "org.apache.spark.sql.types.StringType",
        "org.apache.spark.sql.types.StringType$",
        "org.apache.spark.sql.types.NoConstraint$",
        "org.apache.spark.sql.types.BinaryType$",
        "org.apache.spark.sql.types.DateType$",
        "org.apache.spark.sql.types.TimestampType$",
        "org.apache.spark.sql.types.NullType$",
        "org.apache.spark.sql.types.ArrayType",
        "org.apache.spark.sql.types.MapType",
        "org.apache.spark.sql.types.DecimalType",
    };
}
