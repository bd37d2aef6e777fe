package dev.boltzmann.cli;

import dev.boltzmann.io.BadInputException;
import dev.boltzmann.io.BmStore;
import dev.boltzmann.io.DbnStore;
import dev.boltzmann.io.EbmStore;
import dev.boltzmann.io.RbmStore;
import dev.boltzmann.io.HopfieldStore;
import dev.boltzmann.io.ModelStore;
import dev.boltzmann.math.Seeds;
import dev.boltzmann.model.BoltzmannMachine;
import dev.boltzmann.model.DeepBeliefNet;
import dev.boltzmann.model.LabelRbm;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.IsingEnergy;
import dev.boltzmann.model.UnitStates;
import dev.boltzmann.sampling.MetropolisSampler;
import dev.boltzmann.model.HopfieldNetwork;
import dev.boltzmann.sampling.AnnealingSchedule;
import dev.boltzmann.sampling.BmModes;
import dev.boltzmann.sampling.HopfieldRecall;
import dev.boltzmann.sampling.RbmSampler;
import dev.boltzmann.sampling.SimulatedAnnealing;
import dev.boltzmann.sampling.UpdateOrder;
import java.io.IOException;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;

/**
 * A trained model seen through the lecture's four modes of use: generation (optionally annealed), completion,
 * classification and conditional generation. {@code sample}, {@code complete} and {@code classify} work on any
 * kind through this interface; a mode a kind does not have is refused with a message.
 */
interface UsableModel {
    /** Visible units. */
    int width();

    /** Label units (0 for none). */
    int numLabels();

    /** The model's kind as written in its metadata. */
    String kind();

    /**
     * One generated visible state, 0/1.
     *
     * @param label the class to generate, or -1 for free generation
     */
    double[] generate(int label, SampleOptions options, SplittableRandom rng);

    /**
     * A completion: the unknown (NaN) units of {@code pattern} filled in, 0/1; known units stay as given unless
     * {@code free}.
     */
    double[] complete(double[] pattern, boolean free, SampleOptions options, SplittableRandom rng);

    /** P(c | v) for each class c, length {@link #numLabels()}. */
    default double[] classProbabilities(double[] visible, SampleOptions options, SplittableRandom rng) {
        throw new BadInputException(kind() + " models have no label units: nothing to classify with");
    }

    /**
     * How long chains run.
     *
     * @param sweeps L, Gibbs sweeps (or recall sweeps)
     * @param keepLast M, the last states averaged (completion thresholds their mean at ½)
     * @param anneal an annealing schedule for generation, or null
     * @param lowEnergy with {@code anneal}: end at T_min (a low-energy state) instead of T = 1 (a sample)
     */
    record SampleOptions(int sweeps, int keepLast, AnnealingSchedule anneal, boolean lowEnergy) {
    }

    /**
     * Loads any model directory.
     *
     * @throws BadInputException for a kind this build cannot use
     */
    static UsableModel load(Configuration conf, String dir) throws IOException {
        String kind = ModelStore.readMetadata(conf, dir, null).path("kind").asText();
        return switch (kind) {
            case HopfieldStore.KIND -> new Hopfield(HopfieldStore.read(conf, dir).network());
            case BmStore.KIND -> new Bm(BmStore.read(conf, dir).bm());
            case RbmStore.KIND -> {
                RbmStore.Loaded l = RbmStore.read(conf, dir);
                yield new Rbms(l.labelRbm() != null ? l.labelRbm() : LabelRbm.fromRbm(l.rbm()), l.labelRbm() != null);
            }
            case DbnStore.KIND -> new Dbn(DbnStore.read(conf, dir));
            case EbmStore.KIND -> {
                EbmStore.Loaded l = EbmStore.read(conf, dir);
                yield new Ebm(l.energy(), l.metadata().path("config").path("ebm.stepSize").asDouble(0.5));
            }
            default -> throw new BadInputException(dir + ": models of kind '" + kind + "' cannot be used here yet");
        };
    }

    /** Whether generated states are continuous values (written as CSV lines) rather than binary units. */
    default boolean continuous() {
        return false;
    }

