package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * test-fixtures/small.jsonl is the hand-made dump the shell's golden tests read: a demo.Main whose
 * static users map holds four demo.User, a main thread with an ArrayList of two of them on its
 * stack. It must stay consistent (the footer matches, no warnings) and say what it is meant to.
 */
class SmallFixtureTest {
    static final Path SMALL = Path.of("..", "test-fixtures", "small.jsonl");

    @Test
    void loadsCompleteAndConsistent() throws IOException {
        Heap heap = HeapLoader.load(SMALL);
        assertTrue(heap.complete(), "small.jsonl ends with its footer");
        assertEquals(List.of(), heap.warnings(), "small.jsonl's footer agrees with its records");
        assertEquals(42, heap.objectCount(), "42 objects");
        assertEquals(2600, heap.totalBytes(), "2600 bytes");
    }

    @Test
    void pathToAUserHeldTwiceIsTheShorterOne() throws IOException {
        Heap heap = HeapLoader.load(SMALL);
        int carol = heap.all("demo.User")[0];
        for (int user : heap.all("demo.User")) {
            if ("carol".equals(heap.value(heap.refs(user)[1]))) {
                carol = user;
            }
        }
        List<PathStep> path = heap.path(carol);
        assertEquals("stack_local", path.get(0).root(), "the stack's ArrayList is nearer than the static map");
        assertEquals(List.of("java.util.ArrayList", "java.lang.Object[]", "demo.User"),
                path.stream().map(PathStep::type).toList(), "through the list's elementData");
        assertEquals("1", path.get(2).field(), "carol is element 1");
    }

    @Test
    void collapseFoldsTheMapsInternals() throws IOException {
        Heap heap = HeapLoader.load(SMALL);
        int map = heap.find(17);
        assertEquals("java.util.HashMap", heap.type(map), "object 17 is the users map");
        heap.collapse();
        assertEquals(48 + 80 + 4 * 32, heap.size(heap.find(17)), "the map takes in its table and its four nodes");
    }
}
