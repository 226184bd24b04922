package dev.ashwood.loader.read.hprof;

import static dev.ashwood.loader.read.hprof.HprofBuilder.CLASS;
import static dev.ashwood.loader.read.hprof.HprofBuilder.INTEGER;
import static dev.ashwood.loader.read.hprof.HprofBuilder.OBJECT;
import static dev.ashwood.loader.read.hprof.HprofBuilder.OBJECTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.SummaryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HPROF files written by {@link HprofBuilder}: what each record becomes in the model, and bad input. */
class HprofReadingTest {
    @TempDir
    Path dir;

    static final long NODE = 0x2000;
    static final long SUB = 0x2008;
    /** Objects 8 MiB apart: too far for the distances between them to say anything about sizes. */
    static final long FAR = 8 << 20;

    static long at(int i) {
        return 0x4000_0000L + i * FAR;
    }

    /**
     * Node {next, val}; Sub extends Node {extra} with a static INSTANCE; a chain of nodes, a Sub,
     * strings, an Integer, an Object[] with a null, an int[], and roots of every kind.
     */
    static HprofBuilder sample(HprofBuilder b) {
        b.klass(NODE, "com/example/Node", OBJECT).field("next", Hprof.OBJECT).field("val", Hprof.INT).done();
        b.klass(SUB, "com/example/Node$Sub", NODE).loader(at(9)).field("extra", Hprof.OBJECT)
                .staticField("INSTANCE", Hprof.OBJECT, at(2)).staticField("COUNT", Hprof.INT, 7).done();
        int[] node = {Hprof.OBJECT, Hprof.INT};
        int[] sub = {Hprof.OBJECT, Hprof.OBJECT, Hprof.INT};
        b.root(Hprof.ROOT_STICKY_CLASS, NODE)
                .root(Hprof.ROOT_THREAD_OBJECT, at(8), 1, 1)
                .root(Hprof.ROOT_JAVA_FRAME, at(0), 1, 0)
                .root(Hprof.ROOT_JNI_GLOBAL, at(5))
                .root(Hprof.ROOT_MONITOR_USED, at(1));
        b.instance(at(0), NODE, node, at(1), 1)
                .instance(at(1), NODE, node, 0, 2)
                .instance(at(2), SUB, sub, at(3), at(0), 3)
                .string(at(3), at(4), "hello")
                .string(at(5), at(6), "h\u00e9llo\u20ac")
                .instance(at(7), INTEGER, new int[] {Hprof.INT}, -42)
                .instance(at(8), OBJECT, new int[0])
                .instance(at(9), OBJECT, new int[0])
                .objectArray(at(10), OBJECTS, at(0), 0, at(2))
                .primitiveArray(at(11), Hprof.INT, new byte[12]);
        return b;
    }

    Heap load(HprofBuilder b) throws IOException {
        return HeapLoader.load(b.write(dir.resolve("sample.hprof")));
    }

    int index(Heap h, long id) {
        return h.indexOf(id >>> 3);
    }

    List<String> fields(Heap h, int i) {
        List<String> out = new ArrayList<>();
        int[] refs = h.refs(i);
        for (int k = 0; k < refs.length; k++) {
            out.add(h.field(i, k) + "->" + Long.toHexString(h.address(refs[k]) << 3));
        }
        return out;
    }

