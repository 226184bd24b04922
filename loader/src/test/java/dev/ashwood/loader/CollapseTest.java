package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collapse rules, one dump per rule, written in code. */
class CollapseTest {
    @TempDir
    Path dir;

    /**
     * A HashMap (100) with a table (101) of three Nodes (102 -> next 104, 103), String keys with
     * private byte[]s, Account values also listed in an ArrayList (200); two Strings sharing one
     * byte[] (301, 302 -> 303); a static array on a class (8 -> 400).
     */
    private Heap jvmHeap() throws IOException {
        return HeapLoader.load(DumpBuilder.ashwood()
                .root("jni_global", 100).root("jni_global", 200).root("jni_global", 301).root("jni_global", 302)
                .root("jni_global", 501).root("jni_global", 500)
                .obj(1, "java.lang.Class", 100).name("java.util.HashMap")
                .obj(2, "java.lang.Class", 100).name("java.util.HashMap$Node[]")
                .obj(3, "java.lang.Class", 100).name("java.util.HashMap$Node")
                .obj(4, "java.lang.Class", 100).name("java.lang.String")
                .obj(5, "java.lang.Class", 100).name("byte[]")
                .obj(6, "java.lang.Class", 100).name("java.util.ArrayList")
                .obj(7, "java.lang.Class", 100).name("java.lang.Object[]")
                .obj(8, "java.lang.Class", 100).name("Account").ref("CACHE", 400)
                .obj(100, "java.util.HashMap", 48).ref("<class>", 1).ref("table", 101)
                .obj(101, "java.util.HashMap$Node[]", 80).len(16).ref("<class>", 2).ref("3", 102).ref("7", 103)
                .obj(102, "java.util.HashMap$Node", 32).ref("<class>", 3).ref("key", 110).ref("value", 120).ref("next", 104)
                .obj(103, "java.util.HashMap$Node", 32).ref("<class>", 3).ref("key", 112).ref("value", 122)
                .obj(104, "java.util.HashMap$Node", 32).ref("<class>", 3).ref("key", 111).ref("value", 121)
                .obj(110, "java.lang.String", 24).ref("<class>", 4).ref("value", 130)
                .obj(111, "java.lang.String", 24).ref("<class>", 4).ref("value", 131)
                .obj(112, "java.lang.String", 24).ref("<class>", 4).ref("value", 132)
                .obj(120, "Account", 24).ref("<class>", 8)
                .obj(121, "Account", 24).ref("<class>", 8)
                .obj(122, "Account", 24).ref("<class>", 8)
                .obj(130, "byte[]", 24).ref("<class>", 5)
                .obj(131, "byte[]", 24).ref("<class>", 5)
                .obj(132, "byte[]", 24).ref("<class>", 5)
                .obj(200, "java.util.ArrayList", 24).ref("<class>", 6).ref("elementData", 201)
                .obj(201, "java.lang.Object[]", 56).ref("<class>", 7).ref("0", 120).ref("1", 121)
                .obj(301, "java.lang.String", 24).ref("<class>", 4).ref("value", 303)
                .obj(302, "java.lang.String", 24).ref("<class>", 4).ref("value", 303)
                .obj(303, "byte[]", 24).ref("<class>", 5)
                .obj(400, "java.lang.Object[]", 16).ref("<class>", 7)
                .obj(500, "byte[]", 24).ref("<class>", 5)
                .obj(501, "java.lang.String", 24).ref("<class>", 4).ref("value", 500)
                .footer().write(dir, "jvm.jsonl"));
    }

