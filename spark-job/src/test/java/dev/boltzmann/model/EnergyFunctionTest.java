package dev.boltzmann.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.math.Seeds;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Energies: hand-written gradients against finite differences, energy changes, parameter round trips. */
class EnergyFunctionTest {

    private static List<EnergyFunction> energies() {
        SplittableRandom rng = Seeds.rng(7, 1);
        return List.of(
            IsingEnergy.random(6, Encoding.BINARY, 1.0, 0.5, rng),
            IsingEnergy.random(5, Encoding.BIPOLAR, 1.0, 0.5, rng),
            GaussianEnergy.of(new double[] {1.0, -2.0, 0.5},
                new double[] {2.0, 0.6, 0.1, 0.6, 0.5, -0.2, 0.1, -0.2, 1.5}),
            NeuralEnergy.random(3, 7, 2.5, 1.0, rng).withParameters(randomVector(NeuralEnergy.numParameters(3, 7),
                rng)));
    }

    private static double[] randomVector(int n, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static double[] randomState(EnergyFunction f, SplittableRandom rng) {
        double[] x = new double[f.dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.stateSpace().isDiscrete() ? f.stateSpace().encoding().value(rng.nextBoolean())
                : 2.0 * rng.nextGaussian();
        }
        return x;
    }

    @Test
    void parameterGradientsMatchCentralFiniteDifferences() {
        SplittableRandom rng = Seeds.rng(7, 2);
        for (EnergyFunction f : energies()) {
            for (int trial = 0; trial < 5; trial++) {
                double[] x = randomState(f, rng);
                double[] grad = new double[f.numParameters()];
                f.addParameterGradient(x, 1.0, grad);
                double[] theta = f.parameters();
                double h = 1e-5;
                for (int k = 0; k < theta.length; k++) {
                    double[] plus = theta.clone();
                    double[] minus = theta.clone();
                    plus[k] += h;
                    minus[k] -= h;
                    double fd = (f.withParameters(plus).energy(x) - f.withParameters(minus).energy(x)) / (2 * h);
                    assertEquals(fd, grad[k], 1e-6 * (1 + Math.abs(fd)), f + ": dE/dtheta[" + k + "]");
                }
            }
        }
    }

    @Test
    void gradientIsScaledAndAdded() {
        SplittableRandom rng = Seeds.rng(7, 3);
        for (EnergyFunction f : energies()) {
            double[] x = randomState(f, rng);
            double[] once = new double[f.numParameters()];
            f.addParameterGradient(x, 1.0, once);
            double[] acc = new double[f.numParameters()];
            java.util.Arrays.fill(acc, 1.0);
            f.addParameterGradient(x, -2.5, acc);
            for (int k = 0; k < once.length; k++) {
                assertEquals(1.0 - 2.5 * once[k], acc[k], 1e-12);
            }
        }
    }

    @Test
    void energyChangeEqualsDifferenceOfEnergies() {
        SplittableRandom rng = Seeds.rng(7, 4);
        for (EnergyFunction f : energies()) {
            double[] x = randomState(f, rng);
            double[] before = x.clone();
            for (int i = 0; i < f.dimension(); i++) {
                double nv = f.stateSpace().isDiscrete()
                    ? f.stateSpace().encoding().on() + f.stateSpace().encoding().off() - x[i]
                    : x[i] + rng.nextGaussian();
                double[] y = x.clone();
                y[i] = nv;
                assertEquals(f.energy(y) - f.energy(x), f.energyChange(x, i, nv), 1e-10, f + " unit " + i);
                assertArrayEquals(before, x, "energyChange must leave x unchanged");
            }
        }
    }

    @Test
    void parametersRoundTrip() {
        for (EnergyFunction f : energies()) {
            double[] theta = f.parameters();
            assertEquals(f.numParameters(), theta.length);
            assertArrayEquals(theta, f.withParameters(theta).parameters(), 0.0);
            double first = theta[0];
            theta[0] += 1.0;
            assertEquals(first, f.parameters()[0], 0.0, "parameters() must be a copy");
        }
    }

    @Test
    void isingMatchesHopfieldNetworkEnergy() {
        SplittableRandom rng = Seeds.rng(7, 5);
        for (Encoding enc : Encoding.values()) {
            IsingEnergy e = IsingEnergy.random(6, enc, 1.0, 1.0, rng);
            HopfieldNetwork net = e.toHopfieldNetwork();
            assertEquals(e, IsingEnergy.of(net));
            for (int t = 0; t < 10; t++) {
                double[] y = randomState(e, rng);
                assertEquals(net.energy(y), e.energy(y), 1e-12);
            }
        }
        // Layout: theta = (W_01, W_02, W_12, b_0, b_1, b_2) for n = 3.
        IsingEnergy small = IsingEnergy.of(3, Encoding.BINARY, new double[] {1, 2, 3, 4, 5, 6});
        assertEquals(2.0, small.weight(2, 0));
        assertEquals(3.0, small.weight(1, 2));
        assertEquals(6.0, small.bias(2));
        assertEquals(-(1 + 2 + 3) - (4 + 5 + 6), small.energy(new double[] {1, 1, 1}), 0.0);
    }

    @Test
    void gaussianPrecisionInvertsCovariance() {
        double[] cov = {2.0, 0.6, 0.1, 0.6, 0.5, -0.2, 0.1, -0.2, 1.5};
        GaussianEnergy g = GaussianEnergy.of(new double[3], cov);
        double[] p = g.precision();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += cov[i * 3 + k] * p[k * 3 + j];
                }
                assertEquals(i == j ? 1.0 : 0.0, s, 1e-12);
            }
        }
        GaussianEnergy diag = GaussianEnergy.diagonal(new double[] {1, 2}, new double[] {4, 0.25});
        assertEquals(0.5 * (1.0 / 4 + 1.0 / 0.25), diag.energy(new double[] {2, 3}), 1e-12);
    }

    @Test
    void neuralEnergyStartsAsConfiningGaussian() {
        NeuralEnergy f = NeuralEnergy.random(2, 5, 2.0, 1.0, Seeds.rng(7, 6));
        assertEquals(NeuralEnergy.numParameters(2, 5), f.numParameters());
        assertEquals((9.0 + 16.0) / (2 * 4.0), f.energy(new double[] {3, 4}), 1e-12);
    }

    @Test
    void invalidValuesAreRejectedWithNamedMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> IsingEnergy.of(3, Encoding.BINARY, new double[5]));
        assertTrue(e.getMessage().contains("expected n(n-1)/2 + n = 6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> GaussianEnergy.of(new double[2], new double[] {1, 2, 2, 1}));
        assertTrue(e.getMessage().contains("positive definite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> GaussianEnergy.of(new double[2], new double[] {1, 0.5, 0.4, 1}));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> NeuralEnergy.of(2, 3, -1.0, new double[NeuralEnergy.numParameters(2, 3)]));
        assertEquals("confinement scale must be finite and > 0, got -1.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> IsingEnergy.zeros(3, Encoding.BINARY).energy(new double[4]));
        assertTrue(e.getMessage().contains("4 units"), e.getMessage());
        double[] nan = new double[6];
        nan[2] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> IsingEnergy.of(3, Encoding.BINARY, nan));
        assertEquals("theta[2] must be finite, got NaN", e.getMessage());
    }
}
