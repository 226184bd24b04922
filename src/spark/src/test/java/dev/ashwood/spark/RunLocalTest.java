package dev.ashwood.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run-local.sh as a user runs it: a child JVM in Spark local mode from this build (the build
 * writes the classpath it needs before the tests run), with a time limit.
 */
class RunLocalTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "run-local.sh"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        pb.environment().put("JAVA_OPTS", "-Xmx1g");
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("run-local.sh did not finish in 240 s");
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    }

    @Test
    void runsTheJobInLocalModeAndWritesPrivateFiles() throws Exception {
        Path in = Files.createDirectory(dir.resolve("in"));
        FleetJobTest.seriesC(400, "2026-11-21T10:00:00Z", null, 0, 5).write(in.resolve("one.jsonl"), false, false, 1);
        FleetJobTest.seriesC(400, "2026-11-21T12:00:00Z", null, 0, 45).write(in.resolve("two.jsonl.gz"), true, false, 1);
        Path out = dir.resolve("out");
        Result r = run(in + "/*", "-o", out.toString(), "--cores", "1");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("2 input files: 2 dumps used"), r.out);
        assertTrue(r.out.contains("  2400.0         20.0      2            5           45  app.Grow2  pid 400 Test VM 17.0.1"),
                "5 -> 45 Grow2 of 120 bytes in 2 hours: 20 and 2400 bytes an hour:\n" + r.out);
        assertTrue(r.out.contains("local[1]"), r.out);
        assertFalse(r.err.contains("\tat "), "Spark is quiet, no stack traces:\n" + r.err);
        assertEquals(Files.readString(out.resolve("report.txt"), StandardCharsets.UTF_8), r.out);
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void badArgumentsStopBeforeSparkStarts() throws Exception {
        Result r = run("some.jsonl");
        assertEquals(2, r.code);
        assertEquals("ashwood-spark: no output directory (-o OUT)", r.err.lines().findFirst().orElse(""));
        r = run("--cores", "x", "-o", dir.resolve("o").toString(), "a.jsonl");
        assertEquals(2, r.code);
        assertTrue(r.err.startsWith("run-local: --cores needs a number"), r.err);
    }
}