    /** Unknown units of a pattern. */
    static boolean[] known(double[] pattern) {
        boolean[] known = new boolean[pattern.length];
        for (int i = 0; i < pattern.length; i++) {
            known[i] = !Double.isNaN(pattern[i]);
        }
        return known;
    }

    /** A Hopfield network: generation is annealing (or recall from a random state); completion is recall. */
    record Hopfield(HopfieldNetwork net) implements UsableModel {
        @Override
        public int width() {
            return net.size();
        }

        @Override
        public int numLabels() {
            return 0;
        }

        @Override
        public String kind() {
            return HopfieldStore.KIND;
        }

        @Override
        public double[] generate(int label, SampleOptions o, SplittableRandom rng) {
            if (label >= 0) {
                throw new BadInputException("hopfield models have no label units: --label cannot be used");
            }
            HopfieldNetwork b = net.withEncoding(Encoding.BIPOLAR);
            double[] start = new double[b.size()];
            for (int i = 0; i < start.length; i++) {
                start[i] = rng.nextBoolean() ? 1.0 : -1.0;
            }
            double[] y = o.anneal() != null ? SimulatedAnnealing.anneal(b, start, o.anneal(), rng).state()
                : HopfieldRecall.asynchronous(b, start, o.sweeps(), UpdateOrder.RANDOM, rng).state();
            return binary(y);
        }

        @Override
        public double[] complete(double[] pattern, boolean free, SampleOptions o, SplittableRandom rng) {
            return HopfieldRecall.complete(net, pattern, free, o.sweeps(), rng);
        }

        private static double[] binary(double[] bipolar) {
            double[] out = new double[bipolar.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = bipolar[i] > 0 ? 1.0 : 0.0;
            }
            return out;
        }
    }

    /** A Boltzmann machine ({@link BmModes}). */
    record Bm(BoltzmannMachine bm) implements UsableModel {
        @Override
        public int width() {
            return bm.numVisible();
        }

        @Override
        public int numLabels() {
            return bm.numLabels();
        }

        @Override
        public String kind() {
            return BmStore.KIND;
        }

        @Override
        public double[] generate(int label, SampleOptions o, SplittableRandom rng) {
            if (label >= 0) {
                return BmModes.generateConditional(bm, label, o.sweeps(), rng);
            }
            double[] y = o.anneal() != null ? BmModes.generateAnnealed(bm, o.anneal(), !o.lowEnergy(), o.sweeps(), rng)
                : BmModes.generate(bm, o.sweeps(), rng);
            return bm.visiblePart(y);
        }

        @Override
        public double[] complete(double[] pattern, boolean free, SampleOptions o, SplittableRandom rng) {
            if (free) {
                throw new BadInputException("--free applies to hopfield recall; a bm completes with its known units"
                    + " clamped");
            }
            boolean[] known = known(pattern);
            double[] visible = pattern.clone();
            for (int i = 0; i < visible.length; i++) {
                visible[i] = known[i] ? (visible[i] >= 0.5 ? 1.0 : 0.0) : 0.0;
            }
            return BmModes.complete(bm, visible, known, o.sweeps(), o.keepLast(), rng);
        }

        @Override
        public double[] classProbabilities(double[] visible, SampleOptions o, SplittableRandom rng) {
            if (bm.numLabels() == 0) {
                return UsableModel.super.classProbabilities(visible, o, rng);
            }
            return BmModes.classProbabilities(bm, visible, o.sweeps(), o.keepLast(), rng);
        }
    }

    /**
     * A restricted Boltzmann machine, with or without label units ({@link RbmSampler}): block Gibbs sampling;
     * states are written as P(v|h) of the last sweep (or the mean over the last M) thresholded at ½.
     */
    record Rbms(LabelRbm model, boolean labelled) implements UsableModel {
        @Override
        public int width() {
            return model.numVisible();
        }

        @Override
        public int numLabels() {
            return labelled ? model.numLabels() : 0;
        }

        @Override
        public String kind() {
            return RbmStore.KIND;
        }

