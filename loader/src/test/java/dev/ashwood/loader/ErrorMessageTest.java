package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets one line: "FILE:LINE: what is wrong". */
class ErrorMessageTest {
    @TempDir
    Path dir;

    private DumpFormatException failure(DumpBuilder dump) {
        Path file = dump.write(dir, "bad.jsonl");
        return assertThrows(DumpFormatException.class, () -> HeapLoader.load(file));
    }

    private void assertMessage(String expected, DumpBuilder dump) {
        DumpFormatException e = failure(dump);
        assertEquals(dir.resolve("bad.jsonl") + ":" + expected, e.getMessage(), "the message is FILE:LINE: problem");
        assertEquals(Long.parseLong(expected.substring(0, expected.indexOf(':'))), e.line(), "line() is the line in the message");
    }

    @Test
    void notJson() {
        DumpFormatException e = failure(DumpBuilder.ashwood().obj(1, "java.lang.Object", 16).raw("{\"address\": 2, \"type\": oops}"));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.jsonl") + ":3: not JSON: "),
                "a syntax error names its line: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void messagesQuotingTheDumpEscapeControlCharacters() {
        // ESC c resets a terminal; jackson's "Unrecognized token" message quotes the bytes it met.
        DumpFormatException e = failure(DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": evil\u001bc\u202e, \"size\": 1, \"refs\": []}"));
        assertTrue(e.getMessage().contains("evil\\u001bc\\u202e"), "the quoted bytes are escaped: " + e.getMessage());
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0x202e),
                "no control or bidi character in the message: " + e.getMessage());
    }

    /** The line of CorruptInputFuzzTest seed 899545691317 case 206: its empty name reached the string pool first and crashed it. */
    @Test
    void aSyntaxErrorRightAfterAnEmptyFirstStringNamesItsLine() {
        DumpFormatException e = failure(DumpBuilder.meliae()
                .raw("{\"address\": 140001, \"type\": \"module\", \"size\": 72, \"name\":\"\"shop\", \"refs\": [140002]}"));
        assertTrue(e.getMessage().startsWith(dir.resolve("bad.jsonl") + ":1: not JSON: "),
                "a syntax error names its line: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line");
    }

    @Test
    void notAnObject() {
        assertMessage("2: not a JSON object: an array", DumpBuilder.ashwood().raw("[1, 2]"));
    }

    @Test
    void missingKey() {
        assertMessage("2: missing key \"size\"", DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"refs\": []}"));
        assertMessage("2: missing key \"type\"", DumpBuilder.ashwood().raw("{\"address\": 1, \"size\": 8, \"refs\": []}"));
        assertMessage("2: missing key \"refs\"", DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8}"));
        assertMessage("2: missing key \"fields\" (refs is not empty)",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": [1]}"));
        assertMessage("2: missing key \"ref\" in a root record", DumpBuilder.ashwood().raw("{\"root\": \"thread\"}"));
    }

    @Test
    void wrongType() {
        assertMessage("2: \"size\" is a string, expected an integer",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": \"big\", \"refs\": []}"));
        assertMessage("2: \"type\" is an integer, expected a string",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": 7, \"size\": 8, \"refs\": []}"));
        assertMessage("2: \"refs\" is an object, expected an array",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": {}}"));
        assertMessage("2: \"refs element\" is a string, expected an integer",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": [\"1\"], \"fields\": [0]}"));
        assertMessage("2: \"fields element\" is a boolean, expected a string or an integer",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": [1], \"fields\": [true]}"));
    }

    @Test
    void negativeOrHugeNumbers() {
        assertMessage("2: negative size -5", DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": -5, \"refs\": []}"));
        assertMessage("2: negative address -1", DumpBuilder.ashwood().raw("{\"address\": -1, \"type\": \"x\", \"size\": 5, \"refs\": []}"));
        assertMessage("2: \"address\" 99999999999999999999 is out of range",
                DumpBuilder.ashwood().raw("{\"address\": 99999999999999999999, \"type\": \"x\", \"size\": 5, \"refs\": []}"));
    }

    @Test
    void oddRecords() {
        assertMessage("2: empty record", DumpBuilder.ashwood().raw("{}"));
        assertMessage("2: \"len\" 4294967296 is too large",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"len\": 4294967296, \"refs\": []}"));
        assertMessage("2: array index 4294967296 is too large",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": [1], \"fields\": [4294967296]}"));
        assertMessage("2: \"value\" is an array, expected a string, number or boolean",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"value\": [], \"refs\": []}"));
    }

    @Test
    void sizesAreBoundedSoNoSumCanOverflow() {
        // The case: a size near 2^63 loaded, and summarize showed a negative total.
        assertMessage("3: size 9223372036854775000 is too large for one object (at most 2^40 bytes, 1 TiB): not a real heap",
                DumpBuilder.ashwood().obj(1, "java.lang.Object", 16)
                        .raw("{\"address\": 2, \"type\": \"x\", \"size\": 9223372036854775000, \"refs\": []}"));
        assertMessage("2: size 1099511627777 is too large for one object (at most 2^40 bytes, 1 TiB): not a real heap",
                DumpBuilder.meliae().obj(1, "str", 16).raw("{\"address\": 2, \"type\": \"str\", \"size\": 1099511627777, \"refs\": []}"));
    }

    @Test
    void largestAllowedSizesAddUpExactly() throws IOException {
        DumpBuilder b = DumpBuilder.ashwood();
        for (int i = 1; i <= 1000; i++) {
            b.obj(i, "huge", 1L << 40);
        }
        Heap heap = HeapLoader.load(b.footer().write(dir, "huge.jsonl"));
        assertEquals(1000L << 40, heap.totalBytes(), "a thousand 1 TiB objects add up without overflow");
        Summary summary = heap.summarize(SummaryOptions.all());
        assertEquals(1000L << 40, summary.rows().get(0).bytes(), "and so does their row");
    }

    @Test
    void aKeyTwiceInOneRecordIsAnError() {
        assertMessage("2: the key \"size\" appears twice in one record",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"size\": 16, \"refs\": []}"));
        assertMessage("2: the key \"refs\" appears twice in one record",
                DumpBuilder.meliae().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": [],\n\"refs\": [1]}"));
        assertMessage("2: the key \"ref\" appears twice in one record",
                DumpBuilder.ashwood().raw("{\"root\": \"thread\", \"ref\": 1, \"ref\": 2}"));
        assertMessage("1: the key \"version\" appears twice in one record",
                DumpBuilder.ashwoodWithoutHeader().raw("{\"format\": \"ashwood-heap\", \"version\": 1, \"version\": 2}"));
        assertMessage("3: the key \"objects\" appears twice in one record",
                DumpBuilder.ashwood().obj(1, "x", 8).raw("{\"footer\": {\"objects\": 1, \"objects\": 2}}"));
    }

    @Test
    void twoRecordsOnOneLineAreAnError() {
        assertMessage("2: a second record on the same line (a dump has one record per line)",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": []} "
                        + "{\"address\": 2, \"type\": \"x\", \"size\": 8, \"refs\": []}"));
        assertMessage("2: a second record on the same line (a dump has one record per line)",
                DumpBuilder.meliae().obj(1, "str", 8).raw("{\"address\": 2, \"type\": \"x\", \"size\": 8, \"refs\": []}"
                        + "{\"address\": 3, \"type\": \"x\", \"size\": 8, \"refs\": []}"));
    }

    @Test
    void fieldsMustMatchRefs() {
        assertMessage("2: \"fields\" has 1 entries but \"refs\" has 2",
                DumpBuilder.ashwood().raw("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": [1, 1], \"fields\": [\"a\"]}"));
    }

    @Test
    void unknownFormatVersion() {
        assertMessage("1: unknown format version 2 (this loader reads version 1)",
                DumpBuilder.ashwoodWithoutHeader().raw("{\"format\": \"ashwood-heap\", \"version\": 2}"));
        assertMessage("1: unknown format \"hprof\" (expected \"ashwood-heap\")",
                DumpBuilder.ashwoodWithoutHeader().raw("{\"format\": \"hprof\", \"version\": 1}"));
        assertMessage("1: missing key \"version\" in the header",
                DumpBuilder.ashwoodWithoutHeader().raw("{\"format\": \"ashwood-heap\"}"));
    }

    @Test
    void notADumpAtAll() {
        assertMessage("1: not an ashwood or Meliae dump: the first record starts with neither \"format\" nor \"address\"",
                DumpBuilder.ashwoodWithoutHeader().raw("{\"name\": \"package.json\"}"));
        assertMessage("1: not a dump: the first line is not JSON",
                DumpBuilder.ashwoodWithoutHeader().raw("hello world"));
        assertMessage("1: not a dump: the first line is not a JSON object",
                DumpBuilder.ashwoodWithoutHeader().raw("42"));
        Path empty = DumpBuilder.writeBytes(dir.resolve("empty"), new byte[0]);
        DumpFormatException e = assertThrows(DumpFormatException.class, () -> HeapLoader.load(empty));
        assertEquals(empty + ":1: empty file, not a dump", e.getMessage(), "an empty file");
    }

    @Test
    void corruptGzipIsAnError() throws IOException {
        Path gz = ReadingTest.smallJvm().writeGzip(dir, "bad.gz");
        byte[] bytes = Files.readAllBytes(gz);
        bytes[bytes.length - 8] ^= 0x55; // the CRC-32 in the gzip trailer
        Files.write(gz, bytes);
        DumpFormatException e = assertThrows(DumpFormatException.class, () -> HeapLoader.load(gz));
        assertEquals(gz + ":" + (ReadingTest.smallJvm().lines().size() + 1) + ": corrupt gzip data (Corrupt GZIP trailer)",
                e.getMessage(), "a gzip stream that fails its check is an error at the line where the data ends");
    }

    @Test
    void gzipCutBeforeItsFirstLineIsAnErrorNotAnEmptyFile() throws IOException {
        Path gz = ReadingTest.smallJvm().writeGzip(dir, "cut.gz");
        byte[] bytes = Files.readAllBytes(gz);
        Path cut = DumpBuilder.writeBytes(dir.resolve("cut-early.gz"), Arrays.copyOf(bytes, 12));
        DumpFormatException e = assertThrows(DumpFormatException.class, () -> HeapLoader.load(cut));
        assertEquals(cut + ":1: the gzip stream ends before its first line: the file was cut, nothing to load",
                e.getMessage(), "a gzip file cut inside its first block says it was cut, not that it is empty");
    }

    @Test
    void unreadableFilesSayWhy() {
        Path missing = dir.resolve("missing.jsonl");
        IOException e = assertThrows(IOException.class, () -> HeapLoader.load(missing));
        assertEquals(missing + ": no such file", e.getMessage(), "a missing file");
        e = assertThrows(IOException.class, () -> HeapLoader.load(dir));
        assertEquals(dir + ": is a directory, not a dump", e.getMessage(), "a directory");
    }

    @Test
    void recordsOutOfPlace() {
        assertMessage("3: the footer is not the last record",
                DumpBuilder.ashwood().obj(1, "x", 8).footer().obj(2, "x", 8).done());
        assertMessage("3: header found after the first line",
                DumpBuilder.ashwood().obj(1, "x", 8).raw("{\"format\": \"ashwood-heap\", \"version\": 1}"));
        assertMessage("2: unknown record: first key is \"type\" (expected \"address\", \"root\" or \"footer\")",
                DumpBuilder.ashwood().raw("{\"type\": \"x\", \"address\": 1, \"size\": 8, \"refs\": []}"));
    }

    @Test
    void lineNumbersCountAcrossParallelChunks() {
        DumpBuilder b = DumpBuilder.ashwood();
        for (int i = 1; i <= 150_000; i++) {
            b.obj(i, "java.lang.Object", 16);
        }
        b.raw("{\"address\": 150001, \"type\": \"x\", \"size\": -1, \"refs\": []}");
        for (int i = 150_002; i <= 160_000; i++) {
            b.obj(i, "java.lang.Object", 16);
        }
        assertMessage("150002: negative size -1", b);
    }

    @Test
    void overlongLineFailsInsteadOfExhaustingMemory() throws IOException {
        byte[] garbage = new byte[8 << 20];
        Arrays.fill(garbage, (byte) 'x');
        Path file = dir.resolve("garbage");
        Files.write(file, ("{\"address\": 1, \"type\": \"x\", \"size\": 8, \"refs\": []}\n").getBytes(StandardCharsets.UTF_8));
        Files.write(file, garbage, java.nio.file.StandardOpenOption.APPEND);
        DumpFormatException e = assertThrows(DumpFormatException.class,
                () -> HeapLoader.load(file, LoadOptions.defaults(), 1 << 20));
        assertEquals(file + ":2: line longer than 1 MiB: not a dump, or a record too large for this heap", e.getMessage(),
                "a line over the limit stops the load at that line (the limit is a quarter of the heap by default)");
    }
}
