package dev.boltzmann.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.learning.BmStatistics;
import dev.boltzmann.learning.ContrastiveStatistics;
import dev.boltzmann.learning.HebbianAccumulator;
import dev.boltzmann.learning.LabelRbmStatistics;
import dev.boltzmann.learning.RbmStatistics;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Rbm;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Every object of ours that travels between JVMs, written and read back by a Kryo of Spark's that requires
 * registration, as an executor of a real cluster does (a local master never deserializes broadcasts, and reads
 * deserialized cached blocks without serializing them).
 */
class RegistratorTest {
    private static final ClassTag<Object> ANY = ClassTag$.MODULE$.apply(Object.class);

    private static SerializerInstance strictKryo() {
        SparkConf conf = new SparkConf(false).set("spark.kryo.registrationRequired", "true")
            .set("spark.kryo.registrator", Registrator.class.getName());
        return new KryoSerializer(conf).newInstance();
    }

    /** Writes, reads back and writes again: the second writing must equal the first. */
    private static Object roundTrip(SerializerInstance kryo, Object o) {
        ByteBuffer first = kryo.serialize(o, ANY);
        byte[] a = new byte[first.remaining()];
        first.duplicate().get(a);
        Object back = kryo.deserialize(first, ANY);
        assertEquals(o.getClass(), back.getClass());
        ByteBuffer second = kryo.serialize(back, ANY);
        byte[] b = new byte[second.remaining()];
        second.get(b);
        assertArrayEquals(a, b, o.getClass().getName() + " changes when written and read back");
        return back;
    }

