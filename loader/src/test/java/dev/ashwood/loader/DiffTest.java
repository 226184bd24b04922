package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heap.diff: per type always; new, gone and holders when the dumps share an identity. */
class DiffTest {
    @TempDir
    Path dir;

    /** A static cache Leaky.SESSIONS (a HashMap) with two sessions; a thread holding one other object. */
    private static DumpBuilder older(DumpBuilder b) {
        return b.root("system_class", 1).root("thread", 5)
                .obj(1, "java.lang.Class", 96).name("Leaky").ref("SESSIONS", 10)
                .obj(5, "java.lang.Thread", 120).ref("local", 7)
                .obj(7, "Gone", 16)
                .obj(10, "java.util.HashMap", 48).ref("table", 11)
                .obj(11, "java.util.HashMap$Node[]", 32).len(4).ref("0", 12).ref("1", 13)
                .obj(12, "java.util.HashMap$Node", 32).ref("value", 20)
                .obj(13, "java.util.HashMap$Node", 32).ref("value", 21)
                .obj(20, "Leaky$Session", 40).ref("payload", 30)
                .obj(21, "Leaky$Session", 40).ref("payload", 31)
                .obj(30, "byte[]", 1016).len(1000)
                .obj(31, "byte[]", 1016).len(1000)
                .footer();
    }

    /** The cache grew by three sessions (and its table was replaced); Gone and the old table are gone. */
    private static DumpBuilder newer(DumpBuilder b) {
        b.root("system_class", 1).root("thread", 5)
                .obj(1, "java.lang.Class", 96).name("Leaky").ref("SESSIONS", 10)
                .obj(5, "java.lang.Thread", 120).ref("local", 70)
                .obj(10, "java.util.HashMap", 48).ref("table", 40)
                .obj(12, "java.util.HashMap$Node", 32).ref("value", 20)
                .obj(13, "java.util.HashMap$Node", 32).ref("value", 21)
                .obj(20, "Leaky$Session", 40).ref("payload", 30)
                .obj(21, "Leaky$Session", 40).ref("payload", 31)
                .obj(30, "byte[]", 1016).len(1000)
                .obj(31, "byte[]", 1016).len(1000)
                .obj(40, "java.util.HashMap$Node[]", 48).len(8).ref("0", 12).ref("1", 13).ref("2", 41).ref("3", 42).ref("5", 43);
        for (int k = 0; k < 3; k++) {
            b.obj(41 + k, "java.util.HashMap$Node", 32).ref("value", 50 + k);
        }
        for (int k = 0; k < 3; k++) {
            b.obj(50 + k, "Leaky$Session", 40).ref("payload", 60 + k);
        }
        for (int k = 0; k < 3; k++) {
            b.obj(60 + k, "byte[]", 1016).len(1000);
        }
        return b.obj(70, "java.lang.String", 24).footer();
    }

    private Heap load(DumpBuilder b, String name) throws IOException {
        return HeapLoader.load(b.write(dir, name));
    }

