package dev.ashwood.scanner;

import dev.ashwood.scanner.app.GraphTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link GraphTarget}, talked to line by line; stderr goes to a file. */
final class TargetProcess implements AutoCloseable {
    final Process process;
    final long pid;
    final Path stderr;
    private final BufferedReader out;
    private final PrintStream in;

    private TargetProcess(Process process, Path stderr) throws IOException {
        this.process = process;
        this.stderr = stderr;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        String ready = readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("target did not start: " + ready + "\n" + Files.readString(stderr));
        }
        this.pid = Long.parseLong(ready.substring(6));
    }

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
     * Sends one command and returns its one-line answer. Other lines on stdout (the thread dump
     * HotSpot prints on SIGQUIT) are skipped.
     */
    String ask(String command) throws IOException {
        in.println(command);
        while (true) {
            String answer = readLine();
            if (answer == null) {
                throw new IOException("target exited while answering '" + command + "': " + Files.readString(stderr));
            }
            if (ANSWER.matcher(answer).lookingAt()) {
                return answer;
            }
        }
    }

    private static final java.util.regex.Pattern ANSWER = java.util.regex.Pattern.compile("(pong|dumped|error|size|unknown) ");

    private String readLine() throws IOException {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            return line.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("no answer from the target within 60 s", e);
        }
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

    /** Runs a jcmd of the target's JDK against it and returns its output. */
    String jcmd(Path javaHome, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    @Override
    public void close() {
        in.println("exit");
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
