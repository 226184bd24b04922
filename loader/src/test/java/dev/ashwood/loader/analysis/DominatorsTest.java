package dev.ashwood.loader.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * SEMI-NCA against the definition, computed the slow way: d dominates v when v cannot be reached
 * from the virtual root once d is taken away. Random graphs of every shape that matters (cycles,
 * self-loops, repeated refs, several roots or none, unreachable islands, long chains); the seed
 * is printed so a failure can be replayed.
 */
class DominatorsTest {
    /** A graph as adjacency lists; {@code roots} null means "the objects nobody refers to". */
    record Graph(int n, int[][] out, int[] roots, long[] size) {
        int[] refStart() {
            int[] start = new int[n + 1];
            for (int i = 0; i < n; i++) {
                start[i + 1] = start[i] + out[i].length;
            }
            return start;
        }

        int[] refs() {
            return Arrays.stream(out).flatMapToInt(Arrays::stream).toArray();
        }

        int[][] in() {
            List<List<Integer>> in = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                in.add(new ArrayList<>());
            }
            for (int i = 0; i < n; i++) {
                for (int t : out[i]) {
                    in.get(t).add(i);
                }
            }
            return in.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
        }

        DominatorTree compute() {
            return compute(null);
        }

        /** With the references at positions {@code finalRefs} of {@link #refs()} holding nothing but until finalization. */
        DominatorTree compute(int[] finalRefs) {
            int[][] in = in();
            int[] predStart = new int[n + 1];
            for (int i = 0; i < n; i++) {
                predStart[i + 1] = predStart[i] + in[i].length;
            }
            int[] preds = Arrays.stream(in).flatMapToInt(Arrays::stream).toArray();
            return Dominators.compute(n, refStart(), refs(), predStart, preds, roots, finalRefs, i -> size[i],
                    Dominators.Progress.NONE);
        }
    }

    /** The slow, obviously right answer: immediate dominators and retained sets by removing each object in turn. */
    static final class BruteForce {
        final int[] dominator;
        final long[] count;
        final long[] bytes;
        final boolean[] reached;

        BruteForce(Graph g) {
            int n = g.n();
            boolean[] top = new boolean[n];
            int[][] in = g.in();
            if (g.roots() != null) {
                for (int r : g.roots()) {
                    top[r] = true;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    top[i] = in[i].length == 0;
                }
            }
            reached = RemovalReach.reach(g.out(), top, -1);
            // dominated[d][v]: v is reached from the roots, and no longer without d. An object the
            // roots do not reach hangs under the virtual root and is dominated by nothing.
            boolean[][] dominated = new boolean[n][];
            int[] depth = new int[n];
            for (int d = 0; d < n; d++) {
                boolean[] r = RemovalReach.reach(g.out(), top, d);
                dominated[d] = new boolean[n];
                for (int v = 0; v < n; v++) {
                    if (v != d && reached[v] && !r[v]) {
                        dominated[d][v] = true;
                        depth[v]++;
                    }
                }
            }
            dominator = new int[n];
            count = new long[n];
            bytes = new long[n];
            for (int v = 0; v < n; v++) {
                // The immediate dominator is the strict dominator that has the most dominators itself.
                int best = DominatorTree.VIRTUAL_ROOT;
                for (int d = 0; d < n; d++) {
                    if (dominated[d][v] && (best < 0 || depth[d] > depth[best])) {
                        best = d;
                    }
                }
                dominator[v] = best;
                count[v] = 1;
                bytes[v] = g.size()[v];
                for (int u = 0; u < n; u++) {
                    if (dominated[v][u]) {
                        count[v]++;
                        bytes[v] += g.size()[u];
                    }
                }
            }
        }

    }

    static Graph randomGraph(Random random) {
        int n = 1 + random.nextInt(random.nextBoolean() ? 12 : 80);
        int shape = random.nextInt(5);
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ArrayList<>());
        }
        double density = random.nextDouble() * 3;
        switch (shape) {
            case 0 -> { // sparse random edges: islands, cycles
                for (int e = 0; e < (int) (n * density); e++) {
                    out.get(random.nextInt(n)).add(random.nextInt(n));
                }
            }
            case 1 -> { // long chains with a few shortcuts and back edges
                for (int i = 0; i + 1 < n; i++) {
                    out.get(i).add(i + 1);
                }
                for (int e = 0; e < random.nextInt(4); e++) {
                    out.get(random.nextInt(n)).add(random.nextInt(n));
                }
            }
            case 2 -> { // a tree plus cross edges
                for (int i = 1; i < n; i++) {
                    out.get(random.nextInt(i)).add(i);
                }
                for (int e = 0; e < (int) (n * density / 3); e++) {
                    out.get(random.nextInt(n)).add(random.nextInt(n));
                }
            }
            case 3 -> { // dense: nearly everything reaches everything
                for (int e = 0; e < n * 4; e++) {
                    out.get(random.nextInt(n)).add(random.nextInt(n));
                }
            }
            default -> { // several disjoint rings with tails
                int rings = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    int ring = i % rings;
                    int nextInRing = i + rings < n ? i + rings : ring;
                    out.get(i).add(nextInRing);
                }
            }
        }
        // Self-loops and repeated refs.
        for (int e = 0; e < random.nextInt(3); e++) {
            int i = random.nextInt(n);
            out.get(i).add(i);
        }
        for (int e = 0; e < random.nextInt(3); e++) {
            List<Integer> l = out.get(random.nextInt(n));
            if (!l.isEmpty()) {
                l.add(random.nextInt(l.size()), l.get(random.nextInt(l.size())));
            }
        }
        int[] roots = null;
        if (random.nextInt(3) > 0) {
            roots = new int[random.nextInt(Math.min(n, 5) + 1)];
            for (int r = 0; r < roots.length; r++) {
                roots[r] = random.nextInt(n);
            }
        }
        long[] size = new long[n];
        for (int i = 0; i < n; i++) {
            size[i] = random.nextInt(10) == 0 ? 0 : 16 + 8L * random.nextInt(100);
        }
        return new Graph(n, out.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new),
                roots, size);
    }

    static void assertAgrees(Graph g, DominatorTree t, String what) {
        BruteForce want = new BruteForce(g);
        for (int v = 0; v < g.n(); v++) {
            String at = what + ", object " + v;
            assertEquals(want.dominator[v], t.dominator(v), at + ": the immediate dominator is the nearest object every path from the root passes");
            assertEquals(want.count[v], t.retainedCount(v), at + ": retained count is the size of the dominated set plus one");
            assertEquals(want.bytes[v], t.retainedBytes(v), at + ": retained bytes are the sizes of the dominated set and itself");
            assertEquals(want.reached[v], t.reached(v), at + ": reached from the roots");
        }
        int unreached = 0;
        for (boolean r : want.reached) {
            unreached += r ? 0 : 1;
        }
        assertEquals(unreached, t.unreachedCount(), what + ": objects the roots do not reach");
        int[] order = t.childLists().preorder();
        int[] position = new int[g.n()];
        java.util.Arrays.fill(position, -1);
        for (int k = 0; k < order.length; k++) {
            assertEquals(-1, position[order[k]], what + ": preorder lists object " + order[k] + " once");
            position[order[k]] = k;
        }
        for (int v = 0; v < g.n(); v++) {
            int d = t.dominator(v);
            assertTrue(d == DominatorTree.VIRTUAL_ROOT || position[d] < position[v],
                    what + ": object " + v + "'s dominator comes before it in preorder");
        }
    }

    @Test
    void agreesWithTheDefinitionOnRandomGraphs() {
        long seed = System.nanoTime();
        System.out.println("DominatorsTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 3000; round++) {
            Graph g = randomGraph(random);
            assertAgrees(g, g.compute(), "seed " + seed + " round " + round + " " + describe(g));
        }
    }

    /**
     * Finalizer references hold nothing. The oracle, by the definition: live objects are what the
     * roots reach without them, and their dominators are those of that graph; the targets of
     * finalizer references from live objects that are not live themselves are roots of their own
     * (awaiting finalization) for what only they reach; the rest is garbage, alone under the root.
     */
    @Test
    void finalizerReferencesHoldNothingAndWhatOnlyTheyReachAwaitsFinalization() {
        long seed = System.nanoTime();
        System.out.println("DominatorsTest finalizer seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            Graph g = randomGraph(random);
            if (g.roots() == null) {
                continue;
            }
            int[] refStart = g.refStart();
            int[] refs = g.refs();
            List<Integer> chosen = new ArrayList<>();
            double p = random.nextDouble() * 0.4;
            for (int k = 0; k < refs.length; k++) {
                if (random.nextDouble() < p) {
                    chosen.add(k);
                }
            }
            int[] fin = chosen.stream().mapToInt(Integer::intValue).toArray();
            int n = g.n();
            boolean[] isFin = new boolean[refs.length];
            for (int k : fin) {
                isFin[k] = true;
            }
            int[][] strongOut = new int[n][];
            for (int i = 0; i < n; i++) {
                List<Integer> l = new ArrayList<>();
                for (int k = refStart[i]; k < refStart[i + 1]; k++) {
                    if (!isFin[k]) {
                        l.add(refs[k]);
                    }
                }
                strongOut[i] = l.stream().mapToInt(Integer::intValue).toArray();
            }
            boolean[] top = new boolean[n];
            for (int r : g.roots()) {
                top[r] = true;
            }
            boolean[] live = RemovalReach.reach(strongOut, top, -1);
            boolean[] seeds = new boolean[n];
            for (int i = 0; i < n; i++) {
                for (int k = refStart[i]; k < refStart[i + 1]; k++) {
                    if (isFin[k] && live[i] && !live[refs[k]]) {
                        seeds[refs[k]] = true;
                    }
                }
            }
            boolean[] pending = RemovalReach.reach(strongOut, seeds, -1);
            int[] wantDom = new int[n];
            long[] wantCount = new long[n];
            long[] wantBytes = new long[n];
            Arrays.fill(wantDom, DominatorTree.VIRTUAL_ROOT);
            int[] depth = new int[n];
            boolean[][] dominated = new boolean[n][n];
            for (int d = 0; d < n; d++) {
                boolean[] withoutLive = RemovalReach.reach(strongOut, top, d);
                boolean[] withoutPending = RemovalReach.reach(strongOut, seeds, d);
                for (int v = 0; v < n; v++) {
                    boolean dom = v != d && (live[v] ? !withoutLive[v] : pending[v] && live[d] == live[v] && !withoutPending[v]);
                    if (dom) {
                        dominated[d][v] = true;
                        depth[v]++;
                    }
                }
            }
            for (int v = 0; v < n; v++) {
                wantCount[v] = 1;
                wantBytes[v] = g.size()[v];
                for (int d = 0; d < n; d++) {
                    if (dominated[d][v] && (wantDom[v] < 0 || depth[d] > depth[wantDom[v]])) {
                        wantDom[v] = d;
                    }
                    if (dominated[v][d]) {
                        wantCount[v]++;
                        wantBytes[v] += g.size()[d];
                    }
                }
            }
            DominatorTree t = g.compute(fin);
            String what = "seed " + seed + " round " + round + " " + describe(g) + " finalizer refs at " + Arrays.toString(fin);
            int pendingCount = 0;
            for (int v = 0; v < n; v++) {
                boolean waits = pending[v] && !live[v];
                pendingCount += waits ? 1 : 0;
                String at = what + ", object " + v;
                assertEquals(waits, t.awaitingFinalization(v), at + ": awaits finalization when only finalizer refs lead to it");
                assertEquals(live[v] || waits, t.reached(v), at + ": reached, through finalizer refs or not");
                assertEquals(wantDom[v], t.dominator(v), at + ": immediate dominator with finalizer refs holding nothing");
                assertEquals(wantCount[v], t.retainedCount(v), at + ": retained count");
                assertEquals(wantBytes[v], t.retainedBytes(v), at + ": retained bytes");
            }
            assertEquals(pendingCount, t.awaitingFinalizationCount(), what);
        }
    }

    @Test
    void handlesTheSmallCasesByHand() {
        // 0 -> 1 -> 2, 0 -> 2: 0 dominates both, 1 only itself.
        Graph diamond = new Graph(3, new int[][] {{1, 2}, {2}, {}}, new int[] {0}, new long[] {10, 20, 30});
        DominatorTree t = diamond.compute();
        assertEquals(12 * 3, t.bytes(), "12 bytes per object before the children lists are built");
        assertEquals(-1, t.dominator(0));
        assertEquals(0, t.dominator(1));
        assertEquals(0, t.dominator(2));
        assertEquals(60, t.retainedBytes(0));
        assertEquals(20, t.retainedBytes(1));
        assertArrayEquals(new int[] {2, 1}, t.children(0), "children, largest retained first");
        assertArrayEquals(new int[] {0}, t.children(DominatorTree.VIRTUAL_ROOT), "the top of the tree");
        assertTrue(t.childLists() == t.childLists(), "the children lists are built once and kept with the tree");
        assertEquals(12 * 3 + 8 * 4, t.bytes(), "and then cost 8 bytes per object (and the virtual root) more");
        assertArrayEquals(new int[] {0, 1, 2}, t.childLists().preorder(), "preorder: a dominator before what it dominates, lower index first");
        // Garbage pointing into the live heap keeps nothing alive: 2 goes when 1 goes, whatever 3 says.
        Graph garbage = new Graph(4, new int[][] {{1}, {2}, {}, {2}}, new int[] {0}, new long[] {1, 1, 1, 1});
        t = garbage.compute();
        assertEquals(1, t.dominator(2), "an unreached object's reference is no way in from the roots");
        assertEquals(3, t.retainedBytes(0), "the live chain retains all of itself");
        assertEquals(-1, t.dominator(3), "the garbage hangs under the virtual root");
        assertEquals(1, t.retainedBytes(3), "and retains only itself");
        assertEquals(0, Dominators.compute(0, new int[1], new int[0], new int[1], new int[0], null, i -> 0,
                Dominators.Progress.NONE).objectCount(), "an empty heap");
    }

    @Test
    void keepsRetainedBytesAboveFourGigabytes() {
        int n = 5;
        long big = 3L << 30;
        Graph chain = new Graph(n, new int[][] {{1}, {2}, {3}, {4}, {}}, null, new long[] {big, big, 8, big, 16});
        assertAgrees(chain, chain.compute(), "a chain of 3 GiB arrays");
        assertEquals(3 * big + 24, chain.compute().retainedBytes(0));
    }

    @Test
    void walksATenMillionObjectChainWithoutRecursion() {
        int n = 10_000_000;
        int[] refStart = new int[n + 1];
        int[] refs = new int[n - 1];
        int[] predStart = new int[n + 1];
        int[] preds = new int[n - 1];
        for (int i = 0; i < n; i++) {
            refStart[i + 1] = Math.min(i + 1, n - 1);
            predStart[i + 1] = i;
            if (i + 1 < n) {
                refs[i] = i + 1;
                preds[i] = i;
            }
        }
        DominatorTree t = Dominators.compute(n, refStart, refs, predStart, preds, new int[] {0}, i -> 8,
                Dominators.Progress.NONE);
        assertEquals(n, t.retainedCount(0), "the head retains the whole chain");
        assertEquals(8L * n, t.retainedBytes(0));
        assertEquals(n - 2, t.dominator(n - 1), "each link is held by the one before it");
        assertEquals(1, t.retainedCount(n - 1));
    }

    @Test
    void compressesLongPathsIteratively() {
        // A chain whose last object points back at every earlier one: each eval walks up a long path.
        int n = 1_000_000;
        int[][] out = new int[n][];
        for (int i = 0; i < n - 1; i++) {
            out[i] = new int[] {i + 1};
        }
        out[n - 1] = new int[] {1, n / 2};
        Graph g = new Graph(n, out, new int[] {0}, new long[n]);
        DominatorTree t = g.compute();
        assertEquals(0, t.dominator(1));
        assertEquals(1, t.dominator(2));
        assertEquals(n - 2, t.dominator(n - 1));
    }

    @Test
    void stopsWhenInterrupted() {
        Graph g = new Graph(2, new int[][] {{1}, {}}, null, new long[2]);
        Thread.currentThread().interrupt();
        assertThrows(CancellationException.class, g::compute, "an interrupted thread stops at the first check");
        assertEquals(false, Thread.currentThread().isInterrupted(), "and the flag is cleared");
    }

    private static String describe(Graph g) {
        StringBuilder s = new StringBuilder("n=" + g.n() + " roots=" + Arrays.toString(g.roots()) + " refs=");
        for (int i = 0; i < g.n(); i++) {
            s.append(i).append(Arrays.toString(g.out()[i])).append(' ');
        }
        return s.toString();
    }

    private static void assertArrayEquals(int[] want, int[] got, String message) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, message);
    }
}
