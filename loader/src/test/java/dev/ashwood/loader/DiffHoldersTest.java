package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.analysis.RemovalReach;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A diff's holders and retained bytes per type against the definitions, found here by brute force
 * (an object d dominates x when the GC roots no longer reach x once d is taken away). Holders: for
 * each new object of the newer dump, of its dominators that existed in the older dump the nearest
 * (the one with the most dominators itself). Retained per type: the bytes of every object that is
 * of the type or has a dominator of the type, each counted once. Both dumps are real files read
 * by the real loader; type names have no '$' and no "[]", so no holder is lifted to a container.
 */
class DiffHoldersTest {
    private static final String[] TYPES = {"A", "B", "C"};

    @TempDir
    Path dir;

    /** address -> {new objects, new bytes}; {@link Holder#NO_HOLDER} and {@link Holder#UNREACHED} for the two groups. */
    private static Map<Long, List<Long>> bruteForce(int n, int[][] out, boolean[] root, long[] size, boolean[] isNew) {
        boolean[] reached = RemovalReach.reach(out, root, -1);
        List<List<Integer>> dom = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            dom.add(new ArrayList<>());
        }
        for (int d = 0; d < n; d++) {
            boolean[] without = RemovalReach.reach(out, root, d);
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

    /** Per type, the bytes of the objects that are of it or have a dominator of it; unreached objects count for their own type only. */
    private static Map<String, Long> retainedByType(int n, int[][] out, boolean[] root, long[] size, String[] type) {
        boolean[] reached = RemovalReach.reach(out, root, -1);
        List<java.util.Set<String>> under = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            under.add(new java.util.HashSet<>(List.of(type[x])));
        }
        for (int d = 0; d < n; d++) {
            boolean[] without = RemovalReach.reach(out, root, d);
            for (int x = 0; x < n; x++) {
                if (x != d && reached[x] && !without[x]) {
                    under.get(x).add(type[d]);
                }
            }
        }
        Map<String, Long> want = new TreeMap<>();
        for (int x = 0; x < n; x++) {
            for (String t : under.get(x)) {
                want.merge(t, size[x], Long::sum);
            }
        }
        return want;
    }

    private static long address(int i) {
        return 100 + i;
    }

    @Test
    void holdersAndRetainedBytesPerTypeAgreeWithTheDefinitionsOnRandomHeaps() throws IOException {
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
            // The older dump: some of the same objects (a few with another type under the same id,
            // which makes the newer one new) and one gone, with a random structure of its own.
            List<Long> oldAddress = new ArrayList<>();
            List<String> oldType = new ArrayList<>();
            List<Long> oldSize = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                DumpBuilder.Obj o = newer.obj(address(i), type[i], size[i]);
                for (int k = 0; k < out[i].length; k++) {
                    o.ref("f" + k, address(out[i][k]));
                }
                int fate = random.nextInt(10);
                if (fate < 5) {
                    oldType.add(type[i]);
                } else if (fate == 5) {
                    oldType.add(type[i].equals("A") ? "B" : "A");
                    isNew[i] = true;
                } else {
                    isNew[i] = true;
                    continue;
                }
                oldAddress.add(address(i));
                oldSize.add(size[i] + 8L * random.nextInt(3));
            }
            oldAddress.add(address(n) + 1000);
            oldType.add("Gone");
            oldSize.add(16L);
            int m = oldAddress.size();
            int[][] oldOut = new int[m][];
            boolean[] oldRoot = new boolean[m];
            oldRoot[0] = true;
            oldRoot[random.nextInt(m)] = true;
            for (int j = 0; j < m; j++) {
                oldOut[j] = random.ints(random.nextInt(3), 0, m).toArray();
                if (oldRoot[j]) {
                    older.root("thread", oldAddress.get(j));
                }
            }
            for (int j = 0; j < m; j++) {
                DumpBuilder.Obj o = older.obj(oldAddress.get(j), oldType.get(j), oldSize.get(j));
                for (int k = 0; k < oldOut[j].length; k++) {
                    o.ref("g" + k, oldAddress.get(oldOut[j][k]));
                }
            }
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
            Map<String, Long> wantOld = retainedByType(m, oldOut, oldRoot, oldSize.stream().mapToLong(Long::longValue).toArray(),
                    oldType.toArray(new String[0]));
            Map<String, Long> wantNew = retainedByType(n, out, root, size, type);
            for (TypeDelta t : diff.types()) {
                assertEquals(wantOld.getOrDefault(t.type(), 0L), t.oldRetained(), what + ": retained bytes of " + t.type()
                        + " in the older dump, each object counted once");
                assertEquals(wantNew.getOrDefault(t.type(), 0L), t.newRetained(), what + ": retained bytes of " + t.type()
                        + " in the newer dump, each object counted once");
                assertEquals(t.newRetained() - t.oldRetained(), t.retainedDelta(), what);
            }
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
