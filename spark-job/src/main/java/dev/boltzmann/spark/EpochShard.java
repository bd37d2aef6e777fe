package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * One partition's patterns laid out for one epoch: sorted by their position in the epoch's shuffled order, so that
 * the rows of mini-batch r (positions {@code [r·B, (r+1)·B)}) are one contiguous block found by binary search.
 *
 * <p>Built once per epoch from the cached patterns and the broadcast positions, persisted, and read by every
 * round of the epoch; a lost shard is rebuilt from the same inputs, so task retries see the same rows.
 */
public final class EpochShard implements Serializable {
    private static final long serialVersionUID = 1L;

    final int width;
    final int[] positions;
    final long[] ids;
    final double[] rows;

    EpochShard(int width, int[] positions, long[] ids, double[] rows) {
        this.width = width;
        this.positions = positions;
        this.ids = ids;
        this.rows = rows;
    }

    /**
     * Lays out a partition.
     *
     * @param position position[i] = place of pattern i in the epoch's order
     */
    static EpochShard of(Iterator<LabeledPattern> it, int width, int[] position) {
        List<LabeledPattern> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        list.sort(Comparator.comparingInt(p -> position[(int) p.index()]));
        int n = list.size();
        int[] pos = new int[n];
        long[] ids = new long[n];
        double[] rows = new double[n * width];
        for (int k = 0; k < n; k++) {
            LabeledPattern p = list.get(k);
            ids[k] = p.index();
            pos[k] = position[(int) p.index()];
            System.arraycopy(p.values(), 0, rows, k * width, width);
        }
        return new EpochShard(width, pos, ids, rows);
    }

    /** Index of the first row whose position is at least {@code position}. */
    int lowerBound(int position) {
        int lo = 0;
        int hi = positions.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Rows of this shard in mini-batch {@code round} of size {@code batch}: {from, to} indices. */
    int[] roundRange(int round, int batch) {
        long start = (long) round * batch;
        long end = start + batch;
        return new int[] {lowerBound((int) Math.min(start, Integer.MAX_VALUE)),
            lowerBound((int) Math.min(end, Integer.MAX_VALUE))};
    }
}
