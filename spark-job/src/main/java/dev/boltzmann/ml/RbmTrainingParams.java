package dev.boltzmann.ml;

import dev.boltzmann.learning.RbmTrainingConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The training params of an RBM (with or without label units): those of {@link RbmTrainingConfig}, with its
 * defaults, and the config keys of the CLI they stand for ({@link #configKeys()}).
 *
 * @param <S> the stage type the setters return
 */
public interface RbmTrainingParams<S> extends Params {
    /** The params themselves, created once per stage. */
    public final class Holder implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final IntParam numHidden;
        final Param<String> rule;
        final IntParam cdSteps;
        final DoubleParam learningRate;
        final DoubleParam learningRateDecay;
        final DoubleParam momentum;
        final DoubleParam weightDecay;
        final IntParam batchSize;
        final IntParam epochs;
        final IntParam numChains;
        final LongParam seed;
        final DoubleParam initialWeightStd;
        final BooleanParam visibleBiasFromData;

        Holder(Params p) {
            RbmTrainingConfig d = RbmTrainingConfig.defaults();
            numHidden = StageParams.atLeast(p, "numHidden", "number of hidden units", 1, d.numHidden());
            rule = StageParams.oneOf(p, "rule", "how negative samples are drawn: contrastive divergence from the"
                + " batch's rows, or persistent chains", "cd", "cd", "pcd");
            cdSteps = StageParams.atLeast(p, "cdSteps", "Gibbs steps per update, the k of CD-k / PCD-k", 1,
                d.cdSteps());
            learningRate = StageParams.inRange(p, "learningRate", "learning rate (per-example mean gradients)", 0,
                Double.POSITIVE_INFINITY, false, false, d.learningRate());
            learningRateDecay = StageParams.inRange(p, "learningRateDecay", "epoch e uses learningRate / (1 + d e)",
                0, Double.POSITIVE_INFINITY, true, false, d.learningRateDecay());
            momentum = StageParams.inRange(p, "momentum", "momentum", 0, 1, true, false, d.momentum());
            weightDecay = StageParams.inRange(p, "weightDecay", "L2 weight decay on the weights", 0,
                Double.POSITIVE_INFINITY, true, false, d.weightDecay());
            batchSize = StageParams.atLeast(p, "batchSize", "rows per mini-batch (one update each)", 1,
                d.batchSize());
            epochs = StageParams.atLeast(p, "epochs", "passes over the data", 0, d.epochs());
            numChains = StageParams.atLeast(p, "numChains", "PCD's persistent chains (0 = batchSize)", 0,
                d.numChains());
            seed = StageParams.anyLong(p, "seed", "the seed every random stream of training is derived from",
                d.seed());
            initialWeightStd = StageParams.inRange(p, "initialWeightStd", "standard deviation of the initial"
                + " Gaussian weights", 0, Double.POSITIVE_INFINITY, true, false, d.initialWeightStd());
            visibleBiasFromData = StageParams.flag(p, "visibleBiasFromData", "start the visible biases at"
                + " log(p/(1-p)) of the data means", d.visibleBiasFromData());
        }
    }

    /** This stage's holder. */
    Holder training();

    /** Number of hidden units. */
    default IntParam numHidden() {
        return training().numHidden;
    }

    /** cd or pcd. */
    default Param<String> rule() {
        return training().rule;
    }

    /** k of CD-k / PCD-k. */
    default IntParam cdSteps() {
        return training().cdSteps;
    }

    /** Learning rate. */
    default DoubleParam learningRate() {
        return training().learningRate;
    }

    /** Learning-rate decay per epoch. */
    default DoubleParam learningRateDecay() {
        return training().learningRateDecay;
    }

    /** Momentum. */
    default DoubleParam momentum() {
        return training().momentum;
    }

    /** L2 weight decay. */
    default DoubleParam weightDecay() {
        return training().weightDecay;
    }

    /** Rows per mini-batch. */
    default IntParam batchSize() {
        return training().batchSize;
    }

    /** Passes over the data. */
    default IntParam epochs() {
        return training().epochs;
    }

    /** PCD chains (0 = batch size). */
    default IntParam numChains() {
        return training().numChains;
    }

    /** The training seed. */
    default LongParam seed() {
        return training().seed;
    }

    /** Initial weight standard deviation. */
    default DoubleParam initialWeightStd() {
        return training().initialWeightStd;
    }

    /** Whether the visible biases start from the data means. */
    default BooleanParam visibleBiasFromData() {
        return training().visibleBiasFromData;
    }

    /** The number of hidden units. */
    default int getNumHidden() {
        return (Integer) getOrDefault(numHidden());
    }

    /** The learning rate. */
    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    /** The number of epochs. */
    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    /** The seed. */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** Sets any of the params above (the typed setters call it). */
    @SuppressWarnings("unchecked")
    default <T> S setParam(Param<T> param, T value) {
        set(param, value);
        return (S) this;
    }

    /** Sets the number of hidden units. */
    default S setNumHidden(int value) {
        return setParam(numHidden(), value);
    }

    /** Sets cd or pcd. */
    default S setRule(String value) {
        return setParam(rule(), value);
    }

    /** Sets k of CD-k / PCD-k. */
    default S setCdSteps(int value) {
        return setParam(cdSteps(), value);
    }

    /** Sets the learning rate. */
    default S setLearningRate(double value) {
        return setParam(learningRate(), value);
    }

    /** Sets the learning-rate decay. */
    default S setLearningRateDecay(double value) {
        return setParam(learningRateDecay(), value);
    }

    /** Sets the momentum. */
    default S setMomentum(double value) {
        return setParam(momentum(), value);
    }

    /** Sets the weight decay. */
    default S setWeightDecay(double value) {
        return setParam(weightDecay(), value);
    }

    /** Sets the mini-batch size. */
    default S setBatchSize(int value) {
        return setParam(batchSize(), value);
    }

    /** Sets the number of epochs. */
    default S setEpochs(int value) {
        return setParam(epochs(), value);
    }

    /** Sets the number of PCD chains. */
    default S setNumChains(int value) {
        return setParam(numChains(), value);
    }

    /** Sets the seed. */
    default S setSeed(long value) {
        return setParam(seed(), value);
    }

    /** Sets the initial weight standard deviation. */
    default S setInitialWeightStd(double value) {
        return setParam(initialWeightStd(), value);
    }

    /** Sets whether the visible biases start from the data means. */
    default S setVisibleBiasFromData(boolean value) {
        return setParam(visibleBiasFromData(), value);
    }

    /** The training settings these params make. */
    default RbmTrainingConfig trainingConfig() {
        return RbmTrainingConfig.defaults()
            .withNumHidden(getNumHidden())
            .withRule(RbmTrainingConfig.Rule.parse(getOrDefault(rule())), (Integer) getOrDefault(cdSteps()))
            .withSchedule((Integer) getOrDefault(batchSize()), getEpochs())
            .withRates(getLearningRate(), (Double) getOrDefault(momentum()), (Double) getOrDefault(weightDecay()))
            .withLearningRateDecay((Double) getOrDefault(learningRateDecay()))
            .withNumChains((Integer) getOrDefault(numChains()))
            .withSeed(getSeed())
            .withInit((Double) getOrDefault(initialWeightStd()), (Boolean) getOrDefault(visibleBiasFromData()));
    }

    /** The CLI config keys and values of these params, for the {@code config} of the model's metadata. */
    static Map<String, String> configKeys(RbmTrainingConfig c, int labels) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model.kind", "rbm");
        m.put("model.hidden", Integer.toString(c.numHidden()));
        m.put("model.labels", Integer.toString(labels));
        m.put("train.rule", c.rule().name().toLowerCase());
        m.put("train.cdSteps", Integer.toString(c.cdSteps()));
        m.put("train.learningRate", Double.toString(c.learningRate()));
        m.put("train.learningRateDecay", Double.toString(c.learningRateDecay()));
        m.put("train.momentum", Double.toString(c.momentum()));
        m.put("train.weightDecay", Double.toString(c.weightDecay()));
        m.put("train.batchSize", Integer.toString(c.batchSize()));
        m.put("train.epochs", Integer.toString(c.epochs()));
        m.put("train.chains", Integer.toString(c.numChains()));
        m.put("train.seed", Long.toString(c.seed()));
        m.put("train.initialWeightStd", Double.toString(c.initialWeightStd()));
        m.put("train.visibleBiasFromData", Boolean.toString(c.visibleBiasFromData()));
        return m;
    }
}
