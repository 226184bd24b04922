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
    /** A bit per object the roots do not reach, or null when they reach every object. */
    private final long[] unreachedBits;
    private final int unreachedCount;
    /** A bit per object that awaits finalization, or null when none does. */
    private final long[] pendingBits;
    private final int pendingCount;
    /** The children lists, built on first use and kept with the tree (so once per model state). */
    private volatile Children children;

    DominatorTree(int[] dominator, int[] count, int[] bytes, Int2LongOpenHashMap largeBytes, long[] unreachedBits,
            int unreachedCount, long[] pendingBits, int pendingCount, long transientBytes) {
        this.pendingBits = pendingBits;
        this.pendingCount = pendingCount;
        this.unreachedBits = unreachedBits;
        this.unreachedCount = unreachedCount;
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

    /**
     * Whether the roots reach object i (for a dump without roots, the objects nobody refers to). An
     * object they do not reach hangs directly under the virtual root and retains only itself.
     */
    public boolean reached(int i) {
        return unreachedBits == null || (unreachedBits[i >>> 6] & (1L << i)) == 0;
    }

    /**
     * Whether object i awaits finalization: only finalizer references (a JVM's
     * {@code Finalizer.referent}) lead the roots to it. Such an object is reached, but holds
     * nothing live; a target of such a reference hangs under the virtual root with what it alone keeps.
     */
    public boolean awaitingFinalization(int i) {
        return pendingBits != null && (pendingBits[i >>> 6] & (1L << i)) != 0;
    }

    /** How many objects await finalization. */
    public int awaitingFinalizationCount() {
        return pendingCount;
    }

    /** How many objects the roots do not reach. */
    public int unreachedCount() {
        return unreachedCount;
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
     * tree), largest retained bytes first, then lower index. O(children log children) once the
     * children lists are built (see {@link #childLists()}).
     */
    public int[] children(int d) {
        Children c = childLists();
        int[] out = java.util.Arrays.copyOfRange(c.child, c.start[d + 1], c.start[d + 2]);
        IntArrays.quickSort(out, (a, b) -> {
            int cmp = Long.compare(retainedBytes(b), retainedBytes(a));
            return cmp != 0 ? cmp : Integer.compare(a, b);
        });
        return out;
    }

    /**
     * Every object's children in CSR form, built on the first call in O(objects) and then kept with
     * the tree (8 bytes per object), so that {@code summarize --retained}, {@code suspects},
     * {@code dominators} and diffs on one heap state build them once.
     */
    public Children childLists() {
        Children c = children;
        if (c == null) {
            synchronized (this) {
                c = children;
                if (c == null) {
                    c = new Children(this);
                    children = c;
                }
            }
        }
        return c;
    }

    /**
     * The tree's children lists: the children of object d are {@code child[start[d + 1] ..
     * start[d + 2])} in increasing index order, slot 0 being the virtual root's.
     */
    public static final class Children {
        final int[] start;
        final int[] child;

        Children(DominatorTree t) {
            int n = t.objectCount();
            start = new int[n + 2];
            for (int i = 0; i < n; i++) {
                start[t.dominator(i) + 1]++;
            }
            for (int s = 1; s <= n + 1; s++) {
                start[s] += start[s - 1];
            }
            child = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                child[--start[t.dominator(i) + 1]] = i;
            }
        }

        /** How many objects d ({@link #VIRTUAL_ROOT} for the top) immediately dominates. */
        public int count(int d) {
            return start[d + 2] - start[d + 1];
        }

        /** The k-th child of d, in increasing index order. */
        public int get(int d, int k) {
            return child[start[d + 1] + k];
        }

        /** Pushes d's children (d = -1: the virtual root's) so that the lowest index pops first. */
        public void pushChildren(int d, IntArrayList stack) {
            for (int k = start[d + 2] - 1; k >= start[d + 1]; k--) {
                stack.add(child[k]);
            }
        }

        /**
         * Every object in preorder of the tree (a dominator before all it dominates), children in
         * increasing index order. O(objects); one int array.
         */
        public int[] preorder() {
            int n = child.length;
            int[] order = new int[n];
            IntArrayList stack = new IntArrayList();
            pushChildren(VIRTUAL_ROOT, stack);
            int k = 0;
            while (!stack.isEmpty()) {
                if ((k & 0xffff) == 0) {
                    dev.ashwood.loader.model.Cancel.check();
                }
                int x = stack.popInt();
                order[k++] = x;
                pushChildren(x, stack);
            }
            return order;
        }
    }

    /** Memory this tree keeps, in bytes: 12 per object, 8 more once the children lists are built. */
    public long bytes() {
        return 12L * dominator.length + 32L * largeBytes.size() + (children == null ? 0 : 8L * (dominator.length + 1))
                + (unreachedBits == null ? 0 : 8L * unreachedBits.length) + (pendingBits == null ? 0 : 8L * pendingBits.length);
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
