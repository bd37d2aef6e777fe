package dev.boltzmann.spark;

import dev.boltzmann.io.LabeledPattern;
import dev.boltzmann.io.PackedBits;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/**
 * One partition's patterns laid out for one epoch: sorted by their position in the epoch's shuffled order, so that
 * the rows of mini-batch r (positions {@code [r·B, (r+1)·B)}) are one contiguous block found by binary search.
 *
 * <p>Built once per epoch from the cached patterns and the broadcast positions, persisted, and read by every
 * round of the epoch; a lost shard is rebuilt from the same inputs, so task retries see the same rows.
 *
 * <p>Binary rows are held packed, one bit per unit ({@link PackedBits}); a row with any other value
 * (a probability, an unknown unit) is held as doubles. A task unpacks only its batch ({@link #copyRows}), and
 * gets back exactly the values that were read.
 */
public final class EpochShard implements Serializable {
    private static final long serialVersionUID = 2L;

    final int width;
    final int[] positions;
    final long[] ids;
    /** Row s packed in words {@code [s·words, (s+1)·words)}; all zero for a row held as doubles. */
    private final long[] bits;
    /** Per row, which row of {@link #exact} holds its doubles, or -1 when packed; null when all are packed. */
    private final int[] exactSlot;
    /** The rows that are not binary, {@code width} doubles each; null when there are none. */
    private final double[] exact;

    private EpochShard(int width, int[] positions, long[] ids, long[] bits, int[] exactSlot, double[] exact) {
        this.width = width;
        this.positions = positions;
        this.ids = ids;
        this.bits = bits;
        this.exactSlot = exactSlot;
        this.exact = exact;
    }

    /**
     * Lays out a partition, packing each pattern as it arrives (the partition's patterns are never all held as
     * doubles at once).
     *
     * @param position position[i] = place of pattern i in the epoch's order
     */
    static EpochShard of(Iterator<LabeledPattern> it, int width, int[] position) {
        int words = PackedBits.words(width);
        int n = 0;
        long[] keys = new long[64];
        long[] idsIn = new long[64];
        long[] bitsIn = new long[64 * words];
        int[] exactIn = new int[64];
        double[] exactRows = new double[0];
        int exactCount = 0;
        while (it.hasNext()) {
            LabeledPattern p = it.next();
            double[] v = p.values();
            if (v.length != width) {
                throw new IllegalArgumentException("pattern " + p.index() + " has " + v.length + " units, expected "
                    + width);
            }
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, 2 * n);
                idsIn = Arrays.copyOf(idsIn, 2 * n);
                bitsIn = Arrays.copyOf(bitsIn, 2 * n * words);
                exactIn = Arrays.copyOf(exactIn, 2 * n);
            }
            idsIn[n] = p.index();
            keys[n] = (long) position[(int) p.index()] << 32 | n;
            if (PackedBits.isBinary(v)) {
                PackedBits.pack(v, 0, width, bitsIn, n * words);
                exactIn[n] = -1;
            } else {
                if ((exactCount + 1) * width > exactRows.length) {
                    exactRows = Arrays.copyOf(exactRows, Math.max(2 * exactRows.length, width));
                }
                System.arraycopy(v, 0, exactRows, exactCount * width, width);
                exactIn[n] = exactCount++;
            }
            n++;
        }
        Arrays.sort(keys, 0, n);
        int[] pos = new int[n];
        long[] ids = new long[n];
        long[] bits = new long[n * words];
        int[] slot = exactCount > 0 ? new int[n] : null;
        for (int s = 0; s < n; s++) {
            int k = (int) keys[s];
            pos[s] = (int) (keys[s] >>> 32);
            ids[s] = idsIn[k];
            System.arraycopy(bitsIn, k * words, bits, s * words, words);
            if (slot != null) {
                slot[s] = exactIn[k];
            }
        }
        return new EpochShard(width, pos, ids, bits, slot,
            exactCount > 0 ? Arrays.copyOf(exactRows, exactCount * width) : null);
    }

    /** Writes rows {@code [from, to)} as {@code (to − from) × width} doubles into {@code dst} from index 0. */
    void copyRows(int from, int to, double[] dst) {
        int words = PackedBits.words(width);
        for (int s = from; s < to; s++) {
            int at = (s - from) * width;
            if (exactSlot != null && exactSlot[s] >= 0) {
                System.arraycopy(exact, exactSlot[s] * width, dst, at, width);
            } else {
                PackedBits.unpack(bits, s * words, width, dst, at);
            }
        }
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
