package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's dump generator (test-fixtures/generate/GenerateDump.java), run as its users run
 * it, writes dumps this loader reads without a warning, with the shape the benchmark relies on.
 */
class GeneratorTest {
    static final Path GENERATOR = Path.of("..", "test-fixtures", "generate", "GenerateDump.java");

    @TempDir
    Path dir;

    private Path generate(String format, String name) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, GENERATOR.toString(), "--format", format, "--objects", "20000",
                "-o", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "the generator succeeds: " + output);
        return out;
    }

    @Test
    void ashwoodDumpIsConsistent() throws Exception {
        Path file = generate("ashwood", "gen.jsonl");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                "dumps are created 0600");
        Heap heap = HeapLoader.load(file);
        assertEquals(List.of(), heap.warnings(), "the footer agrees with the records, every ref resolves");
        assertTrue(heap.complete(), "complete");
        assertTrue(heap.objectCount() >= 20000, "at least the objects asked for: " + heap.objectCount());
        assertEquals(0, heap.indexOf(1), "dense ids from 1, as the scanner writes them");
        assertTrue(heap.collapse() > 0, "maps, strings and lists have private parts to fold");
    }

    @Test
    void meliaeDumpIsConsistent() throws Exception {
        Heap heap = HeapLoader.load(generate("meliae", "gen.json"));
        assertEquals(DumpKind.MELIAE, heap.kind(), "Meliae format");
        assertEquals(List.of(), heap.warnings(), "every ref resolves");
        int owners = heap.all("Account").length + heap.all("module").length;
        assertEquals(owners, heap.collapse(), "every Account and every module absorbs its dict");
    }

    @Test
    void refusesToOverwrite() throws Exception {
        Path existing = Files.writeString(dir.resolve("taken.jsonl"), "keep me");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, GENERATOR.toString(), "--format", "ashwood", "--objects", "20000",
                "-o", existing.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertEquals(2, p.waitFor(), "an existing file is a usage error");
        assertEquals("keep me", Files.readString(existing), "and is left alone");
    }
}
