package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed launcher (src/dist/bin/ashwood) tells the JVM how the user typed the command, so
 * the commands ashwood suggests can be pasted: a stand-in java records the arguments it gets.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private String run(Path cwd, String pathDirs, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        builder.environment().put("PATH", pathDirs + ":/usr/bin:/bin");
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher finishes");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "the launcher runs java: " + out);
        return out;
    }

    @Test
    void theLauncherPassesTheCommandAsTyped() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("ashwood-1.0/bin"));
        Files.createDirectories(dir.resolve("ashwood-1.0/lib"));
        Path launcher = bin.resolve("ashwood");
        Files.copy(Fixtures.root().resolve("src/dist/bin/ashwood"), launcher);
        Path java = Files.createDirectories(dir.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        for (Path p : List.of(launcher, java)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }

        String typedPath = run(bin, "/nonexistent", "./ashwood", "demo");
        assertTrue(typedPath.lines().toList().contains("-Dashwood.command=./ashwood"),
                "run as ./ashwood (not on PATH), the suggestions say ./ashwood: " + typedPath);
        String onPath = run(dir, bin.toString(), "sh", "-c", "ashwood demo");
        assertTrue(onPath.lines().toList().contains("-Dashwood.command=ashwood"),
                "found on PATH, the suggestions say plain ashwood: " + onPath);
        assertEquals("demo", onPath.lines().reduce((a, b) -> b).orElse(""), "the user's arguments follow unchanged");
    }
}
