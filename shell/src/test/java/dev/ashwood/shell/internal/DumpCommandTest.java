package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

    @Test
    void optionsThatContradictEachOtherOrTheFileNameAreUsageErrors(@TempDir Path dir) {
        // Checked before the pid is looked at: pid 1 receives nothing.
        String[][] cases = {
            {"--hprof", "-o", dir.resolve("app.jsonl").toString()},
            {"--hprof", "-o", dir.resolve("app.jsonl.gz").toString()},
            {"-o", dir.resolve("app.hprof").toString()},
            {"--hprof", "--identity", "keep", "-o", dir.resolve("a.hprof").toString()},
            {"--live", "-o", dir.resolve("a.jsonl").toString()},
            {"--timeout", "0", "-o", dir.resolve("a.jsonl").toString()},
            {"-o", dir.toString()},
            {"--hprof", "-o", dir.toString()},
        };
        for (String[] options : cases) {
            String[] args = new String[options.length + 2];
            args[0] = "dump";
            args[1] = "1";
            System.arraycopy(options, 0, args, 2, options.length);
            Run run = Run.ashwood(args);
            String what = String.join(" ", options);
            assertEquals(2, run.exit(), "bad usage: " + what + "\n" + run);
            assertEquals(1, run.err().lines().count(), "one line says why: " + what + "\n" + run);
            assertTrue(run.err().contains("dump --help shows the usage"), "and where the usage is: " + what + "\n" + run);
        }
        Run directory = Run.ashwood("dump", "1", "-o", dir.toString());
        assertTrue(directory.err().startsWith("ashwood: " + dir + " is a directory; -o names the dump file"),
                "a directory is not 'a file that exists'\n" + directory);
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no file was created");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void hprofOfAProcessThatIsNotAJvmSendsItNothing(@TempDir Path dir) throws Exception {
        // jcmd wakes its target with SIGQUIT, which kills a process that does not catch it.
        Process sleep = new ProcessBuilder("sleep", "60").start();
        try {
            Run run = Run.ashwood("dump", Long.toString(sleep.pid()), "--hprof", "-o", dir.resolve("x.hprof").toString());
            assertEquals(1, run.exit(), "a process that is not a JVM cannot be dumped\n" + run);
            assertEquals("ashwood: pid " + sleep.pid() + " is not a JVM that accepts attach (it does not handle SIGQUIT, "
                    + "which every JVM does unless started with -Xrs)\n", run.err(), "one line says why\n" + run);
            assertFalse(sleep.waitFor(1, TimeUnit.SECONDS), "the process was sent no SIGQUIT: it still runs");
        } finally {
            sleep.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Run gone = Run.ashwood("dump", Long.toString(sleep.pid()), "--hprof", "-o", dir.resolve("y.hprof").toString());
        assertEquals("ashwood: no process with pid " + sleep.pid() + "\n", gone.err(),
                "a pid that has gone is one line, not jcmd's stack trace\n" + gone);
    }
}
