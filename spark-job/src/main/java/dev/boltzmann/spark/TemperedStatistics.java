package dev.boltzmann.spark;

import dev.boltzmann.learning.SwapCounts;
import java.io.Serializable;
import java.util.List;

/**
 * What a task of a parallel-tempering round sends back: the model's statistics of its rows and chains, and its
 * chains' swap counts per neighbouring pair of temperatures (RBM, label RBM and BM alike).
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

    /**
     * The driver's half of a tempered round: {@code plain}'s order, merge, update and monitor on the statistics,
     * the swap counts summed alongside (in the same partition order) and added to {@code epochSwaps} at each
     * update.
     *
     * @param temperatures K, the replicas per chain
     */
    static <P, S> RoundEngine.Driver<P, TemperedStatistics<S>> driver(RoundEngine.Driver<P, S> plain,
                                                                       int temperatures, SwapCounts epochSwaps) {
        return new RoundEngine.Driver<>() {
            @Override
            public int[] order(int epoch, int rows) {
                return plain.order(epoch, rows);
            }

            @Override
            public TemperedStatistics<S> empty(P params) {
                return new TemperedStatistics<>(plain.empty(params), SwapCounts.empty(temperatures));
            }

            @Override
            public TemperedStatistics<S> merge(TemperedStatistics<S> into, TemperedStatistics<S> part) {
                S sum = plain.merge(into.stats, part.stats);
                into.swaps.merge(part.swaps);
                return sum == into.stats ? into : new TemperedStatistics<>(sum, into.swaps);
            }

            @Override
            public TemperedStatistics<S> mergeAll(TemperedStatistics<S> into, List<TemperedStatistics<S>> parts) {
                S sum = plain.mergeAll(into.stats, parts.stream().map(p -> p.stats).toList());
                parts.forEach(p -> into.swaps.merge(p.swaps));
                return sum == into.stats ? into : new TemperedStatistics<>(sum, into.swaps);
            }

            @Override
            public P apply(P params, TemperedStatistics<S> sum, int epoch, int round) {
                epochSwaps.merge(sum.swaps);
                return plain.apply(params, sum.stats, epoch, round);
            }

            @Override
            public double monitor(TemperedStatistics<S> sum) {
                return plain.monitor(sum.stats);
            }

            @Override
            public long size(P params) {
                return plain.size(params);
            }
        };
    }
}
