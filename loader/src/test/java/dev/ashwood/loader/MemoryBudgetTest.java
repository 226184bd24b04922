package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jol.info.GraphLayout;

/**
 * Pins the model's memory (shark pins its index the same way): what a loaded heap really retains,
 * measured with JOL, is at most 40 bytes per object plus 8 per reference (refs and referrers
 * together), and the model's own estimate ({@code modelBytes()}) is within 10% of it.
 */
class MemoryBudgetTest {
    static final long SEED = 20261121L;

    @TempDir
    Path dir;

    /**
     * A HashMap of String keys to Integer values, with a sparse table and some bucket chains; ids
     * dense from 1 as the scanner writes them.
     */
    private Path mapDump(int entries) {
        Random random = new Random(SEED);
        DumpBuilder b = DumpBuilder.ashwood().root("jni_global", 7);
        b.obj(1, "java.lang.Class", 96).name("java.util.HashMap")
                .obj(2, "java.lang.Class", 96).name("java.util.HashMap$Node")
                .obj(3, "java.lang.Class", 96).name("java.lang.String")
                .obj(4, "java.lang.Class", 96).name("byte[]")
                .obj(5, "java.lang.Class", 96).name("java.lang.Integer")
                .obj(6, "java.lang.Class", 96).name("java.util.HashMap$Node[]")
                .obj(7, "java.util.HashMap", 48).ref("<class>", 1).ref("table", 8);
        int slots = Integer.highestOneBit(entries) * 2;
        DumpBuilder.Obj table = b.obj(8, "java.util.HashMap$Node[]", 16 + 4L * slots).len(slots).ref("<class>", 6);
        long base = 9;
        for (int e = 0; e < entries; e++) {
            if (e % 4 != 3) {
                table.ref(Integer.toString(random.nextInt(slots)), base + 4L * e);
            }
        }
        for (int e = 0; e < entries; e++) {
            long node = base + 4L * e;
            DumpBuilder.Obj n = b.obj(node, "java.util.HashMap$Node", 32).ref("<class>", 2)
                    .ref("key", node + 1).ref("value", node + 3);
            if (e % 4 == 2) {
                n.ref("next", node + 4);
            }
            b.obj(node + 1, "java.lang.String", 24).len(10).value(String.format("key-%06d", e))
                    .ref("<class>", 3).ref("value", node + 2)
                    .obj(node + 2, "byte[]", 32).len(10).ref("<class>", 4)
                    .obj(node + 3, "java.lang.Integer", 16).rawValue(Integer.toString(random.nextInt(1000)))
                    .ref("<class>", 5);
        }
        return b.footer().write(dir, "map.jsonl");
    }

    /**
     * What the loaded heap really holds, measured by JOL: every object reachable from the
     * {@link Heap} through its fields (model columns, tables, string pool, referrers), with the
     * JVM's own object sizes. Counts an array the model's arithmetic forgets.
     */
    private static long retained(Heap heap) {
        // The heap holds records (DumpOrigin), whose field offsets Unsafe refuses to give; JOL then
        // finds them by its own probing, which it does only when asked before its first use.
        System.setProperty("jol.magicFieldOffset", "true");
        return GraphLayout.parseInstance(heap).totalSize();
    }

    @Test
    void modelStaysWithinBudget() throws IOException {
        Heap heap = HeapLoader.load(mapDump(50_000));
        heap.referrers(0);
        long objects = heap.objectCount();
        long refs = heap.referenceCount();
        long budget = 40 * objects + 8 * refs;
        long used = retained(heap);
        System.out.printf("model: %d objects, %d refs, %d bytes retained (JOL) = %.1f/object with refs;"
                + " modelBytes() says %d; budget %d%n", objects, refs, used, (double) used / objects, heap.modelBytes(), budget);
        assertTrue(used <= budget, "the loaded heap retains at most 40 bytes/object + 8 bytes/ref: " + used + " > " + budget);
        assertEquals(used, heap.modelBytes(), used * 0.10,
                "modelBytes(), which the shell reports, is within 10% of what the heap really retains");
    }

    @Test
    void realMeliaeDumpStaysWithinBudget() throws IOException {
        Heap heap = HeapLoader.load(MeliaeFixtureTest.DUMP);
        heap.referrers(0);
        long budget = 40L * heap.objectCount() + 8 * heap.referenceCount();
        long used = retained(heap);
        assertTrue(used <= budget, "a Meliae dump (8-byte addresses, no field names) retains "
                + "at most 40 bytes/object + 8 bytes/ref too: " + used + " > " + budget);
    }
}
