package dev.boltzmann.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.boltzmann.model.EnergyFunction;
import dev.boltzmann.model.Encoding;
import dev.boltzmann.model.IsingEnergy;
import dev.boltzmann.model.NeuralEnergy;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * General energy-based models in the model directory, {@code kind = "ebm"} with {@code energy} naming the
 * function and {@code dimension} its number of coordinates:
 * <ul>
 *   <li>{@code energy = "ising"}: E(y) = -½ yᵀWy - bᵀy on binary or bipolar units ({@code encoding}), as
 *       {@code weights.npy} (d × d, symmetric, zero diagonal) and {@code bias.npy} (d), the layout of a Hopfield
 *       network or a BM without hidden units;</li>
 *   <li>{@code energy = "neural"}: E(x) = Σ_k v_k softplus(u_kᵀx + c_k) + ‖x‖²/(2s²) on R^d, as {@code U.npy}
 *       (hidden × d, row k is u_k), {@code c.npy} (hidden) and {@code v.npy} (hidden), with {@code hidden} and
 *       {@code confinementScale} (s, fixed) in the metadata; {@code encoding = "continuous"}.</li>
 * </ul>
 */
public final class EbmStore {
    /** The {@code kind} written into metadata. */
    public static final String KIND = "ebm";

    private EbmStore() {
    }

    /** The arrays of {@code energy}, by file name. */
    public static Map<String, ModelStore.NamedArray> arrays(EnergyFunction energy) {
        Map<String, ModelStore.NamedArray> arrays = ModelStore.arrays();
        int d = energy.dimension();
        if (energy instanceof IsingEnergy ising) {
            HopfieldStore.arrays(ising.toHopfieldNetwork()).forEach(arrays::put);
        } else if (energy instanceof NeuralEnergy neural) {
            int k = neural.hidden();
            double[] theta = neural.parameters();
            arrays.put("U", new ModelStore.NamedArray(java.util.Arrays.copyOfRange(theta, 0, k * d), k, d));
            arrays.put("c", new ModelStore.NamedArray(java.util.Arrays.copyOfRange(theta, k * d, k * d + k), k));
            arrays.put("v", new ModelStore.NamedArray(java.util.Arrays.copyOfRange(theta, k * d + k, k * d + 2 * k),
                k));
        } else {
            throw new IllegalArgumentException("no model-directory layout for " + energy.getClass().getSimpleName());
        }
        return arrays;
    }

    /** Fills in kind, energy, dimension, encoding (and the neural energy's hidden units and confinement). */
    public static void describe(ObjectNode metadata, EnergyFunction energy) {
        metadata.put("kind", KIND);
        metadata.put("dimension", energy.dimension());
        metadata.put("visible", energy.dimension());
        if (energy instanceof NeuralEnergy neural) {
            metadata.put("energy", "neural");
            metadata.put("hidden", neural.hidden());
            metadata.put("confinementScale", neural.confinementScale());
            metadata.put("encoding", "continuous");
        } else {
            metadata.put("energy", "ising");
            metadata.put("hidden", 0);
            metadata.put("encoding", energy.stateSpace().encoding().name().toLowerCase());
        }
    }

    /** The metadata and the energy of a model directory. */
    public record Loaded(ObjectNode metadata, EnergyFunction energy) {
    }

    /**
     * Reads an EBM model directory, checking kind, energy, sizes and shapes.
     *
     * @throws BadInputException naming the file when anything is off
     */
    public static Loaded read(Configuration conf, String dir) throws IOException {
        ObjectNode meta = ModelStore.readMetadata(conf, dir, KIND);
        int d = ModelStore.positiveInt(meta, dir, "dimension");
        String energy = meta.path("energy").asText("");
        String where = dir + "/" + ModelStore.METADATA;
        try {
            switch (energy) {
                case "ising" -> {
                    Encoding enc = Encoding.parse(meta.path("encoding").asText(""));
                    double[] w = ModelStore.readArray(conf, dir, "weights", d, d).data();
                    double[] b = ModelStore.readArray(conf, dir, "bias", d).data();
                    dev.boltzmann.model.HopfieldNetwork net;
                    try {
                        net = dev.boltzmann.model.HopfieldNetwork.of(w, b, enc);
                    } catch (IllegalArgumentException e) {
                        throw new BadInputException(dir + "/weights.npy: " + e.getMessage());
                    }
                    return new Loaded(meta, IsingEnergy.of(net));
                }
                case "neural" -> {
                    int k = ModelStore.positiveInt(meta, dir, "hidden");
                    double s = meta.path("confinementScale").asDouble(Double.NaN);
                    double[] theta = new double[NeuralEnergy.numParameters(d, k)];
                    System.arraycopy(ModelStore.readArray(conf, dir, "U", k, d).data(), 0, theta, 0, k * d);
                    System.arraycopy(ModelStore.readArray(conf, dir, "c", k).data(), 0, theta, k * d, k);
                    System.arraycopy(ModelStore.readArray(conf, dir, "v", k).data(), 0, theta, k * d + k, k);
                    return new Loaded(meta, NeuralEnergy.of(d, k, s, theta));
                }
                default -> throw new BadInputException(where + ": energy '" + energy + "' is not one of ising, neural");
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException(where + ": " + e.getMessage());
        }
    }
}
