package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ashwood dump PID}: a real JVM attached to by pid, and the errors a user meets. */
class DumpCommandTest {
    @Test
    void dumpsARunningJvmToANewPrivateFileThatQueryReads(@TempDir Path dir) throws Exception {
        try (LeakyCacheApp app = LeakyCacheApp.start(300)) {
            Path out = dir.resolve("app.jsonl");
            Run run = Run.ashwood("dump", Long.toString(app.pid()), "-o", out.toString(), "--timeout", "60");
            assertEquals(0, run.exit(), "dumping a live JVM succeeds\n" + run);
            assertTrue(run.out().startsWith(out + ": "), "the result line names the file\n" + run);
            assertTrue(run.out().matches("(?s).* objects, .+ of heap, file " + Pattern.quote(Units.bytes(Files.size(out)))
                    + ", .*"), "the result line gives the heap bytes dumped and the file's size\n" + run);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)),
                    "heap dumps hold secrets: the file is private");
            Run query = Run.ashwood("query", out.toString(), "-e", "all LeakyCache$Session --top 1", "--json");
            assertEquals(0, query.exit(), "the dump loads\n" + query);
            assertTrue(query.out().startsWith("{\"type\":\"LeakyCache$Session\",\"objects\":[{\"id\":"),
                    "the dump holds the example's sessions\n" + query);

            Run again = Run.ashwood("dump", Long.toString(app.pid()), "-o", out.toString());
            assertEquals(1, again.exit(), "an existing file is never overwritten\n" + again);
            assertEquals(1, again.err().lines().count(), "one line says why\n" + again);
            assertTrue(app.isAlive(), "the dumped application keeps running");
        }
    }

    @Test
    void aPidThatIsNotAJvmIsAOneLineError(@TempDir Path dir) throws IOException {
        Run run = Run.ashwood("dump", "999999999", "-o", dir.resolve("x.jsonl").toString());
        assertEquals(1, run.exit(), "a pid that does not exist fails with exit 1\n" + run);
        assertEquals(1, run.err().lines().count(), "the failure is one line\n" + run);
        assertTrue(run.err().startsWith("ashwood: "), "the line comes from ashwood\n" + run);
    }
}