    @Test
    void everythingThatTravelsRoundTripsWithRegistrationRequired() {
        SerializerInstance kryo = strictKryo();
        List<LabeledPattern> rows = List.of(new LabeledPattern("3", new double[] {1, 0, 1, 0}, 1, 0),
            new LabeledPattern(null, new double[] {0, 1, Double.NaN, 1}, 2, 1));
        Rbm rbm = Rbm.random(4, 3, 0.1, null, 7);
        dev.boltzmann.model.GaussianRbm gaussian = dev.boltzmann.model.GaussianRbm.random(4, 3, 0.1, null, 7)
            .withLogVariance(new double[] {0.1, -0.2, 0.3, 0});
        RbmStatistics stats = RbmStatistics.empty(4, 3);
        LabelRbm label = LabelRbm.random(4, 3, 2, 0.1, null, null, 7);
        BoltzmannMachine bm = BoltzmannMachine.random(3, 0, 2, 0.1, new java.util.SplittableRandom(3));
        HopfieldNetwork hopfield = HopfieldNetwork.zeros(3, Encoding.BINARY);
        dev.boltzmann.model.IsingEnergy ising = dev.boltzmann.model.IsingEnergy.random(3, Encoding.BIPOLAR, 0.5, 0.5,
            new java.util.SplittableRandom(5));
        dev.boltzmann.model.NeuralEnergy neural = dev.boltzmann.model.NeuralEnergy.random(3, 2, 1.5, 0.5,
            new java.util.SplittableRandom(6));
        dev.boltzmann.learning.EnergyGradientStatistics energyStats = dev.boltzmann.learning.EnergyGradientStatistics
            .empty(neural.numParameters()).addPositive(neural, new double[] {0.5, -1, 2})
            .addNegative(neural, new double[] {1, 1, 0}).addProposals(7, 3);
        PatternSource.SplitCount count = new PatternSource.SplitCount();
        count.file = "hdfs://nn:8020/data/part-0";
        count.firstSkipped = "line 3: bad";
        Object[] travellers = {
            rows.get(0), rows.get(1),
            EpochShard.of(rows.iterator(), 4, new int[] {1, 0}),
            EpochShard.of(rows.iterator(), 4, new int[] {0, 1}),
            rbm, stats,
            new RoundEngine.RoundInput(rbm, new double[] {1, 0, 1, 0, 0, 1}),
            new RoundEngine.RoundInput(rbm, null),
            new RoundEngine.RoundOutput(1, stats, 2, new double[] {0, 1, 1}),
            // what the other round kernels ship and return, and what their monitors broadcast
            new RoundEngine.RoundInput(label, new double[] {1, 0, 1}),
            new RoundEngine.RoundOutput(0, LabelRbmStatistics.empty(4, 3, 2), 0, null),
            new RoundEngine.RoundInput(bm, new double[] {1, 0, 1, 0, 0, 1, 1, 0, 1, 0}),
            new RoundEngine.RoundOutput(2, BmStatistics.empty(bm.size()).addPositive(new double[bm.size()], 1), 1,
                new double[bm.size()]),
            new RoundEngine.RoundInput(hopfield, null),
            new RoundEngine.RoundOutput(0, ContrastiveStatistics.empty(3), 0, null),
            DeepBeliefNet.withLabelTop(List.of(rbm), LabelRbm.random(3, 2, 2, 0.1, null, null, 4)),
            DeepBeliefNet.of(List.of(rbm, rbm.transpose())),
            new RoundEngine.RoundOutput(1, new TemperedStatistics<>(stats, swapCounts()), 2,
                new double[] {0, 1, 1}),
            new RoundEngine.RoundOutput(0, new TemperedStatistics<>(
                BmStatistics.empty(bm.size()).addNegative(new double[bm.size()], 1), swapCounts()), 0,
                new double[2 * bm.size()]),
            new RbmDataStats.Part(0, new double[] {1, 2, 3}),
            HebbianAccumulator.empty(5), ContrastiveStatistics.empty(5),
            count, new PatternSource.SplitCount[] {count, new PatternSource.SplitCount()},
            new double[][] {{1, 2}, {3}},
            // the gaussian rbm's round kernel and monitors
            new RoundEngine.RoundInput(gaussian, new double[] {1, 0, 1}),
            new RoundEngine.RoundOutput(1, dev.boltzmann.learning.GaussianRbmStatistics.empty(4, 3), 0, null),
            // the general energy-based model's round kernel (Ising and neural energies) and its exact monitor
            ising, neural,
            new RoundEngine.RoundInput(ising, new double[] {1, 0, 1, 0, 0, 1}),
            new RoundEngine.RoundInput(neural, null),
            new RoundEngine.RoundOutput(1, energyStats, 0, new double[] {0.5, -1, 2}),
            // packed (binary, wider than a word) and kept as doubles (a probability, a -0.0)
            new LabeledPattern("7", SparkBench.pattern(3, 0, 70), 1L << 40, (1L << 33) + 5),
            new LabeledPattern(null, new double[] {0.25, 1, 0}, 0, 2),
            new LabeledPattern(null, new double[] {-0.0, 1, 0}, 3, 3),
        };
        for (Object o : travellers) {
            roundTrip(kryo, o);
        }
        for (dev.boltzmann.model.EnergyFunction e : new dev.boltzmann.model.EnergyFunction[] {ising, neural}) {
            dev.boltzmann.model.EnergyFunction b = (dev.boltzmann.model.EnergyFunction) roundTrip(kryo, e);
            assertArrayEquals(e.parameters(), b.parameters());
            double[] x = {1, -1, 1};
            assertEquals(e.energy(x), b.energy(x), 0.0);
            assertEquals(e.stateSpace(), b.stateSpace());
        }
        dev.boltzmann.learning.EnergyGradientStatistics s2 =
            (dev.boltzmann.learning.EnergyGradientStatistics) roundTrip(kryo, energyStats);
        assertArrayEquals(energyStats.gradient(), s2.gradient());
        assertEquals(energyStats.accepted(), s2.accepted());
        assertEquals(energyStats.proposals(), s2.proposals());
        Rbm back = (Rbm) roundTrip(kryo, rbm);
        dev.boltzmann.model.GaussianRbm g = (dev.boltzmann.model.GaussianRbm) roundTrip(kryo, gaussian);
        assertArrayEquals(gaussian.sigma(), g.sigma());
        assertArrayEquals(gaussian.standardUnits().weights(), g.standardUnits().weights());
        assertArrayEquals(rbm.weights(), back.weights());
        LabeledPattern p = (LabeledPattern) roundTrip(kryo, rows.get(1));
        assertTrue(Double.isNaN(p.values()[2]));
        for (LabeledPattern q : new LabeledPattern[] {rows.get(0),
            new LabeledPattern("7", SparkBench.pattern(3, 0, 70), 1L << 40, (1L << 33) + 5),
            new LabeledPattern(null, new double[] {-0.0, 0.25, 1}, 3, 3)}) {
            LabeledPattern r = (LabeledPattern) roundTrip(kryo, q);
            assertEquals(q.label(), r.label());
            assertEquals(q.line(), r.line());
            assertEquals(q.index(), r.index());
            assertArrayEquals(Arrays.stream(q.values()).mapToLong(Double::doubleToRawLongBits).toArray(),
                Arrays.stream(r.values()).mapToLong(Double::doubleToRawLongBits).toArray());
        }
        // a binary pattern of 784 units travels in its 13 words and a few bytes more
        int size = kryo.serialize(new LabeledPattern(null, SparkBench.pattern(3, 1, 784), 9, 8), ANY).remaining();
        assertTrue(size >= 13 * 8 && size < 784 * 8 / 4, size + " bytes");
    }

    @Test
    void anUnregisteredClassIsRefused() {
        Exception e = assertThrows(Exception.class, () -> strictKryo().serialize(new java.util.ArrayList<>(
            Arrays.asList(1, 2)), ANY));
        assertTrue(String.valueOf(e.getMessage()).contains("not registered"), e.toString());
    }

    private static dev.boltzmann.learning.SwapCounts swapCounts() {
        dev.boltzmann.learning.SwapCounts c = dev.boltzmann.learning.SwapCounts.empty(3);
        c.add(0, true);
        c.add(1, false);
        return c;
    }
}
