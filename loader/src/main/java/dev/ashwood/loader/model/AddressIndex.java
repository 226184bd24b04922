package dev.ashwood.loader.model;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Maps the dump's addresses to object indexes and back. Objects are numbered in address order, so
 * no hash map is needed; the index takes one of three forms, whichever is smallest:
 * <ul>
 * <li><b>dense</b>: addresses are exactly base..base+n-1 (an ashwood dump's ids): index = address -
 *     base, no memory at all;</li>
 * <li><b>ranked</b>: addresses fill at least a quarter of their range (ids after collapsing, or a
 *     dump cut short): a bit per address in the range plus a running count per 64 bits, index =
 *     the number of present addresses below (at most 3 bytes per object);</li>
 * <li><b>sorted</b>: anything else (Meliae's pointers): the sorted addresses, binary search, 8
 *     bytes per object.</li>
 * </ul>
 */
public final class AddressIndex {
    private final long base;
    private final int count;
    /** Ranked form: present addresses (bit a - base), and the present count before each word. */
    private final long[] words;
    private final int[] rankBefore;
    /** Sorted form. */
    private final long[] sorted;

    private AddressIndex(long base, int count, long[] words, int[] rankBefore, long[] sorted) {
        this.base = base;
        this.count = count;
        this.words = words;
        this.rankBefore = rankBefore;
        this.sorted = sorted;
    }

    /** Addresses {@code base .. base + count - 1}. */
    public static AddressIndex dense(long base, int count) {
        return new AddressIndex(base, count, null, null, null);
    }

    /** {@code sorted} must be sorted and distinct; it is kept, not copied, in the sorted form. */
    public static AddressIndex of(long[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return dense(1, 0);
        }
        long range = sorted[n - 1] - sorted[0] + 1;
        if (range == n) {
            return dense(sorted[0], n);
        }
        if (range > 0 && range <= 4L * n) {
            BitSet present = new BitSet((int) range);
            for (long a : sorted) {
                present.set((int) (a - sorted[0]));
            }
            return ranked(sorted[0], present, n);
        }
        return new AddressIndex(0, n, null, null, sorted);
    }

    private static AddressIndex ranked(long base, BitSet present, int count) {
        long[] words = present.toLongArray();
        int[] rankBefore = new int[words.length];
        int rank = 0;
        for (int w = 0; w < words.length; w++) {
            rankBefore[w] = rank;
            rank += Long.bitCount(words[w]);
        }
        return new AddressIndex(base, count, words, rankBefore, null);
    }

    public int count() {
        return count;
    }

    public long address(int index) {
        if (sorted != null) {
            return sorted[index];
        }
        if (words == null) {
            return base + index;
        }
        // The last word whose running count is at most index holds it; then the bit within it.
        int lo = 0;
        int hi = rankBefore.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rankBefore[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long word = words[lo];
        for (int skip = index - rankBefore[lo]; skip > 0; skip--) {
            word &= word - 1;
        }
        return base + 64L * lo + Long.numberOfTrailingZeros(word);
    }

    /** The index of {@code address}, or -1 when no object has it. */
    public int indexOf(long address) {
        if (sorted != null) {
            int i = Arrays.binarySearch(sorted, address);
            return i >= 0 ? i : -1;
        }
        long offset = address - base;
        if (words == null) {
            return offset >= 0 && offset < count ? (int) offset : -1;
        }
        if (offset < 0 || offset >= 64L * words.length) {
            return -1;
        }
        int w = (int) (offset >>> 6);
        long bit = 1L << offset;
        if ((words[w] & bit) == 0) {
            return -1;
        }
        return rankBefore[w] + Long.bitCount(words[w] & (bit - 1));
    }

    /** The same addresses without those of the objects in {@code removed} (by index). */
    public AddressIndex retain(BitSet removed) {
        int kept = count - removed.cardinality();
        if (sorted != null) {
            long[] out = new long[kept];
            int j = 0;
            for (int i = 0; i < count; i++) {
                if (!removed.get(i)) {
                    out[j++] = sorted[i];
                }
            }
            return of(out);
        }
        if (kept == 0) {
            return dense(1, 0);
        }
        // Dense or ranked: walk the addresses in order (no search per index) and keep the bits.
        BitSet present = new BitSet();
        long first = -1;
        int i = 0;
        for (int w = 0; w < (words == null ? 1 : words.length); w++) {
            long word = words == null ? 0 : words[w];
            int end = words == null ? count : i + Long.bitCount(word);
            for (; i < end; i++) {
                long a;
                if (words == null) {
                    a = base + i;
                } else {
                    a = base + 64L * w + Long.numberOfTrailingZeros(word);
                    word &= word - 1;
                }
                if (!removed.get(i)) {
                    if (first < 0) {
                        first = a;
                    }
                    present.set((int) (a - first));
                }
            }
        }
        return present.length() == kept ? dense(first, kept) : ranked(first, present, kept);
    }

    public long bytes() {
        if (sorted != null) {
            return 8L * sorted.length;
        }
        return words == null ? 0 : 8L * words.length + 4L * rankBefore.length;
    }
}
