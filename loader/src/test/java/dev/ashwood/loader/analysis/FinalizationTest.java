package dev.ashwood.loader.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.AwaitingFinalization;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.Retained;
import dev.ashwood.loader.Suspect;
import dev.ashwood.loader.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM's heap (`jcmd PID GC.heap_dump`) with objects awaiting finalization
 * ({@link FinalizerTarget}: the finalizer thread is stuck, 200 finalizable objects with 64 KiB
 * each are queued behind it, 30 more are in use): what awaits finalization is what the GC roots
 * reach only through a {@code java.lang.ref.Finalizer.referent}, computed here by two
 * breadth-first walks over the loaded references, and the Finalizer list is no suspect.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FinalizationTest {
    private static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String PENDING = FinalizerTarget.class.getName() + "$Pending";

    @TempDir
    static Path dir;
    static Heap heap;

    @BeforeAll
    static void dump() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK.resolve("bin/java")), "no JDK 17 at " + JDK);
        Path file = dir.resolve("heap.hprof");
        try (TargetJvm target = TargetJvm.start(JDK, dir.resolve("target.err"), FinalizerTarget.class, "-Xmx256m",
                "-XX:+UseSerialGC")) {
            target.jcmd("GC.heap_dump", file.toString());
        }
        heap = HeapLoader.load(file);
    }

    @Test
    void whatOnlyFinalizerReferentsReachAwaitsFinalization() {
        BitSet all = reach(false);
        BitSet strong = reach(true);
        long objects = 0;
        long bytes = 0;
        int pendingOfType = 0;
        for (int i = 0; i < heap.objectCount(); i++) {
            boolean expected = all.get(i) && !strong.get(i);
            assertEquals(expected, heap.awaitingFinalization(i), "object " + heap.address(i) + " " + heap.type(i)
                    + " awaits finalization exactly when only Finalizer.referent edges lead the roots to it");
            if (expected) {
                objects++;
                bytes += heap.size(i);
                pendingOfType += heap.type(i).equals(PENDING) ? 1 : 0;
            }
        }
        assertEquals(FinalizerTarget.PENDING, pendingOfType, "the dropped objects await finalization, the ones in use do not");
        AwaitingFinalization a = heap.awaitingFinalization();
        assertEquals(objects, a.objects(), "count of objects awaiting finalization");
        assertEquals(bytes, a.bytes(), "their bytes");
        var top = a.byType().get(0);
        assertEquals(PENDING, top.type(), "the Finalizers' referents, by type, largest first: " + a.byType());
        assertEquals(FinalizerTarget.PENDING, top.count());
        assertTrue(top.retainedBytes() >= (long) FinalizerTarget.PENDING * FinalizerTarget.PAYLOAD,
                "each keeps its payload: " + top);
    }

    @Test
    void aFinalizableObjectInUseIsHeldByWhatUsesItNotByItsFinalizer() {
        int live = 0;
        for (int i : heap.all(PENDING)) {
            if (heap.awaitingFinalization(i)) {
                continue;
            }
            live++;
            Retained r = heap.retained(i);
            assertNotEquals(Retained.VIRTUAL_ROOT, r.dominator(), "a Finalizer's referent edge does not share the object");
            assertEquals("java.lang.Object[]", heap.type(r.dominator()), "the list's array dominates it");
        }
        assertEquals(FinalizerTarget.LIVE_COUNT, live);
    }

    @Test
    void theFinalizerListIsNoSuspect() {
        List<Suspect> suspects = heap.suspects(0.05);
        for (Suspect s : suspects) {
            assertFalse(s.type().equals("java.lang.ref.Finalizer") || s.type().equals(PENDING)
                    || (s.index() >= 0 && "java.lang.ref.Finalizer".equals(heap.name(s.index()))),
                    "objects awaiting finalization make no suspect of the Finalizer list: " + s);
        }
        assertTrue(suspects.stream().anyMatch(s -> s.index() >= 0 && heap.name(s.index()) != null
                        && heap.name(s.index()).equals(FinalizerTarget.class.getName())),
                "the class holding the live finalizable objects (1.9 MiB) is one: " + suspects);
    }

    /** Objects the GC roots reach, following every reference or all but Finalizer.referent. */
    private static BitSet reach(boolean skipFinalizerReferents) {
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
                if (!seen.get(refs[k]) && !(finalizer && heap.field(x, k).equals("referent"))) {
                    seen.set(refs[k]);
                    queue.add(refs[k]);
                }
            }
        }
        return seen;
    }
}
