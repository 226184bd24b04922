package dev.ashwood.loader.model;

import java.util.Arrays;

/**
 * A growable list of non-negative longs kept as unsigned ints until a value needs more (then as
 * longs). Parsed chunks hold every address and reference until the model is built; an ashwood
 * dump's ids fit in an int, and so do HPROF's addresses / 8 below 32 GiB, so this halves the
 * largest part of the loading peak for JVM dumps, while Meliae's pointers switch to longs at the
 * first one.
 */
public final class CompactLongs {
    private int[] ints;
    private long[] longs;
    private int size;

    public CompactLongs(int capacity) {
        ints = new int[Math.max(capacity, 8)];
    }

    public void add(long v) {
        if (longs == null) {
            if (v >>> 32 == 0) {
                if (size == ints.length) {
                    ints = Arrays.copyOf(ints, grow(size));
                }
                ints[size++] = (int) v;
                return;
            }
            longs = new long[Math.max(ints.length, size + 1)];
            for (int i = 0; i < size; i++) {
                longs[i] = ints[i] & 0xffffffffL;
            }
            ints = null;
        }
        if (size == longs.length) {
            longs = Arrays.copyOf(longs, grow(size));
        }
        longs[size++] = v;
    }

    public long get(int i) {
        return longs == null ? ints[i] & 0xffffffffL : longs[i];
    }

    public int size() {
        return size;
    }

    /** Keeps the first {@code n} values. */
    public void truncate(int n) {
        size = Math.min(size, n);
    }

    /**
     * An int array the caller may overwrite from the start while still reading this list with
     * {@link #get} at the same or later positions: the list's own storage when it is int-backed
     * (so resolving refs to indexes needs no second array), else a new array of {@link #size}.
     */
    int[] intsToOverwrite() {
        return longs == null ? ints : new int[size];
    }

    /** Frees the storage (the list is done with). */
    public void release() {
        ints = new int[0];
        longs = null;
        size = 0;
    }

    private static int grow(int n) {
        return n + (n >> 1) + 16;
    }
}
