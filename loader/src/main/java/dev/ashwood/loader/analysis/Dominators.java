package dev.ashwood.loader.analysis;

import dev.ashwood.loader.model.Cancel;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.Arrays;
import java.util.function.IntToLongFunction;

/**
 * Immediate dominators and retained sizes over plain CSR arrays, by SEMI-NCA (Georgiadis, Tarjan
 * and Werneck, "Finding dominators in practice", JGAA 10(1), 2006): semidominators by
 * Lengauer-Tarjan's simple eval with path compression, then each immediate dominator as the
 * nearest common ancestor of the DFS parent and the semidominator in the tree built so far.
 *
 * <p>The graph gets a virtual root whose children are the roots (the given GC roots, or when
 * there are none the objects without predecessors) and then every object those roots do not
 * reach. Every reference from a reached object counts; repeats and self-loops change nothing. A
 * reference from an unreached object (garbage) to a reached one is ignored, so garbage does not
 * lower a live object's retained size; each unreached object hangs directly under the virtual
 * root and retains only itself.
 *
 * <p>References can be named as holding their target only until finalization (a JVM's
 * {@code Finalizer.referent}: {@link dev.ashwood.loader.runtime.RuntimeRules#finalizerReferents}).
 * They hold nothing: a live object they point at is dominated through its other referrers. The
 * targets the roots do not otherwise reach, and what only those reach, are "awaiting
 * finalization": each such target hangs under the virtual root with the subtree it alone keeps,
 * and like garbage they hold nothing in the live heap.
 *
 * <p>Nothing recurses: the DFS keeps its path in the parent array and each node's next edge in
 * the semidominator array (not needed until the DFS is done), and path compression reverses the
 * ancestor links on the way up and restores them compressed on the way down. Working memory is six
 * int arrays of one entry per object (24 bytes per object) and a bit per object for the roots.
 */
