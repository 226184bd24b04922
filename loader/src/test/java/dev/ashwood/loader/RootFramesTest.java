package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ashwood.loader.write.JsonlWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stack and JNI local roots keep their thread and frame depth: read from an ashwood dump, kept by
 * collapse, written back by convert, shown on a path, counted in the model's bytes.
 */
class RootFramesTest {
    @TempDir
    Path dir;

    static final GcRoot GLOBAL = new GcRoot("jni_global");

    /**
     * Thread 50 named "worker-1" (its name 51, a String with a private byte[] 52 that collapse
     * folds, so every later index moves); Cache 60 held by a JNI global and by two frames of the
     * worker; Buffer 61 a JNI local of the worker with no frame; Task 62 a local of a thread the
     * dump lacks (77).
     */
    static DumpBuilder sample(boolean withThreads) {
        DumpBuilder b = DumpBuilder.ashwood()
                .root("jni_global", 60)
                .root("thread", 50);
        if (withThreads) {
            b.root("stack_local", 60, 50, 3).root("stack_local", 60, 50, 1).root("stack_local", 60, 50, 3)
                    .root("jni_local", 61, 50, -1).root("stack_local", 62, 77, 0);
        } else {
            b.root("stack_local", 60).root("stack_local", 60).root("stack_local", 60).root("jni_local", 61)
                    .root("stack_local", 62);
        }
        return b.obj(1, "java.lang.Class", 100).name("java.lang.Thread")
                .obj(2, "java.lang.Class", 100).name("java.lang.String")
                .obj(3, "java.lang.Class", 100).name("byte[]")
                .obj(50, "java.lang.Thread", 120).ref("<class>", 1).ref("name", 51)
                .obj(51, "java.lang.String", 24).len(8).value("worker-1").ref("<class>", 2).ref("value", 52)
                .obj(52, "byte[]", 24).len(8).ref("<class>", 3)
                .obj(60, "Cache", 16)
                .obj(61, "Buffer", 16)
                .obj(62, "Task", 16)
                .footer();
    }

    static List<GcRoot> expected60() {
        return List.of(GLOBAL, new GcRoot("stack_local", 50, "worker-1", 1), new GcRoot("stack_local", 50, "worker-1", 3));
    }

    /** Every object's roots by address, the form that survives renumbering and conversion. */
    static List<String> allRoots(Heap h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.objectCount(); i++) {
            for (GcRoot r : h.gcRoots(i)) {
                out.add(h.address(i) + " " + r);
            }
        }
        return out;
    }

    @Test
    void stackRootsKeepThreadAndDepth() throws IOException {
        Heap h = HeapLoader.load(sample(true).write(dir, "d.jsonl"));
        assertEquals(List.of(), h.warnings());
        assertEquals(expected60(), h.gcRoots(h.find(60)),
                "one root per kind, a stack root once per frame (repeats dropped), sorted by depth; the thread named by its name field");
        assertEquals(List.of("jni_global", "stack_local"), h.roots(h.find(60)), "roots() still lists each kind once");
        assertEquals(List.of(new GcRoot("jni_local", 50, "worker-1", -1)), h.gcRoots(h.find(61)), "a root without depth keeps its thread");
        assertEquals(List.of(new GcRoot("stack_local", 77, null, 0)), h.gcRoots(h.find(62)),
                "a thread the dump lacks is named by its id alone");
        assertEquals(List.of(new GcRoot("thread")), h.gcRoots(h.find(50)));
        assertEquals(List.of(), h.gcRoots(h.find(51)));

        PathStep first = h.path(h.find(62)).get(0);
        assertEquals(new PathStep(62, "Task", null, "stack_local", 77, null, 0), first, "a path's root step carries thread and frame");
    }

    @Test
    void collapseKeepsThem() throws IOException {
        Heap h = HeapLoader.load(sample(true).write(dir, "d.jsonl"));
        List<String> before = allRoots(h);
        int index60 = h.find(60);
        assertEquals(1, h.collapse(), "the name's private byte[] folds into it");
        assertEquals(index60 - 1, h.find(60), "the objects after it are renumbered");
        assertEquals(before, allRoots(h), "every root keeps its thread and frame across collapse");
        assertEquals(expected60(), h.gcRoots(h.find(60)));
    }

    @Test
    void convertWritesThemAndTheyReadBack() throws IOException {
        Heap h = HeapLoader.load(sample(true).write(dir, "d.jsonl"));
        Path out = dir.resolve("converted.jsonl");
        try (OutputStream o = Files.newOutputStream(out)) {
            JsonlWriter.write(h, "d.jsonl", "ashwood", o);
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(List.of("{\"root\":\"jni_global\",\"ref\":60}",
                "{\"root\":\"stack_local\",\"ref\":60,\"thread\":50,\"depth\":1}",
                "{\"root\":\"stack_local\",\"ref\":60,\"thread\":50,\"depth\":3}",
                "{\"root\":\"jni_local\",\"ref\":61,\"thread\":50}",
                "{\"root\":\"stack_local\",\"ref\":62,\"thread\":77,\"depth\":0}"),
                lines.stream().filter(l -> l.startsWith("{\"root\"") && !l.startsWith("{\"root\":\"thread\"")).toList(),
                "the keys and order docs/format.md gives, thread and depth each only when known");
        Heap back = HeapLoader.load(out);
        assertEquals(List.of(), back.warnings());
        assertEquals(allRoots(h), allRoots(back), "a converted file reads back the same roots");
    }

    @Test
    void theyCost20BytesEach() throws IOException {
        long plain = HeapLoader.load(sample(false).write(dir, "plain.jsonl")).modelBytes();
        long framed = HeapLoader.load(sample(true).write(dir, "framed.jsonl")).modelBytes();
        assertEquals(4 * 20, framed - plain, "four distinct stack/JNI roots with a thread or frame, 20 bytes each; other roots pay nothing");
    }

    DumpFormatException bad(String rootLine) {
        Path file = DumpBuilder.ashwood().raw(rootLine).obj(60, "Cache", 16).footer().write(dir, "bad.jsonl");
        return assertThrows(DumpFormatException.class, () -> HeapLoader.load(file));
    }

    @Test
    void badThreadOrDepthIsOneLineNamingIt() {
        String at = dir.resolve("bad.jsonl") + ":2: ";
        assertEquals(at + "negative depth -1", bad("{\"root\":\"stack_local\",\"ref\":60,\"depth\":-1}").getMessage());
        assertEquals(at + "the key \"thread\" appears twice in one record",
                bad("{\"root\":\"stack_local\",\"ref\":60,\"thread\":5,\"thread\":6}").getMessage());
        assertEquals(at + "frame depth 2147483648 is too large",
                bad("{\"root\":\"stack_local\",\"ref\":60,\"depth\":2147483648}").getMessage());
        String wrong = bad("{\"root\":\"stack_local\",\"ref\":60,\"thread\":\"main\"}").getMessage();
        assertEquals(1, wrong.lines().count(), wrong);
        assertEquals(true, wrong.startsWith(at) && wrong.contains("thread"), wrong);
    }
}
