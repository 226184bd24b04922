package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The holders of a diff against the definition: for each new object of the newer dump, the nearest
 * object on its dominator chain that existed in the older dump, found here by brute force (an
 * object d dominates x when the GC roots no longer reach x once d is taken away; of x's older
 * dominators the nearest is the one with the most dominators itself). Both dumps are real files
 * read by the real loader; type names have no '$' and no "[]", so no holder is lifted to a container.
 */
class DiffHoldersTest {
    private static final String[] TYPES = {"A", "B", "C"};

    @TempDir
    Path dir;

    /** address -> {new objects, new bytes}; {@link Holder#NO_HOLDER} and {@link Holder#UNREACHED} for the two groups. */
    private static Map<Long, List<Long>> bruteForce(int n, int[][] out, boolean[] root, long[] size, boolean[] isNew) {
        boolean[] reached = reach(n, out, root, -1);
        List<List<Integer>> dom = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            dom.add(new ArrayList<>());
        }
        for (int d = 0; d < n; d++) {
            boolean[] without = reach(n, out, root, d);
            for (int x = 0; x < n; x++) {
                if (x != d && reached[x] && !without[x]) {
                    dom.get(x).add(d);
                }
            }
        }
        Map<Long, List<Long>> want = new TreeMap<>();
        for (int x = 0; x < n; x++) {
            if (!isNew[x]) {
                continue;
            }
            long key;
            if (!reached[x]) {
                key = Holder.UNREACHED;
            } else {
                int best = -1;
                for (int d : dom.get(x)) {
                    if (!isNew[d] && (best < 0 || dom.get(d).size() > dom.get(best).size())) {
                        best = d;
                    }
                }
                key = best < 0 ? Holder.NO_HOLDER : address(best);
            }
            List<Long> row = want.computeIfAbsent(key, k -> new ArrayList<>(List.of(0L, 0L)));
            row.set(0, row.get(0) + 1);
            row.set(1, row.get(1) + size[x]);
        }
        return want;
    }

    private static boolean[] reach(int n, int[][] out, boolean[] root, int removed) {
        boolean[] seen = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (root[i] && i != removed) {
                seen[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            for (int t : out[queue.poll()]) {
                if (t != removed && !seen[t]) {
                    seen[t] = true;
                    queue.add(t);
                }
            }
        }
        return seen;
    }

    private static long address(int i) {
        return 100 + i;
    }

    @Test
    void holdersAreTheNearestOlderDominatorsOnRandomHeaps() throws IOException {
        long seed = System.nanoTime();
        System.out.println("DiffHoldersTest seed " + seed);
        Random random = new Random(seed);
        for (int round = 0; round < 300; round++) {
            String what = "seed " + seed + " round " + round;
            int n = 1 + random.nextInt(random.nextBoolean() ? 10 : 60);
            double density = 0.5 + random.nextDouble() * 2;
            int[][] out = new int[n][];
            String[] type = new String[n];
            long[] size = new long[n];
            boolean[] root = new boolean[n];
            boolean[] isNew = new boolean[n];
            for (int i = 0; i < n; i++) {
                int refs = random.nextInt((int) Math.ceil(density * 2) + 1);
                out[i] = new int[refs];
                for (int k = 0; k < refs; k++) {
                    // Mostly forward, so most of the heap is reached; some back edges make cycles.
                    out[i][k] = random.nextInt(5) == 0 ? random.nextInt(n) : Math.min(n - 1, i + 1 + random.nextInt(4));
                }
                type[i] = TYPES[random.nextInt(TYPES.length)];
                size[i] = 16 + 8 * random.nextInt(20);
            }
            root[0] = true;
            for (int r = random.nextInt(3); r > 0; r--) {
                root[random.nextInt(n)] = true;
            }
            DumpBuilder older = DumpBuilder.ashwoodSeries("5eed", 1, 7);
            DumpBuilder newer = DumpBuilder.ashwoodSeries("5eed", 2, 7);
            for (int i = 0; i < n; i++) {
                if (root[i]) {
                    newer.root(random.nextBoolean() ? "thread" : "jni_global", address(i));
                }
            }
            for (int i = 0; i < n; i++) {
                DumpBuilder.Obj o = newer.obj(address(i), type[i], size[i]);
                for (int k = 0; k < out[i].length; k++) {
                    o.ref("f" + k, address(out[i][k]));
                }
                int fate = random.nextInt(10);
                if (fate < 5) {
                    older.obj(address(i), type[i], size[i]);
                } else if (fate == 5) {
                    // The same id with another type is another object: new.
                    older.obj(address(i), type[i].equals("A") ? "B" : "A", size[i]);
                    isNew[i] = true;
                } else {
                    isNew[i] = true;
                }
            }
            older.obj(address(n) + 1000, "Gone", 16);
            Heap old = HeapLoader.load(older.footer().write(dir, "old-" + round + ".jsonl"));
            Heap now = HeapLoader.load(newer.footer().write(dir, "new-" + round + ".jsonl"));
            HeapDiff diff = now.diff(old);
            assertEquals(HeapDiff.Identity.STABLE_IDS, diff.identity(), what);

            Map<Long, List<Long>> want = bruteForce(n, out, root, size, isNew);
            Map<Long, List<Long>> got = new TreeMap<>();
            for (Holder h : diff.holders()) {
                got.put(h.address(), List.of(h.newObjects(), h.newBytes()));
                if (h.isObject()) {
                    List<PathStep> path = h.path();
                    assertEquals(h.address(), path.get(path.size() - 1).address(), what + ": a holder's path ends at it");
                    assertTrue(path.get(0).root() != null, what + ": a holder's path starts at a GC root");
                } else {
                    assertTrue(h.path().isEmpty(), what + ": the groups have no path");
                }
            }
            assertEquals(want, got, what + ": per holder, the new objects whose nearest older dominator it is ("
                    + describe(n, out, root, isNew) + ")");
            for (int k = 1; k < diff.holders().size(); k++) {
                assertTrue(diff.holders().get(k - 1).newBytes() >= diff.holders().get(k).newBytes(), what + ": largest first");
            }
        }
    }

    private static String describe(int n, int[][] out, boolean[] root, boolean[] isNew) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(address(i)).append(root[i] ? "R" : "").append(isNew[i] ? "N" : "").append("->")
                    .append(java.util.Arrays.toString(java.util.Arrays.stream(out[i]).mapToLong(DiffHoldersTest::address).toArray()))
                    .append(' ');
        }
        return s.toString();
    }
}