    @Test
    void recordsBecomeObjectsWithTheJsonlMeaning() throws IOException {
        Heap h = load(sample(HprofBuilder.jdk17()));
        assertEquals(DumpKind.HPROF, h.kind());
        assertTrue(h.complete(), "a file that ends with HEAP_DUMP_END is complete: " + h.warnings());
        assertEquals(List.of(), h.warnings());
        assertEquals(10 + 12, h.objectCount(), "12 objects and a record per class (10 classes)");

        int sub = index(h, at(2));
        assertEquals("com.example.Node$Sub", h.type(sub), "type names as Class.getTypeName() prints them");
        assertEquals(List.of("<class>->" + hex(SUB), "extra->" + hex(at(3)), "next->" + hex(at(0))), fields(h, sub),
                "refs: the class, then non-null fields of the class and its superclasses, by name");
        assertEquals(List.of("<class>->" + hex(NODE)), fields(h, index(h, at(1))), "a null field is no reference");

        int array = index(h, at(10));
        assertEquals("java.lang.Object[]", h.type(array));
        assertEquals(3, h.length(array));
        assertEquals(List.of("<class>->" + hex(OBJECTS), "0->" + hex(at(0)), "2->" + hex(at(2))), fields(h, array),
                "array elements by index, nulls left out");
        assertEquals("int[]", h.type(index(h, at(11))));
        assertEquals(3, h.length(index(h, at(11))));

        int subClass = index(h, SUB);
        assertEquals("java.lang.Class", h.type(subClass));
        assertEquals("com.example.Node$Sub", h.name(subClass));
        assertEquals(List.of("<class>->" + hex(CLASS), "<superclass>->" + hex(NODE), "<loader>->" + hex(at(9)),
                "INSTANCE->" + hex(at(2))), fields(h, subClass), "statics on the class object, with its superclass and loader");

        assertEquals("hello", h.value(index(h, at(3))));
        assertEquals(5, h.length(index(h, at(3))), "a String's len is its length in UTF-16 units");
        assertEquals("h\u00e9llo\u20ac", h.value(index(h, at(5))), "UTF-16 strings (coder 1) read in the VM's byte order");
        assertEquals(-42L, h.value(index(h, at(7))), "boxed values");

        assertEquals(List.of("stack_local"), h.roots(index(h, at(0))), "a Java frame's local");
        assertEquals(List.of("thread"), h.roots(index(h, at(8))));
        assertEquals(List.of("jni_global"), h.roots(index(h, at(5))));
        assertEquals(List.of("monitor"), h.roots(index(h, at(1))));
        assertEquals(List.of("system_class"), h.roots(index(h, NODE)));
    }

    @Test
    void sizesFollowHotSpotsLayoutWithDefaultSettings() throws IOException {
        Heap h = load(sample(HprofBuilder.jdk17()));
        // Compressed oops and class pointers: 12-byte header, 4-byte references, 8-byte alignment.
        assertEquals(24, h.size(index(h, at(0))), "Node: header 12, next 4, val 4 -> 20 -> 24");
        assertEquals(24, h.size(index(h, at(2))), "Sub: Node's 20 bytes plus extra 4 -> 24");
        assertEquals(24, h.size(index(h, at(3))), "String: 12 + value 4 + hash 4 + coder + hashIsZero + injected flags = 23 -> 24");
        assertEquals(16, h.size(index(h, at(7))), "Integer: 12 + 4");
        assertEquals(16, h.size(index(h, at(8))), "Object: 12 -> 16");
        assertEquals(32, h.size(index(h, at(10))), "Object[3]: 16 + 3 * 4 = 28 -> 32");
        assertEquals(32, h.size(index(h, at(11))), "int[3]: 16 + 12 = 28 -> 32");
        assertEquals(24, h.size(index(h, at(4))), "byte[5]: 16 + 5 -> 24");
    }

    @Test
    void settingsAreInferredFromTheDistancesBetweenObjects() throws IOException {
        // Without compressed oops or class pointers: Object 16, Object[n] 24 + 8n, Node 16 + 8 + 4 = 28 -> 32.
        HprofBuilder b = HprofBuilder.jdk17();
        b.klass(NODE, "com/example/Node", OBJECT).field("next", Hprof.OBJECT).field("val", Hprof.INT).done();
        long a = 0x4000_0000L;
        for (int i = 0; i < 20; i++) {
            b.instance(a, OBJECT, new int[0]);
            a += 16;
            b.objectArray(a, OBJECTS, 0, 0);
            a += 40;
            b.instance(a, NODE, new int[] {Hprof.OBJECT, Hprof.INT}, 0, i);
            a += 32;
            b.objectArray(a, OBJECTS);
            a += 24;
        }
        Heap h = load(b);
        assertEquals(32, h.size(index(h, 0x4000_0000L + 56)), "Node without compressed oops or class pointers");
        assertEquals(40, h.size(index(h, 0x4000_0000L + 16)), "Object[2]: 24 + 16");
    }

    @Test
    void settingsCanBeStated() throws IOException {
        Path file = sample(HprofBuilder.jdk17()).write(dir.resolve("stated.hprof"));
        Heap h = HeapLoader.load(file, dev.ashwood.loader.LoadOptions.defaults().withVmLayout("coops=off,ccp=off"));
        assertEquals(32, h.size(index(h, at(0))), "Node without compressed oops or class pointers: 16 + 8 + 4 -> 32");
        assertEquals(48, h.size(index(h, at(10))), "Object[3]: 24 + 3 * 8");
        IOException bad = assertThrows(IOException.class,
                () -> HeapLoader.load(file, dev.ashwood.loader.LoadOptions.defaults().withVmLayout("coops=maybe")));
        assertEquals("VM layout \"coops=maybe\": coops must be on or off, was \"maybe\"", bad.getMessage());
    }