        private static RbmSampler.Options options(SampleOptions o, SplittableRandom rng) {
            if (o.lowEnergy()) {
                throw new BadInputException("--low-energy: an rbm's annealing ends at T = 1 (a sample), not below");
            }
            try {
                RbmSampler.Options opt = new RbmSampler.Options(o.sweeps(), Math.min(o.keepLast(), o.sweeps()), null,
                    rng.nextLong());
                return o.anneal() == null ? opt : opt.withAnnealing(o.anneal());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
        }

        @Override
        public double[] generate(int label, SampleOptions o, SplittableRandom rng) {
            RbmSampler.Options opt = options(o, rng);
            double[] v = label >= 0 ? RbmSampler.generateWithLabels(model, new int[] {label}, 1, null, opt)
                : RbmSampler.generate(model, 1, null, opt).visible();
            return RbmSampler.threshold(v, 0.5);
        }

        @Override
        public double[] complete(double[] pattern, boolean free, SampleOptions o, SplittableRandom rng) {
            if (free) {
                throw new BadInputException("--free applies to hopfield recall; an rbm completes with its known units"
                    + " clamped");
            }
            double[] partial = pattern.clone();
            for (int i = 0; i < partial.length; i++) {
                if (!Double.isNaN(partial[i])) {
                    partial[i] = partial[i] >= 0.5 ? 1.0 : 0.0;
                }
            }
            return RbmSampler.threshold(RbmSampler.complete(model, partial, null, 1, null, options(o, rng)).visible(),
                0.5);
        }

        @Override
        public double[] classProbabilities(double[] visible, SampleOptions o, SplittableRandom rng) {
            if (!labelled) {
                return UsableModel.super.classProbabilities(visible, o, rng);
            }
            return model.labelPosterior(visible, 1);
        }
    }

    /** A deep belief net: generation from the top layer down (of one class, with a label top); classification. */
    record Dbn(DeepBeliefNet net) implements UsableModel {
        @Override
        public int width() {
            return net.numVisible();
        }

        @Override
        public int numLabels() {
            return net.hasLabels() ? net.labelTop().numLabels() : 0;
        }

        @Override
        public String kind() {
            return DbnStore.KIND;
        }

        @Override
        public double[] generate(int label, SampleOptions o, SplittableRandom rng) {
            RbmSampler.Options opt = Rbms.options(o, rng);
            RbmSampler.Samples s = RbmSampler.generate(net, label >= 0 ? new int[] {label} : null, 1, opt);
            return RbmSampler.threshold(s.visible(), 0.5);
        }

        /**
         * Up-down completion: from the known units (unknown ones at ½), pass up to the top layer (mean field), take
         * one Gibbs step in the top RBM from there, pass down to P(v|h¹), put the known units back; L times, and
         * threshold the mean of the last M.
         */
        @Override
        public double[] complete(double[] pattern, boolean free, SampleOptions o, SplittableRandom rng) {
            if (free) {
                throw new BadInputException("--free applies to hopfield recall; a dbn completes with its known units"
                    + " clamped");
            }
            int nv = net.numVisible();
            boolean[] known = known(pattern);
            double[] v = new double[nv];
            for (int i = 0; i < nv; i++) {
                v[i] = known[i] ? (pattern[i] >= 0.5 ? 1.0 : 0.0) : 0.5;
            }
            LabelRbm top = net.topAsLabelRbm();
            double[] unknownTop = new double[top.numVisible()];
            java.util.Arrays.fill(unknownTop, Double.NaN);
            double[] sum = new double[nv];
            int keep = Math.min(o.keepLast(), o.sweeps());
            for (int s = 0; s < o.sweeps(); s++) {
                double[] up = net.upPass(v, 1, net.numLayers() - 1);
                double[] t = RbmSampler.complete(top, unknownTop, null, 1, up,
                    new RbmSampler.Options(1, 1, null, rng.nextLong())).visible();
                double[] down = net.downPass(t, 1, rng.nextLong());
                for (int i = 0; i < nv; i++) {
                    v[i] = known[i] ? v[i] : down[i];
                }
                if (s >= o.sweeps() - keep) {
                    for (int i = 0; i < nv; i++) {
                        sum[i] += v[i];
                    }
                }
            }
            for (int i = 0; i < nv; i++) {
                sum[i] /= keep;
            }
            return RbmSampler.threshold(sum, 0.5);
        }

