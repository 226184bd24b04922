package dev.ashwood.loader.internal;

import java.util.Arrays;

/**
 * Maps the dump's addresses to object indexes and back. Objects are numbered in address order,
 * so the map is the sorted address array itself (8 bytes per object, binary search) and costs
 * nothing when the addresses are dense, as an ashwood dump's ids are (1..n): index = address - 1.
 */
public final class AddressIndex {
    private final long base;
    private final int count;
    /** Sorted distinct addresses; null when dense. */
    private final long[] sorted;

    private AddressIndex(long base, int count, long[] sorted) {
        this.base = base;
        this.count = count;
        this.sorted = sorted;
    }

    /** Addresses {@code base .. base + count - 1}. */
    public static AddressIndex dense(long base, int count) {
        return new AddressIndex(base, count, null);
    }

    /** {@code sorted} must be sorted and distinct; it is kept, not copied. */
    public static AddressIndex of(long[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return dense(1, 0);
        }
        if (sorted[n - 1] - sorted[0] == n - 1) {
            return dense(sorted[0], n);
        }
        return new AddressIndex(0, n, sorted);
    }

    public int count() {
        return count;
    }

    public boolean isDense() {
        return sorted == null;
    }

    public long address(int index) {
        return sorted == null ? base + index : sorted[index];
    }

    /** The index of {@code address}, or -1 when no object has it. */
    public int indexOf(long address) {
        if (sorted == null) {
            long i = address - base;
            return i >= 0 && i < count ? (int) i : -1;
        }
        int i = Arrays.binarySearch(sorted, address);
        return i >= 0 ? i : -1;
    }

    /** The index of the same addresses without the objects where {@code keep} is false. */
    public AddressIndex retain(java.util.BitSet removed) {
        int kept = count - removed.cardinality();
        long[] out = new long[kept];
        int j = 0;
        for (int i = 0; i < count; i++) {
            if (!removed.get(i)) {
                out[j++] = address(i);
            }
        }
        return of(out);
    }

    public long bytes() {
        return sorted == null ? 0 : 8L * sorted.length;
    }
}
