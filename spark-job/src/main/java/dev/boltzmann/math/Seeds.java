package dev.boltzmann.math;

import java.util.SplittableRandom;

/**
 * Derivation of every random stream in the project from one user seed.
 *
 * <p>A stream is named by the user's seed and a path of integer keys, for example
 * {@code (seed, epoch, round, chainIndex)}. The derived seed is a SplitMix64 finaliser folded over the keys,
 * so streams with different paths are statistically independent and the same path always gives the same
 * stream, whatever the number of partitions, executors or task retries. Nothing here depends on the thread,
 * the task or the partition that asks.
 *
 * <pre>
 * Steele, Lea, Flood: Fast splittable pseudorandom number generators, OOPSLA 2014 (SplitMix64).
 * </pre>
 *
 * <p>Scheme identifier written into provenance: {@link #SCHEME}.
 */
public final class Seeds {
    /** Identifies this derivation scheme in a model's provenance. */
    public static final String SCHEME = "splitmix64-path-v1";

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** The SplitMix64 finaliser: a bijective 64-bit mixer. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Derives the seed of the stream named by {@code keys} under {@code seed}.
     *
     * @param seed the user's seed
     * @param keys the path of the stream (e.g. purpose, epoch, round, chain index)
     * @return a 64-bit seed; equal paths give equal seeds
     */
    public static long derive(long seed, long... keys) {
        long h = mix64(seed + GOLDEN_GAMMA);
        for (int i = 0; i < keys.length; i++) {
            h = mix64(h ^ mix64(keys[i] + (i + 2) * GOLDEN_GAMMA));
        }
        return h;
    }

    /** A generator for the stream named by {@code keys} under {@code seed}. */
    public static SplittableRandom rng(long seed, long... keys) {
        return new SplittableRandom(derive(seed, keys));
    }
}
