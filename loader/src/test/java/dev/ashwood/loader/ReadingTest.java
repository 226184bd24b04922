package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading both formats, plain or gzip, and the tolerated quirks of real dumps. */
class ReadingTest {
    @TempDir
    Path dir;

    /** A String "hello" held by a jni_global root, its class, its byte[] and an Integer. */
    static DumpBuilder smallJvm() {
        return DumpBuilder.ashwood()
                .root("jni_global", 4)
                .root("stack_local", 4)
                .obj(1, "java.lang.Class", 96).name("java.lang.String")
                .obj(2, "java.lang.Class", 96).name("byte[]")
                .obj(3, "java.lang.Class", 96).name("java.lang.Integer")
                .obj(4, "java.lang.String", 24).len(5).value("hello").ref("<class>", 1).ref("value", 5)
                .obj(5, "byte[]", 24).len(5).ref("<class>", 2)
                .obj(6, "java.lang.Integer", 16).rawValue("-42").ref("<class>", 3)
                .obj(7, "java.lang.Object[]", 32).len(4).ref("<class>", 2).ref("0", 4).ref("3", 4)
                .footer();
    }

    @Test
    void readsEveryAttributeOfAnAshwoodDump() throws IOException {
        Heap heap = HeapLoader.load(smallJvm().write(dir, "small.jsonl"));
        assertEquals(DumpKind.ASHWOOD, heap.kind(), "a dump starting with a header is an ashwood dump");
        assertTrue(heap.complete(), "a dump ending with its footer is complete");
        assertEquals(List.of(), heap.warnings(), "a consistent dump loads without warnings");
        assertEquals(7, heap.objectCount(), "one object per record");
        assertEquals(7, heap.referenceCount(), "references counted with repeats");
        assertEquals(96 * 3 + 24 + 24 + 16 + 32, heap.totalBytes(), "total is the sum of sizes");
        int s = heap.find(4);
        assertEquals("java.lang.String", heap.type(s), "type");
        assertEquals(24, heap.size(s), "size");
        assertEquals(5, heap.length(s), "len");
        assertEquals("hello", heap.value(s), "a string value reads back as a String");
        assertEquals(-42L, heap.value(heap.find(6)), "an integer value reads back as a Long");
        assertEquals("java.lang.String", heap.name(heap.find(1)), "a class record's name");
        assertNull(heap.name(s), "no name on an instance");
        assertEquals(-1, heap.length(heap.find(6)), "len is -1 when the record has none");
        assertArrayEquals(new int[] {heap.find(1), heap.find(5)}, heap.refs(s), "refs as indexes in dump order");
        assertEquals("<class>", heap.field(s, 0), "a pseudo-field keeps its angle brackets");
        assertEquals("value", heap.field(s, 1), "a field name");
        int array = heap.find(7);
        assertEquals("3", heap.field(array, 2), "an array element is named by its index");
        assertArrayEquals(new int[] {s}, heap.referrers(heap.find(5)), "referrers");
        assertEquals(List.of("jni_global", "stack_local"), heap.roots(s), "every root kind holding an object");
        assertEquals(List.of(), heap.roots(array), "an object no root holds");
        assertEquals(-1, heap.indexOf(99), "indexOf an absent address is -1");
        NoSuchObjectException e = assertThrows(NoSuchObjectException.class, () -> heap.find(99));
        assertEquals("no object with id 99", e.getMessage(), "find names the missing id");
    }

    @Test
    void referrersAreDistinct() throws IOException {
        Heap heap = HeapLoader.load(smallJvm().write(dir, "d.jsonl"));
        assertArrayEquals(new int[] {heap.find(7)}, heap.referrers(heap.find(4)),
                "an array holding the same String twice is one referrer");
    }

    @Test
    void gzipIsDetectedFromTheContentNotTheName() throws IOException {
        Path gz = smallJvm().writeGzip(dir, "dump.jsonl");
        Heap heap = HeapLoader.load(gz);
        assertEquals(7, heap.objectCount(), "a gzip file without .gz in its name loads");
        assertTrue(heap.complete(), "a whole gzip stream is complete");
    }

    @Test
    void plainFileNamedGzLoadsAsPlain() throws IOException {
        Heap heap = HeapLoader.load(smallJvm().write(dir, "dump.jsonl.gz"));
        assertEquals(7, heap.objectCount(), "a plain file named .gz is read as plain text");
    }

