package dev.ashwood.loader.model;

import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.Arrays;

/**
 * The roots that name a thread or a frame (stack locals and JNI locals): for each, the object,
 * the root kind, the thread object's address and the frame depth. A side table of
 * {@link Model#roots}, which keeps one entry per object and kind: only these roots pay, 20 bytes
 * each (a JDK 17 service idles with a few hundred; a busy one has some thousands, under 100 KB).
 *
 * <p>Entries are sorted by object, kind, thread, depth, without repeats, so an object's entries are
 * one range found by binary search. The thread is an address, not an index, so a rewrite that
 * renumbers objects keeps it as is (and a thread the dump lacks can still be named).
 */
public final class RootFrames {
    /** No thread named (the scanner could not tag it, or HPROF named a thread serial it has no thread for). */
    public static final long NO_THREAD = -1;
    /** No frame (HotSpot's JNI locals of a thread with no Java frame). */
    public static final int NO_DEPTH = -1;
    public static final RootFrames NONE = new RootFrames(new int[0], new int[0], new long[0], new int[0]);

    private final int[] object;
    private final int[] kind;
    private final long[] thread;
    private final int[] depth;

    private RootFrames(int[] object, int[] kind, long[] thread, int[] depth) {
        this.object = object;
        this.kind = kind;
        this.thread = thread;
        this.depth = depth;
    }

    /**
     * Sorts and drops repeats; takes the first {@code n} entries of the arrays (which it may keep).
     * Entries whose object is negative (not in the model) are left out.
     */
    public static RootFrames of(int[] object, int[] kind, long[] thread, int[] depth, int n) {
        int[] order = new int[n];
        int kept = 0;
        for (int e = 0; e < n; e++) {
            if (object[e] >= 0) {
                order[kept++] = e;
            }
        }
        if (kept == 0) {
            return NONE;
        }
        IntArrays.quickSort(order, 0, kept, (a, b) -> compare(object, kind, thread, depth, a, b));
        int[] o = new int[kept];
        int[] k = new int[kept];
        long[] t = new long[kept];
        int[] d = new int[kept];
        int m = 0;
        for (int x = 0; x < kept; x++) {
            int e = order[x];
            if (m > 0 && o[m - 1] == object[e] && k[m - 1] == kind[e] && t[m - 1] == thread[e] && d[m - 1] == depth[e]) {
                continue;
            }
            o[m] = object[e];
            k[m] = kind[e];
            t[m] = thread[e];
            d[m] = depth[e];
            m++;
        }
        return m == kept ? new RootFrames(o, k, t, d)
                : new RootFrames(Arrays.copyOf(o, m), Arrays.copyOf(k, m), Arrays.copyOf(t, m), Arrays.copyOf(d, m));
    }

    private static int compare(int[] object, int[] kind, long[] thread, int[] depth, int a, int b) {
        int c = Integer.compare(object[a], object[b]);
        if (c == 0) {
            c = Integer.compare(kind[a], kind[b]);
        }
        if (c == 0) {
            c = Long.compare(thread[a], thread[b]);
        }
        return c != 0 ? c : Integer.compare(depth[a], depth[b]);
    }

    /** Entries: roots with a thread or a frame. */
    public int size() {
        return object.length;
    }

    /** The first entry of object {@code i} (or where it would be); its entries run while {@link #object} is i. */
    public int first(int i) {
        int lo = 0;
        int hi = object.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (object[mid] < i) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public int object(int e) {
        return object[e];
    }

    public int kind(int e) {
        return kind[e];
    }

    /** The thread object's address, {@link #NO_THREAD} when none. */
    public long thread(int e) {
        return thread[e];
    }

    /** The frame depth, 0 for the top frame, {@link #NO_DEPTH} when none. */
    public int depth(int e) {
        return depth[e];
    }

    /** This table after a renumbering ({@code renumber[old index]}, -1 for a removed object), still sorted. */
    public RootFrames renumber(int[] renumber) {
        int n = object.length;
        int[] o = new int[n];
        for (int e = 0; e < n; e++) {
            o[e] = renumber[object[e]];
        }
        // Renumbering keeps the order of the objects it keeps: a filter, no sort needed, but of()
        // is cheap for the few entries and drops the removed ones.
        return of(o, kind.clone(), thread.clone(), depth.clone(), n);
    }

    public long bytes() {
        return 20L * object.length;
    }
}
