package dev.ashwood.shell.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bundled example (examples/leaky-cache) running in its own JVM, for tests that dump a real
 * process by pid. Started and waited for until it prints "ready"; killed on close.
 */
final class LeakyCacheApp implements AutoCloseable {
    private final Process process;

    private LeakyCacheApp(Process process) {
        this.process = process;
    }

    /** Starts the example holding {@code sessions} sessions; fails after 60 s without "ready" rather than hang. */
    static LeakyCacheApp start(int sessions) throws IOException, InterruptedException {
        return startSource(Fixtures.root().resolve("examples/leaky-cache/LeakyCache.java"), Integer.toString(sessions));
    }

    /**
     * Starts another single-file program the same way: it must print a line starting with "ready"
     * when its heap is set up, then wait.
     */
    static LeakyCacheApp startSource(Path source, String... args) throws IOException, InterruptedException {
        return startSource(Path.of(System.getProperty("java.home")), source, args);
    }

    /**
     * Writes {@code program} to {@code dir/NAME.java}, runs it as {@link #startSource} does, dumps it
     * with {@code ashwood dump PID} (the agent, by attach) to {@code dir/name.jsonl}, stops it, and
     * returns the dump.
     */
    static Path dumpOf(Path dir, String name, String program) throws IOException, InterruptedException {
        Path source = java.nio.file.Files.writeString(dir.resolve(name + ".java"), program);
        Path dump = dir.resolve(name.toLowerCase(java.util.Locale.ROOT) + ".jsonl");
        try (LeakyCacheApp app = startSource(source)) {
            Run run = Run.ashwood("dump", Long.toString(app.pid()), "-o", dump.toString(), "--timeout", "60");
            org.junit.jupiter.api.Assertions.assertEquals(0, run.exit(), run.toString());
        }
        return dump;
    }

    /** As above, on the JDK at {@code javaHome}. */
    static LeakyCacheApp startSource(Path javaHome, Path source, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                javaHome.resolve("bin/java").toString(), source.toString()));
        command.addAll(java.util.List.of(args));
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        LeakyCacheApp started = new LeakyCacheApp(app);
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (IOException e) {
                    return null;
                }
            }).get(60, TimeUnit.SECONDS);
            if (ready == null || !ready.startsWith("ready")) {
                throw new IllegalStateException("the example did not start: " + ready);
            }
            return started;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            started.close();
            throw new IllegalStateException("the example did not say ready within 60 s", e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
