package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every walk is iterative: a HashMap whose one bucket holds a chain of a million Nodes must not
 * overflow any stack, in any operation.
 */
class DeepChainTest {
    static final int NODES = 1_000_000;

    @TempDir
    static Path dir;
    static Path dump;

    @BeforeAll
    static void writeChain() throws IOException {
        dump = dir.resolve("chain.jsonl");
        try (BufferedWriter out = Files.newBufferedWriter(dump)) {
            out.write("{\"format\": \"ashwood-heap\", \"version\": 1}\n");
            out.write("{\"root\": \"jni_global\", \"ref\": 1}\n");
            out.write("{\"address\": 1, \"type\": \"java.util.HashMap\", \"size\": 48, \"refs\": [2], \"fields\": [\"table\"]}\n");
            out.write("{\"address\": 2, \"type\": \"java.util.HashMap$Node[]\", \"size\": 24, \"len\": 1, \"refs\": [3], \"fields\": [0]}\n");
            for (int a = 3; a < NODES + 3; a++) {
                out.write("{\"address\": " + a + ", \"type\": \"java.util.HashMap$Node\", \"size\": 32, \"refs\": "
                        + (a + 1 < NODES + 3 ? "[" + (a + 1) + "], \"fields\": [\"next\"]}\n" : "[]}\n"));
            }
            out.write("{\"footer\": {\"objects\": " + (NODES + 2) + ", \"refs\": " + (NODES + 1) + ", \"roots\": 1}}\n");
        }
    }

    @Test
    void walksOverAMillionLongChain() throws IOException {
        Heap heap = HeapLoader.load(dump);
        assertEquals(List.of(), heap.warnings(), "the chain dump is consistent");
        long last = NODES + 2;
        assertEquals(new Total(1, NODES + 2, 48 + 24 + 32L * NODES), heap.total(heap.find(1)), "total follows the chain");
        assertEquals(NODES + 2, heap.summarize(SummaryOptions.all().from(heap.find(1))).objects(),
                "summarize from the map walks the chain");
        List<PathStep> path = heap.path(heap.find(last));
        assertEquals(NODES + 2, path.size(), "the path to the last node has every node on it");
        assertEquals(new PathStep(1, "java.util.HashMap", null, "jni_global"), path.get(0), "it starts at the root");
        assertEquals("0", path.get(2).field(), "the table's element");
        assertEquals("next", path.get(NODES + 1).field(), "then next, next, ...");
        assertArrayEquals(new int[] {heap.find(last - 1)}, heap.referrers(heap.find(last)), "referrers");
        assertEquals(NODES + 1, heap.collapse(), "the table and every node fold into the map, chain and all");
        assertEquals(1, heap.objectCount(), "only the map is left");
        assertEquals(48 + 24 + 32L * NODES, heap.size(0), "and it holds every byte");
    }
}
