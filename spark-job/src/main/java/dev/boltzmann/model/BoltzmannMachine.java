package dev.boltzmann.model;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A general (fully connected) Boltzmann machine with binary {0,1} units, optionally with a softmax label group.
 *
 * <p>Unit order, fixed throughout the project: <b>visible units first, then the label group, then the hidden
 * units</b>,
 * <pre>
 *   y = (v_0 … v_{nv-1},  c_0 … c_{C-1},  h_0 … h_{nh-1}),   n = nv + C + nh
 *   visible  [0, nv)        labels  [nv, nv + C)        hidden  [nv + C, n)
 *   energy   E(y) = -½ yᵀ W y - bᵀ y = -Σ_{i&lt;j} W_ij y_i y_j - Σ_i b_i y_i
 *   field    z_i  = Σ_j W_ij y_j + b_i,     P(y_i = 1 | rest) = σ(z_i / T)
 *   P(y) = exp(-E(y)/T) / Z
 * </pre>
 * W is symmetric with zero diagonal, stored row-major in one array of length n·n. The label group (C = 0, or
 * C ≥ 2) is a softmax unit: a legal state has exactly one label unit on (one-hot), and the group is sampled as
 * a whole, {@code P(c | rest) ∝ exp(z_c / T)} with {@code z_c = b_c + Σ_j W_cj y_j}. Weights among the label
 * units must be zero (they never matter: two labels are never on together, and they never get a gradient).
 * With C = 0 every one of the 2^n binary states is legal.
 *
 * <p>Instances are immutable; arrays are copied in and out. {@link #asHopfield()} is the same parameters as a
 * binary-encoded {@link HopfieldNetwork}, so that {@code GibbsSampler} and {@code SimulatedAnnealing} serve a
 * machine without labels directly.
 *
 * <pre>
 * Ackley, Hinton &amp; Sejnowski: A learning algorithm for Boltzmann machines, Cognitive Science 9 (1985) 147–169.
 * </pre>
 */
public final class BoltzmannMachine implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The label value meaning "no label known" in APIs that take an {@code int label}. */
    public static final int NO_LABEL = -1;

    private final int numVisible;
    private final int numLabels;
    private final int numHidden;
    private final HopfieldNetwork net;

    private BoltzmannMachine(int numVisible, int numLabels, int numHidden, HopfieldNetwork net) {
        this.numVisible = numVisible;
        this.numLabels = numLabels;
        this.numHidden = numHidden;
        this.net = net;
    }

    /**
     * A machine from its parameters (copied).
     *
     * @param numVisible nv ≥ 1
     * @param numLabels C = 0 (no label group) or ≥ 2
     * @param numHidden nh ≥ 0
     * @param weights row-major n × n, n = nv + C + nh; symmetric, zero diagonal, zero among label units
     * @param bias length n
     * @throws IllegalArgumentException naming the offending size or entry
     */
    public static BoltzmannMachine of(int numVisible, int numLabels, int numHidden, double[] weights,
                                      double[] bias) {
        checkSizes(numVisible, numLabels, numHidden);
        int n = numVisible + numLabels + numHidden;
        if (bias.length != n) {
            throw new IllegalArgumentException("bias has " + bias.length + " entries, expected n = nv + C + nh = "
                + n);
        }
        HopfieldNetwork net = HopfieldNetwork.of(weights, bias, Encoding.BINARY);
        for (int a = numVisible; a < numVisible + numLabels; a++) {
            for (int c = numVisible; c < numVisible + numLabels; c++) {
                if (weights[a * n + c] != 0.0) {
                    throw new IllegalArgumentException("weights[" + a + "][" + c + "] = " + weights[a * n + c]
                        + ": weights among the label units must be zero");
                }
            }
        }
        return new BoltzmannMachine(numVisible, numLabels, numHidden, net);
    }

    /** A fully visible machine (no labels, no hidden units) from W (n × n) and b (length n). */
    public static BoltzmannMachine fullyVisible(double[] weights, double[] bias) {
        return of(bias.length, 0, 0, weights, bias);
    }

    /** A machine with all weights and biases zero (the uniform distribution over legal states). */
    public static BoltzmannMachine zeros(int numVisible, int numLabels, int numHidden) {
        checkSizes(numVisible, numLabels, numHidden);
        int n = numVisible + numLabels + numHidden;
        return of(numVisible, numLabels, numHidden, new double[n * n], new double[n]);
    }

    /**
     * A random initialisation: each weight W_ij = W_ji (i &lt; j, not both labels) drawn from N(0, sd²),
     * biases zero. Consumes two {@code nextDouble()} per weight, in row-major order of the upper triangle.
     *
     * @param weightSd the standard deviation, ≥ 0 and finite (0.01–0.1 is usual)
     * @param rng the caller's generator
     */
    public static BoltzmannMachine random(int numVisible, int numLabels, int numHidden, double weightSd,
                                          SplittableRandom rng) {
        checkSizes(numVisible, numLabels, numHidden);
        if (!(weightSd >= 0.0) || Double.isInfinite(weightSd)) {
            throw new IllegalArgumentException("weightSd must be finite and >= 0, got " + weightSd);
        }
        int n = numVisible + numLabels + numHidden;
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                boolean bothLabels = isLabel(i, numVisible, numLabels) && isLabel(j, numVisible, numLabels);
                if (!bothLabels) {
                    double g = weightSd * gaussian(rng);
                    w[i * n + j] = g;
                    w[j * n + i] = g;
                }
            }
        }
        return of(numVisible, numLabels, numHidden, w, new double[n]);
    }

    private static void checkSizes(int numVisible, int numLabels, int numHidden) {
        if (numVisible < 1) {
            throw new IllegalArgumentException("numVisible must be >= 1, got " + numVisible);
        }
        if (numLabels < 0 || numLabels == 1) {
            throw new IllegalArgumentException("numLabels must be 0 (no label group) or >= 2, got " + numLabels);
        }
        if (numHidden < 0) {
            throw new IllegalArgumentException("numHidden must be >= 0, got " + numHidden);
        }
    }

    private static boolean isLabel(int i, int numVisible, int numLabels) {
        return i >= numVisible && i < numVisible + numLabels;
    }

    /** Box–Muller; one of the pair is discarded so that each draw uses exactly two doubles. */
    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }

    /** nv, the number of visible units (indices [0, nv)). */
    public int numVisible() {
        return numVisible;
    }

    /** C, the size of the label group (indices [nv, nv + C)); 0 if none. */
    public int numLabels() {
        return numLabels;
    }

    /** nh, the number of hidden units (indices [nv + C, n)). */
    public int numHidden() {
        return numHidden;
    }

    /** n = nv + C + nh, the number of units. */
    public int size() {
        return net.size();
    }

    /** The index of the first label unit, nv. */
    public int labelStart() {
        return numVisible;
    }

    /** The index of the first hidden unit, nv + C. */
    public int hiddenStart() {
        return numVisible + numLabels;
    }

    /** Whether unit i belongs to the label group. */
    public boolean isLabelUnit(int i) {
        return isLabel(i, numVisible, numLabels);
    }

    /** W_ij. */
    public double weight(int i, int j) {
        return net.weight(i, j);
    }

    /** b_i. */
    public double bias(int i) {
        return net.bias(i);
    }

    /** A copy of W, row-major n × n. */
    public double[] weights() {
        return net.weights();
    }

    /** A copy of b, length n. */
    public double[] biases() {
        return net.biases();
    }

    /** The same W and b as a binary-encoded Hopfield network (shared, immutable). */
    public HopfieldNetwork asHopfield() {
        return net;
    }

    /** The field z_i = Σ_j W_ij y_j + b_i for a state y of length n. */
    public double field(double[] y, int i) {
        return net.field(y, i);
    }

    /** E(y) = -½ yᵀWy - bᵀy for a 0/1 state of length n. */
    public double energy(double[] y) {
        return net.energy(y);
    }

    /**
     * Writes the one-hot code of {@code label} into the label group of {@code y} (length n).
     *
     * @throws IllegalArgumentException if the label is outside [0, C)
     */
    public void setLabel(double[] y, int label) {
        if (label < 0 || label >= numLabels) {
            throw new IllegalArgumentException("label must be in [0, " + numLabels + "), got " + label);
        }
        for (int c = 0; c < numLabels; c++) {
            y[numVisible + c] = c == label ? 1.0 : 0.0;
        }
    }

    /** The label that is on in {@code y}'s label group (the first one on), or {@link #NO_LABEL} if none. */
    public int label(double[] y) {
        for (int c = 0; c < numLabels; c++) {
            if (y[numVisible + c] == 1.0) {
                return c;
            }
        }
        return NO_LABEL;
    }

    /**
     * Whether {@code y} is a legal state: length n, every value 0 or 1, and (if C &gt; 0) exactly one label on.
     */
    public boolean isLegal(double[] y) {
        if (y.length != size()) {
            return false;
        }
        int labelsOn = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] != 0.0 && y[i] != 1.0) {
                return false;
            }
            if (y[i] == 1.0 && isLabelUnit(i)) {
                labelsOn++;
            }
        }
        return numLabels == 0 || labelsOn == 1;
    }

    /**
     * A full state from a visible pattern: v copied in, the label group one-hot for {@code label} (all zero if
     * {@link #NO_LABEL}), hidden units 0.
     *
     * @param visible 0/1, length nv (not modified)
     * @param label in [0, C), or {@link #NO_LABEL}
     * @return a new array of length n
     */
    public double[] stateOf(double[] visible, int label) {
        UnitStates.checkLength(visible, numVisible, "visible pattern");
        double[] y = new double[size()];
        for (int i = 0; i < numVisible; i++) {
            if (visible[i] != 0.0 && visible[i] != 1.0) {
                throw new IllegalArgumentException("visible unit " + i + " is " + visible[i] + ", expected 0 or 1");
            }
            y[i] = visible[i];
        }
        if (label != NO_LABEL) {
            setLabel(y, label);
        }
        return y;
    }

    /** A copy of the visible part of {@code y}, length nv. */
    public double[] visiblePart(double[] y) {
        return Arrays.copyOf(y, numVisible);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BoltzmannMachine m && m.numVisible == numVisible && m.numLabels == numLabels
            && m.numHidden == numHidden && m.net.equals(net);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * numVisible + numLabels) + numHidden) + net.hashCode();
    }

    @Override
    public String toString() {
        return "BoltzmannMachine(visible=" + numVisible + ", labels=" + numLabels + ", hidden=" + numHidden + ")";
    }
}
