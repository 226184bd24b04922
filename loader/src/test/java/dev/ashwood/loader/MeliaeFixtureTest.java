package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Agreement with Meliae itself on a real Python 3.11 dump, with Meliae's own output beside it. */
class MeliaeFixtureTest {
    static final Path FIXTURES = Path.of("..", "test-fixtures", "meliae");
    static final Path DUMP = FIXTURES.resolve("python311-accounts.json.gz");

    @Test
    void summarizeMatchesMeliaesTableByteForByte() throws IOException {
        Heap heap = HeapLoader.load(DUMP);
        assertEquals(DumpKind.MELIAE, heap.kind(), "a dump whose first record has \"address\" is a Meliae dump");
        assertEquals(expected("python311-accounts.summary.txt"), heap.summarize(SummaryOptions.all()).toText(),
                "summarize of a Meliae dump prints Meliae's own table");
    }

    @Test
    void collapsedSummaryMatchesMeliaesByteForByte() throws IOException {
        Heap heap = HeapLoader.load(DUMP);
        int folded = heap.collapse();
        assertEquals(45041 - 43402, folded, "collapse folds the same dicts Meliae folds");
        assertEquals(expected("python311-accounts.summary.collapsed.txt"),
                heap.summarize(SummaryOptions.all()).toText(),
                "after collapse, summarize prints Meliae's table after collapse_instance_dicts");
    }

    @Test
    void loadingAloneNeverCollapses() throws IOException {
        Heap heap = HeapLoader.load(DUMP);
        assertEquals(45041, heap.objectCount(), "loading keeps every record: collapsing is explicit");
        assertTrue(heap.complete(), "a Meliae dump has no footer and is complete when not cut");
    }

    static String expected(String name) throws IOException {
        String text = Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
