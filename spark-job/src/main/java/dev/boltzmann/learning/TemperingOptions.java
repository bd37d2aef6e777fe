package dev.boltzmann.learning;

import java.io.Serializable;

/**
 * The temperature ladder of parallel tempering ({@link ParallelTempering}): K inverse temperatures
 * {@code 1 = β_0 > β_1 > … > β_{K−1} = lowestBeta ≥ 0}.
 *
 * <pre>
 *   geometric:  β_k = lowestBeta^(k / (K−1))        (needs lowestBeta &gt; 0)
 *   linear:     β_k = 1 − (1 − lowestBeta) · k / (K−1)
 * </pre>
 * Geometric spacing puts more replicas near β = 1, where the energy landscape is rough; linear spacing reaches
 * β = 0 (the uniform distribution), which geometric spacing cannot.
 *
 * @param numTemperatures K ≥ 2. Default 10.
 * @param lowestBeta β_{K−1} in [0, 1). Default 0.1.
 * @param spacing how the betas between 1 and lowestBeta are placed. Default {@link Spacing#GEOMETRIC}.
 */
public record TemperingOptions(int numTemperatures, double lowestBeta, Spacing spacing) implements Serializable {

    /** How the inverse temperatures are spaced between 1 and {@code lowestBeta}. */
    public enum Spacing {
        /** Equal ratios β_{k+1} / β_k. */
        GEOMETRIC,
        /** Equal differences β_k − β_{k+1}. */
        LINEAR;

        /** Parses "geometric" or "linear", case-insensitively. */
        public static Spacing parse(String name) {
            for (Spacing s : values()) {
                if (s.name().equalsIgnoreCase(name.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown temperature spacing '" + name
                + "'; allowed: geometric, linear");
        }
    }

    /** Validates the ranges; the message names the parameter and the value. */
    public TemperingOptions {
        if (numTemperatures < 2) {
            throw new IllegalArgumentException("numTemperatures must be >= 2, got " + numTemperatures);
        }
        if (!(lowestBeta >= 0.0 && lowestBeta < 1.0)) {
            throw new IllegalArgumentException("lowestBeta must be in [0, 1), got " + lowestBeta);
        }
        if (spacing == null) {
            throw new IllegalArgumentException("spacing must be geometric or linear, got null");
        }
        if (spacing == Spacing.GEOMETRIC && lowestBeta == 0.0) {
            throw new IllegalArgumentException("lowestBeta must be > 0 with geometric spacing (use linear to reach 0)");
        }
    }

    /** K = 10, lowest β 0.1, geometric. */
    public static TemperingOptions defaults() {
        return new TemperingOptions(10, 0.1, Spacing.GEOMETRIC);
    }

    /** The ladder β_0 = 1 &gt; … &gt; β_{K−1} = lowestBeta, a new array of length K. */
    public double[] betas() {
        int k = numTemperatures;
        double[] b = new double[k];
        for (int i = 0; i < k; i++) {
            double t = (double) i / (k - 1);
            b[i] = spacing == Spacing.GEOMETRIC ? Math.pow(lowestBeta, t) : 1.0 - (1.0 - lowestBeta) * t;
        }
        b[0] = 1.0;
        b[k - 1] = lowestBeta;
        return b;
    }
}
