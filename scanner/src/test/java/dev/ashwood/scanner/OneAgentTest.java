package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One agent per JVM: attaches reuse the loaded library, its thread and its claim, and a second
 * copy of the library (another path) hands its request to the copy that runs the agent and is
 * unloaded again. Checked in /proc: mapped library files and thread names.
 */
class OneAgentTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    /** Distinct files named libashwood* mapped into pid. */
    static Set<String> mappedLibraries(long pid) throws IOException {
        Set<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0 && line.substring(line.lastIndexOf('/') + 1).startsWith("libashwood")) {
                out.add(line.substring(slash));
            }
        }
        return out;
    }

    /** Threads of pid named "ashwood dump" (HotSpot names the native thread after the Java one). */
    static long agentThreads(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (IOException threadEnded) {
                    // a thread that ended while we listed them
                }
            }
        }
        return names.stream().filter("ashwood dump"::equals).count();
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void sixAttachesLeaveOneLibraryCopyAndOneAgentThread(String which, @TempDir Path dir) throws Exception {
        Path javaHome = DumpMemoryAndConcurrencyTest.jdk(which);
        try (TargetProcess t = TargetProcess.start(javaHome, null, dir, 0, "-XX:+EnableDynamicAgentLoading")) {
            List<Long> objects = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                objects.add(RemoteDump.dump(t.pid, dir.resolve("attach-" + i + ".jsonl"), TIMEOUT).objects());
            }
            assertTrue(objects.stream().allMatch(n -> n > 0), "six attach dumps in a row all succeed: " + objects);
            assertEquals(Set.of(AgentLibrary.path().toString()), mappedLibraries(t.pid), "one copy of the library is mapped");
            assertEquals(1, agentThreads(t.pid), "one agent thread");
            assertTrue(t.responsive(), "the app carries on");
        }
    }

    @ParameterizedTest(name = "JDK {0}")
    @ValueSource(strings = {"17", "25"})
    void aSecondCopyOfTheLibrarySharesTheRunningAgent(String which, @TempDir Path dir) throws Exception {
        Path javaHome = DumpMemoryAndConcurrencyTest.jdk(which);
        Path copy = Files.createDirectory(dir.resolve("copy")).resolve("libashwood.so");
        Files.copy(AgentLibrary.path(), copy, StandardCopyOption.COPY_ATTRIBUTES);
        try (TargetProcess t = TargetProcess.start(javaHome, "out=" + dir + "/signal-%p.jsonl", dir, 2_000_000,
                "-XX:+EnableDynamicAgentLoading")) {
            t.jcmd(javaHome, "JVMTI.data_dump");
            Path signal = dir.resolve("signal-" + t.pid + ".jsonl");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!Files.exists(signal) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            DumpException busy = assertThrows(DumpException.class,
                    () -> RemoteDump.dump(t.pid, dir.resolve("during.jsonl"), TIMEOUT, "", copy));
            assertTrue(busy.getMessage().contains("already writing a dump"),
                    "the copy shares the -agentpath agent's claim, so no second walk starts: " + busy.getMessage());
            AgentTestBase.awaitLogLines(t, "ashwood: dumped ", 1);
            DumpResult shared = RemoteDump.dump(t.pid, dir.resolve("shared.jsonl"), TIMEOUT, "", copy);
            assertTrue(shared.objects() > 2_000_000, "the running agent dumps for the copy: " + shared);
            assertEquals(Set.of(AgentLibrary.path().toString()), mappedLibraries(t.pid),
                    "the copy is unloaded again; only the -agentpath library stays mapped");
            assertEquals(1, agentThreads(t.pid), "one agent thread");
            assertTrue(t.responsive(), "the app carries on");
        }
    }
}
