package dev.ashwood.loader.model;

import java.util.Arrays;

/**
 * A growable list of longs kept as unsigned ints while every value is from 0 to 2^32 - 1 (then
 * as longs). Parsed chunks hold every address and reference until the model is built; an ashwood
 * dump's ids fit in an int, and so do HPROF's addresses / 8 below 32 GiB, so this halves the
 * largest part of the loading peak for JVM dumps, while Meliae's pointers switch to longs at the
 * first one.
 *
 * <p>Stored in pages of {@link #PAGE} values, never in one array: a chunk's refs in one array
 * (1.4 MB for a 16 MiB block) were a humongous object for G1, which a full collection does not
 * move in JDK 17. Two hundred of them pinned across a 30 M-object heap left no run of free regions
 * long enough for the model's refs array (277 MB) even with half the heap free, and the load
 * failed in {@code Placement} at -Xmx2500m. Pages (64 KiB of ints, 128 KiB of longs) are ordinary
 * objects that a full collection compacts; they also grow without copying and waste at most one
 * page per list instead of the presizing and 1.5x growth slack of one array.
 */
public final class CompactLongs {
    static final int PAGE_BITS = 14;
    static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;

    private int[][] ints;
    private long[][] longs;
    private int size;

    /** {@code capacity}: the expected size, which only sizes the page directory. */
    public CompactLongs(int capacity) {
        ints = new int[Math.max(1, (Math.max(capacity, 0) >>> PAGE_BITS) + 1)][];
    }

    public void add(long v) {
        if (longs == null && v >>> 32 != 0) {
            widen();
        }
        int p = size >>> PAGE_BITS;
        if (longs == null) {
            if (p == ints.length) {
                ints = Arrays.copyOf(ints, 2 * p);
            }
            int[] page = ints[p];
            if (page == null) {
                page = ints[p] = new int[PAGE];
            }
            page[size & MASK] = (int) v;
        } else {
            if (p == longs.length) {
                longs = Arrays.copyOf(longs, 2 * p);
            }
            long[] page = longs[p];
            if (page == null) {
                page = longs[p] = new long[PAGE];
            }
            page[size & MASK] = v;
        }
        size++;
    }

    /** To long pages, one page at a time (each int page is dropped as soon as it is copied). */
    private void widen() {
        longs = new long[ints.length][];
        for (int p = 0; p < ints.length && ints[p] != null; p++) {
            long[] page = new long[PAGE];
            int[] from = ints[p];
            for (int j = 0; j < PAGE; j++) {
                page[j] = from[j] & 0xffffffffL;
            }
            longs[p] = page;
            ints[p] = null;
        }
        ints = null;
    }

    public long get(int i) {
        return longs == null ? ints[i >>> PAGE_BITS][i & MASK] & 0xffffffffL : longs[i >>> PAGE_BITS][i & MASK];
    }

    /**
     * Overwrites value {@code i} with {@code v} (from 0 to {@link Integer#MAX_VALUE}), in place:
     * resolving refs to indexes writes each index over a position already read, so it needs no
     * second list.
     */
    public void setInt(int i, int v) {
        if (longs == null) {
            ints[i >>> PAGE_BITS][i & MASK] = v;
        } else {
            longs[i >>> PAGE_BITS][i & MASK] = v;
        }
    }

    /** Copies values {@code from .. from+count)}, each from 0 to {@link Integer#MAX_VALUE}, to {@code dst[at..]}. */
    public void copyInts(int from, int[] dst, int at, int count) {
        while (count > 0) {
            int p = from >>> PAGE_BITS;
            int o = from & MASK;
            int n = Math.min(count, PAGE - o);
            if (longs == null) {
                System.arraycopy(ints[p], o, dst, at, n);
            } else {
                long[] page = longs[p];
                for (int j = 0; j < n; j++) {
                    dst[at + j] = (int) page[o + j];
                }
            }
            from += n;
            at += n;
            count -= n;
        }
    }

    public int size() {
        return size;
    }

    /** Keeps the first {@code n} values. */
    public void truncate(int n) {
        size = Math.min(size, n);
    }

    /** Frees the storage (the list is done with). */
    public void release() {
        ints = new int[1][];
        longs = null;
        size = 0;
    }

    /** Bytes held, page directory included. */
    public long bytes() {
        long total = 16L + 8L * (longs != null ? longs.length : ints.length);
        int pages = (size + MASK) >>> PAGE_BITS;
        return total + (long) pages * (16 + (longs != null ? 8L : 4L) * PAGE);
    }
}
