package dev.boltzmann.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.boltzmann.BmFixtures;
import dev.boltzmann.evaluation.BmExact;
import dev.boltzmann.learning.BmSamplingOptions;
import dev.boltzmann.learning.BmTrainer;
import dev.boltzmann.learning.BmTrainerOptions;
import dev.boltzmann.math.Numerics;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The modes of use on a small trained machine: 3×3 bars (label 0: horizontal, rows on) and stripes (label 1:
 * vertical, columns on), the 12 images with 1 or 2 lines (the empty and full images, which are both, left out);
 * 9 visible units, a 2-label group, 4 hidden units, trained once by the Monte-Carlo rule (about 1 s).
 */
class BmModesTest {
    private static final int SIDE = 3;
    private static double[][] images;
    private static int[] labels;
    private static BoltzmannMachine trained;

    @BeforeAll
    static void train() {
        images = new double[12][];
        labels = new int[12];
        for (int mask = 1; mask < 7; mask++) {
            images[2 * (mask - 1)] = BmFixtures.bars(SIDE, mask, true);
            images[2 * (mask - 1) + 1] = BmFixtures.bars(SIDE, mask, false);
            labels[2 * (mask - 1) + 1] = 1;
        }
        BmTrainerOptions o = BmTrainerOptions.defaults().withEpochs(3000).withBatchSize(12).withLearningRate(0.05)
            .withWeightDecay(1e-3).withInitialWeightSd(0.5).withSampling(BmSamplingOptions.defaults()
                .withChains(100).withSamplesPerChain(2).withSweepsBetweenSamples(2).withClampedBurnIn(5)
                .withClampedSamples(5));
        trained = BmTrainer.train(images, labels, 2, 4, o, null);
    }

