package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.NeuralEnergy;
import dev.boltzmann.sampling.MetropolisSampler;
import dev.boltzmann.sampling.MetropolisSamples;
import dev.boltzmann.sampling.RingMixture;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The neural energy trained by the §6 rule on a 2-D mixture of four Gaussians (radius 2, σ = 0.3) reproduces
 * the modes: judged on Metropolis samples from the trained model and, independently of any sampler, on the
 * model's density integrated over a grid.
 */
class NeuralEnergyMixtureTest {
    private static final RingMixture MIX = new RingMixture(4, 2.0, 0.3, Math.PI / 4);
    private static final double NEAR = 3 * MIX.sigma();

    /** Fractions per nearest mode, then the fraction within 3σ of some mode, of row-major points N × 2. */
    private static double[] shares(double[] points) {
        int n = points.length / 2;
        double[] out = new double[MIX.numModes() + 1];
        for (int r = 0; r < n; r++) {
            out[MIX.nearestMode(points[2 * r], points[2 * r + 1])] += 1.0 / n;
            if (MIX.distanceToNearestMode(points[2 * r], points[2 * r + 1]) < NEAR) {
                out[MIX.numModes()] += 1.0 / n;
            }
        }
        return out;
    }

    /** The same fractions under the model density exp(-E), by quadrature on a 0.03 grid over [-6, 6]². */
    private static double[] gridShares(EnergyFunction f) {
        double h = 0.03;
        int m = (int) Math.round(12 / h) + 1;
        double[] energies = new double[m * m];
        double[] x = new double[2];
        double min = Double.POSITIVE_INFINITY;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                x[0] = -6 + a * h;
                x[1] = -6 + b * h;
                energies[a * m + b] = f.energy(x);
                min = Math.min(min, energies[a * m + b]);
            }
        }
        double[] out = new double[MIX.numModes() + 1];
        double total = 0;
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                double w = Math.exp(min - energies[a * m + b]);
                double u = -6 + a * h;
                double v = -6 + b * h;
                total += w;
                out[MIX.nearestMode(u, v)] += w;
                if (MIX.distanceToNearestMode(u, v) < NEAR) {
                    out[MIX.numModes()] += w;
                }
            }
        }
        for (int k = 0; k < out.length; k++) {
            out[k] /= total;
        }
        return out;
    }

    /** Every mode holds at least half its fair share 1/M, and at least 80% lies within 3σ of a mode. */
    private static boolean reproducesModes(double[] s) {
        for (int k = 0; k < MIX.numModes(); k++) {
            if (s[k] < 0.5 / MIX.numModes()) {
                return false;
            }
        }
        return s[MIX.numModes()] >= 0.8;
    }

    @Test
    void trainedNeuralEnergyReproducesTheMixtureModes() {
        double[] data = MIX.sample(0, 2000, 33);
        assertTrue(reproducesModes(shares(data)), "the data itself: " + Arrays.toString(shares(data)));
        NeuralEnergy initial = NeuralEnergy.random(2, 16, 3.0, 2.0, Seeds.rng(3, 5));
        // The test can fail: the untrained model (the confining Gaussian N(0, 9 I)) does not pass.
        assertTrue(!reproducesModes(gridShares(initial)), Arrays.toString(gridShares(initial)));

        EbmTrainingOptions options = EbmTrainingOptions.defaults().withLearningRate(0.1)
            .withLearningRateFactor(0.985).withEpochs(200).withBatchSize(100).withNumChains(200)
            .withStepsPerUpdate(20).withStepSize(1.0).withSeed(3);
        EbmTrainingResult result = new EbmTrainer(options).train(initial, data);
        EnergyFunction trained = result.energy();
        EbmEpochSummary last = result.history().get(result.history().size() - 1);
        assertTrue(last.meanSampleEnergy() - last.meanDataEnergy() < 0.5, last.toString());

        // Fresh chains from a broad start. Step size 2 (about the distance between neighbouring modes) lets
        // chains jump between modes, so the shares reflect the model's masses rather than basin sizes.
        MetropolisSampler sampler = new MetropolisSampler(trained, 1.0, 2.0);
        double[] chains = MetropolisSampler.randomChains(trained, 400, 2.0, 0, 33, 1);
        MetropolisSamples samples = sampler.sample(chains, 0, 2000, 10, 50, 33, 2);
        double[] sampled = shares(samples.samples());
        assertTrue(reproducesModes(sampled), "Metropolis samples: per-mode shares then near-mode fraction "
            + Arrays.toString(sampled) + ", acceptance " + samples.acceptanceRate());
        double[] exact = gridShares(trained);
        assertTrue(reproducesModes(exact), "model density on a grid: " + Arrays.toString(exact));
    }
}