        @Override
        public double[] classProbabilities(double[] visible, SampleOptions o, SplittableRandom rng) {
            if (!net.hasLabels()) {
                return UsableModel.super.classProbabilities(visible, o, rng);
            }
            double[] top = net.upPass(visible, 1, net.numLayers() - 1);
            return net.labelTop().labelPosterior(top, 1);
        }
    }

    /**
     * A general energy-based model ({@code kind = ebm}; {@code stepSize}: σ of the Gaussian proposals on continuous
     * states): generation by random-walk Metropolis chains (one sweep is
     * d single-unit proposals on binary states, one Gaussian proposal on continuous ones), optionally annealed;
     * an Ising energy completes patterns as the fully visible Boltzmann machine it is.
     */
    record Ebm(EnergyFunction energy, double stepSize) implements UsableModel {
        @Override
        public int width() {
            return energy.dimension();
        }

        @Override
        public int numLabels() {
            return 0;
        }

        @Override
        public String kind() {
            return EbmStore.KIND;
        }

        @Override
        public boolean continuous() {
            return !energy.stateSpace().isDiscrete();
        }

        @Override
        public double[] generate(int label, SampleOptions o, SplittableRandom rng) {
            if (label >= 0) {
                throw new BadInputException("ebm models have no label units: --label cannot be used");
            }
            double[] y = generate(energy, stepSize, o, rng);
            return continuous() ? y : UnitStates.toEncoding(y, Encoding.BINARY);
        }

        /**
         * One state of {@code e} from a random start (units on with probability ½, or N(0, I)): with
         * {@code o.anneal()}, {@code sweepsPerTemperature} sweeps at each temperature of the schedule (those above 1
         * only, unless {@code o.lowEnergy()}), then {@code o.sweeps()} sweeps at the final temperature (1, or the
         * last one). In the energy's own encoding; {@code stepSize} is the σ of continuous proposals.
         */
        static double[] generate(EnergyFunction e, double stepSize, SampleOptions o, SplittableRandom rng) {
            int d = e.dimension();
            boolean discrete = e.stateSpace().isDiscrete();
            double[] y = new double[d];
            for (int i = 0; i < d; i++) {
                y[i] = discrete ? e.stateSpace().encoding().value(rng.nextBoolean()) : rng.nextGaussian();
            }
            int perSweep = discrete ? d : 1;
            double last = 1.0;
            if (o.anneal() != null) {
                AnnealingSchedule s = o.anneal();
                for (double t = s.initialTemperature(); t >= s.minTemperature(); t *= s.alpha()) {
                    if (!o.lowEnergy() && t <= 1.0) {
                        break;
                    }
                    new MetropolisSampler(e, t, stepSize).advance(y, 0, s.sweepsPerTemperature() * perSweep, rng);
                    last = t;
                }
                last = o.lowEnergy() ? last : 1.0;
            }
            new MetropolisSampler(e, last, stepSize).advance(y, 0, Math.multiplyExact(o.sweeps(), perSweep), rng);
            return y;
        }

        @Override
        public double[] complete(double[] pattern, boolean free, SampleOptions o, SplittableRandom rng) {
            if (!(energy instanceof IsingEnergy ising)) {
                throw new BadInputException("a neural energy has continuous states: complete works on binary"
                    + " patterns of an ising energy");
            }
            HopfieldNetwork b = ising.toHopfieldNetwork().withEncoding(Encoding.BINARY);
            return new Bm(BoltzmannMachine.of(b.size(), 0, 0, b.weights(), b.biases())).complete(pattern, free, o,
                rng);
        }
    }

    /** The random stream of item {@code index} of a command run with {@code seed}. */
    static SplittableRandom stream(long seed, long purpose, long index) {
        return Seeds.rng(seed, purpose, index);
    }
}