    /** Whether v is a bars image (horizontal: every row constant) or a stripes image (every column constant). */
    static boolean isLines(double[] v, boolean horizontal) {
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                if (v[r * SIDE + c] != (horizontal ? v[r * SIDE] : v[c])) {
                    return false;
                }
            }
        }
        return true;
    }

    @Test
    void classifiesEveryTrainingImage() {
        assertEquals(1.0, BmExact.accuracy(trained, images, labels));
        SplittableRandom rng = Seeds.rng(1);
        for (int p = 0; p < images.length; p++) {
            assertEquals(labels[p], BmModes.classify(trained, images[p], 100, 50, rng));
        }
        // an untrained machine is at chance on its argmax (every posterior ½, first label wins)
        assertEquals(0.5, BmExact.accuracy(BoltzmannMachine.zeros(9, 2, 4), images, labels));
    }

    /**
     * Known: the left column of a bars image or the top row of a stripes image (3 of 9 pixels; all 12 have a mixed
     * known line, so the rest is determined). The marginal of every unknown pixel over the data is ½, so the
     * marginal predicts each with probability ½ of being right; completion must do much better.
     */
    @Test
    void completesALineImageFromOneThirdOfIt() {
        SplittableRandom rng = Seeds.rng(2);
        double correct = 0.0;
        double meanProbabilityOfTruth = 0.0;
        int unknown = 0;
        for (int p = 0; p < images.length; p++) {
            boolean[] known = new boolean[SIDE * SIDE];
            for (int k = 0; k < SIDE; k++) {
                known[labels[p] == 0 ? k * SIDE : k] = true;
            }
            double[] mean = BmModes.completeMean(trained, images[p], known, 60, 50, rng);
            double[] state = BmModes.complete(trained, images[p], known, 60, 50, rng);
            for (int i = 0; i < SIDE * SIDE; i++) {
                if (known[i]) {
                    assertEquals(images[p][i], mean[i], 0.0, "a known pixel changed");
                    assertEquals(images[p][i], state[i], 0.0, "a known pixel changed");
                    continue;
                }
                unknown++;
                correct += state[i] == images[p][i] ? 1 : 0;
                meanProbabilityOfTruth += images[p][i] == 1.0 ? mean[i] : 1.0 - mean[i];
            }
        }
        assertTrue(correct / unknown >= 0.9, "thresholded completion accuracy " + correct / unknown);
        assertTrue(meanProbabilityOfTruth / unknown >= 0.8, "mean probability of the truth "
            + meanProbabilityOfTruth / unknown + " (marginal: 0.5)");
    }

    /**
     * The exact conditional P(v | c) (enumerated) puts most of its mass on images of label c's kind, and 200
     * independent draws of {@link BmModes#generateConditional} (300 sweeps each from a random start) reproduce its
     * frequencies of "own kind" and "other kind only" within 4.5 binomial standard deviations (a one-in-10⁵ miss
     * per check). With too few sweeps the chains stay in the mode they fall into first (30 sweeps gave twice the
     * exact "other kind" rate), which this comparison catches.
     */
    @Test
    void conditionalGenerationFollowsTheLabel() {
        SplittableRandom rng = Seeds.rng(3);
        int draws = 200;
        double[] ownExact = new double[2];
        for (int label = 0; label < 2; label++) {
            double[] exact = kindMasses(label);
            ownExact[label] = exact[0];
            assertTrue(exact[0] >= 0.6 && exact[1] <= 0.15, "label " + label + ": exact own " + exact[0]
                + ", other " + exact[1]);
            int own = 0;
            int other = 0;
            for (int s = 0; s < draws; s++) {
                double[] v = BmModes.generateConditional(trained, label, 300, rng);
                own += isKind(v, label) ? 1 : 0;
                other += isKind(v, 1 - label) && !isKind(v, label) ? 1 : 0;
            }
            assertEquals(exact[0], (double) own / draws, 4.5 * Math.sqrt(exact[0] * (1 - exact[0]) / draws),
                "label " + label + ": own kind");
            assertEquals(exact[1], (double) other / draws, 4.5 * Math.sqrt(exact[1] * (1 - exact[1]) / draws),
                "label " + label + ": other kind only");
        }
        // the label matters: P(horizontal | c=0) far above P(horizontal | c=1)
        assertTrue(ownExact[0] - kindMasses(1)[1] - kindMasses(1)[2] > 0.5);
        double[] mean = BmModes.conditionalMean(trained, 0, 200, 150, rng);
        assertEquals(9, mean.length);
    }

    /** v is an image of label c's kind (0: every row constant, 1: every column constant). */
    private static boolean isKind(double[] v, int label) {
        return isLines(v, label == 0);
    }

    /**
     * Exact masses under P(v | c): {own kind, other kind only, both kinds (empty/full)}.
     */
    private static double[] kindMasses(int label) {
        double logMarginal = Math.log(0.0);
        double[] logP = new double[1 << 9];
        for (int code = 0; code < logP.length; code++) {
            logP[code] = BmExact.logUnnormalizedMarginal(trained, BmFixtures.state(code, 9), label);
            logMarginal = Numerics.logAddExp(logMarginal, logP[code]);
        }
        double[] mass = new double[3];
        for (int code = 0; code < logP.length; code++) {
            double[] v = BmFixtures.state(code, 9);
            double p = Math.exp(logP[code] - logMarginal);
            boolean own = isKind(v, label);
            boolean other = isKind(v, 1 - label);
            mass[0] += own ? p : 0.0;
            mass[1] += other && !own ? p : 0.0;
            mass[2] += own && other ? p : 0.0;
        }
        return mass;
    }

    /**
     * Free generation: the fraction of samples that are line images (a uniform machine gives 14/512 ≈ 3%);
     * annealing to T_min gives low-energy states, lower on average than samples at T = 1.
     */
    @Test
    void generationProducesLineImagesAndAnnealingFindsLowEnergies() {
        SplittableRandom rng = Seeds.rng(4);
        AnnealingSchedule schedule = AnnealingSchedule.geometric(4.0, 0.8, 0.2, 5);
        int lines = 0;
        int annealedLines = 0;
        double sampleEnergy = 0.0;
        double coldEnergy = 0.0;
        int draws = 200;
        for (int s = 0; s < draws; s++) {
            double[] y = BmModes.generate(trained, 40, rng);
            lines += isLines(y, true) || isLines(y, false) ? 1 : 0;
            double[] warm = BmModes.generateAnnealed(trained, schedule, true, 10, rng);
            annealedLines += isLines(warm, true) || isLines(warm, false) ? 1 : 0;
            sampleEnergy += trained.energy(y) / draws;
            coldEnergy += trained.energy(BmModes.generateAnnealed(trained, schedule, false, 10, rng)) / draws;
            assertTrue(trained.isLegal(y) && trained.isLegal(warm));
        }
        assertTrue(lines >= 0.5 * draws, lines + " of " + draws + " samples are line images");
        assertTrue(annealedLines >= 0.5 * draws, annealedLines + " of " + draws + " annealed samples");
        assertTrue(coldEnergy < sampleEnergy, "annealed to T_min " + coldEnergy + " vs samples " + sampleEnergy);
    }

    /** Above {@link BmModes#MAX_EXACT_HIDDEN} hidden units P(c | v) is a Gibbs estimate; it tracks the exact one. */
    @Test
    void largeHiddenLayersFallBackToAGibbsEstimate() {
        BoltzmannMachine big = BmFixtures.randomMachine(3, 2, 21, 0.3, 0.5, Seeds.rng(5));
        double[] v = {1, 0, 1};
        double[] estimate = BmModes.classProbabilities(big, v, 3000, 2900, Seeds.rng(6));
        double[] exact = BmModes.classProbabilitiesExact(big, v);
        assertEquals(1.0, estimate[0] + estimate[1], 1e-12);
        assertArrayEquals(exact, estimate, 0.03);
        double[] again = BmModes.classProbabilities(big, v, 3000, 2900, Seeds.rng(7));
        assertTrue(again[0] != estimate[0], "a Gibbs estimate depends on its stream");
        assertThrows(IllegalArgumentException.class,
            () -> BmModes.classProbabilitiesExact(BoltzmannMachine.zeros(3, 0, 1), v));
    }
}