public final class Dominators {
    /** Receives progress: {@code done} of {@code total} steps (four per object). */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void onProgress(long done, long total);
    }

    private static final int CHECK_EVERY = 1 << 16;

    private Dominators() {
    }

    /**
     * @param n         number of objects, numbered 0..n-1
     * @param refStart  successors of i are {@code refs[refStart[i] .. refStart[i+1])}
     * @param refs      successor indexes (repeats allowed)
     * @param predStart predecessors of i are {@code preds[predStart[i] .. predStart[i+1])}
     * @param preds     predecessor indexes (repeats allowed); must be exactly the reversed refs
     * @param roots     the GC roots (repeats allowed), or null to use the objects without predecessors
     * @param size      shallow size of an object (non-negative)
     * @throws java.util.concurrent.CancellationException when the thread is interrupted
     */
    public static DominatorTree compute(int n, int[] refStart, int[] refs, int[] predStart, int[] preds,
            int[] roots, IntToLongFunction size, Progress progress) {
        return compute(n, refStart, refs, predStart, preds, roots, null, size, progress);
    }

    /**
     * As {@link #compute(int, int[], int[], int[], int[], int[], IntToLongFunction, Progress)}, with
     * {@code finalRefs}: positions in {@code refs}, ascending (null or empty for none), of the
     * references that hold their target only until finalization.
     */
    public static DominatorTree compute(int n, int[] refStart, int[] refs, int[] predStart, int[] preds,
            int[] roots, int[] finalRefs, IntToLongFunction size, Progress progress) {
        Cancel.check();
        int[] fin = finalRefs == null || finalRefs.length == 0 ? null : finalRefs;
        // A bit per object that has one of those references: only their refs are looked up in fin.
        long[] finFrom = null;
        if (fin != null) {
            finFrom = new long[(n + 63) >>> 6];
            for (int k : fin) {
                int from = source(refStart, n, k);
                finFrom[from >>> 6] |= 1L << from;
            }
        }
        long total = 4L * n;
        // Preorder numbers: 0 is the virtual root, objects get 1..n.
        int[] pre = new int[n];
        int[] vertex = new int[n + 1];
        int[] parent = new int[n + 1];
        int[] semi = new int[n + 1];
        long[] isRoot = new long[(n + 63) >>> 6];
        if (roots != null) {
            for (int r : roots) {
                isRoot[r >>> 6] |= 1L << r;
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (predStart[i + 1] == predStart[i]) {
                    isRoot[i >>> 6] |= 1L << i;
                }
            }
        }
        int next = 1;
        for (int r = 0; r < n; r++) {
            if ((isRoot[r >>> 6] & (1L << r)) != 0 && pre[r] == 0) {
                next = dfs(r, next, refStart, refs, fin, finFrom, pre, vertex, parent, semi, total, progress);
            }
        }
        // From here on: what awaits finalization, the targets of finalizer references from reached
        // objects that the roots do not otherwise reach. Every one is marked a root of its own
        // first (the virtual root points at it), even one that another of them reaches.
        int pending = next;
        if (fin != null) {
            for (int k : fin) {
                int t = refs[k];
                int from = source(refStart, n, k);
                if (pre[from] != 0 && pre[t] == 0) {
                    isRoot[t >>> 6] |= 1L << t;
                }
            }
            for (int k : fin) {
                int t = refs[k];
                if (pre[t] == 0 && (isRoot[t >>> 6] & (1L << t)) != 0) {
                    next = dfs(t, next, refStart, refs, fin, finFrom, pre, vertex, parent, semi, total, progress);
                }
            }
        }
        // Every object numbered from here on is unreached from the roots, so the virtual root holds it directly.
        int unreached = next;
        for (int i = 0; i < n; i++) {
            if (pre[i] == 0) {
                next = dfs(i, next, refStart, refs, fin, finFrom, pre, vertex, parent, semi, total, progress);
            }
        }

        int[] idom = parent.clone();
        int[] ancestor = parent;
        parent = null;
        int[] label = new int[n + 1];
        long transientBytes = 4L * (n + 5L * (n + 1)) + 8L * isRoot.length;
        for (int w = n; w >= 1; w--) {
            if ((w & (CHECK_EVERY - 1)) == 0) {
                Cancel.check();
                progress.onProgress(n + (n - w), total);
            }
            int x = vertex[w];
            int s = w;
            if (w >= unreached || (isRoot[x >>> 6] & (1L << x)) != 0) {
                s = 0;
            } else {
                boolean live = w < pending;
                for (int k = predStart[x], end = predStart[x + 1]; k < end; k++) {
                    int p = preds[k];
                    int v = pre[p];
                    if (v >= unreached || (live && v >= pending)) {
                        // Garbage referring to a reached object keeps nothing alive: freeing the
                        // object's dominator frees it all the same, so only reached referrers count.
                        // The same holds for what awaits finalization, referring into the live heap.
                        continue;
                    }
                    if (finFrom != null && (finFrom[p >>> 6] & (1L << p)) != 0 && onlyFinal(p, x, refStart, refs, fin)) {
                        continue;
                    }
                    int c = v <= w ? v : eval(v, w, ancestor, label);
                    if (c < s) {
                        s = c;
                    }
                }
            }
            semi[w] = s;
            label[w] = s;
        }
        ancestor = null;
        label = null;
        isRoot = null;

        for (int w = 1; w <= n; w++) {
            if ((w & (CHECK_EVERY - 1)) == 0) {
                Cancel.check();
                progress.onProgress(2L * n + w, total);
            }
            int s = semi[w];
            int d = s == 0 ? 0 : idom[w];
            while (d > s) {
                d = idom[d];
            }
            idom[w] = d;
        }
        semi = null;

        // The immediate dominator of each object, by object, written over its preorder number.
        long[] unreachedBits = unreached > n ? null : new long[(n + 63) >>> 6];
        long[] pendingBits = unreached == pending ? null : new long[(n + 63) >>> 6];
        int[] dominator = pre;
        for (int i = 0; i < n; i++) {
            if (pre[i] >= unreached) {
                unreachedBits[i >>> 6] |= 1L << i;
            } else if (pre[i] >= pending) {
                pendingBits[i >>> 6] |= 1L << i;
            }
            int d = idom[pre[i]];
            dominator[i] = d == 0 ? DominatorTree.VIRTUAL_ROOT : vertex[d];
        }
        idom = null;

        int[] count = new int[n];
        int[] bytes = new int[n];
        Int2LongOpenHashMap large = new Int2LongOpenHashMap();
        Arrays.fill(count, 1);
        for (int i = 0; i < n; i++) {
            DominatorTree.setBytes(bytes, large, i, size.applyAsLong(i));
        }
        // Children before parents: reverse preorder.
        for (int p = n; p >= 1; p--) {
            if ((p & (CHECK_EVERY - 1)) == 0) {
                Cancel.check();
                progress.onProgress(3L * n + (n - p), total);
            }
            int x = vertex[p];
            int d = dominator[x];
            if (d >= 0) {
                count[d] += count[x];
                DominatorTree.addBytes(bytes, large, d, DominatorTree.getBytes(bytes, large, x));
            }
        }
        progress.onProgress(total, total);
        return new DominatorTree(dominator, count, bytes, large, unreachedBits, n - (unreached - 1), pendingBits,
                unreached - pending, transientBytes + (finFrom == null ? 0 : 8L * finFrom.length));
    }

    /** The object whose refs hold position k: the last i with {@code refStart[i] <= k}. */
    private static int source(int[] refStart, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (refStart[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Whether every reference from p to x is a finalizer reference. */
    private static boolean onlyFinal(int p, int x, int[] refStart, int[] refs, int[] fin) {
        for (int k = refStart[p], end = refStart[p + 1]; k < end; k++) {
            if (refs[k] == x && Arrays.binarySearch(fin, k) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Numbers the objects reachable from {@code start} and not yet numbered, depth first; returns the next free number. */
    private static int dfs(int start, int next, int[] refStart, int[] refs, int[] fin, long[] finFrom, int[] pre,
            int[] vertex, int[] parent, int[] cursor, long total, Progress progress) {
        pre[start] = next;
        vertex[next] = start;
        parent[next] = 0;
        cursor[next] = refStart[start];
        int cur = next++;
        while (cur != 0) {
            int from = vertex[cur];
            int end = refStart[from + 1];
            int k = cursor[cur];
            int child = -1;
            // A finalizer reference is not followed: what only it reaches is numbered later, apart.
            boolean hasFinal = finFrom != null && (finFrom[from >>> 6] & (1L << from)) != 0;
            while (k < end) {
                int t = refs[k++];
                if (pre[t] == 0 && !(hasFinal && Arrays.binarySearch(fin, k - 1) >= 0)) {
                    child = t;
                    break;
                }
            }
            cursor[cur] = k;
            if (child < 0) {
                cur = parent[cur];
                continue;
            }
            if ((next & (CHECK_EVERY - 1)) == 0) {
                Cancel.check();
                progress.onProgress(next, total);
            }
            pre[child] = next;
            vertex[next] = child;
            parent[next] = cur;
            cursor[next] = refStart[child];
            cur = next++;
        }
        return next;
    }

    /**
     * The smallest semidominator on the path from v up to, not including, the first ancestor
     * numbered {@code w} or less, compressing that path. Linked nodes are exactly those numbered
     * above {@code w} (processed in reverse preorder), and {@code label} holds semidominator
     * numbers. Iterative: the way up reverses the ancestor links, the way down restores them.
     */
    private static int eval(int v, int w, int[] ancestor, int[] label) {
        if (ancestor[v] <= w) {
            return label[v];
        }
        int below = -1;
        int x = v;
        while (ancestor[x] > w) {
            int up = ancestor[x];
            ancestor[x] = below;
            below = x;
            x = up;
        }
        int top = ancestor[x];
        int above = x;
        int y = below;
        while (y != -1) {
            int down = ancestor[y];
            if (label[above] < label[y]) {
                label[y] = label[above];
            }
            ancestor[y] = top;
            above = y;
            y = down;
        }
        return label[v];
    }
}
