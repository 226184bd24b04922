package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A target with two million extra objects, attached to only (no -agentpath): a second dump while
 * one runs is refused, a later attach works again, the tag map's memory is given back, and a
 * signal dump to a bad path leaves the app running.
 */
class DumpMemoryAndConcurrencyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int OBJECTS = 2_000_000;

    static Path jdk(String which) {
        if (which.equals("17")) {
            assumeTrue(Runtime.version().feature() == 17, "the build does not run on JDK 17");
            return Path.of(System.getProperty("java.home"));
        }
        String home = System.getProperty("ashwood.jdk25.home", "");
        assumeTrue(!home.isEmpty() && Files.isExecutable(Path.of(home, "bin/java")), "no JDK 25 at '" + home + "'");
        return Path.of(home);
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void busyDumpIsRefusedAndMemoryIsGivenBack(String which, @TempDir Path dir) throws Exception {
        Path javaHome = jdk(which);
        try (TargetProcess t = TargetProcess.start(javaHome, null, dir, OBJECTS, "-XX:+EnableDynamicAgentLoading")) {
            long before = t.rssBytes();
            Path first = dir.resolve("first.jsonl");
            CompletableFuture<DumpResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return RemoteDump.dump(t.pid, first, TIMEOUT);
                } catch (DumpException e) {
                    throw new CompletionException(e);
                }
            });
            while (!Files.exists(first) && !running.isDone()) {
                Thread.sleep(5);
            }
            DumpException busy = assertThrows(DumpException.class, () -> RemoteDump.dump(t.pid, dir.resolve("second.jsonl"), TIMEOUT));
            assertTrue(busy.getMessage().contains("already writing a dump"), "a dump during a dump is refused: " + busy.getMessage());
            assertTrue(t.stderrText().contains("ashwood: attach refused: a dump is already running"), "the target logs the refusal");
            DumpResult done = running.join();
            assertTrue(done.objects() > OBJECTS, "the first dump completes with every object: " + done);
            // RemoteDump returns once the file is complete; the agent logs after giving the memory back.
            AgentTestBase.awaitLogLines(t, "ashwood: dumped ", 1);
            assertTrue(t.responsive(), "the app answers after the dump");
            long after = t.rssBytes();
            long allowed = Math.max(before / 10, 50L << 20);
            assertTrue(after - before <= allowed, "RSS returns to within max(10%, 50 MB) of where it was: before "
                    + (before >> 20) + " MB, after " + (after >> 20) + " MB");
            DumpResult again = RemoteDump.dump(t.pid, dir.resolve("third.jsonl"), TIMEOUT);
            assertTrue(again.objects() > OBJECTS, "a later attach to the same JVM dumps again: " + again);
        }
    }

    /** A target whose files may not grow past 512 KB: a full disk, simulated with a file size limit
     *  (HotSpot ignores SIGXFSZ, so write(2) fails with EFBIG). */
    private static TargetProcess onASmallDisk(String which, Path dir) throws Exception {
        return TargetProcess.start(List.of("sh", "-c", "ulimit -f 512 && exec \"$0\" \"$@\""), jdk(which), null, dir, 0);
    }

    /** A full disk reached by an API dump. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void aFullDiskIsOneErrorAndTheAppCarriesOn(String which, @TempDir Path dir) throws Exception {
        try (TargetProcess t = onASmallDisk(which, dir)) {
            Path file = dir.resolve("full.jsonl");
            String answer = t.ask("dump " + file);
            // The 2 MB field list of GraphTarget's big array spills to a temporary file first, which hits the limit.
            assertEquals("error writing the temporary file for a large array's field names: File too large (" + file + " is incomplete)",
                    answer, "the failure is one line naming the file and the reason");
            assertTrue(t.responsive(), "the app carries on");
            String text = Files.readString(file);
            assertTrue(text.startsWith("{\"format\":\"ashwood-heap\"") && !text.contains("{\"footer\""),
                    "what was written stays, without a footer: an incomplete dump");
        }
    }

    /** The same full disk reached by attach: the outcome file, whose space was taken at attach time,
     *  still carries the agent's one-line reason, and no outcome file is left behind. */
    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void aFullDiskDuringAnAttachDumpIsOneErrorFromTheOutcomeFile(String which, @TempDir Path dir) throws Exception {
        try (TargetProcess t = onASmallDisk(which, dir)) {
            Path file = dir.resolve("full.jsonl");
            DumpException e = assertThrows(DumpException.class, () -> RemoteDump.dump(t.pid, file, TIMEOUT));
            assertEquals("the dump of pid " + t.pid + " failed: writing the temporary file for a large array's field names:"
                    + " File too large (" + file + " is incomplete)", e.getMessage(), "the agent's reason, in one line");
            assertTrue(t.responsive(), "the app carries on");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".outcome")).toList(),
                        "the outcome file is removed");
            }
        }
    }

    @org.junit.jupiter.api.Test
    void aJvmThatForbidsDynamicAgentsIsNamedAndNothingIsWritten(@TempDir Path dir) throws Exception {
        Path javaHome = jdk("25");
        try (TargetProcess t = TargetProcess.start(javaHome, null, dir, 0, "-XX:-EnableDynamicAgentLoading")) {
            Path file = dir.resolve("refused.jsonl");
            DumpException e = assertThrows(DumpException.class, () -> RemoteDump.dump(t.pid, file, TIMEOUT));
            assertTrue(e.getMessage().startsWith("pid " + t.pid + " refused to load the agent: Dynamic agent loading is not enabled"),
                    "the refusal is one line with the JVM's reason: " + e.getMessage());
            assertTrue(!Files.exists(file), "no file is created");
            assertTrue(t.responsive(), "the app carries on");
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void aSignalDumpToABadPathIsOneLogLine(String which, @TempDir Path dir) throws Exception {
        Path javaHome = jdk(which);
        try (TargetProcess t = TargetProcess.start(javaHome, "out=" + dir + "/missing/heap-%p.jsonl", dir, 0)) {
            t.jcmd(javaHome, "JVMTI.data_dump");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!t.stderrText().contains("ashwood: dump failed") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            String expected = "ashwood: dump failed: cannot create " + dir + "/missing/heap-" + t.pid + ".jsonl: No such file or directory\n";
            assertTrue(t.stderrText().contains(expected), "one line names the file and the reason: " + t.stderrText());
            assertTrue(t.responsive(), "the app carries on");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.filter(p -> p.toString().endsWith(".jsonl")).count(), "no file was created");
            }
        }
    }
}
