package dev.boltzmann.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.HopfieldFixtures;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.HopfieldNetwork;
import org.junit.jupiter.api.Test;

/** The Storkey rule against a literal transcription of its definition. */
public class StorkeyRuleTest {

    /** ΔW_ij = (1/n)(ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j), h_ij = Σ_{k≠i,j} W_ik ξ_k, all from the old W, i ≠ j. */
    public static double[] reference(double[][] patterns) {
        int n = patterns[0].length;
        double[] w = new double[n * n];
        for (double[] xi : patterns) {
            double[] next = w.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        continue;
                    }
                    double hij = 0.0;
                    double hji = 0.0;
                    for (int k = 0; k < n; k++) {
                        if (k != i && k != j) {
                            hij += w[i * n + k] * xi[k];
                            hji += w[j * n + k] * xi[k];
                        }
                    }
                    next[i * n + j] = w[i * n + j] + (xi[i] * xi[j] - xi[i] * hji - hij * xi[j]) / n;
                }
            }
            w = next;
        }
        return w;
    }

    @Test
    void oneStoredPatternGivesTheScaledOuterProduct() {
        double[] xi = {1, -1, -1, 1, 1};
        HopfieldNetwork net = StorkeyRule.train(new double[][] {xi});
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(i == j ? 0.0 : xi[i] * xi[j] / 5.0, net.weight(i, j), 1e-15);
            }
        }
    }

    @Test
    void matchesTheDefinitionTermByTerm() {
        int n = 12;
        double[][] patterns = new double[9][];
        for (int p = 0; p < patterns.length; p++) {
            patterns[p] = HopfieldFixtures.randomState(n, Encoding.BIPOLAR, Seeds.rng(51, p));
        }
        HopfieldNetwork net = StorkeyRule.train(patterns);
        assertArrayEquals(reference(patterns), net.weights(), 1e-12);
        assertArrayEquals(new double[n], net.biases());
        // 0/1 input gives the same network
        double[][] binary = new double[patterns.length][];
        for (int p = 0; p < patterns.length; p++) {
            binary[p] = Encoding.BIPOLAR.convert(patterns[p], Encoding.BINARY);
        }
        assertEquals(net, StorkeyRule.train(binary));
    }

    @Test
    void storedPatternsAreFixedPointsAboveTheHebbianLoad() {
        // 30 patterns in 100 units (load 0.3): beyond Hebbian capacity, within Storkey's (≈ n / sqrt(2 ln n) = 33)
        int n = 100;
        double[][] patterns = new double[30][];
        for (int p = 0; p < patterns.length; p++) {
            patterns[p] = HopfieldFixtures.randomState(n, Encoding.BIPOLAR, Seeds.rng(52, p));
        }
        HopfieldNetwork storkey = StorkeyRule.train(patterns);
        HopfieldNetwork hebb = HebbianRule.train(patterns);
        int storkeyFixed = 0;
        int hebbFixed = 0;
        for (double[] p : patterns) {
            storkeyFixed += storkey.isFixedPoint(p) ? 1 : 0;
            hebbFixed += hebb.isFixedPoint(p) ? 1 : 0;
        }
        assertTrue(storkeyFixed >= 27, "Storkey kept only " + storkeyFixed + " of 30 patterns stable");
        assertTrue(hebbFixed <= 10, "Hebbian " + hebbFixed + " vs Storkey " + storkeyFixed);
    }
}
