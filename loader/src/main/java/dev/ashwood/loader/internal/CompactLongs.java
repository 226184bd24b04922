package dev.ashwood.loader.internal;

import java.util.Arrays;

/**
 * A growable list of non-negative longs kept as ints until a value needs more (then as longs).
 * Parsed chunks hold every address and reference until the model is built; an ashwood dump's ids
 * fit in an int, so this halves the largest part of the loading peak for JVM dumps, while Meliae's
 * pointers switch to longs at the first one.
 */
final class CompactLongs {
    private int[] ints;
    private long[] longs;
    private int size;

    CompactLongs(int capacity) {
        ints = new int[Math.max(capacity, 8)];
    }

    void add(long v) {
        if (longs == null) {
            if (v <= Integer.MAX_VALUE) {
                if (size == ints.length) {
                    ints = Arrays.copyOf(ints, grow(size));
                }
                ints[size++] = (int) v;
                return;
            }
            longs = new long[Math.max(ints.length, size + 1)];
            for (int i = 0; i < size; i++) {
                longs[i] = ints[i];
            }
            ints = null;
        }
        if (size == longs.length) {
            longs = Arrays.copyOf(longs, grow(size));
        }
        longs[size++] = v;
    }

    long get(int i) {
        return longs == null ? ints[i] : longs[i];
    }

    int size() {
        return size;
    }

    /** Keeps the first {@code n} values. */
    void truncate(int n) {
        size = Math.min(size, n);
    }

    /** Frees the storage (the list is done with). */
    void release() {
        ints = new int[0];
        longs = null;
        size = 0;
    }

    private static int grow(int n) {
        return n + (n >> 1) + 16;
    }
}
