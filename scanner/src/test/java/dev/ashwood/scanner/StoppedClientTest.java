package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.scanner.app.DumpClient;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person who presses Ctrl-C (or a job runner that sends SIGTERM) while {@code ashwood dump}
 * waits for the agent: the hidden outcome file beside the dump goes with the client, and the
 * target finishes its dump undisturbed.
 */
class StoppedClientTest {
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aClientStoppedWhileWaitingLeavesNoOutcomeFile(@TempDir Path dir) throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        // 3 M extra objects: the dump takes seconds, time enough to stop the client while it waits.
        try (TargetProcess t = TargetProcess.start(javaHome, null, dir, 3_000_000)) {
            Path file = dir.resolve("stopped.jsonl");
            Process client = new ProcessBuilder(javaHome.resolve("bin/java").toString(), "-cp",
                    System.getProperty("java.class.path"), DumpClient.class.getName(), Long.toString(t.pid), file.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("client.out").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (outcomeFiles(dir).isEmpty() && client.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertEquals(1, outcomeFiles(dir).size(), "the client is waiting on its outcome file when it is stopped: "
                        + Files.readString(dir.resolve("client.out")));
                client.destroy(); // SIGTERM: what Ctrl-C does to a JVM, shutdown hooks run
                assertTrue(client.waitFor(30, TimeUnit.SECONDS), "the client exits");
            } finally {
                client.destroyForcibly();
            }
            // The agent goes on and finishes the dump; only then could it have left anything behind.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!endsWithFooter(file) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(endsWithFooter(file), "the target finishes the dump");
            assertTrue(t.responsive(), "the target carries on");
            assertEquals(List.of(), outcomeFiles(dir), "no hidden outcome file is left");
        }
    }

    private static boolean endsWithFooter(Path file) throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer tail = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
            ch.read(tail, ch.size() - tail.capacity());
            return new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).contains("{\"footer\"");
        }
    }

    private static List<Path> outcomeFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".outcome")).toList();
        }
    }
}