    @Test
    void dumpsOfOneSeriesGiveExactNewGoneAndTheHolder() throws IOException {
        Heap old = load(older(DumpBuilder.ashwoodSeries("5eed", 1, 4242)), "1.jsonl");
        Heap now = load(newer(DumpBuilder.ashwoodSeries("5eed", 2, 4242)), "2.jsonl");
        assertEquals(new DumpOrigin("OpenJDK 64-Bit Server VM", "17.0.15+6", 4242, "2026-11-21T02:40:00Z", "5eed", 2),
                now.origin(), "the header's identity fields are read");
        HeapDiff diff = now.diff(old);
        assertEquals(HeapDiff.Identity.STABLE_IDS, diff.identity(), "two dumps of one series match by id: " + diff.note());
        assertEquals(11, diff.newObjects(), "3 nodes, 3 sessions, 3 payloads, the new table and the String are new");
        assertEquals(2, diff.goneObjects(), "Gone and the old table are gone");
        Map<String, TypeDelta> byType = diff.types().stream().collect(Collectors.toMap(TypeDelta::type, t -> t));
        assertEquals(new TypeDelta("Leaky$Session", 2, 80, 5, 200, 3, 0, 2 * 1056, 5 * 1056), byType.get("Leaky$Session"),
                "each session retains itself and its payload");
        assertEquals(new TypeDelta("java.util.HashMap$Node[]", 1, 32, 1, 48, 1, 1, 32 + 2 * 32 + 2 * 1056,
                48 + 5 * 32 + 5 * 1056), byType.get("java.util.HashMap$Node[]"),
                "a replaced table is one new and one gone object of an unchanged count");
        assertEquals(new TypeDelta("Gone", 1, 16, 0, 0, 0, 1, 16, 0), byType.get("Gone"));
        assertEquals("byte[]", diff.types().get(0).type(), "sorted by bytes gained: the payloads grew most");
        assertEquals(List.of(50L, 51L, 52L), ids(now, diff.newObjects("Leaky$Session")));
        assertEquals(List.of(11L), ids(old, diff.goneObjects("java.util.HashMap$Node[]")));

        Holder first = diff.holders().get(0);
        assertEquals(10, first.address(), "the HashMap holds the new sessions, not its table or a bucket");
        assertEquals("Leaky.SESSIONS", first.label(), "named by the class and static field that hold it");
        assertEquals("Leaky$Session", first.topType());
        assertEquals(3, first.topCount());
        assertEquals(10, first.newObjects(), "table + 3 nodes + 3 sessions + 3 payloads");
        assertEquals(48 + 3 * 32 + 3 * 40 + 3 * 1016, first.newBytes());
        assertEquals(List.of(1L, 10L), first.path().stream().map(PathStep::address).collect(Collectors.toList()));
        assertEquals("system_class", first.path().get(0).root());
        Holder second = diff.holders().get(1);
        assertEquals(5, second.address(), "the thread holds the new String");
        assertEquals(1, second.newObjects());
        assertEquals(2, diff.holders().size());
    }

    /**
     * A holder reached from a local variable: its path starts at that stack root with the thread and
     * frame the dump gives (thread 50 named "worker-1", frame 2), as {@code path} names them.
     */
    @Test
    void aHolderPathFromAStackRootNamesItsThreadAndFrame() throws IOException {
        Heap old = load(stackHeld(DumpBuilder.ashwoodSeries("5eed", 1, 4242), 1), "1.jsonl");
        Heap now = load(stackHeld(DumpBuilder.ashwoodSeries("5eed", 2, 4242), 4), "2.jsonl");
        Holder cache = now.diff(old).holders().get(0);
        assertEquals(61, cache.address(), "the older cache holds the new items");
        assertEquals(List.of(PathStep.atRoot(60, "Task", new GcRoot("stack_local", 50, "worker-1", 2)),
                new PathStep(61, "Cache", "cache", null)), cache.path(),
                "the root step names the local's thread (by id and name) and frame, as the dump's root line does");
        assertEquals(now.path(now.find(61)), cache.path(), "the same steps as path 61");
    }

    /** Task 60 a local of thread 50 ("worker-1") at frame 2; its Cache 61 holds Items 100.. ({@code items} of them). */
    private static DumpBuilder stackHeld(DumpBuilder b, int items) {
        b.root("thread", 50).root("stack_local", 60, 50, 2)
                .obj(50, "java.lang.Thread", 120).ref("name", 51)
                .obj(51, "java.lang.String", 24).len(8).value("worker-1")
                .obj(60, "Task", 16).ref("cache", 61);
        DumpBuilder.Obj cache = b.obj(61, "Cache", 16 + 4 * items);
        for (int k = 0; k < items; k++) {
            cache.ref(Integer.toString(k), 100 + k);
        }
        for (int k = 0; k < items; k++) {
            b.obj(100 + k, "Item", 24);
        }
        return b.footer();
    }

