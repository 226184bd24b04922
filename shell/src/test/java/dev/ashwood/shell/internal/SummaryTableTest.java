package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summarize's table: JVM tables widen so columns never run together; Meliae's stay Meliae's. */
class SummaryTableTest {
    @Test
    void aJvmTableWidensWhenAValueOutgrowsMeliaesColumn(@TempDir Path dir) throws IOException {
        // The case: a 12 MB byte[] printed "85  8512000016" (Cum 85, Max 12000016) in Meliae's widths.
        Path dump = dir.resolve("big.jsonl");
        Files.writeString(dump, "{\"format\": \"ashwood-heap\", \"version\": 1}\n"
                + "{\"address\": 1, \"type\": \"byte[]\", \"size\": 12000016, \"len\": 12000000, \"refs\": []}\n"
                + "{\"address\": 2, \"type\": \"java.lang.Object[]\", \"size\": 2000016, \"len\": 500000, \"refs\": [1],"
                + " \"fields\": [0]}\n"
                + "{\"footer\": {\"objects\": 2}}\n");
        Run run = Run.ashwood("query", dump.toString(), "-e", "summarize");
        assertEquals(0, run.exit(), "summarize succeeds\n" + run);
        List<String> lines = run.out().lines().toList();
        assertEquals(" Index   Count   %      Size   % Cum      Max Kind", lines.get(1),
                "the Max column and its head widen by one, the others keep Meliae's widths\n" + run);
        assertEquals("     0       1  50  12000016  85  85 12000016 byte[]", lines.get(2),
                "Cum and Max are apart\n" + run);
        for (String line : lines.subList(2, lines.size())) {
            assertEquals(8, line.trim().split(" +").length, "every row splits into its eight columns: " + line);
        }
    }

    @Test
    void everyColumnWidensForValuesOfAnyLength() {
        Summary summary = new Summary(4_000_000_000L, 2, 90_000_000_000L, List.of(
                new SummaryRow("java.lang.Object", 3_999_999_999L, 89_999_999_984L, 16, 1),
                new SummaryRow("byte[]", 1, 16, 16, 2)));
        List<String> lines = SummaryTable.lines(summary, true);
        assertEquals("Total 4000000000 objects, 2 types, Total size = 85830.7MiB (90000000000 bytes)", lines.get(0));
        assertEquals(" Index      Count   %        Size   % Cum     Max Kind", lines.get(1), "heads align with widened columns");
        assertEquals("     0 3999999999  99 89999999984  99  99      16 java.lang.Object", lines.get(2));
        assertEquals("     1          1   0          16   0 100      16 byte[]", lines.get(3));
    }

    @Test
    void meliaesLayoutIsKeptWhenNotWidening() {
        Summary summary = new Summary(2, 1, 24_000_032, List.of(new SummaryRow("str", 2, 24_000_032, 12_000_016, 1)));
        assertEquals("     0       2 100  24000032 100 10012000016 str", SummaryTable.lines(summary, false).get(2),
                "a Meliae dump gets Meliae's own fixed widths, run together as Meliae prints them");
    }

    @Test
    void pythonsRoundingOfMebibytes() {
        assertEquals("0.0", SummaryTable.mebibytes(52428), "0.04999... rounds down");
        assertEquals("4.0", SummaryTable.mebibytes(4220733), "the fixture's total");
        assertTrue(SummaryTable.mebibytes(1572864).equals("1.5"), "exact halves stay");
    }
}
