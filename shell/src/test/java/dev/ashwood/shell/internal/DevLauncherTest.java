package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The developer launcher (./ashwood at the top of the repository) in a copy of the tree's layout,
 * with stand-ins for mvn (counts its runs, notes any two at once, takes a second, then writes the
 * jar) and java (prints its arguments): it builds only when the jar is missing, once however many
 * launchers start together, and for a jar older than the sources it says how to rebuild and runs it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DevLauncherTest {
    @TempDir
    Path dir;
    Path root;
    Path jar;

    @BeforeEach
    void layout() throws IOException {
        root = Files.createDirectories(dir.resolve("ashwood"));
        Files.copy(Fixtures.root().resolve("ashwood"), root.resolve("ashwood"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        for (String module : List.of("scanner", "loader", "shell")) {
            Files.createDirectories(root.resolve(module + "/src/main/java"));
            Files.writeString(root.resolve(module + "/pom.xml"), "<project/>\n");
        }
        Files.createDirectories(root.resolve("examples/leaky-cache"));
        jar = root.resolve("shell/target/ashwood.jar");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(bin.resolve("mvn"), """
                #!/bin/sh
                if [ -e "$STATE/running" ]; then echo overlap >> "$STATE/overlaps"; fi
                touch "$STATE/running"
                echo run >> "$STATE/builds"
                sleep 1
                if [ -e "$STATE/fail" ]; then rm -f "$STATE/running"; echo "[ERROR] COMPILATION ERROR: Foo.java:[3,1]"; exit 1; fi
                mkdir -p shell/target && echo jar > shell/target/ashwood.jar
                rm -f "$STATE/running"
                """);
        executable(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.createDirectories(dir.resolve("state"));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("./ashwood"));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(root.toFile());
        b.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        b.environment().put("STATE", dir.resolve("state").toString());
        return b.start();
    }

    private record Outcome(int exit, String out, String err) {}

    private static Outcome finish(Process p) throws IOException, InterruptedException {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher finishes");
        return new Outcome(p.exitValue(), out, err);
    }

    private long builds() throws IOException {
        Path log = dir.resolve("state/builds");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void aFreshCloneBuildsOnceEvenWhenThreeLaunchersStartTogether() throws Exception {
        List<Process> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.add(start("summarize", "x.jsonl"));
        }
        for (Process p : all) {
            Outcome o = finish(p);
            assertEquals(0, o.exit(), o.err());
            assertTrue(o.out().lines().toList().containsAll(List.of("-jar", jar.toString(), "summarize", "x.jsonl")),
                    "each runs the jar with the user's arguments: " + o.out());
        }
        assertEquals(1, builds(), "one Maven build for three launchers on a fresh clone");
        assertFalse(Files.exists(dir.resolve("state/overlaps")), "never two builds into one target/ at once");
    }

    @Test
    void aJarOlderThanTheSourcesIsRunAsItIsWithTheCommandThatRebuilds() throws Exception {
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.writeString(root.resolve("loader/src/main/java/Changed.java"), "class Changed {}\n");
        Outcome o = finish(start("--version"));
        assertEquals(0, o.exit(), o.err());
        assertEquals(0, builds(), "no build behind the user's command");
        assertEquals("ashwood: note: sources changed since " + jar + " was built; running it as it is (rebuild: (cd " + root
                + " && mvn -q -B -DskipTests -pl shell -am package))", o.err().strip(), "one line says so and how to rebuild");
        assertTrue(o.out().lines().toList().contains("--version"), o.out());

        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Outcome fresh = finish(start("--version"));
        assertEquals("", fresh.err(), "an up-to-date jar runs without a word");
    }

    @Test
    void aFailedFirstBuildShowsMavensOutputAndExitsOne() throws Exception {
        Files.writeString(dir.resolve("state/fail"), "");
        Outcome o = finish(start("demo"));
        assertEquals(1, o.exit(), "a failed build is exit 1");
        assertTrue(o.err().contains("[ERROR] COMPILATION ERROR: Foo.java:[3,1]"), "Maven's output is shown: " + o.err());
        assertTrue(o.err().strip().endsWith("ashwood: the build failed (output above); after fixing it: (cd " + root
                + " && mvn -q -B -DskipTests -pl shell -am package)"), o.err());
        assertEquals("", o.out(), "java never ran");
    }
}
