package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How RemoteDump decides the outcome from files: the outcome line when the agent wrote it, else,
 * once the target has exited, the dump's footer. The target here is a real process that has
 * already exited, as a JVM that wrote the whole dump and then exited before the outcome line.
 */
class DumpOutcomeTest {
    private static final String DUMP = "{\"format\":\"ashwood-heap\",\"version\":1}\n"
            + "{\"address\":1,\"type\":\"java.lang.Object\",\"size\":16,\"refs\":[]}\n";
    private static final String FOOTER = "{\"footer\":{\"objects\":1,\"refs\":0,\"bytes\":16,\"roots\":0,\"elapsed_ms\":3,\"classes\":1}}\n";

    private static ProcessHandle exited() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "'true' exits");
        return p.toHandle();
    }

    private static Path blankOutcome(Path dir) throws Exception {
        return Files.writeString(dir.resolve(".x.outcome"), " ".repeat(1279) + "\n");
    }

    @Test
    void aTargetThatExitedAfterTheFooterMadeACompleteDump(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.jsonl"), DUMP + FOOTER);
        DumpResult r = DumpOutcome.await(exited(), file, blankOutcome(dir), Duration.ofSeconds(10), 10);
        assertEquals(new DumpResult(file, 1, 0, 16, 0, 3), r, "the footer's counts, not 'went away'");
    }

    @Test
    void aGzipDumpWithItsFooterIsCompleteToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write((DUMP + FOOTER).getBytes(StandardCharsets.UTF_8));
        }
        DumpResult r = DumpOutcome.await(exited(), file, blankOutcome(dir), Duration.ofSeconds(10), 10);
        assertEquals(1, r.objects(), "the footer is read through gzip");
    }

    @Test
    void aTargetThatExitedBeforeTheFooterLeftAnIncompleteDump(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.jsonl"), DUMP);
        ProcessHandle gone = exited();
        DumpException e = assertThrows(DumpException.class,
                () -> DumpOutcome.await(gone, file, blankOutcome(dir), Duration.ofSeconds(10), 10));
        assertEquals("pid " + gone.pid() + " exited during the dump; " + file + " is incomplete", e.getMessage(),
                "one line naming the pid and the file");
        Path cut = dir.resolve("cut.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(cut))) {
            out.write((DUMP + FOOTER).getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 12));
        assertThrows(DumpException.class, () -> DumpOutcome.await(gone, cut, blankOutcome(dir), Duration.ofSeconds(10), 10),
                "a gzip stream cut before its end is incomplete even if the footer's text is in it");
    }

    @Test
    void theOutcomeLineWinsAndAnErrorIsOneLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.jsonl"), DUMP);
        Path outcome = Files.writeString(dir.resolve(".x.outcome"), ("error disk full" + " ".repeat(1265)).substring(0, 1279) + "\n");
        ProcessHandle self = ProcessHandle.current();
        DumpException e = assertThrows(DumpException.class,
                () -> DumpOutcome.await(self, file, outcome, Duration.ofSeconds(10), 10));
        assertEquals("the dump of pid " + self.pid() + " failed: disk full", e.getMessage(), "the agent's message, one line");
        Files.writeString(outcome, "ok 5 6 7 8 9" + " ".repeat(1267) + "\n");
        assertEquals(new DumpResult(file, 5, 6, 7, 8, 9), DumpOutcome.await(self, file, outcome, Duration.ofSeconds(10), 10),
                "the counts of the outcome line");
    }

    @Test
    void aBlankOutcomeOfALiveTargetTimesOut(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.jsonl"), DUMP + FOOTER);
        long start = System.nanoTime();
        DumpException e = assertThrows(DumpException.class,
                () -> DumpOutcome.await(ProcessHandle.current(), file, blankOutcome(dir), Duration.ofMillis(300), 10));
        assertTrue(e.getMessage().startsWith("timed out after 0 s waiting for the dump of pid "), e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "the wait ends at the timeout");
    }
}
