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
        kryo.register(SparkRbmTrainer.TemperedStatistics.class);
        kryo.register(SparkBmTrainer.TemperedStatistics.class);
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
    }
}
