package dev.boltzmann.evaluation;

import static dev.boltzmann.RbmTestSupport.allStates;
import static dev.boltzmann.RbmTestSupport.randomRbm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.Rbm;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RbmMonitorsTest {
    /** log P(v_i | v_−i) from two free energies, the textbook way. */
    private static double logConditional(Rbm rbm, double[] v, int i) {
        double[] flipped = v.clone();
        flipped[i] = 1 - flipped[i];
        double f = rbm.freeEnergy(v);
        double g = rbm.freeEnergy(flipped);
        return -f - Math.log(Math.exp(-f) + Math.exp(-g));
    }

    @Test
    void exactPseudoLikelihoodMatchesFreeEnergyDifferences() {
        Rbm rbm = randomRbm(5, 4, 1.0, 8L);
        double[] data = allStates(5);
        double expected = 0;
        for (int r = 0; r < 32; r++) {
            double[] v = Arrays.copyOfRange(data, r * 5, r * 5 + 5);
            for (int i = 0; i < 5; i++) {
                expected += logConditional(rbm, v, i) / 32;
            }
        }
        assertEquals(expected, RbmMonitors.pseudoLogLikelihood(rbm, data, 32), 1e-12);
    }

    @Test
    void stochasticPseudoLikelihoodScoresOneSeededUnitPerRow() {
        Rbm rbm = randomRbm(5, 4, 1.0, 9L);
        double[] data = allStates(5);
        double expected = 0;
        for (int r = 0; r < 32; r++) {
            int i = Seeds.rng(77L, RbmMonitors.PLL_PURPOSE, r).nextInt(5);
            expected += 5 * logConditional(rbm, Arrays.copyOfRange(data, r * 5, r * 5 + 5), i) / 32;
        }
        assertEquals(expected, RbmMonitors.stochasticPseudoLogLikelihood(rbm, data, 32, 77L), 1e-12);
        // unbiased: averaged over seeds it approaches the exact value
        double mean = 0;
        for (long seed = 0; seed < 400; seed++) {
            mean += RbmMonitors.stochasticPseudoLogLikelihood(rbm, data, 32, seed) / 400;
        }
        assertEquals(RbmMonitors.pseudoLogLikelihood(rbm, data, 32), mean, 0.05);
    }

    @Test
    void reconstructionErrorIsMeanFieldSquaredError() {
        Rbm rbm = randomRbm(3, 2, 1.0, 10L);
        double[] data = {1, 0, 1, 0, 0, 1};
        double[] recon = rbm.visibleProbabilities(rbm.hiddenProbabilities(data, 2), 2);
        double expected = 0;
        for (int k = 0; k < 6; k++) {
            expected += (data[k] - recon[k]) * (data[k] - recon[k]) / 2;
        }
        assertEquals(expected, RbmMonitors.reconstructionError(rbm, data, 2), 1e-14);
    }

    @Test
    void chunksDoNotChangeTheMeans() {
        Rbm rbm = randomRbm(4, 3, 1.0, 11L);
        int rows = RbmMonitors.CHUNK + 37;
        double[] data = new double[rows * 4];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(allStates(4), (r % 16) * 4, data, r * 4, 4);
        }
        double[] sixteen = allStates(4);
        // rows cycle through the 16 states; 1061 = 66·16 + 5, so compare with an explicit sum
        double expectedF = 0;
        double[] fe = rbm.freeEnergy(sixteen, 16);
        for (int r = 0; r < rows; r++) {
            expectedF += fe[r % 16] / rows;
        }
        assertEquals(expectedF, RbmMonitors.meanFreeEnergy(rbm, data, rows), 1e-12);
    }

    @Test
    void pseudoLikelihoodNeedsBinaryData() {
        Rbm rbm = Rbm.zeros(2, 2);
        assertThrows(IllegalArgumentException.class, () -> RbmMonitors.pseudoLogLikelihood(rbm, new double[] {0.5, 1}, 1));
        assertThrows(IllegalArgumentException.class, () -> RbmMonitors.meanFreeEnergy(rbm, new double[3], 1));
        assertThrows(IllegalArgumentException.class, () -> RbmMonitors.reconstructionError(rbm, new double[0], 0));
    }
}
