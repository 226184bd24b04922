package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a test target (a main class on the test class path that prints
 * "ready PID" when its heap is set up, then waits for a line on stdin and exits), and {@code jcmd}
 * against it. Closing it ends the target's stdin and waits 10 s before killing it, so no test
 * leaves a JVM behind. The target's stderr goes to {@code err}, for the failure message.
 */
public final class TargetJvm implements AutoCloseable {
    private final Path javaHome;
    private final Process process;
    public final long pid;

    private TargetJvm(Path javaHome, Process process, long pid) {
        this.javaHome = javaHome;
        this.process = process;
        this.pid = pid;
    }

    /** Starts {@code mainClass} with {@code jvmArgs} and waits for its "ready PID" line. */
    public static TargetJvm start(Path javaHome, Path err, Class<?> mainClass, String... jvmArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString()));
        cmd.addAll(List.of(jvmArgs));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        boolean started = false;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith("ready "), "target " + mainClass.getSimpleName() + " started: " + ready
                    + " (its stderr is in " + err + ")");
            TargetJvm jvm = new TargetJvm(javaHome, p, Long.parseLong(ready.substring(6)));
            started = true;
            return jvm;
        } finally {
            if (!started) {
                p.destroyForcibly();
            }
        }
    }

    /** Runs {@code jcmd PID ARGS...} of the target's JDK and returns its output; fails on error or after 60 s. */
    public String jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin/jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + text);
        }
        return text;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
