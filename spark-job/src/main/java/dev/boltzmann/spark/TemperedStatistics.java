package dev.boltzmann.spark;

import dev.boltzmann.learning.SwapCounts;
import java.io.Serializable;

/**
 * What a task of a parallel-tempering round sends back: the model's statistics of its rows and chains, and its
 * chains' swap counts per neighbouring pair of temperatures (RBM and BM alike).
 *
 * @param <S> the model's statistics
 */
public final class TemperedStatistics<S> implements Serializable {
    private static final long serialVersionUID = 1L;
    final S stats;
    final SwapCounts swaps;

    /** Statistics and swap counts of one task. */
    public TemperedStatistics(S stats, SwapCounts swaps) {
        this.stats = stats;
        this.swaps = swaps;
    }
}
