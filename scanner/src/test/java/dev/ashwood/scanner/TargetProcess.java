package dev.ashwood.scanner;

import dev.ashwood.scanner.app.GraphTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link GraphTarget}, talked to line by line; stderr goes to a file. */
final class TargetProcess implements AutoCloseable {
    final Process process;
    final long pid;
    final Path stderr;
    /** Lines of the target's stdout, read by one daemon thread for the life of the process. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final PrintStream in;
    private int sequence;

    private TargetProcess(Process process, Path stderr) throws IOException {
        this.process = process;
        this.stderr = stderr;
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone; readers see END below
            }
            lines.add(END);
        }, "target-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        String ready = awaitLine("ready ", "start");
        this.pid = Long.parseLong(ready.substring(6));
    }

    /** Put on the queue when stdout ends; compared by identity. */
    private static final String END = new String("<end of stdout>");

    /** The next line starting with prefix, skipping others (thread dumps, late answers to earlier
     *  commands); at most ANSWER_TIMEOUT. */
    private String awaitLine(String prefix, String what) throws IOException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (true) {
            String line;
            try {
                line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the target's answer to '" + what + "'", e);
            }
            if (line == null) {
                throw new IOException("no answer to '" + what + "' from the target within " + ANSWER_TIMEOUT.toSeconds() + " s");
            }
            if (line == END) {
                lines.add(END);  // every later reader sees the end too
                throw new IOException("target exited before answering '" + what + "': " + Files.readString(stderr));
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /** Starts GraphTarget on the given JDK with the agent loaded by -agentpath when agentOptions != null. */
    static TargetProcess start(Path javaHome, String agentOptions, Path workDir, int extraObjects, String... jvmArgs)
            throws IOException {
        return start(List.of(), javaHome, agentOptions, workDir, extraObjects, jvmArgs);
    }

    /** As above, the java command run by `prefix` (e.g. a shell that sets a ulimit first). */
    static TargetProcess start(List<String> prefix, Path javaHome, String agentOptions, Path workDir, int extraObjects,
            String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");  // a quiet heap: no concurrent GC threads moving things around
        if (agentOptions != null) {
            cmd.add("-agentpath:" + AgentLibrary.path() + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GraphTarget.class.getName());
        cmd.add(Integer.toString(extraObjects));
        Path err = Files.createTempFile(workDir, "target-", ".stderr");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectError(err.toFile()).start();
        return new TargetProcess(p, err);
    }

    /**
     * Sends one command and returns its one-line answer. Each command carries a sequence number
     * that its answer repeats, so an answer that arrives after its command timed out is skipped
     * instead of being taken for the next command's. Other lines on stdout (the thread dump
     * HotSpot prints on SIGQUIT) are skipped too.
     */
    synchronized String ask(String command) throws IOException {
        String seq = "#" + (++sequence) + " ";
        in.println(seq + command);
        return awaitLine(seq, command).substring(seq.length());
    }

    /** Asserts-friendly liveness probe: the app answers a ping after whatever just happened. */
    boolean responsive() {
        try {
            return process.isAlive() && ask("ping").startsWith("pong");
        } catch (IOException e) {
            return false;
        }
    }

    String stderrText() throws IOException {
        return Files.readString(stderr);
    }

    /** Resident set size of the target in bytes, from /proc. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    /** Runs a jcmd of the target's JDK against it and returns its output; at most 60 s. */
    String jcmd(Path javaHome, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(args));
        return run(cmd, Duration.ofSeconds(60));
    }

    /** Runs a command to completion with its output in a file (a pipe could fill up and block it);
     *  kills it and fails after `timeout`. */
    static String run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("ashwood-cmd-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String text = Files.readString(output);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public void close() {
        in.println("#0 exit");
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
