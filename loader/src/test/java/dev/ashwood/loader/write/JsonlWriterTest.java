package dev.ashwood.loader.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What convert writes: the same heap when read back, and progress as objects written out of all. */
class JsonlWriterTest {
    @Test
    void writtenDumpReadsBackAsTheSameHeapAndProgressCountsObjects(@TempDir Path dir) throws Exception {
        Heap heap = HeapLoader.load(Path.of("..", "test-fixtures", "small.jsonl"));
        List<long[]> calls = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonlWriter.Counts counts = JsonlWriter.write(heap, "small.jsonl", "ashwood", bytes, (done, total) -> calls.add(new long[] {done, total}));
        assertEquals(heap.objectCount(), counts.objects(), "every object is written");
        assertEquals(heap.totalBytes(), counts.bytes(), "with its size");
        assertTrue(!calls.isEmpty(), "progress is reported");
        for (long[] c : calls) {
            assertEquals(heap.objectCount(), c[1], "progress counts against all objects");
            assertTrue(c[0] >= 0 && c[0] < c[1], "done is an object count below the total: " + c[0]);
        }
        Path file = Files.write(dir.resolve("back.jsonl"), bytes.toByteArray());
        Heap back = HeapLoader.load(file);
        assertEquals(heap.objectCount(), back.objectCount(), "read back: the same objects");
        assertEquals(heap.totalBytes(), back.totalBytes(), "and bytes");
        for (int i = 0; i < heap.objectCount(); i++) {
            assertEquals(heap.address(i), back.address(i), "the same ids in the same order");
            assertEquals(heap.refs(i).length, back.refs(i).length, "the same references of " + heap.address(i));
        }
    }
}
