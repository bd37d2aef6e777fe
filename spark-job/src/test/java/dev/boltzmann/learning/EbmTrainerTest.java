package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.evaluation.BinaryStateEnumeration;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.GaussianEnergy;
import dev.boltzmann.model.IsingEnergy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The §6 trainer: a fully visible Boltzmann machine by exact enumeration, a Gaussian mean, determinism. */
class EbmTrainerTest {
    private static final int N = 6;

    /** Data drawn exactly from a known 6-unit Boltzmann machine, and the machine's exact distribution. */
    private static IsingEnergy target() {
        return IsingEnergy.random(N, Encoding.BINARY, 1.5, 0.7, Seeds.rng(21, 1));
    }

    private static double[] data() {
        return BinaryStateEnumeration.of(target(), 1.0).sample(5000, Seeds.rng(21, 2));
    }

    /** E_data[y_i y_j] (diagonal: E[y_i], since y_i² = y_i for binary units), row-major n × n. */
    private static double[] dataMoments(double[] rows) {
        int count = rows.length / N;
        double[] m = new double[N * N];
        for (int r = 0; r < count; r++) {
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < N; j++) {
                    m[i * N + j] += rows[r * N + i] * rows[r * N + j] / count;
                }
            }
        }
        return m;
    }

    private static double maxGap(double[] a, double[] b) {
        double max = 0;
        for (int k = 0; k < a.length; k++) {
            max = Math.max(max, Math.abs(a[k] - b[k]));
        }
        return max;
    }

    @ParameterizedTest
    @EnumSource(EbmTrainingOptions.NegativePhase.class)
    void learnsAFullyVisibleBoltzmannMachine(EbmTrainingOptions.NegativePhase phase) {
        double[] data = data();
        double[] moments = dataMoments(data);
        IsingEnergy initial = IsingEnergy.zeros(N, Encoding.BINARY);
        BinaryStateEnumeration before = BinaryStateEnumeration.of(initial, 1.0);
        double llInitial = before.meanLogLikelihood(data);
        double llTarget = BinaryStateEnumeration.of(target(), 1.0).meanLogLikelihood(data);
        // The test can fail: the uniform start is far from the data in both measures.
        assertTrue(maxGap(before.secondMoments(), moments) > 0.2);
        assertTrue(llTarget - llInitial > 1.0, "target " + llTarget + " vs uniform " + llInitial);

        EbmTrainingOptions options = EbmTrainingOptions.defaults().withLearningRate(0.1).withEpochs(30)
            .withBatchSize(100).withNumChains(200).withStepsPerUpdate(2 * N).withNegativePhase(phase).withSeed(3);
        List<EbmEpochSummary> seen = new ArrayList<>();
        EbmTrainingResult result = new EbmTrainer(options).train(initial, data, null, seen::add);

        BinaryStateEnumeration after = BinaryStateEnumeration.of(result.energy(), 1.0);
        double gap = maxGap(after.secondMoments(), moments);
        assertTrue(gap < 0.03, "max |E_model[y_i y_j] - E_data[y_i y_j]| = " + gap);
        double llFinal = after.meanLogLikelihood(data);
        assertTrue(llFinal - llInitial > 0.95 * (llTarget - llInitial),
            "log-likelihood: uniform " + llInitial + ", trained " + llFinal + ", data-generating " + llTarget);

        assertEquals(30, seen.size());
        assertEquals(seen, result.history());
        EbmEpochSummary last = seen.get(29);
        assertEquals(50, last.updates());
        assertTrue(last.acceptanceRate() > 0.1 && last.acceptanceRate() < 0.9, last.toString());
        assertTrue(Math.abs(last.meanDataEnergy() - last.meanSampleEnergy()) < 0.2, last.toString());
    }

    @Test
    void learnsTheMeanOfAGaussian() {
        double[] cov = {1.0, 0.3, 0.3, 0.5};
        double[] trueMean = {2.0, -1.0};
        int count = 2000;
        double[] data = new double[2 * count];
        SplittableRandom rng = Seeds.rng(22, 1);
        double[] dataMean = new double[2];
        for (int r = 0; r < count; r++) {
            double z0 = rng.nextGaussian();
            double z1 = rng.nextGaussian();
            // Cholesky of cov: L = [[1, 0], [0.3, sqrt(0.41)]].
            data[2 * r] = trueMean[0] + z0;
            data[2 * r + 1] = trueMean[1] + 0.3 * z0 + Math.sqrt(0.41) * z1;
            dataMean[0] += data[2 * r] / count;
            dataMean[1] += data[2 * r + 1] / count;
        }
        GaussianEnergy initial = GaussianEnergy.of(new double[2], cov);
        EbmTrainingOptions options = EbmTrainingOptions.defaults().withLearningRate(0.05).withEpochs(20)
            .withNumChains(200).withStepsPerUpdate(10).withStepSize(0.8).withLearningRateFactor(0.85).withSeed(4);
        GaussianEnergy trained = (GaussianEnergy) new EbmTrainer(options).train(initial, data).energy();
        // The maximum-likelihood mean is the data mean; chains add Monte-Carlo error of order 0.05.
        assertArrayEquals(dataMean, trained.mean(), 0.1);
        assertArrayEquals(cov, trained.covariance(), 0.0, "the covariance is fixed");
    }

    @Test
    void sameSeedSameModelOtherSeedOtherModel() {
        double[] data = data();
        EbmTrainingOptions options = EbmTrainingOptions.defaults().withEpochs(2).withNumChains(20).withSeed(5);
        IsingEnergy initial = IsingEnergy.zeros(N, Encoding.BINARY);
        EbmTrainingResult a = new EbmTrainer(options).train(initial, data);
        EbmTrainingResult b = new EbmTrainer(options).train(initial, data);
        EbmTrainingResult c = new EbmTrainer(options.withSeed(6)).train(initial, data);
        assertArrayEquals(a.energy().parameters(), b.energy().parameters(), 0.0);
        assertArrayEquals(a.chains(), b.chains(), 0.0);
        assertFalse(Arrays.equals(a.energy().parameters(), c.energy().parameters()));
        assertArrayEquals(new double[initial.numParameters()], initial.parameters(), 0.0, "input not modified");
        // Persistent chains can be handed back to continue training.
        EbmTrainingResult more = new EbmTrainer(options.withEpochs(1)).train(a.energy(), data, a.chains(), s -> { });
        assertEquals(1, more.history().size());
    }

    @Test
    void invalidOptionsAndDataAreRejectedWithNamedMessages() {
        EbmTrainingOptions d = EbmTrainingOptions.defaults();
        assertEquals("learning rate must be finite and > 0, got -1.0",
            assertThrows(IllegalArgumentException.class, () -> d.withLearningRate(-1.0)).getMessage());
        assertEquals("learning rate factor must be in (0, 1], got 1.5",
            assertThrows(IllegalArgumentException.class, () -> d.withLearningRateFactor(1.5)).getMessage());
        assertEquals("epochs must be >= 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> d.withEpochs(0)).getMessage());
        assertEquals("number of chains must be >= 1, got 0",
            assertThrows(IllegalArgumentException.class, () -> d.withNumChains(0)).getMessage());
        assertEquals("step size must be finite and > 0, got NaN",
            assertThrows(IllegalArgumentException.class, () -> d.withStepSize(Double.NaN)).getMessage());
        assertEquals("L2 decay must be finite and >= 0, got -0.1",
            assertThrows(IllegalArgumentException.class, () -> d.withL2Decay(-0.1)).getMessage());
        EbmTrainer trainer = new EbmTrainer(d);
        IsingEnergy e = IsingEnergy.zeros(3, Encoding.BINARY);
        assertEquals("data[1][0] = 0.5 is not a valid binary value", assertThrows(IllegalArgumentException.class,
            () -> trainer.train(e, new double[] {1, 0, 1, 0.5, 0, 0})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer.train(e, new double[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> trainer.train(e, new double[3], new double[5], s -> { }));
    }
}