    @Test
    void fourByteIdsAndGzipReadTheSame() throws IOException {
        Heap plain = load(sample(HprofBuilder.jdk17()));
        Heap gzip = HeapLoader.load(sample(HprofBuilder.jdk17()).writeGzip(dir.resolve("sample.bin")));
        assertEquals(summary(plain), summary(gzip), "gzip is recognised by content, not by name");
        HprofBuilder small = new HprofBuilder(4).standardClasses();
        small.instance(0x8000, OBJECT, new int[0]).objectArray(0x9000, OBJECTS, 0x8000, 0x8000);
        Heap four = HeapLoader.load(small.write(dir.resolve("ids4.hprof")));
        assertEquals(List.of("<class>->" + hex(OBJECTS), "0->8000", "1->8000"), fields(four, four.indexOf(0x9000 >>> 3)));
    }

    @Test
    void smallBlocksAndStreamedArraysReadTheSame() throws IOException {
        HprofBuilder b = sample(HprofBuilder.jdk17());
        long[] many = new long[5000];
        for (int i = 0; i < 5000; i++) {
            b.instance(at(100 + i), INTEGER, new int[] {Hprof.INT}, i);
            many[i] = at(100 + i);
        }
        b.objectArray(at(99), OBJECTS, many);
        b.primitiveArray(at(98), Hprof.BYTE, new byte[100_000]);
        // A String whose value array comes many blocks later, and one sharing the array of "hello" (two blocks back).
        int[] string = {Hprof.OBJECT, Hprof.INT, Hprof.BYTE, Hprof.BOOLEAN};
        b.instance(at(6000), HprofBuilder.STRING, string, at(6001), 0, 0, 0);
        for (int i = 0; i < 500; i++) {
            b.instance(at(7000 + i), INTEGER, new int[] {Hprof.INT}, i);
        }
        b.primitiveArray(at(6001), Hprof.BYTE, "far away".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        b.instance(at(6002), HprofBuilder.STRING, string, at(4), 0, 0, 0);
        Path file = b.write(dir.resolve("blocks.hprof"));
        Heap one = HeapLoader.load(file);
        String whole = summary(one) + refs(one) + values(one);
        assertEquals("far away", one.value(index(one, at(6000))));
        assertEquals("hello", one.value(index(one, at(6002))));
        System.setProperty("ashwood.hprof.blockBytes", "8192");
        try {
            Heap small = HeapLoader.load(file);
            assertEquals(whole, summary(small) + refs(small) + values(small),
                    "8 KiB blocks (records across blocks, arrays streamed, strings joined across blocks) read the same");
        } finally {
            System.clearProperty("ashwood.hprof.blockBytes");
        }
    }

    /**
     * Ids are kept as address / 8 only while every id is a multiple of 8; one id that is not (in a
     * block after others were parsed, as a writer other than HotSpot may number objects) turns
     * every id back to what the file says, in every block, and nothing is lost.
     */
    @Test
    void idsThatAreNotMultiplesOfEightAreKeptAsTheyAre() throws IOException {
        HprofBuilder b = HprofBuilder.jdk17();
        b.klass(NODE, "com/example/Node", OBJECT).field("next", Hprof.OBJECT).field("val", Hprof.INT).done();
        int[] node = {Hprof.OBJECT, Hprof.INT};
        long first = 0x10_0000;
        for (int i = 0; i < 2000; i++) {
            b.instance(first + 32L * i, NODE, node, i == 0 ? 0 : first + 32L * (i - 1), i);
        }
        long odd = first + 32L * 2000 + 3;
        b.instance(odd, NODE, node, first + 32L * 1999, -1).root(Hprof.ROOT_JNI_GLOBAL, odd);
        Path file = b.write(dir.resolve("odd.hprof"));
        System.setProperty("ashwood.hprof.blockBytes", "8192");
        try {
            Heap h = HeapLoader.load(file);
            assertEquals(List.of(), h.warnings(), "every reference resolves");
            assertEquals(2001 + h.summarize(SummaryOptions.all()).rows().stream()
                    .filter(r -> r.type().equals("java.lang.Class")).mapToLong(r -> r.count()).sum(), h.objectCount());
            int last = h.indexOf(odd);
            assertTrue(last >= 0, "the odd id is the object's id, as written");
            assertEquals(List.of("jni_global"), h.roots(last));
            assertEquals(first + 32L * 1999, h.address(h.refs(last)[1]), "a reference into an earlier block, id as written");
            assertEquals(first + 32L * 1998, h.address(h.refs(h.indexOf(first + 32L * 1999))[1]));
            assertEquals("com.example.Node", h.type(h.indexOf(first)));
        } finally {
            System.clearProperty("ashwood.hprof.blockBytes");
        }
    }

    /**
     * A block of multiples of 8 that holds an id with its top bits set (a corrupt one), then an id
     * that is not a multiple of 8: the block's ids go back to what the file says, and its smallest
     * and largest id must be found again, not shifted (id / 8 times 8 turned the largest negative,
     * and the address index failed with an internal error: HprofFuzzTest seed 6495977705876).
     */
    @Test
    void anIdWithItsTopBitsSetKeepsTheBlocksBoundsRight() throws IOException {
        HprofBuilder b = HprofBuilder.jdk17();
        b.klass(NODE, "com/example/Node", OBJECT).field("next", Hprof.OBJECT).field("val", Hprof.INT).done();
        int[] node = {Hprof.OBJECT, Hprof.INT};
        long high = 0xffff_ffff_ffff_fff0L;
        b.instance(0x10_0000, NODE, node, 0, 1)
                .instance(high, NODE, node, 0x10_0000, 2)
                .instance(0x10_0023, NODE, node, high, 3);
        Heap h = load(b);
        for (long id : new long[] {0x10_0000, high, 0x10_0023}) {
            assertTrue(h.indexOf(id) >= 0, Long.toHexString(id) + " is an object, by the id the file gives");
        }
        assertEquals(high, h.address(h.refs(h.indexOf(0x10_0023))[1]), "the reference to it resolves");
    }

    @Test
    void aCutFileLoadsWhatIsThereAndSaysSo() throws IOException {
        byte[] whole = sample(HprofBuilder.jdk17()).bytes();
        Path noEnd = dir.resolve("noend.hprof");
        Files.write(noEnd, sample(HprofBuilder.jdk17()).bytes(false));
        Heap h = HeapLoader.load(noEnd);
        assertFalse(h.complete());
        assertEquals(22, h.objectCount());
        assertTrue(h.warnings().get(0).contains("the dump is incomplete: it has no HEAP_DUMP_END record"), h.warnings().toString());

        Path cut = dir.resolve("cut.hprof");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 40));
        Heap c = HeapLoader.load(cut);
        assertFalse(c.complete());
        assertTrue(c.objectCount() > 10 && c.objectCount() < 22, "the objects before the cut: " + c.objectCount());
        assertTrue(c.warnings().get(0).matches(".*incomplete: the file ends at byte \\d+ inside .* that starts at byte \\d+.*"),
                c.warnings().toString());
    }

    @Test
    void bytesAfterTheGzipDataAreAWarningAsInJsonLines() throws IOException {
        // Found by HprofFuzzTest: the JSON-lines reader warned about them, the HPROF reader said nothing.
        Path file = sample(HprofBuilder.jdk17()).writeGzip(dir.resolve("trailing.hprof.gz"));
        long gzipBytes = Files.size(file);
        Files.write(file, bytes("garbage"), java.nio.file.StandardOpenOption.APPEND);
        Heap h = HeapLoader.load(file);
        assertEquals(22, h.objectCount(), "the dump itself is whole and loads");
        assertTrue(h.complete(), "bytes after the gzip data are not part of the dump");
        assertEquals(List.of(file + ": 7 bytes after the end of the gzip data (from byte offset " + gzipBytes
                + ") are not gzip and were ignored"), h.warnings(), "one warning says they were ignored");
    }

    @Test
    void aGzipStreamCutBeforeTheHeapDumpIsIncompleteNotEmpty() throws IOException {
        // Found by HprofFuzzTest: cut one byte into a record this loaded nothing and said "incomplete", but
        // cut where a record ends it failed with "the file holds no heap dump", as a whole file without one does.
        byte[] whole = sample(HprofBuilder.jdk17()).bytes();
        int first = 31 + 9 + (int) java.nio.ByteBuffer.wrap(whole).getInt(31 + 5);
        assertEquals(Hprof.UTF8, whole[31], "the file starts with names, before any heap dump record");
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz, true);
        out.write(whole, 0, first);
        out.flush(); // a sync flush: everything up to the end of that record inflates, then the stream stops
        Path file = dir.resolve("cut-before-heap.hprof.gz");
        Files.write(file, gz.toByteArray());
        Heap h = HeapLoader.load(file);
        assertFalse(h.complete());
        assertEquals(0, h.objectCount());
        assertTrue(h.warnings().get(0).startsWith(file + ": the dump is incomplete: the gzip stream is cut short"),
                h.warnings().toString());

        Path plain = dir.resolve("no-heap.hprof");
        Files.write(plain, Arrays.copyOf(whole, first));
        assertError(Files.readAllBytes(plain), "the file holds no heap dump"); // whole as far as anyone can tell
    }

    @Test
    void aSuperclassLoopIsOneLineNotAHang() {
        // The layout walked a class's superclass chain up to java.lang.Object: a loop never got there.
        HprofBuilder self = HprofBuilder.jdk17().klass(0x7000, "Self", 0x7000).done();
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertError(self.bytes(), "class Self is its own superclass (through 1 CLASS_DUMP records)"));
        HprofBuilder two = HprofBuilder.jdk17().klass(0x7000, "A", 0x7008).done().klass(0x7008, "B", 0x7000).done()
                .instance(0x8000, 0x7000, new int[0]);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(20),
                () -> assertError(two.bytes(), "is its own superclass")); // found by the instance, while reading
    }

    @Test
    void badInputIsOneLineNamingTheByte() throws IOException {
        byte[] good = sample(HprofBuilder.jdk17()).bytes();
        assertError(bytes("JAVA PROFILE 1.0.3\0\0\0\0\4"), "at byte 0: an Android heap dump (JAVA PROFILE 1.0.3): Android's HPROF variant is not supported");
        byte[] badId = good.clone();
        badId[22] = 6;
        assertError(badId, "at byte 19: unknown identifier size 6 (HPROF uses 4 or 8)");
        byte[] badTag = good.clone();
        badTag[31] = 0x55;
        assertError(badTag, "at byte 31: unknown record tag 0x55");
        HprofBuilder sub = HprofBuilder.jdk17().rawSub(new byte[] {(byte) 0x99, 0, 0, 0});
        assertError(sub.bytes(), "unknown heap dump sub-record tag 0x99");
        HprofBuilder android = HprofBuilder.jdk17().rawSub(new byte[] {(byte) 0xfe, 0, 0, 0});
        assertError(android.bytes(), "heap sub-record 0xfe is Android's: Android's HPROF variant is not supported");
        HprofBuilder noClass = HprofBuilder.jdk17().instance(at(0), 0x7777, new int[0]);
        assertError(noClass.bytes(), "instance names class 0x7777, which has no CLASS_DUMP");
        assertError(bytes("{\"format\":1}"), null); // not HPROF: the JSON reader's error, not ours
        Path blank = dir.resolve("blank.hprof");
        Files.write(blank, bytes("\n  JAVA PROFILE 1.0.2\0"));
        DumpFormatException e = assertThrows(DumpFormatException.class, () -> HeapLoader.load(blank));
        assertEquals(blank + ":2: blank space before \"JAVA PROFILE\": an HPROF heap dump starts with it at its first byte, "
                + "so this is neither HPROF nor JSON lines", e.getMessage(), "HPROF magic after blank space: one line saying so");
    }

    private void assertError(byte[] content, String expected) throws IOException {
        Path file = dir.resolve("bad-" + System.nanoTime() + ".hprof");
        Files.write(file, content);
        DumpFormatException e = assertThrows(DumpFormatException.class, () -> HeapLoader.load(file));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        if (expected != null) {
            assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(expected), e.getMessage());
            assertTrue(e.getMessage().matches(".*: at byte \\d+: .*"), "names the byte: " + e.getMessage());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String hex(long v) {
        return Long.toHexString(v);
    }

    static String summary(Heap h) {
        return h.summarize(SummaryOptions.all()).toString();
    }

    private static String values(Heap h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.objectCount(); i++) {
            sb.append(h.value(i)).append(' ').append(h.length(i)).append('\n');
        }
        return sb.toString();
    }

    private static String refs(Heap h) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < h.objectCount(); i++) {
            sb.append(h.address(i)).append(Arrays.toString(h.refs(i))).append('\n');
        }
        return sb.toString();
    }
}
