package dev.ashwood.loader.read.hprof;

import java.util.Arrays;

/**
 * A growable list of object ids. HotSpot's ids are addresses, multiples of 8, so they are kept as
 * unsigned {@code int}s of {@code id >>> 3} (4 bytes an id, addresses up to 32 GiB) until an id
 * does not fit; then the list turns into {@code long}s.
 */
final class IdList {
    private int[] ints;
    private long[] longs;
    private int size;

    IdList(int capacity) {
        ints = new int[Math.max(capacity, 16)];
    }

    void add(long id) {
        if (longs == null) {
            if ((id & 7) == 0 && id >>> 35 == 0) {
                if (size == ints.length) {
                    ints = Arrays.copyOf(ints, grow(size));
                }
                ints[size++] = (int) (id >>> 3);
                return;
            }
            longs = new long[Math.max(ints.length, size + 1)];
            for (int i = 0; i < size; i++) {
                longs[i] = (ints[i] & 0xffffffffL) << 3;
            }
            ints = null;
        }
        if (size == longs.length) {
            longs = Arrays.copyOf(longs, grow(size));
        }
        longs[size++] = id;
    }

    long get(int i) {
        return longs == null ? (ints[i] & 0xffffffffL) << 3 : longs[i];
    }

    /** Every id so far was a multiple of 8 below 32 GiB. */
    boolean compact() {
        return longs == null;
    }

    int size() {
        return size;
    }

    void truncate(int n) {
        size = Math.min(size, n);
    }

    long bytes() {
        return longs == null ? 4L * ints.length : 8L * longs.length;
    }

    private static int grow(int size) {
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, size + (size >> 1)));
    }
}
