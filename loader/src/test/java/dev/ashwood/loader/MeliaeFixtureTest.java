package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Agreement with Meliae itself on a real Python 3.11 dump, with Meliae's own output beside it: every
 * number of Meliae's table (totals, and count, size and largest object per row, in order). The
 * shell's GoldenOutputTest checks the rendered table byte for byte.
 */
class MeliaeFixtureTest {
    static final Path FIXTURES = Path.of("..", "test-fixtures", "meliae");
    static final Path DUMP = FIXTURES.resolve("python311-accounts.json.gz");

    @Test
    void summarizeMatchesMeliaesTableByteForByte() throws IOException {
        Heap heap = HeapLoader.load(DUMP);
        assertEquals(DumpKind.MELIAE, heap.kind(), "a dump whose first record has \"address\" is a Meliae dump");
        assertMeliaesNumbers("python311-accounts.summary.txt", heap.summarize(SummaryOptions.all()));
    }

    @Test
    void collapsedSummaryMatchesMeliaesByteForByte() throws IOException {
        Heap heap = HeapLoader.load(DUMP);
        int folded = heap.collapse();
        assertEquals(45041 - 43402, folded, "collapse folds the same dicts Meliae folds");
        assertMeliaesNumbers("python311-accounts.summary.collapsed.txt", heap.summarize(SummaryOptions.all()));
    }

    @Test
    void loadingAloneNeverCollapses() throws IOException {
        Heap heap = HeapLoader.load(DUMP);
        assertEquals(45041, heap.objectCount(), "loading keeps every record: collapsing is explicit");
        assertTrue(heap.complete(), "a Meliae dump has no footer and is complete when not cut");
    }

    /** Reads Meliae's printed table back into numbers and compares them with the summary's. */
    static void assertMeliaesNumbers(String table, Summary summary) throws IOException {
        List<String> lines = Files.readAllLines(FIXTURES.resolve(table), StandardCharsets.UTF_8);
        Matcher totals = Pattern.compile("Total (\\d+) objects, (\\d+) types, Total size = [0-9.]+MiB \\((\\d+) bytes\\)")
                .matcher(lines.get(0));
        assertTrue(totals.matches(), "Meliae's first line gives the totals: " + lines.get(0));
        assertEquals(Long.parseLong(totals.group(1)), summary.objects(), table + ": objects as Meliae counts them");
        assertEquals(Integer.parseInt(totals.group(2)), summary.types(), table + ": types as Meliae counts them");
        assertEquals(Long.parseLong(totals.group(3)), summary.bytes(), table + ": bytes as Meliae adds them");
        List<String> rows = lines.subList(2, lines.size());
        assertEquals(rows.size(), summary.rows().size(), table + ": Meliae's default shows 20 rows");
        for (int i = 0; i < rows.size(); i++) {
            // Index Count % Size % Cum Max Kind
            String[] cells = rows.get(i).trim().split(" +", 8);
            SummaryRow row = summary.rows().get(i);
            assertEquals(cells[7], row.type(), table + " row " + i + ": the same type in Meliae's order");
            assertEquals(Long.parseLong(cells[1]), row.count(), table + " row " + i + " (" + cells[7] + "): count");
            assertEquals(Long.parseLong(cells[3]), row.bytes(), table + " row " + i + " (" + cells[7] + "): size");
            assertEquals(Long.parseLong(cells[6]), row.max(), table + " row " + i + " (" + cells[7] + "): largest object");
        }
    }
}
