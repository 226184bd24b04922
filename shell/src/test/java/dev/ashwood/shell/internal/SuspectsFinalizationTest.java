package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code suspects} on a real agent dump of a JVM whose finalizer thread is stuck, with 150
 * finalizable objects of 64 KiB each queued behind it (as the 41 zip file systems of a Maven
 * build were): they are one "await finalization" line, not a suspect made of the Finalizer
 * class and its list. What awaits finalization is computed here by two breadth-first walks from
 * the GC roots over the loaded heap, with and without the {@code Finalizer.referent} edges.
 */
class SuspectsFinalizationTest {
    private static final String PROGRAM = """
            import java.lang.ref.WeakReference;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.CountDownLatch;

            @SuppressWarnings({"deprecation", "removal"}) // finalize(), on purpose; a compiler note would come before "ready"
            public class Stuck {
                static final CountDownLatch STUCK = new CountDownLatch(1);
                static int finalized;

                static final class Blocker {
                    @Override
                    protected void finalize() throws InterruptedException {
                        STUCK.countDown();
                        new CountDownLatch(1).await(); // the finalizer thread runs nothing else
                    }
                }

                static final class Zipped {
                    final byte[] buffer = new byte[64 * 1024];

                    @Override
                    protected void finalize() {
                        finalized++; // not empty: HotSpot registers no Finalizer for an empty finalize()
                    }
                }

                public static void main(String[] args) throws Exception {
                    new Blocker();
                    long end = System.nanoTime() + 30_000_000_000L;
                    while (STUCK.getCount() > 0 && System.nanoTime() < end) {
                        System.gc();
                        Thread.sleep(20);
                    }
                    List<WeakReference<Zipped>> dropped = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        dropped.add(new WeakReference<>(new Zipped()));
                    }
                    // Cleared weak references: the objects were found finalizable and their Finalizers queued.
                    while (dropped.stream().anyMatch(w -> w.get() != null) && System.nanoTime() < end) {
                        System.gc();
                        Thread.sleep(20);
                    }
                    System.out.println(STUCK.getCount() == 0 ? "ready" : "stuck finalizer thread never ran");
                    System.out.flush();
                    Thread.sleep(120_000);
                }
            }
            """;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void objectsAwaitingFinalizationAreOneLineAndTheFinalizerListIsNoSuspect(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("Stuck.java"), PROGRAM);
        Path dump = dir.resolve("stuck.jsonl");
        try (LeakyCacheApp app = LeakyCacheApp.startSource(source)) {
            Run run = Run.ashwood("dump", Long.toString(app.pid()), "-o", dump.toString(), "--timeout", "60");
            assertEquals(0, run.exit(), run.toString());
        }
        Heap heap = HeapLoader.load(dump);
        BitSet all = reach(heap, false);
        BitSet strong = reach(heap, true);
        long objects = 0;
        long bytes = 0;
        int zipped = 0;
        for (int i = 0; i < heap.objectCount(); i++) {
            if (all.get(i) && !strong.get(i)) {
                objects++;
                bytes += heap.size(i);
                zipped += heap.type(i).equals("Stuck$Zipped") ? 1 : 0;
            }
        }
        assertEquals(150, zipped, "the 150 dropped objects are reached only through Finalizer.referent");

        Run json = Run.ashwood("query", dump.toString(), "-e", "suspects", "--json");
        assertEquals(0, json.exit(), json.toString());
        assertTrue(json.out().contains("\"finalization_objects\":" + objects + ",\"finalization_bytes\":" + bytes
                + ",\"finalization_types\":[{\"type\":\"Stuck$Zipped\",\"count\":150,"),
                "what awaits finalization is counted exactly, the Finalizers' referents named by type (" + objects
                        + " objects, " + bytes + " bytes)\n" + json);

        Run text = Run.ashwood("query", dump.toString(), "-e", "suspects");
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().contains("left out: " + objects + " objects, ")
                        && text.out().contains(" await finalization (held only by java.lang.ref.Finalizer.referent; "
                        + "they go once finalize() has run): 150 objects of type Stuck$Zipped retain "),
                "one line says what awaits finalization\n" + text);
        assertFalse(text.out().lines().anyMatch(l -> l.matches("\\d+\\. .*java\\.lang\\.ref\\.Finalizer.*")),
                "neither the Finalizer class nor a Finalizer is a suspect\n" + text);
    }

    /** Objects the GC roots reach, following every reference or all but Finalizer.referent. */
    private static BitSet reach(Heap heap, boolean skipFinalizerReferents) {
        BitSet seen = new BitSet();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < heap.objectCount(); i++) {
            if (!heap.roots(i).isEmpty()) {
                seen.set(i);
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int x = queue.poll();
            boolean finalizer = skipFinalizerReferents && heap.type(x).equals("java.lang.ref.Finalizer");
            int[] refs = heap.refs(x);
            for (int k = 0; k < refs.length; k++) {
                if (!seen.get(refs[k]) && !(finalizer && "referent".equals(heap.field(x, k)))) {
                    seen.set(refs[k]);
                    queue.add(refs[k]);
                }
            }
        }
        return seen;
    }
}
