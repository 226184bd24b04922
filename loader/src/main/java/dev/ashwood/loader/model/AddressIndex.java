package dev.ashwood.loader.model;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Maps the dump's addresses to object indexes and back. Objects are numbered in address order, so
 * no hash map is needed; the index takes one of three forms, whichever is smallest:
 * <ul>
 * <li><b>dense</b>: addresses are exactly base..base+n-1 (an ashwood dump's ids): index = address -
 *     base, no memory at all;</li>
 * <li><b>ranked</b>: a bit per address of the pages of the range that hold any (a page is 2^16
 *     addresses; empty pages cost 4 bytes), plus a running count per 64 bits; index = the number of
 *     present addresses below. An HPROF heap's addresses / 8 cost about 1 byte per object this way,
 *     with gaps between the heap's regions or generations left out, and a lookup is two array
 *     reads and a bit count;</li>
 * <li><b>sorted</b>: anything else (Meliae's pointers): the sorted addresses, binary search, 8
 *     bytes per object.</li>
 * </ul>
 */
public final class AddressIndex {
    /** Addresses per page of the ranked form: 2^16, 1024 words of bits. */
    private static final int PAGE_BITS = 16;

    private final long base;
    private final int count;
    /** Ranked form: words per page (1024, or fewer when the whole range is one page). */
    private final int pageWords;
    /** Ranked form: per page of the range, its slot among the pages held, -1 when it holds no address. */
    private final int[] slotOfPage;
    /** Ranked form: per slot, the page it holds. */
    private final int[] pageOfSlot;
    /** Ranked form: the pages' bits (address a - base at page, word, bit), and the present count before each word. */
    private final long[] words;
    private final int[] rankBefore;
    /** Sorted form. */
    private final long[] sorted;

    private AddressIndex(long base, int count, int pageWords, int[] slotOfPage, int[] pageOfSlot, long[] words,
            int[] rankBefore, long[] sorted) {
        this.base = base;
        this.count = count;
        this.pageWords = pageWords;
        this.slotOfPage = slotOfPage;
        this.pageOfSlot = pageOfSlot;
        this.words = words;
        this.rankBefore = rankBefore;
        this.sorted = sorted;
    }

    /** Addresses {@code base .. base + count - 1}. */
    public static AddressIndex dense(long base, int count) {
        return new AddressIndex(base, count, 0, null, null, null, null, null);
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
        AddressIndex ranked = rankedOrNull(sorted[0], sorted[n - 1], n, sink -> {
            for (long a : sorted) {
                sink.accept(a);
            }
        });
        return ranked != null ? ranked : new AddressIndex(0, n, 0, null, null, null, null, sorted);
    }

    /**
     * The ranked form of {@code records} addresses from {@code min} to {@code max}, which
     * {@code addresses} hands to its sink in any order, repeats allowed (the index holds each
     * once: see {@link #count}); null when the sorted form would be smaller. Two passes over the
     * addresses, no sorting and no array of them.
     */
    public static AddressIndex rankedOrNull(long min, long max, int records, Consumer<LongConsumer> addresses) {
        if (records == 0 || max < min || max - min >= (1L << (PAGE_BITS + 31)) - 1) {
            return null;
        }
        long range = max - min + 1;
        int pageWords = (int) Math.min(1 << (PAGE_BITS - 6), (range + 63) >>> 6);
        int pages = (int) ((range - 1) >>> PAGE_BITS) + 1;
        if (4L * pages > 8L * records) {
            return null;
        }
        BitSet used = new BitSet(pages);
        addresses.accept(a -> used.set((int) ((a - min) >>> PAGE_BITS)));
        int held = used.cardinality();
        long bytes = 4L * pages + 4L * held + 12L * held * pageWords;
        if (bytes > 8L * records || (long) held * pageWords > Integer.MAX_VALUE - 8) {
            return null;
        }
        int[] slotOfPage = new int[pages];
        int[] pageOfSlot = new int[held];
        int slot = 0;
        for (int p = 0; p < pages; p++) {
            if (used.get(p)) {
                pageOfSlot[slot] = p;
                slotOfPage[p] = slot++;
            } else {
                slotOfPage[p] = -1;
            }
        }
        long[] words = new long[held * pageWords];
        addresses.accept(a -> {
            long offset = a - min;
            words[slotOfPage[(int) (offset >>> PAGE_BITS)] * pageWords + (int) ((offset >>> 6) & ((1 << (PAGE_BITS - 6)) - 1))]
                    |= 1L << offset;
        });
        return withRanks(min, pageWords, slotOfPage, pageOfSlot, words);
    }

    private static AddressIndex withRanks(long base, int pageWords, int[] slotOfPage, int[] pageOfSlot, long[] words) {
        int[] rankBefore = new int[words.length];
        int rank = 0;
        for (int w = 0; w < words.length; w++) {
            rankBefore[w] = rank;
            rank += Long.bitCount(words[w]);
        }
        return new AddressIndex(base, rank, pageWords, slotOfPage, pageOfSlot, words, rankBefore, null);
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
        return addressOf(lo) + Long.numberOfTrailingZeros(word);
    }

    /** The address of bit 0 of word {@code w} of the ranked form. */
    private long addressOf(int w) {
        int slot = w / pageWords;
        return base + ((long) pageOfSlot[slot] << PAGE_BITS) + 64L * (w - slot * pageWords);
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
        long page = offset >>> PAGE_BITS;
        if (offset < 0 || page >= slotOfPage.length) {
            return -1;
        }
        int slot = slotOfPage[(int) page];
        long within = (offset >>> 6) & ((1 << (PAGE_BITS - 6)) - 1);
        if (slot < 0 || within >= pageWords) {
            return -1;
        }
        int w = slot * pageWords + (int) within;
        long bit = 1L << offset;
        if ((words[w] & bit) == 0) {
            return -1;
        }
        return rankBefore[w] + Long.bitCount(words[w] & (bit - 1));
    }

    /** The same addresses without those of the objects in {@code removed} (by index). */
    public AddressIndex retain(BitSet removed) {
        int kept = count - removed.cardinality();
        if (kept == 0) {
            return dense(1, 0);
        }
        if (words == null && sorted == null) {
            int first = removed.nextClearBit(0);
            if (removed.nextSetBit(first) < 0) {
                return dense(base + first, kept);
            }
        }
        // Walk the addresses in order (no search per index) and keep the rest.
        long[] out = new long[kept];
        int j = 0;
        if (words == null) {
            for (int i = 0; i < count; i++) {
                if (!removed.get(i)) {
                    out[j++] = sorted != null ? sorted[i] : base + i;
                }
            }
        } else {
            int i = 0;
            for (int w = 0; w < words.length; w++) {
                long at = addressOf(w);
                for (long word = words[w]; word != 0; word &= word - 1, i++) {
                    if (!removed.get(i)) {
                        out[j++] = at + Long.numberOfTrailingZeros(word);
                    }
                }
            }
        }
        return of(out);
    }

    public long bytes() {
        if (sorted != null) {
            return 8L * sorted.length;
        }
        return words == null ? 0 : 8L * words.length + 4L * rankBefore.length + 4L * slotOfPage.length + 4L * pageOfSlot.length;
    }
}
