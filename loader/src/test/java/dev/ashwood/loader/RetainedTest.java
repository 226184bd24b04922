package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.analysis.RemovalReach;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retained sizes on real dumps against an independent computation: Cooper, Harvey and Kennedy's
 * iterative dominator algorithm (a different algorithm from the loader's SEMI-NCA) for every
 * object's immediate dominator, sums up each object's dominator chain for its retained size, and,
 * for a random sample and the biggest retainers, the definition itself (what the GC roots no
 * longer reach once the object is taken away; garbage, which no root reaches, frees only itself).
 * Samples print their seed.
 */
class RetainedTest {
    @TempDir
    Path dir;

    /** The heap read through the public API only, with the virtual root as node n. */
    static final class Independent {
        final int n;
        final int[][] out;
        final boolean[] top;
        /** Reached from the roots: garbage (not reached) hangs under the virtual root and its refs count for nothing. */
        boolean[] reached;
        final int[] idom;
        final long[] count;
        final long[] bytes;
        final long[] size;

        Independent(Heap heap, boolean byRoots) {
            n = heap.objectCount();
            out = new int[n][];
            size = new long[n];
            int[] in = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = heap.refs(i);
                size[i] = heap.size(i);
                for (int t : out[i]) {
                    in[t]++;
                }
            }
            top = new boolean[n];
            for (int i = 0; i < n; i++) {
                top[i] = byRoots ? !heap.roots(i).isEmpty() : in[i] == 0;
            }
            reached = RemovalReach.reach(out, top, -1);
            idom = cooperHarveyKennedy();
            count = new long[n];
            bytes = new long[n];
            for (int i = 0; i < n; i++) {
                for (int d = i; d != n; d = idom[d]) {
                    count[d]++;
                    bytes[d] += size[i];
                }
            }
        }

        /** "A Simple, Fast Dominance Algorithm" (2001): iterate intersections in reverse postorder to a fixed point. */
        private int[] cooperHarveyKennedy() {
            int root = n;
            List<List<Integer>> preds = new ArrayList<>();
            for (int i = 0; i <= n; i++) {
                preds.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                if (reached[i]) {
                    for (int t : out[i]) {
                        preds.get(t).add(i);
                    }
                }
                if (top[i] || !reached[i]) {
                    preds.get(i).add(root);
                }
            }
            int[] post = new int[n + 1];
            int[] order = new int[n + 1];
            int done = 0;
            boolean[] seen = new boolean[n + 1];
            // Iterative DFS from the virtual root: a stack of (node, next child).
            int[] stackNode = new int[n + 2];
            int[] stackNext = new int[n + 2];
            int sp = 0;
            stackNode[sp] = root;
            stackNext[sp++] = 0;
            seen[root] = true;
            while (sp > 0) {
                int x = stackNode[sp - 1];
                int[] succ = x == root ? topList() : reached[x] ? out[x] : new int[0];
                if (stackNext[sp - 1] < succ.length) {
                    int t = succ[stackNext[sp - 1]++];
                    if (!seen[t]) {
                        seen[t] = true;
                        stackNode[sp] = t;
                        stackNext[sp++] = 0;
                    }
                } else {
                    post[x] = done;
                    order[done++] = x;
                    sp--;
                }
            }
            int[] doms = new int[n + 1];
            Arrays.fill(doms, -1);
            doms[root] = root;
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int k = done - 2; k >= 0; k--) {
                    int b = order[k];
                    int d = -1;
                    for (int p : preds.get(b)) {
                        if (doms[p] >= 0) {
                            d = d < 0 ? p : intersect(p, d, doms, post);
                        }
                    }
                    if (doms[b] != d) {
                        doms[b] = d;
                        changed = true;
                    }
                }
            }
            return doms;
        }

        private int[] topCache;

        private int[] topList() {
            if (topCache == null) {
                topCache = java.util.stream.IntStream.range(0, n).filter(i -> top[i] || !reached[i]).toArray();
            }
            return topCache;
        }

        private static int intersect(int a, int b, int[] doms, int[] post) {
            while (a != b) {
                while (post[a] < post[b]) {
                    a = doms[a];
                }
                while (post[b] < post[a]) {
                    b = doms[b];
                }
            }
            return a;
        }

        void assertMatches(Heap heap, String what) {
            for (int i = 0; i < n; i++) {
                Retained r = heap.retained(i);
                int want = idom[i] == n ? Retained.VIRTUAL_ROOT : idom[i];
                assertEquals(want, r.dominator(), what + ": immediate dominator of object " + i + " (Cooper-Harvey-Kennedy)");
                assertEquals(count[i], r.objects(), what + ": retained objects of " + i + " (its dominator subtree)");
                assertEquals(bytes[i], r.bytes(), what + ": retained bytes of " + i + " (its dominator subtree)");
            }
            long seed = System.nanoTime();
            System.out.println("RetainedTest " + what + " seed " + seed);
            Random random = new Random(seed);
            List<Integer> sample = new ArrayList<>();
            for (int k = 0; k < 40; k++) {
                sample.add(random.nextInt(n));
            }
            for (int i : Arrays.copyOf(heap.dominated(Retained.VIRTUAL_ROOT), Math.min(10, n))) {
                sample.add(i);
            }
            for (int x : sample) {
                boolean[] without = RemovalReach.reach(out, top, x);
                long c = 0;
                long b = 0;
                for (int i = 0; i < n; i++) {
                    // Removing a live object frees what the roots then no longer reach; garbage frees itself.
                    if (reached[x] ? reached[i] && (i == x || !without[i]) : i == x) {
                        c++;
                        b += size[i];
                    }
                }
                Retained r = heap.retained(x);
                assertEquals(c, r.objects(), what + " seed " + seed + ": removing " + x + " frees exactly what it retains");
                assertEquals(b, r.bytes(), what + " seed " + seed + ": removing " + x + " frees exactly its retained bytes");
            }
        }
    }

    @Test
    void agreesOnTheMeliaeFixture() throws IOException {
        Heap heap = HeapLoader.load(MeliaeFixtureTest.DUMP);
        new Independent(heap, false).assertMatches(heap, "meliae fixture");
        heap.collapse();
        assertTrue(!heap.retainedComputed(), "collapse makes a new heap state: the tree is computed again");
        new Independent(heap, false).assertMatches(heap, "meliae fixture, collapsed");
        heap.removeExpensiveReferences();
        new Independent(heap, false).assertMatches(heap, "meliae fixture, collapsed and pruned");
    }

    @Test
    void agreesOnARealAgentDump() throws IOException {
        // examples/leaky-cache with 300 sessions, dumped by the real agent (ashwood dump PID) on JDK 17.
        Heap heap = HeapLoader.load(Path.of("..", "test-fixtures", "agent", "leaky-cache-300.jsonl.gz"));
        assertTrue(heap.objectCount() > 70_000, "the whole JVM heap is in the dump");
        new Independent(heap, true).assertMatches(heap, "agent dump");
        heap.removeExpensiveReferences();
        heap.collapse();
        new Independent(heap, true).assertMatches(heap, "agent dump, pruned and collapsed");
    }

    @Test
    void ctrlCStopsTheComputationAndTheNextCallStartsAgain() throws IOException {
        Heap heap = HeapLoader.load(Path.of("..", "test-fixtures", "agent", "leaky-cache-300.jsonl.gz"));
        // The shell's Ctrl-C interrupts the worker thread; here the first progress report does.
        assertThrows(CancellationException.class,
                () -> heap.computeRetained((done, total) -> Thread.currentThread().interrupt()),
                "an interrupted computation stops with CancellationException");
        assertFalse(Thread.interrupted(), "and clears the interrupt");
        assertFalse(heap.retainedComputed(), "nothing half-built is kept");
        Independent want = new Independent(heap, true);
        int top = heap.dominated(Retained.VIRTUAL_ROOT)[0];
        assertEquals(want.bytes[top], heap.retained(top).bytes(), "the next call computes the tree in full");
    }

    @Test
    void agreesOnTheSmallJvmDump() throws IOException {
        Heap heap = HeapLoader.load(Path.of("..", "test-fixtures", "small.jsonl"));
        new Independent(heap, true).assertMatches(heap, "small.jsonl");
        heap.removeExpensiveReferences();
        new Independent(heap, true).assertMatches(heap, "small.jsonl, pruned");
    }

    @Test
    void agreesOnARandomJvmDump() throws IOException {
        long seed = System.nanoTime();
        System.out.println("RetainedTest random dump seed " + seed);
        Random random = new Random(seed);
        int n = 4000;
        DumpBuilder b = DumpBuilder.ashwood();
        for (int r = 0; r < 6; r++) {
            b.root("jni_global", 1 + random.nextInt(n));
        }
        for (int a = 1; a <= n; a++) {
            DumpBuilder.Obj o = b.obj(a, "app.T" + random.nextInt(4), 16 + 8 * random.nextInt(20));
            for (int k = random.nextInt(4); k > 0; k--) {
                o.ref("f" + k, 1 + random.nextInt(n));
            }
        }
        Heap heap = HeapLoader.load(b.footer().write(dir, "random.jsonl"));
        new Independent(heap, true).assertMatches(heap, "random dump seed " + seed);
    }

    @Test
    void aReferenceRetainsAReferentNothingElseHolds() throws IOException {
        // root -> WeakReference -referent-> payload: the reference is what retains the payload.
        DumpBuilder b = DumpBuilder.ashwood().root("jni_global", 1);
        b.obj(1, "java.lang.ref.WeakReference", 32).ref("referent", 2);
        b.obj(2, "byte[]", 1000);
        Heap heap = HeapLoader.load(b.footer().write(dir, "weak.jsonl"));
        Retained r = heap.retained(heap.find(1));
        assertEquals(2, r.objects(), "every reference counts, Reference.referent included");
        assertEquals(1032, r.bytes());
        assertEquals(heap.find(1), heap.retained(heap.find(2)).dominator());
        assertArrayEquals(new int[] {heap.find(1)}, heap.dominated(Retained.VIRTUAL_ROOT), "the root is the top of the tree");
    }

    @Test
    void summarizesRetainedBytesCountingEachObjectOnce() throws IOException {
        // A list of lists: the outer list retains the inner one; by type, app.List retains each byte once.
        DumpBuilder b = DumpBuilder.ashwood().root("jni_global", 1);
        b.obj(1, "app.List", 24).ref("next", 2).ref("item", 3);
        b.obj(2, "app.List", 24).ref("item", 4);
        b.obj(3, "byte[]", 100);
        b.obj(4, "byte[]", 200);
        Heap heap = HeapLoader.load(b.footer().write(dir, "lists.jsonl"));
        List<RetainedRow> rows = heap.summarizeRetained();
        assertEquals(new RetainedRow("app.List", 2, 48, 4, 348), rows.get(0), "nested lists count their bytes once");
        assertEquals(new RetainedRow("byte[]", 2, 300, 2, 300), rows.get(1));
        assertArrayEquals(new int[] {heap.find(1), heap.find(2)}, heap.allByRetained("app.List"));
    }

    @Test
    void findsAnObjectSuspectAndAGroupSuspect() throws IOException {
        // A root holds a map whose array holds 10 sessions of 1000 bytes and 10 tokens of 900 bytes
        // (two groups under the array), and a second root holds 500 bytes.
        DumpBuilder b = DumpBuilder.ashwood().root("jni_global", 1).root("jni_global", 2);
        b.obj(1, "app.Cache", 16).ref("map", 3);
        b.obj(2, "app.Small", 500);
        b.obj(3, "java.util.HashMap", 48).ref("table", 4);
        DumpBuilder.Obj table = b.obj(4, "java.util.HashMap$Node[]", 160);
        for (int k = 0; k < 20; k++) {
            table.ref(Integer.toString(k), 10 + k);
        }
        for (int k = 0; k < 20; k++) {
            b.obj(10 + k, k < 10 ? "app.Session" : "app.Token", k < 10 ? 1000 : 900);
        }
        Heap heap = HeapLoader.load(b.footer().write(dir, "cache.jsonl"));
        List<Suspect> suspects = heap.suspects(0.1);
        assertEquals(2, suspects.size(), "the cache, and the tokens as a group: " + suspects);
        Suspect cache = suspects.get(0);
        assertEquals(heap.find(1), cache.index());
        assertEquals(false, cache.group());
        assertEquals(heap.find(4), cache.accumulation(), "the bytes spread out at the map's array");
        assertEquals("app.Session", cache.belowType(), "the type that retains most below it");
        assertEquals(10, cache.belowCount());
        assertEquals(10_000, cache.belowBytes());
        assertEquals("jni_global", cache.path().get(0).root(), "with its path from a GC root");
        Suspect tokens = suspects.get(1);
        assertEquals(true, tokens.group(), "the sessions are the cache's 'below it'; the tokens are a group of their own");
        assertEquals("app.Token", tokens.type());
        assertEquals(heap.find(4), tokens.index(), "the group's shared dominator");
        assertEquals(10, tokens.members());
        assertEquals(9_000, tokens.retainedBytes());
        assertEquals(List.of(), heap.suspects(0.99), "nothing retains 99% of this heap");
    }
}