    @Test
    void jvmCollapseFoldsPrivateArraysAndNestedEntries() throws IOException {
        Heap heap = jvmHeap();
        assertEquals(8, heap.collapse(), "table, 3 nodes, 3 private byte[] and elementData fold");
        int map = heap.find(100);
        assertEquals(48 + 80 + 3 * 32, heap.size(map), "the map's size takes in its table and its entries");
        assertEquals(List.of("<class>", "[key]", "[value]", "[key]", "[value]", "[key]", "[value]"), fields(heap, map),
                "the map's refs become its entries' keys and values, named [key] and [value] (their <class> refs dropped)");
        assertArrayEquals(new int[] {heap.find(1), heap.find(110), heap.find(120), heap.find(111), heap.find(121),
                heap.find(112), heap.find(122)}, heap.refs(map), "in table order, a next chain followed in place");
        assertEquals(48, heap.size(heap.find(110)), "a String takes in its private byte[]");
        assertEquals(24 + 56, heap.size(heap.find(200)), "an ArrayList takes in its elementData");
        assertEquals(List.of("<class>", "0", "1"), fields(heap, heap.find(200)),
                "the list's elements stay objects of their own, named by index");
        assertEquals(24, heap.size(heap.find(303)), "a byte[] shared by two Strings does not fold");
        assertEquals(16, heap.size(heap.find(400)), "an array held by a static field (a Class) does not fold");
        assertEquals(24, heap.size(heap.find(500)), "an array a GC root holds does not fold");
        assertEquals(-1, heap.indexOf(101), "folded objects are gone");
        assertArrayEquals(new int[] {heap.find(100)}, heap.referrers(heap.find(110)),
                "referrers are rebuilt: the key's referrer is now the map");
        assertEquals(48 + 80 + 96, heap.summarize(SummaryOptions.all()).rows().stream()
                .filter(r -> r.type().equals("java.util.HashMap")).findFirst().orElseThrow().bytes(),
                "the summary shows what the map costs");
    }

    @Test
    void jvmCollapseKeepsArrayValuesDropsWaysBackAndIsComplete() throws IOException {
        // A HashMap (100) whose entry's value is a byte[] (130) and whose keySet view (105) points
        // back at it (this$0); a HashSet (200) with its inner HashMap (201) and a node (203).
        Heap heap = HeapLoader.load(DumpBuilder.ashwood()
                .root("jni_global", 100).root("jni_global", 200)
                .obj(1, "java.lang.Class", 100).name("java.util.HashMap")
                .obj(2, "java.lang.Class", 100).name("java.util.HashMap$Node[]")
                .obj(3, "java.lang.Class", 100).name("java.util.HashMap$Node")
                .obj(5, "java.lang.Class", 100).name("byte[]")
                .obj(6, "java.lang.Class", 100).name("java.util.HashMap$KeySet")
                .obj(7, "java.lang.Class", 100).name("java.util.HashSet")
                .obj(8, "java.lang.Class", 100).name("Key")
                .obj(100, "java.util.HashMap", 48).ref("<class>", 1).ref("table", 101).ref("keySet", 105)
                .obj(101, "java.util.HashMap$Node[]", 80).ref("<class>", 2).ref("3", 102)
                .obj(102, "java.util.HashMap$Node", 32).ref("<class>", 3).ref("key", 120).ref("value", 130)
                .obj(105, "java.util.HashMap$KeySet", 16).ref("<class>", 6).ref("this$0", 100)
                .obj(120, "Key", 16).ref("<class>", 8)
                .obj(130, "byte[]", 1016).len(1000).ref("<class>", 5)
                .obj(200, "java.util.HashSet", 16).ref("<class>", 7).ref("map", 201)
                .obj(201, "java.util.HashMap", 48).ref("<class>", 1).ref("table", 202)
                .obj(202, "java.util.HashMap$Node[]", 80).ref("<class>", 2).ref("0", 203)
                .obj(203, "java.util.HashMap$Node", 32).ref("<class>", 3).ref("key", 121).ref("value", 8)
                .obj(121, "Key", 16).ref("<class>", 8)
                .footer().write(dir, "views.jsonl"));
        assertEquals(6, heap.collapse(), "two tables, two nodes, the keySet view and the set's inner map fold");
        assertEquals(0, heap.collapse(), "one collapse is complete: a second folds nothing");
        int map = heap.find(100);
        assertEquals(1016, heap.size(heap.find(130)), "a byte[] the program put in as a value stays, with its size");
        assertEquals(48 + 80 + 32 + 16, heap.size(map), "the map takes in its table, its node and its view");
        assertEquals(List.of("<class>", "[key]", "[value]"), fields(heap, map),
                "the view's this$0 (a way back to the map itself) is dropped");
        assertArrayEquals(new int[] {heap.find(1), heap.find(120), heap.find(130)}, heap.refs(map),
                "the map refers to its key and its value");
        assertEquals(16 + 48 + 80 + 32, heap.size(heap.find(200)), "a HashSet takes in its inner map and its parts");
        assertEquals(List.of("<class>", "[key]", "[value]"), fields(heap, heap.find(200)),
                "the set's elements are its [key] refs");
        assertEquals(16, heap.size(heap.find(121)), "a set's element stays");
    }