    /**
     * New objects that only a {@code java.lang.ref.Finalizer}'s referent leads to are a group of
     * their own, not "no single older object holds them": a new finalizable Foo only its Finalizer
     * refers to, its buffer, and a new buffer of an older Foo that awaits finalization itself. A new
     * Foo that the cache also holds is the cache's. The group is checked against two breadth-first
     * walks over the dump's own records, with and without the referent edges.
     */
    @Test
    void newObjectsAwaitingFinalizationAreAGroupOfTheirOwn() throws IOException {
        Graph older = new Graph().root("system_class", 1).root("system_class", 2)
                .obj(1, "java.lang.Class", 96, "unfinalized", 200).obj(2, "java.lang.Class", 96, "CACHE", 300)
                .obj(200, FINALIZER, 40, "referent", 400, "next", 201).obj(201, FINALIZER, 40, "referent", 401)
                .obj(300, "Cache", 24, "0", 400).obj(400, "Foo", 32).obj(401, "Foo", 32);
        Graph newer = new Graph().root("system_class", 1).root("system_class", 2).root("jni_global", 700)
                .obj(1, "java.lang.Class", 96, "unfinalized", 211).obj(2, "java.lang.Class", 96, "CACHE", 300)
                .obj(211, FINALIZER, 40, "referent", 501, "next", 210).obj(210, FINALIZER, 40, "referent", 500, "next", 200)
                .obj(200, FINALIZER, 40, "referent", 400, "next", 201).obj(201, FINALIZER, 40, "referent", 401)
                .obj(300, "Cache", 24, "0", 400, "1", 501).obj(400, "Foo", 32).obj(401, "Foo", 32, "buf", 601)
                .obj(500, "Foo", 32, "buf", 600).obj(501, "Foo", 32)
                .obj(600, "byte[]", 1016).obj(601, "byte[]", 2016).obj(700, "Thing", 64);
        HeapDiff diff = load(newer.dump(DumpBuilder.ashwoodSeries("f1a1", 2, 4242)), "2.jsonl")
                .diff(load(older.dump(DumpBuilder.ashwoodSeries("f1a1", 1, 4242)), "1.jsonl"));

        Set<Long> all = newer.reach(false);
        Set<Long> strong = newer.reach(true);
        long objects = 0;
        long bytes = 0;
        for (long a : newer.type.keySet()) {
            if (!older.type.containsKey(a) && all.contains(a) && !strong.contains(a)) {
                objects++;
                bytes += newer.size.get(a);
            }
        }
        assertEquals(3, objects, "the walks find Foo 500, its buffer 600 and older Foo 401's new buffer 601");
        Map<Long, Holder> byAddress = diff.holders().stream().collect(Collectors.toMap(Holder::address, h -> h));
        Holder awaiting = byAddress.get(Holder.AWAITING_FINALIZATION);
        assertEquals(objects, awaiting.newObjects(), "the group holds exactly the new objects only a referent leads to\n" + diff.holders());
        assertEquals(bytes, awaiting.newBytes());
        assertEquals(List.of(), awaiting.path(), "a group has no path");
        assertEquals(64, byAddress.get(Holder.NO_HOLDER).newBytes(), "only the new GC root is held by no single older object");
        assertEquals(32, byAddress.get(300L).newBytes(), "the new Foo the cache holds too is the cache's: its Finalizer holds nothing");
        assertEquals(diff.newObjects(), diff.holders().stream().mapToLong(Holder::newObjects).sum(), "every new object counted once");
    }

    private static final String FINALIZER = "java.lang.ref.Finalizer";

    /** A dump as data, written with {@link DumpBuilder} and walked here without the loader. */
    private static final class Graph {
        final Map<Long, String> type = new java.util.LinkedHashMap<>();
        final Map<Long, Long> size = new HashMap<>();
        final Map<Long, List<Object>> refs = new HashMap<>();
        final List<Object[]> roots = new ArrayList<>();

        Graph root(String kind, long address) {
            roots.add(new Object[] {kind, address});
            return this;
        }

        /** An object and its references as field, address, field, address... */
        Graph obj(long address, String t, long bytes, Object... fieldsAndTargets) {
            type.put(address, t);
            size.put(address, bytes);
            refs.put(address, List.of(fieldsAndTargets));
            return this;
        }

        DumpBuilder dump(DumpBuilder b) {
            for (Object[] r : roots) {
                b.root((String) r[0], (Long) r[1]);
            }
            for (long a : type.keySet()) {
                DumpBuilder.Obj o = b.obj(a, type.get(a), size.get(a));
                List<Object> out = refs.get(a);
                for (int k = 0; k < out.size(); k += 2) {
                    o.ref((String) out.get(k), ((Number) out.get(k + 1)).longValue());
                }
            }
            return b.footer();
        }

