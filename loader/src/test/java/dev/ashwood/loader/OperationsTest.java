package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summarize, total, all, path and removeExpensiveReferences on small dumps written in code. */
class OperationsTest {
    @TempDir
    Path dir;

    /**
     * A root Cache (10) holding an Object[] (11) of two Accounts (20, 21), each with a String
     * name (30, 31) whose bytes are 40, 41; a second root (50) holds Account 21 too.
     */
    private Heap cache() throws IOException {
        return HeapLoader.load(DumpBuilder.ashwood()
                .root("jni_global", 10)
                .root("thread", 50)
                .obj(1, "java.lang.Class", 100).name("Cache")
                .obj(2, "java.lang.Class", 100).name("Account")
                .obj(10, "Cache", 16).ref("<class>", 1).ref("items", 11)
                .obj(11, "java.lang.Object[]", 24).len(2).ref("0", 20).ref("1", 21)
                .obj(20, "Account", 32).ref("<class>", 2).ref("name", 30)
                .obj(21, "Account", 32).ref("<class>", 2).ref("name", 31)
                .obj(30, "java.lang.String", 24).len(3).value("ann").ref("value", 40)
                .obj(31, "java.lang.String", 24).len(3).value("bob").ref("value", 41)
                .obj(40, "byte[]", 24).len(3)
                .obj(41, "byte[]", 24).len(3)
                .obj(50, "java.lang.Thread", 120).ref("current", 21)
                .footer().write(dir, "cache.jsonl"));
    }

    @Test
    void summarizeWholeHeapBySizeAndByCount() throws IOException {
        Heap heap = cache();
        Summary all = heap.summarize(SummaryOptions.all());
        assertEquals(11, all.objects(), "every object counted");
        assertEquals(7, all.types(), "distinct types");
        assertEquals(heap.totalBytes(), all.bytes(), "total size");
        assertEquals(new SummaryRow("java.lang.Class", 2, 200, 100, 1), all.rows().get(0), "largest total first");
        assertEquals("java.lang.Thread", all.rows().get(1).type(), "then the next largest");
        Summary byCount = heap.summarize(SummaryOptions.all().by(SummaryOptions.Order.COUNT).top(3));
        assertEquals(3, byCount.rows().size(), "top N rows");
        assertEquals(List.of("java.lang.Class", "Account", "byte[]"),
                byCount.rows().stream().map(SummaryRow::type).toList(),
                "by count, ties broken by total size (Class 200 > Account 64 > 48), then by name");
        Summary top2 = heap.summarize(SummaryOptions.all().top(2));
        assertEquals(List.of("java.lang.Class", "java.lang.Thread"), top2.rows().stream().map(SummaryRow::type).toList(),
                "top 2 keeps the two largest rows");
        assertEquals(7, top2.types(), "types counts every type, not only the rows returned");
    }

    @Test
    void summarizeFromAnObjectExcludingOthers() throws IOException {
        Heap heap = cache();
        Summary fromCache = heap.summarize(SummaryOptions.all().from(heap.find(10), heap.find(1), heap.find(2)));
        assertEquals(8, fromCache.objects(), "the cache, its array, 2 accounts, 2 strings, 2 byte[]; classes excluded");
        Summary without21 = heap.summarize(SummaryOptions.all().from(heap.find(10), heap.find(1), heap.find(2), heap.find(21)));
        assertEquals(5, without21.objects(), "an excluded object is not counted and not walked through");
    }

    @Test
    void totalCountsEachReachableObjectOnce() throws IOException {
        Heap heap = cache();
        assertEquals(new Total(20, 4, 32 + 100 + 24 + 24), heap.total(heap.find(20)),
                "an account, its class, its name and the name's bytes");
        assertEquals(new Total(10, 10, 16 + 24 + 64 + 48 + 48 + 200), heap.total(heap.find(10)),
                "a shared class is counted once");
    }

    @Test
    void allIsLargestFirst() throws IOException {
        Heap heap = cache();
        assertArrayEquals(new int[] {heap.find(20), heap.find(21)}, heap.all("Account"),
                "equal sizes: lower address first");
        assertArrayEquals(new int[0], heap.all("NoSuchType"), "no objects of an absent type");
        assertEquals(List.of("Account", "Cache", "byte[]", "java.lang.Class", "java.lang.Object[]",
                "java.lang.String", "java.lang.Thread"), heap.typeNames().subList(0, 7), "sorted type names");
    }

    @Test
    void pathFromTheNearestRootNamesEachField() throws IOException {
        Heap heap = cache();
        assertEquals(List.of(
                new PathStep(10, "Cache", null, "jni_global"),
                new PathStep(11, "java.lang.Object[]", "items", null),
                new PathStep(20, "Account", "0", null),
                new PathStep(30, "java.lang.String", "name", null),
                new PathStep(40, "byte[]", "value", null)), heap.path(heap.find(40)),
                "root first, each step naming the field or index that leads to it");
        assertEquals(List.of(
                new PathStep(50, "java.lang.Thread", null, "thread"),
                new PathStep(21, "Account", "current", null)), heap.path(heap.find(21)),
                "the shortest path wins (2 steps from the thread, not 3 from the cache)");
        assertEquals(List.of(new PathStep(10, "Cache", null, "jni_global")), heap.path(heap.find(10)),
                "a root's path is itself");
    }