    @Test
    void collapseKeepsTotals() throws IOException {
        Heap heap = jvmHeap();
        long before = heap.totalBytes();
        heap.removeExpensiveReferences();
        Total mapBefore = heap.total(heap.find(100));
        assertEquals(8, heap.collapse(), "collapse works the same without <class> refs");
        assertEquals(before, heap.totalBytes(), "collapsing moves bytes, never loses them");
        assertEquals(mapBefore.bytes(), heap.total(heap.find(100)).bytes(),
                "what a map reaches (class objects aside) costs the same folded or not");
    }

    @Test
    void meliaeCollapseFollowsMeliaesRules() throws IOException {
        Heap heap = HeapLoader.load(DumpBuilder.meliae()
                .obj(10, "type", 900).name("Account").refs()
                .obj(1, "Account", 48).refs(2, 10)
                .obj(2, "dict", 100).refs(20, 21)
                .obj(3, "Account", 48).refs(4, 10)
                .obj(4, "dict", 100).refs()
                .obj(5, "list", 64).refs(4)
                .obj(6, "module", 72).refs(7)
                .obj(7, "dict", 300).refs(20)
                .obj(8, "function", 152).refs(7)
                .obj(9, "instance", 40).refs(12, 13)
                .obj(12, "classobj", 200).value("OldStyle").refs()
                .obj(13, "dict", 100).refs()
                .obj(14, "tuple", 48).refs(15, 10)
                .obj(15, "dict", 100).refs()
                .obj(16, "Weird", 48).refs(17, 18)
                .obj(17, "dict", 100).refs()
                .obj(18, "ABCMeta", 900).refs()
                .obj(20, "str", 50).refs()
                .obj(21, "int", 28).refs()
                .done().write(dir, "m.json"));
        assertEquals(3, heap.collapse(),
                "the instance's dict, the module's dict and the old-style instance's dict fold");
        assertEquals(148, heap.size(heap.find(1)), "the instance takes in its dict's size");
        assertArrayEquals(new int[] {heap.find(20), heap.find(21), heap.find(10)}, heap.refs(heap.find(1)),
                "its refs become the dict's refs, then the type");
        assertEquals(48, heap.size(heap.find(3)), "a dict with another referrer stays");
        assertEquals(372, heap.size(heap.find(6)), "a module takes in its dict even when functions refer to it");
        assertArrayEquals(new int[] {heap.find(20)}, heap.refs(heap.find(6)), "a module adds no type ref");
        assertEquals("OldStyle", heap.type(heap.find(9)), "an old-style instance takes its class's name");
        assertArrayEquals(new int[] {heap.find(12)}, heap.refs(heap.find(9)), "and refs its classobj");
        assertEquals(48, heap.size(heap.find(14)), "a tuple never collapses");
        assertEquals(48, heap.size(heap.find(16)), "the second ref must be of type \"type\"");
        assertEquals(0, heap.collapse(), "collapsing twice changes nothing more");
    }

    private static List<String> fields(Heap heap, int index) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < heap.refs(index).length; k++) {
            out.add(heap.field(index, k));
        }
        return out;
    }
}