        /** What the roots reach; with {@code skipReferents}, never through a Finalizer's referent. */
        Set<Long> reach(boolean skipReferents) {
            Set<Long> seen = new HashSet<>();
            java.util.ArrayDeque<Long> queue = new java.util.ArrayDeque<>();
            for (Object[] r : roots) {
                if (seen.add((Long) r[1])) {
                    queue.add((Long) r[1]);
                }
            }
            while (!queue.isEmpty()) {
                long a = queue.poll();
                List<Object> out = refs.get(a);
                for (int k = 0; k < out.size(); k += 2) {
                    long to = ((Number) out.get(k + 1)).longValue();
                    boolean referent = type.get(a).equals(FINALIZER) && out.get(k).equals("referent");
                    if (!(skipReferents && referent) && seen.add(to)) {
                        queue.add(to);
                    }
                }
            }
            return seen;
        }
    }

    /**
     * Holders follow the dominator chain, not the first path found: a new object two older caches
     * share is held by the registry above both (removing either cache frees nothing); one held from
     * two GC roots has no single older holder; one no root reaches is reported as unreached.
     */
    @Test
    void aSharedNewObjectIsHeldByTheCommonDominatorNotTheFirstReferrer() throws IOException {
        DumpBuilder o = DumpBuilder.ashwoodSeries("5eed", 1, 4242).root("thread", 5).root("jni_global", 6)
                .obj(5, "java.lang.Thread", 120).ref("registry", 10)
                .obj(6, "Handle", 16)
                .obj(10, "Registry", 24).ref("a", 11).ref("b", 12)
                .obj(11, "Cache", 24)
                .obj(12, "Cache", 24).footer();
        Heap old = load(o, "1.jsonl");
        DumpBuilder b = DumpBuilder.ashwoodSeries("5eed", 2, 4242).root("thread", 5).root("jni_global", 6)
                .obj(5, "java.lang.Thread", 120).ref("registry", 10).ref("shared", 30)
                .obj(6, "Handle", 16).ref("shared", 30)
                .obj(10, "Registry", 24).ref("a", 11).ref("b", 12)
                .obj(11, "Cache", 24).ref("first", 20)
                .obj(12, "Cache", 24).ref("same", 20).ref("own", 21)
                .obj(20, "Session", 100)
                .obj(21, "Session", 200)
                .obj(30, "Shared", 300)
                .obj(40, "Garbage", 400).ref("live", 21).footer();
        HeapDiff diff = load(b, "2.jsonl").diff(old);
        Map<Long, Holder> byAddress = diff.holders().stream().collect(Collectors.toMap(Holder::address, h -> h));
        assertEquals(Set.of(10L, 12L, Holder.NO_HOLDER, Holder.UNREACHED), byAddress.keySet(), diff.holders().toString());
        assertEquals(100, byAddress.get(10L).newBytes(), "session 20 goes only when the registry goes");
        assertEquals("java.lang.Thread.registry", byAddress.get(10L).label());
        assertEquals(200, byAddress.get(12L).newBytes(), "session 21 is cache 12's alone; garbage 40's reference keeps nothing alive");
        assertEquals("Registry.b", byAddress.get(12L).label(), "the label is the last step of a path to the holder");
        assertEquals(List.of(5L, 10L, 12L), byAddress.get(12L).path().stream().map(PathStep::address).collect(Collectors.toList()));
        assertEquals(300, byAddress.get(Holder.NO_HOLDER).newBytes(), "held from two roots: no single older holder");
        assertEquals(400, byAddress.get(Holder.UNREACHED).newBytes(), "reached from no root");
        assertEquals(List.of(Holder.UNREACHED, Holder.NO_HOLDER, 12L, 10L),
                diff.holders().stream().map(Holder::address).collect(Collectors.toList()), "largest first");
    }