    @Test
    void cutGzipStreamLoadsWhatCameBeforeTheCut() throws IOException {
        DumpBuilder b = DumpBuilder.ashwood();
        for (int i = 1; i <= 20000; i++) {
            b.obj(i, "java.lang.Object", 16);
        }
        Path whole = b.footer().writeGzip(dir, "whole.gz");
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = DumpBuilder.writeBytes(dir.resolve("cut.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        List<String> told = new ArrayList<>();
        Heap heap = HeapLoader.load(cut, LoadOptions.defaults().withWarnings(told::add));
        assertFalse(heap.complete(), "a cut gzip stream is incomplete");
        assertTrue(heap.objectCount() > 1000 && heap.objectCount() < 20000,
                "the records before the cut load, those after do not: " + heap.objectCount());
        assertEquals(1, told.size(), "one warning: " + told);
        assertTrue(told.get(0).contains("incomplete") && told.get(0).contains("gzip"),
                "the warning says the dump is incomplete because the gzip stream is cut: " + told);
        assertEquals(told, heap.warnings(), "warnings are told and kept");
    }

    @Test
    void missingFooterLoadsAndWarns() throws IOException {
        Path file = DumpBuilder.ashwood().obj(1, "java.lang.Object", 16).done().write(dir, "nofooter.jsonl");
        Heap heap = HeapLoader.load(file);
        assertFalse(heap.complete(), "no footer: incomplete");
        assertEquals(1, heap.objectCount(), "what is there loads");
        assertEquals(List.of(file + ": the dump is incomplete: it has no footer (the writer stopped or the file was cut); loaded what is there"),
                heap.warnings(), "the warning names the file and says why");
    }

    @Test
    void lastLineCutMidRecordIsDroppedWithAWarning() throws IOException {
        String text = DumpBuilder.ashwood().obj(1, "java.lang.Object", 16).obj(2, "java.lang.Object", 16).done().text();
        Path file = DumpBuilder.writeBytes(dir.resolve("cut.jsonl"),
                text.substring(0, text.length() - 12).getBytes(StandardCharsets.UTF_8));
        Heap heap = HeapLoader.load(file);
        assertFalse(heap.complete(), "a cut last line: incomplete");
        assertEquals(1, heap.objectCount(), "the whole records before the cut load");
        assertTrue(heap.warnings().get(0).contains("last line is cut short"), "says the last line is cut: " + heap.warnings());
    }

    @Test
    void footerThatDisagreesIsReported() throws IOException {
        Path file = DumpBuilder.ashwood().obj(1, "java.lang.Object", 16)
                .raw("{\"footer\": {\"objects\": 5, \"refs\": 0, \"bytes\": 16, \"roots\": 0}}").write(dir, "f.jsonl");
        Heap heap = HeapLoader.load(file);
        assertTrue(heap.complete(), "a footer makes the dump complete even when its counts disagree");
        assertEquals(List.of(file + ": the footer says 5 objects but the dump holds 1"), heap.warnings(),
                "a footer whose counts disagree is reported");
    }

    @Test
    void meliaeQuirks() throws IOException {
        Path file = DumpBuilder.meliae()
                .obj(140000000000016L, "dict", 232).len(1).refs(140000000000032L, 140000000000048L)
                .obj(140000000000032L, "str", 53).len(4).value("name")
                .obj(140000000000032L, "str", 99).len(4).value("repeat, ignored")
                .obj(140000000000048L, "bool", 28).value("True")
                .obj(140000000000064L, "list", 72).len(2).refs(140000000000016L, 999L, 998L)
                .done().write(dir, "meliae.json");
        List<String> told = new ArrayList<>();
        Heap heap = HeapLoader.load(file, LoadOptions.defaults().withWarnings(told::add));
        assertEquals(DumpKind.MELIAE, heap.kind(), "first record with \"address\": Meliae");
        assertEquals(4, heap.objectCount(), "a repeated address is one object");
        assertEquals(53, heap.size(heap.find(140000000000032L)), "the first record of a repeated address wins");
        assertEquals(Boolean.TRUE, heap.value(heap.find(140000000000048L)), "a Meliae bool's \"True\" is a Boolean");
        assertArrayEquals(new int[] {heap.find(140000000000016L)}, heap.refs(heap.find(140000000000064L)),
                "refs to addresses without a record are left out");
        assertNull(heap.field(heap.find(140000000000016L), 0), "Meliae dumps name no fields");
        assertEquals(List.of(
                file + ": 1 records repeat an address seen before (the first record of each address was kept)",
                file + ": 2 references name addresses that have no record (left out of the model)"), told,
                "each quirk is counted in one warning");
        assertTrue(heap.complete(), "a Meliae dump has no footer to miss");
    }

    @Test
    void fieldNamesStayWithTheirRefsWhenARefNamesNoRecord() throws IOException {
        // A JVM object whose refs name a missing object first: the other refs keep their own fields.
        Path file = DumpBuilder.ashwood()
                .obj(1, "Holder", 24).ref("gone", 99).ref("kept", 2).ref("other", 3).ref("lost", 98).ref("last", 2)
                .obj(2, "java.lang.Object", 16)
                .obj(3, "java.lang.Object", 16)
                .footer().write(dir, "missing.jsonl");
        Heap heap = HeapLoader.load(file, LoadOptions.defaults().withWarnings(w -> { }));
        int holder = heap.find(1);
        assertArrayEquals(new int[] {heap.find(2), heap.find(3), heap.find(2)}, heap.refs(holder), "the refs to missing objects are dropped");
        assertEquals(List.of("kept", "other", "last"),
                List.of(heap.field(holder, 0), heap.field(holder, 1), heap.field(holder, 2)),
                "each remaining ref keeps its own field name (they were shifted, and collapse read past the shape)");
        heap.collapse();                       // walked the shapes past their end before the fix
    }

    @Test
    void meliaeWrappedInAJsonArray() throws IOException {
        Path file = DumpBuilder.writeBytes(dir.resolve("wrapped.json"), ("[\n"
                + "{\"address\": 1, \"type\": \"tuple\", \"size\": 20, \"len\": 2, \"refs\": [2, 3]},\n"
                + "{\"address\": 2, \"type\": \"int\", \"size\": 28, \"value\": 7, \"refs\": []},\n"
                + "{\"address\": 3, \"type\": \"str\", \"size\": 50, \"len\": 1, \"value\": \"x\", \"refs\": []}\n"
                + "]\n").getBytes(StandardCharsets.UTF_8));
        Heap heap = HeapLoader.load(file);
        assertEquals(3, heap.objectCount(), "a dump wrapped as a JSON array loads like JSON lines");
        assertEquals(7L, heap.value(heap.find(2)), "values survive unwrapping");
        assertEquals(List.of(), heap.warnings(), "wrapping is not a problem worth a warning");
    }

    @Test
    void valuesOfEveryKind() throws IOException {
        Path file = DumpBuilder.ashwood()
                .obj(1, "java.lang.Double", 16).value("NaN")
                .obj(2, "java.lang.Double", 16).rawValue("2.5")
                .obj(3, "java.lang.Boolean", 16).rawValue("true")
                .obj(4, "java.lang.Character", 16).value("\"")
                .obj(5, "java.lang.String", 24).len(3).value("a\\\n")
                .obj(6, "java.lang.String", 24).len(2).value("\uD83D\uDE00")
                .obj(7, "java.lang.String", 24).len(1).value("\uD800")
                .footer().write(dir, "values.jsonl");
        Heap heap = HeapLoader.load(file);
        assertEquals(Double.NaN, heap.value(heap.find(1)), "\"NaN\" of a Double is a Double");
        assertEquals(2.5, heap.value(heap.find(2)), "a JSON number with a fraction is a Double");
        assertEquals(Boolean.TRUE, heap.value(heap.find(3)), "a JSON boolean is a Boolean");
        assertEquals("\"", heap.value(heap.find(4)), "an escaped quote");
        assertEquals("a\\\n", heap.value(heap.find(5)), "escapes decode");
        assertEquals("\uD83D\uDE00", heap.value(heap.find(6)), "a character outside the BMP");
        assertEquals("\uD800", heap.value(heap.find(7)), "a lone surrogate written as \\uD800 survives");
    }

    /** The first text a dump gives the string pool can be empty (it crashed the loader with IndexOutOfBoundsException). */
    @Test
    void anEmptyFirstStringLoads() throws IOException {
        Heap jvm = HeapLoader.load(DumpBuilder.ashwood()
                .obj(1, "java.lang.String", 24).len(0).value("")
                .obj(2, "java.lang.String", 24).len(1).value("x")
                .footer().write(dir, "empty-first.jsonl"));
        assertEquals("", jvm.value(jvm.find(1)), "the empty String");
        assertEquals("x", jvm.value(jvm.find(2)), "the String after it");
        Heap meliae = HeapLoader.load(DumpBuilder.meliae()
                .obj(1, "module", 72).name("")
                .obj(2, "str", 50).len(0).value("")
                .done().write(dir, "empty-first-meliae.jsonl"));
        assertEquals("", meliae.name(meliae.find(1)), "a module named by the empty text");
        assertEquals("", meliae.value(meliae.find(2)), "an empty str");
    }

    /** Integers of up to 18 digits are read from their text, longer or signed ones by jackson. */
    @Test
    void integersOfEveryLengthReadBackExactly() throws IOException {
        String[] values = {"0", "7", "123456789", "1234567890", "999999999999999999", "1000000000000000000",
            "9223372036854775807", "-9223372036854775808", "-1"};
        DumpBuilder b = DumpBuilder.ashwood();
        for (int i = 0; i < values.length; i++) {
            b.obj(i + 1, "java.lang.Long", 16).rawValue(values[i]);
        }
        b.obj(values.length + 1, "long[]", 1L << 40);     // the largest size allowed (Limits.MAX_OBJECT_BYTES)
        Heap heap = HeapLoader.load(b.footer().write(dir, "integers.jsonl"));
        for (int i = 0; i < values.length; i++) {
            assertEquals(Long.parseLong(values[i]), heap.value(heap.find(i + 1)), "the value " + values[i] + " reads back exactly");
        }
        assertEquals(1L << 40, heap.size(heap.find(values.length + 1)), "the largest allowed size reads back exactly");
    }

    /** The first block read is small (256 KiB, for the JIT's sake); a longer first line still fits. */
    @Test
    void aFirstRecordLongerThanTheFirstBlockLoads() throws IOException {
        long[] targets = new long[100_000];
        Arrays.fill(targets, 140000000000016L);
        Path file = DumpBuilder.meliae()
                .obj(140000000000000L, "list", 800056).len(targets.length).refs(targets)
                .obj(140000000000016L, "int", 24).refs()
                .done().write(dir, "longfirst.json");
        assertTrue(Files.size(file) > 1 << 20, "the first line is over a MiB, four times the first block");
        Heap heap = HeapLoader.load(file);
        assertEquals(2, heap.objectCount(), "both records load");
        assertEquals(targets.length, heap.refs(heap.find(140000000000000L)).length, "every ref of the long first line");
    }

    @Test
    void progressReachesTheFileSize() throws IOException {
        Path file = smallJvm().write(dir, "p.jsonl");
        AtomicLong last = new AtomicLong();
        AtomicLong total = new AtomicLong();
        HeapLoader.load(file, LoadOptions.defaults().withProgress((done, all) -> {
            last.accumulateAndGet(done, Math::max);
            total.set(all);
        }));
        assertEquals(Files.size(file), total.get(), "total is the file size");
        assertEquals(Files.size(file), last.get(), "progress ends at the whole file");
    }

    @Test
    void loadingStopsWhenInterrupted() throws IOException {
        Path file = smallJvm().write(dir, "i.jsonl");
        Thread.currentThread().interrupt();
        try {
            assertThrows(java.util.concurrent.CancellationException.class, () -> HeapLoader.load(file),
                    "an interrupted load throws CancellationException (the shell's Ctrl-C)");
        } finally {
            Thread.interrupted();
        }
        assertEquals(7, HeapLoader.load(file).objectCount(), "the next load works");
    }

    @Test
    void aFortyMegabyteRefsListLoads() throws IOException {
        int refs = 5_000_000;
        StringBuilder line = new StringBuilder(refs * 9);
        line.append("{\"address\": 1, \"type\": \"list\", \"size\": 40000056, \"len\": ").append(refs).append(", \"refs\": [");
        for (int i = 0; i < refs; i++) {
            line.append(i == 0 ? "" : ", ").append(10_000_000 + (i % 3));
        }
        line.append("]}\n");
        for (int a = 10_000_000; a < 10_000_003; a++) {
            line.append("{\"address\": ").append(a).append(", \"type\": \"int\", \"size\": 28, \"refs\": []}\n");
        }
        assertTrue(line.length() > 40_000_000, "the line is over 40 MB");
        Path file = DumpBuilder.writeBytes(dir.resolve("long.json"), line.toString().getBytes(StandardCharsets.US_ASCII));
        Heap heap = HeapLoader.load(file);
        assertEquals(refs, heap.refs(heap.find(1)).length, "every ref of a 40 MB line is kept");
        assertArrayEquals(new int[] {heap.find(1)}, heap.referrers(heap.find(10_000_002)),
                "the list is the one referrer of each int");
    }
}
