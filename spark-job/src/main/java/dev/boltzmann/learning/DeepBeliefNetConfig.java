package dev.boltzmann.learning;

import dev.boltzmann.math.Seeds;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of greedy layer-wise deep-belief-net training ({@link DeepBeliefNetTrainer}), validated on construction.
 *
 * @param layers one RBM configuration per layer, bottom first (at least one); layer k's {@code numHidden} is the
 *     size of hidden layer k+1, and its other fields (rule, k, rates, batches, epochs, seed, init) train that layer
 * @param labelTop whether the top layer is a {@link dev.boltzmann.model.LabelRbm} trained on (features, labels)
 * @param propagation what the layer above is trained on
 * @param tiedInit whether a plain layer k ≥ 1 whose size equals the visible size of layer k−1 starts at layer k−1
 *     transposed ({@code W_k = W_{k−1}ᵀ}, {@code a_k = b_{k−1}}, {@code b_k = a_{k−1}}; Hinton, Osindero &amp; Teh
 *     2006 §4), so the net starts out as the lower RBM and the variational bound starts at its log-likelihood;
 *     otherwise (and for a label top) the layer's configured random initialisation is used
 * @param tempering the ladder of parallel tempering as every layer's negative phase ({@link ParallelTempering} for
 *     a plain layer, {@link LabelTempering} for the label top; every layer's rule must be PCD), or null for the
 *     layers' own negative phase
 * @param centering which units of every layer are centred ({@link RbmCentering}; NONE for the ordinary gradient):
 *     each layer's offsets start at the means of that layer's input (μ; for a label top with the class frequencies
 *     appended) and ½ or 0 (λ)
 * @param centeringRate ν of the offsets' sliding averages, in [0, 1] (ignored for NONE)
 */
public record DeepBeliefNetConfig(List<RbmTrainingConfig> layers, boolean labelTop, Propagation propagation,
                                  boolean tiedInit, TemperingOptions tempering, RbmCentering.Mode centering,
                                  double centeringRate)
    implements Serializable {

    /** Purpose key of the per-layer seeds of {@link #of} ("DBN_LAYR"). */
    public static final long LAYER_PURPOSE = 0x44424E5F4C415952L;

    /** What the lower layer hands up as the next layer's training data. */
    public enum Propagation {
        /** The hidden probabilities {@code p(h|v)} (mean-field, deterministic; Hinton 2010 §3.4 advice). */
        PROBABILITIES,
        /** One binary sample {@code h ~ p(h|v)} per row, as in Hinton, Osindero &amp; Teh 2006. */
        SAMPLES
    }

    /** Validates the list and copies it (unmodifiable). */
    public DeepBeliefNetConfig {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must hold at least one layer configuration, got " + layers);
        }
        for (int k = 0; k < layers.size(); k++) {
            if (layers.get(k) == null) {
                throw new IllegalArgumentException("layers[" + k + "] is null");
            }
        }
        if (propagation == null) {
            throw new IllegalArgumentException("propagation must be PROBABILITIES or SAMPLES, got null");
        }
        layers = List.copyOf(layers);
        if (centering == null || !(centeringRate >= 0.0 && centeringRate <= 1.0)) {
            throw new IllegalArgumentException("centering needs a mode and a rate in [0, 1], got " + centering + ", "
                + centeringRate);
        }
        for (int k = 0; k < layers.size() && tempering != null; k++) {
            if (layers.get(k).rule() != RbmTrainingConfig.Rule.PCD) {
                throw new IllegalArgumentException("parallel tempering keeps persistent chains: layer " + k
                    + " needs rule pcd, got " + layers.get(k).rule());
            }
        }
    }

    /** Without centring. */
    public DeepBeliefNetConfig(List<RbmTrainingConfig> layers, boolean labelTop, Propagation propagation,
                               boolean tiedInit, TemperingOptions tempering) {
        this(layers, labelTop, propagation, tiedInit, tempering, RbmCentering.Mode.NONE, 0.0);
    }

    /** Without parallel tempering. */
    public DeepBeliefNetConfig(List<RbmTrainingConfig> layers, boolean labelTop, Propagation propagation,
                               boolean tiedInit) {
        this(layers, labelTop, propagation, tiedInit, null);
    }

    /**
     * One configuration per hidden-layer size, each {@code base} with that {@code numHidden} and the seed
     * {@code Seeds.derive(base.seed(), LAYER_PURPOSE, k)} for layer k; hidden probabilities are propagated, random
     * initialisation.
     *
     * @param hiddenSizes sizes n_1 … n_L (each ≥ 1, at least one)
     */
    public static DeepBeliefNetConfig of(List<Integer> hiddenSizes, RbmTrainingConfig base, boolean labelTop) {
        if (hiddenSizes == null || hiddenSizes.isEmpty()) {
            throw new IllegalArgumentException("hiddenSizes must list at least one layer size, got " + hiddenSizes);
        }
        List<RbmTrainingConfig> layers = new ArrayList<>();
        for (int k = 0; k < hiddenSizes.size(); k++) {
            layers.add(base.withNumHidden(hiddenSizes.get(k)).withSeed(Seeds.derive(base.seed(), LAYER_PURPOSE, k)));
        }
        return new DeepBeliefNetConfig(layers, labelTop, Propagation.PROBABILITIES, false);
    }

    /** A copy with another propagation. */
    public DeepBeliefNetConfig withPropagation(Propagation p) {
        return new DeepBeliefNetConfig(layers, labelTop, p, tiedInit, tempering, centering, centeringRate);
    }

    /** A copy with {@code tiedInit} replaced. */
    public DeepBeliefNetConfig withTiedInit(boolean tied) {
        return new DeepBeliefNetConfig(layers, labelTop, propagation, tied, tempering, centering, centeringRate);
    }

    /** A copy with layer k's configuration replaced. */
    public DeepBeliefNetConfig withLayer(int k, RbmTrainingConfig config) {
        List<RbmTrainingConfig> copy = new ArrayList<>(layers);
        copy.set(k, config);
        return new DeepBeliefNetConfig(copy, labelTop, propagation, tiedInit, tempering, centering, centeringRate);
    }

    /** A copy whose layers train with parallel tempering on {@code ladder} (null: without). */
    public DeepBeliefNetConfig withTempering(TemperingOptions ladder) {
        return new DeepBeliefNetConfig(layers, labelTop, propagation, tiedInit, ladder, centering, centeringRate);
    }

    /**
     * A copy whose layers (the label top included) are trained centred ({@link RbmCentering}) with this mode and rate (NONE: ordinary).
     *
     * @throws IllegalArgumentException if the rate is outside [0, 1]
     */
    public DeepBeliefNetConfig withCentering(RbmCentering.Mode mode, double rate) {
        return new DeepBeliefNetConfig(layers, labelTop, propagation, tiedInit, tempering, mode, rate);
    }

    /** Replicas per persistent chain: K with parallel tempering, else 1. */
    public int chainReplicas() {
        return tempering == null ? 1 : tempering.numTemperatures();
    }

    /** The hidden-layer sizes n_1 … n_L. */
    public int[] hiddenSizes() {
        return layers.stream().mapToInt(RbmTrainingConfig::numHidden).toArray();
    }
}