    @Test
    void aCollapsedHeapIsNotComparedWithOneAsLoaded() throws IOException {
        Heap old = load(older(DumpBuilder.ashwoodSeries("5eed", 1, 4242)), "1.jsonl");
        Heap now = load(newer(DumpBuilder.ashwoodSeries("5eed", 2, 4242)), "2.jsonl");
        now.collapse();
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> now.diff(old), "a collapsed heap shows every folded array as gone: refused");
        assertEquals("the heaps were changed differently since loading (the newer: collapse; the older: as loaded), "
                + "so their types do not compare; apply the same changes to both (see rewrites())", e.getMessage());
        old.rewriteLike(now);
        assertEquals(List.of(Heap.COLLAPSE), old.rewrites());
        HeapDiff diff = now.diff(old);
        Map<String, TypeDelta> byType = diff.types().stream().collect(Collectors.toMap(TypeDelta::type, t -> t));
        assertEquals(null, byType.get("byte[]"), "the payloads are folded into the sessions in both heaps");
        assertEquals(3, byType.get("Leaky$Session").newObjects());
        assertEquals(3 * 1056, byType.get("Leaky$Session").bytesDelta(), "three sessions, each with its folded payload");
        now.removeExpensiveReferences();
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> now.diff(old),
                "pruned on one side only: refused again");
        old.rewriteLike(now);
        assertEquals(List.of(Heap.COLLAPSE, Heap.PRUNE), old.rewrites(), "only the missing change is made");
        assertEquals(4, now.diff(old).newObjects(), "table, nodes and payloads are folded into their owners: 3 sessions and the String");
    }

    @Test
    void dumpsOfDifferentSeriesArePerTypeOnlyAndSayWhy() throws IOException {
        Heap old = load(older(DumpBuilder.ashwoodSeries("aaaa", 1, 1)), "1.jsonl");
        Heap now = load(newer(DumpBuilder.ashwoodSeries("bbbb", 1, 2)), "2.jsonl");
        HeapDiff diff = now.diff(old);
        assertFalse(diff.hasIdentity(), "ids of unrelated dumps name different objects");
        assertTrue(diff.note().contains("different series"), diff.note());
        assertEquals(-1, diff.newObjects());
        assertTrue(diff.holders().isEmpty());
        Map<String, TypeDelta> byType = diff.types().stream().collect(Collectors.toMap(TypeDelta::type, t -> t));
        assertEquals(new TypeDelta("Leaky$Session", 2, 80, 5, 200, -1, -1, 2 * 1056, 5 * 1056), byType.get("Leaky$Session"),
                "retained bytes per type need no identity");
        assertEquals(new TypeDelta("java.lang.String", 0, 0, 1, 24, -1, -1, 0, 24), byType.get("java.lang.String"));
        assertEquals(0, diff.newObjects("Leaky$Session").length);
    }

    @Test
    void dumpsWithoutIdentityKeepArePerTypeOnly() throws IOException {
        Heap old = load(older(DumpBuilder.ashwood()), "1.jsonl");
        Heap now = load(newer(DumpBuilder.ashwoodSeries("bbbb", 2, 4242)), "2.jsonl");
        HeapDiff diff = now.diff(old);
        assertFalse(diff.hasIdentity());
        assertTrue(diff.note().contains("older dump was not written with the agent option identity=keep"), diff.note());
        long sessionsDelta = diff.types().stream().filter(t -> t.type().equals("Leaky$Session")).findFirst().orElseThrow().countDelta();
        assertEquals(3, sessionsDelta);
    }

    @Test
    void dumpsOfDifferentFormatsArePerTypeOnlyAndNameBoth() throws IOException {
        Heap old = load(DumpBuilder.meliae().obj(0x1000, "str", 50).value("a").done(), "old.json");
        Heap now = load(older(DumpBuilder.ashwood()), "new.jsonl");
        HeapDiff diff = now.diff(old);
        assertFalse(diff.hasIdentity());
        assertEquals("per type only: one dump is a Meliae dump (Python) and the other an ashwood dump (JVM), "
                + "so no object can be the same", diff.note());
    }

    @Test
    void meliaeDumpsMatchByAddressAndTypeSoAReusedAddressIsNewAndGone() throws IOException {
        Heap old = load(DumpBuilder.meliae()
                .obj(0x1000, "module", 56).refs(0x2000, 0x3000)
                .obj(0x2000, "list", 72).refs(0x3000)
                .obj(0x3000, "str", 50).value("a")
                .obj(0x4000, "dict", 232).done(), "old.json");
        Heap now = load(DumpBuilder.meliae()
                .obj(0x1000, "module", 56).refs(0x2000, 0x3000)
                .obj(0x2000, "list", 88).refs(0x3000, 0x4000, 0x5000)
                .obj(0x3000, "str", 50).value("a")
                .obj(0x4000, "Session", 64).refs(0x6000)
                .obj(0x5000, "Session", 64).refs(0x6000)
                .obj(0x6000, "str", 60).value("payload").done(), "new.json");
        HeapDiff diff = now.diff(old);
        assertEquals(HeapDiff.Identity.ADDRESSES, diff.identity());
        assertTrue(diff.note().contains("address"), diff.note());
        assertEquals(3, diff.newObjects(), "two Sessions (one at the dict's old address) and a str");
        assertEquals(1, diff.goneObjects(), "the dict whose address a Session now has is gone");
        Holder first = diff.holders().get(0);
        assertEquals(0x2000, first.address(), "the list holds the new sessions");
        assertEquals("Session", first.topType());
        assertEquals(2, first.topCount());
        assertEquals(3, first.newObjects());
        assertEquals("no referrers", first.path().get(0).root());
    }

    /**
     * The real Python 3.11 dump against a copy with every tenth dict removed and 300 new records:
     * per type counts, new and gone equal what a plain reading of the two files says.
     */
    @Test
    void meliaeFixturePairAgreesWithAnIndependentCount() throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(MeliaeFixtureTest.DUMP)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        Pattern record = Pattern.compile("^\\{\"address\": (\\d+), \"type\": \"([^\"]*)\"");
        List<String> changed = new ArrayList<>();
        Map<String, Integer> goneExpected = new HashMap<>();
        Set<Long> addresses = new HashSet<>();
        int dicts = 0;
        for (String line : lines) {
            Matcher m = record.matcher(line);
            if (!m.find()) {
                changed.add(line);
                continue;
            }
            addresses.add(Long.parseLong(m.group(1)));
            if (m.group(2).equals("dict") && dicts++ % 10 == 0) {
                goneExpected.merge("dict", 1, Integer::sum);
                continue;
            }
            changed.add(line);
        }
        long fresh = 16;
        int added = 0;
        while (added < 300) {
            if (!addresses.contains(fresh)) {
                changed.add("{\"address\": " + fresh + ", \"type\": \"Grown\", \"size\": 32, \"len\": 0, \"refs\": []}");
                added++;
            }
            fresh += 16;
        }
        Path copy = DumpBuilder.writeBytes(dir.resolve("grown.json"),
                (String.join("\n", changed) + "\n").getBytes(StandardCharsets.UTF_8));
        Heap old = HeapLoader.load(MeliaeFixtureTest.DUMP);
        Heap now = HeapLoader.load(copy);
        HeapDiff diff = now.diff(old);
        assertEquals(300, diff.newObjects(), "exactly the records added are new");
        assertEquals(goneExpected.get("dict").longValue(), diff.goneObjects(), "exactly the dicts removed are gone");
        TypeDelta grown = diff.types().get(0);
        assertEquals(new TypeDelta("Grown", 0, 0, 300, 9600, 300, 0, 0, 9600), grown, "the added type grew most");
        TypeDelta dict = diff.types().stream().filter(t -> t.type().equals("dict")).findFirst().orElseThrow();
        assertEquals(-goneExpected.get("dict"), dict.countDelta());
        assertEquals(dict.goneObjects(), -dict.countDelta());
        assertEquals(0, dict.newObjects());
        assertEquals(300, diff.holders().stream().filter(h -> h.address() < 0).mapToLong(Holder::newObjects).sum(),
                "new records nobody refers to are held by nothing");
    }

    private static List<Long> ids(Heap heap, int[] indexes) {
        long[] ids = Arrays.stream(indexes).mapToLong(heap::address).sorted().toArray();
        return Arrays.stream(ids).boxed().collect(Collectors.toList());
    }
}