    @Test
    void pathPrefersStrongReferencesOverAReferencesReferent() throws IOException {
        // 60 is held weakly in one step from the root 10 (through the WeakReference 11) and
        // strongly in three (10 -> 12 -> 13 -> 60); 70 only through a SoftReference.
        Heap heap = HeapLoader.load(DumpBuilder.ashwood()
                .root("jni_global", 10)
                .obj(10, "Registry", 24).ref("weak", 11).ref("list", 12).ref("soft", 14)
                .obj(11, "java.lang.ref.WeakReference", 32).ref("referent", 60)
                .obj(12, "java.util.ArrayList", 24).ref("elementData", 13)
                .obj(13, "java.lang.Object[]", 24).len(1).ref("0", 60)
                .obj(14, "java.lang.ref.SoftReference", 40).ref("referent", 70)
                .obj(60, "Session", 16)
                .obj(70, "Cached", 16)
                .footer().write(dir, "weak.jsonl"));
        assertEquals(List.of(
                new PathStep(10, "Registry", null, "jni_global"),
                new PathStep(12, "java.util.ArrayList", "list", null),
                new PathStep(13, "java.lang.Object[]", "elementData", null),
                new PathStep(60, "Session", "0", null)), heap.path(heap.find(60)),
                "a longer strong path wins over a shorter one through a Reference's referent: only it keeps 60 alive");
        assertEquals(List.of(
                new PathStep(10, "Registry", null, "jni_global"),
                new PathStep(14, "java.lang.ref.SoftReference", "soft", null),
                new PathStep(70, "Cached", "referent", null)), heap.path(heap.find(70)),
                "an object reachable only through a referent gets that path, which says why");
    }

    @Test
    void aStrongStepNamesTheStrongFieldEvenWhenTheReferentComesFirst() throws IOException {
        // 11 is a WeakReference subclass that holds 60 both as its referent (declared first, in
        // Reference) and in its own field "pinned": the edge is strong, and the step must say so.
        Heap heap = HeapLoader.load(DumpBuilder.ashwood()
                .root("jni_global", 10)
                .obj(10, "Registry", 24).ref("entry", 11)
                .obj(11, "app.PinnedRef", 40).ref("referent", 60).ref("pinned", 60)
                .obj(60, "Session", 16)
                .footer().write(dir, "pinned.jsonl"));
        assertEquals(List.of(
                new PathStep(10, "Registry", null, "jni_global"),
                new PathStep(11, "app.PinnedRef", "entry", null),
                new PathStep(60, "Session", "pinned", null)), heap.path(heap.find(60)),
                "the step names the field that holds 60 strongly, not the referent listed before it");
    }

    @Test
    void pathInAMeliaeDumpStartsAtAnObjectWithNoReferrers() throws IOException {
        Heap heap = HeapLoader.load(DumpBuilder.meliae()
                .obj(1, "module", 72).refs(2)
                .obj(2, "dict", 232).refs(3)
                .obj(3, "list", 64).refs()
                .obj(4, "tuple", 48).refs(4)
                .done().write(dir, "m.json"));
        assertEquals(List.of(new PathStep(1, "module", null, "no referrers"), new PathStep(2, "dict", null, null),
                new PathStep(3, "list", null, null)), heap.path(heap.find(3)), "Meliae dumps name no fields");
        assertEquals(List.of(), heap.path(heap.find(4)), "an object only reachable from itself has no path");
    }

    @Test
    void removeExpensiveReferencesOfAJvmDumpDropsPseudoFields() throws IOException {
        Heap heap = cache();
        assertEquals(3, heap.removeExpensiveReferences(), "the three <class> refs go");
        assertEquals(new Total(20, 3, 32 + 24 + 24), heap.total(heap.find(20)), "the class no longer counts");
        assertEquals("name", heap.field(heap.find(20), 0), "fields stay with their refs");
    }

    @Test
    void removeExpensiveReferencesOfAMeliaeDumpFollowsMeliae() throws IOException {
        Heap heap = HeapLoader.load(DumpBuilder.meliae()
                .obj(1, "module", 72).refs(5)
                .obj(2, "type", 900).name("Account").refs(1)
                .obj(3, "Account", 48).refs(5, 2)
                .obj(4, "function", 152).refs(6, 5, 1, 7)
                .obj(5, "dict", 232).refs(1)
                .obj(6, "code", 200).refs()
                .obj(7, "str", 50).refs()
                .done().write(dir, "m.json"));
        assertEquals(5, heap.removeExpensiveReferences(),
                "refs to module/type (3 of them) and a function's globals and module (2)");
        assertArrayEquals(new int[] {heap.find(5)}, heap.refs(heap.find(3)), "the instance keeps its dict");
        assertArrayEquals(new int[] {heap.find(6), heap.find(7)}, heap.refs(heap.find(4)),
                "a function keeps its code and what follows its module");
    }

    @Test
    void longOperationsStopWhenInterrupted() throws IOException {
        Heap heap = cache();
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> heap.total(heap.find(10)),
                    "an interrupted walk throws CancellationException");
        } finally {
            Thread.interrupted();
        }
        assertEquals(10, heap.total(heap.find(10)).objects(), "the heap is usable after a cancelled walk");
    }
}
