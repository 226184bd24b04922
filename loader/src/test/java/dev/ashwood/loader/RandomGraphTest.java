package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model against a naive reading of the same random graph: refs, referrers, totals, summaries,
 * paths, and what collapse must keep. The seed is printed so a failure can be replayed.
 */
class RandomGraphTest {
    @TempDir
    Path dir;

    @Test
    void modelAgreesWithANaiveGraph() throws IOException {
        long seed = System.nanoTime();
        System.out.println("RandomGraphTest seed " + seed);
        Random random = new Random(seed);
        int n = 3000;
        String[] types = {"app.Node", "java.lang.Object[]", "java.lang.String", "byte[]", "app.Node$Entry"};
        List<List<Integer>> refs = new ArrayList<>();
        DumpBuilder b = DumpBuilder.ashwood();
        for (int r = 0; r < 5; r++) {
            b.root("jni_global", 1 + random.nextInt(n));
        }
        long[] sizes = new long[n + 1];
        refs.add(List.of());
        for (int a = 1; a <= n; a++) {
            String type = types[random.nextInt(types.length)];
            sizes[a] = 16 + 8 * random.nextInt(10);
            DumpBuilder.Obj o = b.obj(a, type, sizes[a]);
            List<Integer> out = new ArrayList<>();
            int count = random.nextInt(4);
            for (int k = 0; k < count; k++) {
                int to = 1 + random.nextInt(n);
                out.add(to);
                o.ref(type.endsWith("[]") ? Integer.toString(k) : "f" + k, to);
            }
            refs.add(out);
        }
        Heap heap = HeapLoader.load(b.footer().write(dir, "random.jsonl"));
        assertEquals(List.of(), heap.warnings(), "seed " + seed + ": a consistent dump");
        for (int a = 1; a <= n; a++) {
            int i = heap.find(a);
            int[] expected = refs.get(a).stream().mapToInt(heap::find).toArray();
            assertArrayEquals(expected, heap.refs(i), "seed " + seed + ": refs of " + a + " in dump order");
            TreeSet<Integer> from = new TreeSet<>();
            for (int s = 1; s <= n; s++) {
                if (refs.get(s).contains(a)) {
                    from.add(heap.find(s));
                }
            }
            assertArrayEquals(from.stream().mapToInt(Integer::intValue).toArray(), heap.referrers(i),
                    "seed " + seed + ": distinct referrers of " + a);
        }
        for (int trial = 0; trial < 20; trial++) {
            int a = 1 + random.nextInt(n);
            boolean[] seen = new boolean[n + 1];
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(a));
            seen[a] = true;
            long count = 0;
            long bytes = 0;
            while (!queue.isEmpty()) {
                int x = queue.poll();
                count++;
                bytes += sizes[x];
                for (int t : refs.get(x)) {
                    if (!seen[t]) {
                        seen[t] = true;
                        queue.add(t);
                    }
                }
            }
            assertEquals(new Total(a, count, bytes), heap.total(heap.find(a)), "seed " + seed + ": total of " + a);
            assertEquals(count, heap.summarize(SummaryOptions.all().from(heap.find(a))).objects(),
                    "seed " + seed + ": summarize from " + a + " counts what total counts");
            List<PathStep> path = heap.path(heap.find(a));
            if (!path.isEmpty()) {
                assertTrue(!heap.roots(heap.find(path.get(0).address())).isEmpty(), "seed " + seed + ": a path starts at a root");
                assertEquals(a, path.get(path.size() - 1).address(), "seed " + seed + ": a path ends at the object");
                for (int s = 1; s < path.size(); s++) {
                    assertTrue(refs.get((int) path.get(s - 1).address()).contains((int) path.get(s).address()),
                            "seed " + seed + ": each step of a path is a reference");
                }
            }
        }
        long before = heap.totalBytes();
        int objects = heap.objectCount();
        int folded = heap.collapse();
        assertEquals(before, heap.totalBytes(), "seed " + seed + ": collapse keeps every byte");
        assertEquals(objects - folded, heap.objectCount(), "seed " + seed + ": collapse removes what it folds");
        assertEquals(heap.objectCount(), heap.summarize(SummaryOptions.all()).objects(), "seed " + seed + ": summary counts all");
    }
}
