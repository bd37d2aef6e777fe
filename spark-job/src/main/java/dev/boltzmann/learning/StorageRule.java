package dev.boltzmann.learning;

import dev.boltzmann.model.HopfieldNetwork;

/** The Hopfield storage rules by name, for benchmarks and configuration ({@code train.rule}). */
public enum StorageRule {
    /** {@link HebbianRule}: W = (1/N_p) Σ ξ ξᵀ. */
    HEBBIAN {
        @Override
        public HopfieldNetwork train(double[][] patterns, long seed) {
            return HebbianRule.train(patterns);
        }
    },
    /** {@link StorkeyRule}: incremental, local, higher capacity. */
    STORKEY {
        @Override
        public HopfieldNetwork train(double[][] patterns, long seed) {
            return StorkeyRule.train(patterns);
        }
    },
    /** {@link ContrastiveRule} with {@link ContrastiveOptions#defaults()} and the given seed. */
    CONTRASTIVE {
        @Override
        public HopfieldNetwork train(double[][] patterns, long seed) {
            return ContrastiveRule.train(patterns, ContrastiveOptions.defaults().withSeed(seed));
        }
    };

    /**
     * Stores {@code patterns} with this rule.
     *
     * @param patterns N_p ≥ 1 rows of equal length n, 0/1 or ±1 (not modified)
     * @param seed used by rules with random choices (contrastive); ignored by the others
     * @return a bipolar network of n units
     */
    public abstract HopfieldNetwork train(double[][] patterns, long seed);

    /** The lower-case name used in configuration and JSON output. */
    public String id() {
        return name().toLowerCase();
    }

    /** Parses "hebbian", "storkey" or "contrastive", case-insensitively. */
    public static StorageRule parse(String name) {
        for (StorageRule r : values()) {
            if (r.name().equalsIgnoreCase(name.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown storage rule '" + name
            + "'; allowed: hebbian, storkey, contrastive");
    }
}
