package dev.ashwood.loader.analysis;

import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;

/**
 * The dominator tree of a heap under a virtual root, with every object's retained count and bytes
 * (those of its dominator subtree, itself included). Built by {@link Dominators#compute}; immutable.
 *
 * <p>Kept per object: the immediate dominator (4 bytes), the retained count (4 bytes) and the
 * retained bytes (4 bytes inline; a value above {@link Integer#MAX_VALUE} lives in a side map,
 * which holds only the few objects retaining more than 2 GiB).
 */
public final class DominatorTree {
    /** The dominator reported for an object that only the virtual root dominates. */
    public static final int VIRTUAL_ROOT = -1;
    private static final int IN_MAP = -1;

    private final int[] dominator;
    private final int[] count;
    private final int[] bytes;
    private final Int2LongOpenHashMap largeBytes;
    private final long transientBytes;

    DominatorTree(int[] dominator, int[] count, int[] bytes, Int2LongOpenHashMap largeBytes, long transientBytes) {
        this.dominator = dominator;
        this.count = count;
        this.bytes = bytes;
        this.largeBytes = largeBytes;
        this.transientBytes = transientBytes;
    }

    public int objectCount() {
        return dominator.length;
    }

    /** The immediate dominator of object i, or {@link #VIRTUAL_ROOT}. */
    public int dominator(int i) {
        return dominator[i];
    }

    /** Objects in i's dominator subtree, i included. */
    public int retainedCount(int i) {
        return count[i];
    }

    /** Shallow bytes of i's dominator subtree, i included: what would be freed if i went away. */
    public long retainedBytes(int i) {
        return getBytes(bytes, largeBytes, i);
    }

    /**
     * The objects whose immediate dominator is {@code d} ({@link #VIRTUAL_ROOT} for the top of the
     * tree), largest retained bytes first, then lower index. O(objects).
     */
    public int[] children(int d) {
        IntArrayList found = new IntArrayList();
        for (int i = 0; i < dominator.length; i++) {
            if (dominator[i] == d) {
                found.add(i);
            }
        }
        int[] out = found.toIntArray();
        IntArrays.quickSort(out, (a, b) -> {
            int c = Long.compare(retainedBytes(b), retainedBytes(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        return out;
    }

    /** Memory this tree keeps, in bytes. */
    public long bytes() {
        return 12L * dominator.length + 32L * largeBytes.size();
    }

    /** The largest memory the computation held at once besides its input and this result, in bytes. */
    public long transientBytes() {
        return transientBytes;
    }

    static long getBytes(int[] bytes, Int2LongOpenHashMap large, int i) {
        int b = bytes[i];
        return b != IN_MAP ? b : large.get(i);
    }

    static void addBytes(int[] bytes, Int2LongOpenHashMap large, int i, long add) {
        setBytes(bytes, large, i, getBytes(bytes, large, i) + add);
    }

    static void setBytes(int[] bytes, Int2LongOpenHashMap large, int i, long value) {
        if (value < Integer.MAX_VALUE && value >= 0) {
            bytes[i] = (int) value;
        } else {
            bytes[i] = IN_MAP;
            large.put(i, value);
        }
    }
}
