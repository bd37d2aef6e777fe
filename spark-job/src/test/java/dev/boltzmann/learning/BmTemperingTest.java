package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Parallel tempering as the Boltzmann machine's free phase: each replica's states follow its tempered
 * distribution exp(−β E)/Z_β (exact enumeration, written out independently of the model code), β = 0 included;
 * training with it learns; a run stopped after some epochs and continued from its progress ends in the same bits.
 */
class BmTemperingTest {

    @Test
    void everyReplicaSamplesItsTemperedDistribution() {
        int nv = 3;
        int nh = 2;
        BoltzmannMachine bm = BmFixtures.randomMachine(nv, 0, nh, 2.5, 1.0, new SplittableRandom(4));
        int n = bm.size();
        TemperingOptions o = new TemperingOptions(3, 0.0, TemperingOptions.Spacing.LINEAR);
        double[] betas = o.betas();
        int k = betas.length;
        int chains = 30;
        BmSamplingOptions sampling = BmSamplingOptions.defaults().withChains(chains).withBurnIn(20)
            .withSamplesPerChain(1).withSweepsBetweenSamples(1);
        double[][] states = BmPhases.newChains(bm, chains * k);
        double[][] counts = new double[k][1 << n];
        SwapCounts swaps = SwapCounts.empty(k);
        for (int round = 0; round < 1500; round++) {
            BmStatistics s = BmTempering.negative(bm, states, 0, round == 0, sampling, o, 3L, 0, round, swaps);
            assertEquals(chains, s.negativeCount());
            for (int c = 0; c < chains; c++) {
                for (int r = 0; r < k; r++) {
                    counts[r][code(states[c * k + r])]++;
                }
            }
        }
        for (int r = 0; r < k; r++) {
            double[] exact = new double[1 << n];
            double z = 0;
            for (int y = 0; y < exact.length; y++) {
                exact[y] = Math.exp(-betas[r] * BmFixtures.bruteEnergy(bm, BmFixtures.state(y, n)));
                z += exact[y];
            }
            double total = Arrays.stream(counts[r]).sum();
            double tv = 0;
            for (int y = 0; y < exact.length; y++) {
                tv += Math.abs(counts[r][y] / total - exact[y] / z) / 2;
            }
            assertTrue(tv < 0.03, "replica " + r + " (beta " + betas[r] + "): total variation " + tv);
        }
        for (double rate : swaps.rates()) {
            assertTrue(rate > 0 && rate < 1, "swap rate " + rate);
        }
    }

    private static int code(double[] y) {
        int s = 0;
        for (int i = 0; i < y.length; i++) {
            s |= (y[i] != 0 ? 1 : 0) << i;
        }
        return s;
    }

    private static BmTrainerOptions options(int epochs) {
        return BmTrainerOptions.defaults().withEpochs(epochs).withBatchSize(10).withLearningRate(0.05).withSeed(2)
            .withSampling(BmSamplingOptions.defaults().withChains(8).withBurnIn(5).withSamplesPerChain(2));
    }

    @Test
    void trainingWithTemperingLearnsAndResumesToTheSameBits() throws Exception {
        double[][] v = BmFixtures.barsAndStripes(3);
        TemperingOptions ladder = new TemperingOptions(4, 0.25, TemperingOptions.Spacing.GEOMETRIC);
        BoltzmannMachine initial = BmTrainer.initialMachine(9, 0, 3, options(30));
        SwapCounts swaps = SwapCounts.empty(4);
        BmTrainer.Progress whole = BmTrainer.train(BmTrainer.start(initial, options(30), ladder), v, null,
            options(30), ladder, swaps, p -> { });
        assertEquals(30, whole.epochsDone());
        assertEquals(8 * 4, whole.chains().length, "every replica of every chain is carried");
        double before = BmExact.meanLogLikelihood(initial, v, null);
        double after = BmExact.meanLogLikelihood(whole.bm(), v, null);
        assertTrue(after > before + 0.5, "log-likelihood " + before + " -> " + after);
        assertTrue(swaps.proposed(0) > 0 && swaps.accepted(0) > 0);

        // stop after 12 epochs, keep deep copies (as a checkpoint does), continue to 30
        BmTrainer.Progress[] saved = new BmTrainer.Progress[1];
        BmTrainer.train(BmTrainer.start(initial, options(12), ladder), v, null, options(12), ladder, null, p -> {
            double[][] chains = Arrays.stream(p.chains()).map(double[]::clone).toArray(double[][]::new);
            saved[0] = new BmTrainer.Progress(p.bm(), BmParameterUpdate.zeroVelocity(p.bm().size()).restore(
                p.update().weightVelocity(), p.update().biasVelocity()), chains, p.epochsDone());
        });
        BmTrainer.Progress resumed = BmTrainer.train(saved[0], v, null, options(30), ladder, null, p -> { });
        assertArrayEquals(whole.bm().weights(), resumed.bm().weights());
        assertArrayEquals(whole.bm().biases(), resumed.bm().biases());
        for (int c = 0; c < whole.chains().length; c++) {
            assertArrayEquals(whole.chains()[c], resumed.chains()[c]);
        }
    }

    @Test
    void withoutTemperingTheProgressPathIsTheOldTrainer() throws Exception {
        double[][] v = BmFixtures.barsAndStripes(3);
        BoltzmannMachine initial = BmTrainer.initialMachine(9, 0, 3, options(5));
        BoltzmannMachine old = BmTrainer.train(v, null, 0, 3, options(5), null);
        BmTrainer.Progress p = BmTrainer.train(BmTrainer.start(initial, options(5), null), v, null, options(5), null,
            null, x -> { });
        assertArrayEquals(old.weights(), p.bm().weights());
        assertEquals(8, p.chains().length);
    }
}
