package dev.ashwood.shell.collapse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JVM collapse on a real agent dump of {@link CollectionsTarget}: one collapse reaches the fixed
 * point, each collection takes in exactly its own machinery (computed here independently, on the
 * dump before collapse), and everything the program put in survives with its type and size.
 */
class RealCollapseTest {
    private static final List<String> COLLECTIONS = List.of("hashMap", "linkedHashMap", "treeMap",
            "concurrentHashMap", "arrayList", "arrayDeque", "hashSet");
    private static final String KEY = CtKey.class.getName();
    private static final String VALUE = CtValue.class.getName();

    @TempDir
    static Path dir;
    static Path dump;

    @BeforeAll
    static void dumpTarget() throws Exception {
        dump = dir.resolve("collections.jsonl");
        Path out = dir.resolve("target.out");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                CollectionsTarget.class.getName(), dump.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the target did not finish in 120 s: " + Files.readString(out));
        }
        assertEquals(0, p.exitValue(), "the target dumps itself and exits 0: " + Files.readString(out, StandardCharsets.UTF_8));
    }

    /** What the program put in: its own keys and values, and the byte[] values of the HashMap. */
    private static boolean content(Heap heap, int i) {
        String type = heap.type(i);
        return type.equals(KEY) || type.equals(VALUE)
                || type.equals("byte[]") && heap.length(i) >= CollectionsTarget.VALUE_LENGTH
                        && heap.length(i) < CollectionsTarget.VALUE_LENGTH + CollectionsTarget.N;
    }

    /** Indexes of the collections, by static field name of the target class. */
    private static Map<String, Integer> collections(Heap heap) {
        Map<String, Integer> found = new HashMap<>();
        for (int c : heap.all("java.lang.Class")) {
            if (CollectionsTarget.class.getName().equals(heap.name(c))) {
                int[] refs = heap.refs(c);
                for (int k = 0; k < refs.length; k++) {
                    if (COLLECTIONS.contains(heap.field(c, k))) {
                        found.put(heap.field(c, k), refs[k]);
                    }
                }
            }
        }
        assertEquals(Set.copyOf(COLLECTIONS), found.keySet(), "the target's class holds its collections in static fields");
        return found;
    }

    /**
     * The collection's machinery, computed on the dump before collapse: what it reaches through
     * instance fields and array elements without passing through what the program put in, a
     * String key (an object of its own), a class, or an object something outside also holds.
     */
    private static Set<Integer> machinery(Heap heap, int owner) {
        Set<Integer> reached = new HashSet<>();
        ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(owner));
        while (!todo.isEmpty()) {
            int x = todo.pop();
            int[] refs = heap.refs(x);
            for (int k = 0; k < refs.length; k++) {
                int t = refs[k];
                String type = heap.type(t);
                if (heap.field(x, k).startsWith("<") || t == owner || content(heap, t) || type.equals("java.lang.Class")
                        || type.equals("java.lang.String") || type.equals("java.lang.Object") || !reached.add(t)) {
                    continue;
                }
                todo.push(t);
            }
        }
        // Keep only what nothing outside holds (referrers all inside), until that holds for all.
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Integer x : List.copyOf(reached)) {
                for (int r : heap.referrers(x)) {
                    if (r != owner && !reached.contains(r)) {
                        reached.remove(x);
                        changed = true;
                        break;
                    }
                }
            }
        }
        return reached;
    }

    /** Content objects the collection holds before collapse: reached through its machinery. */
    private static Set<Long> contentOf(Heap heap, int owner, Set<Integer> machinery) {
        Set<Long> held = new TreeSet<>();
        Set<Integer> from = new HashSet<>(machinery);
        from.add(owner);
        for (int x : from) {
            for (int t : heap.refs(x)) {
                if (content(heap, t)) {
                    held.add(heap.address(t));
                }
            }
        }
        return held;
    }

    @Test
    void oneCollapseFoldsExactlyEachCollectionsMachineryAndKeepsWhatTheProgramPutIn() throws IOException {
        Heap heap = HeapLoader.load(dump);
        Map<String, Integer> before = collections(heap);
        Map<Long, String> contentBefore = new HashMap<>();
        for (int i = 0; i < heap.objectCount(); i++) {
            if (content(heap, i)) {
                contentBefore.put(heap.address(i), heap.type(i) + " " + heap.size(i));
            }
        }
        assertEquals(10 * CollectionsTarget.N + 2 * 40, contentBefore.size(),
                "the dump holds every key and value the target made (byte[] values, CtKey and CtValue objects)");
        Map<String, Long> expectedSize = new HashMap<>();
        Map<String, Set<Long>> expectedRefs = new HashMap<>();
        Map<String, Long> addresses = new HashMap<>();
        for (var e : before.entrySet()) {
            int owner = e.getValue();
            Set<Integer> parts = machinery(heap, owner);
            assertFalse(parts.isEmpty(), e.getKey() + " has machinery to fold");
            long size = heap.size(owner);
            for (int x : parts) {
                size += heap.size(x);
            }
            expectedSize.put(e.getKey(), size);
            expectedRefs.put(e.getKey(), contentOf(heap, owner, parts));
            addresses.put(e.getKey(), heap.address(owner));
        }
        long total = heap.totalBytes();

        int folded = heap.collapse();
        assertTrue(folded > 0, "collapse folds something");
        assertEquals(0, heap.collapse(), "one collapse reaches the fixed point: a second folds nothing");
        assertEquals(total, heap.totalBytes(), "collapse moves bytes, never loses them");

        for (var e : contentBefore.entrySet()) {
            int i = heap.indexOf(e.getKey());
            assertTrue(i >= 0, "what the program put in is never folded: " + e.getValue() + " at " + e.getKey());
            assertEquals(e.getValue(), heap.type(i) + " " + heap.size(i), "it keeps its type and size");
        }
        for (String name : COLLECTIONS) {
            int owner = heap.find(addresses.get(name));
            assertEquals(expectedSize.get(name), heap.size(owner),
                    name + " takes in exactly its machinery (computed independently before collapse)");
            int[] refs = heap.refs(owner);
            Set<Long> held = new TreeSet<>();
            for (int k = 0; k < refs.length; k++) {
                assertNotEquals(owner, refs[k], name + "'s refs never point at itself (" + heap.field(owner, k) + ")");
                String field = heap.field(owner, k);
                if (content(heap, refs[k])) {
                    held.add(heap.address(refs[k]));
                    assertTrue(field.startsWith("[") || field.chars().allMatch(Character::isDigit),
                            name + ": a ref taken from a folded part is named [field] or by its index, not " + field);
                }
            }
            assertEquals(expectedRefs.get(name), held, name + " refers directly to everything the program put in it");
        }
        int map = heap.find(addresses.get("hashMap"));
        int[] refs = heap.refs(map);
        long keys = 0;
        long values = 0;
        for (int k = 0; k < refs.length; k++) {
            keys += heap.field(map, k).equals("[key]") && heap.type(refs[k]).equals("java.lang.String") ? 1 : 0;
            values += heap.field(map, k).equals("[value]") && heap.type(refs[k]).equals("byte[]") ? 1 : 0;
        }
        assertEquals(CollectionsTarget.N, keys, "a HashMap's String keys are its [key] refs");
        assertEquals(CollectionsTarget.N, values, "and its byte[] values its [value] refs");
    }

    @Test
    void collapsedMachineryIsGone() throws IOException {
        Heap heap = HeapLoader.load(dump);
        Map<String, Integer> before = collections(heap);
        Set<Long> machinery = new HashSet<>();
        for (int owner : before.values()) {
            for (int x : machinery(heap, owner)) {
                machinery.add(heap.address(x));
            }
        }
        heap.collapse();
        for (long a : machinery) {
            assertEquals(-1, heap.indexOf(a), "a collection's node, entry, table or inner map folds into it: " + a);
        }
        for (String t : List.of("java.util.HashMap$Node", "java.util.LinkedHashMap$Entry", "java.util.TreeMap$Entry",
                "java.util.concurrent.ConcurrentHashMap$Node", "java.util.HashMap$TreeNode")) {
            for (int i : heap.all(t)) {
                for (int r : heap.referrers(i)) {
                    assertFalse(before.containsValue(r) || machinery.contains(heap.address(r)),
                            t + " left behind in one of the target's collections");
                }
            }
        }
    }
}
