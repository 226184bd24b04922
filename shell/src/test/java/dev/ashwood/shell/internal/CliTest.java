package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process-level command line: help, version and agent-path. */
class CliTest {
    @Test
    void helpListsEverySubcommandAndExitsZero() {
        Run run = Run.ashwood("--help");
        assertEquals(0, run.exit(), "--help succeeds\n" + run);
        for (String command : new String[] {"shell", "query", "diff", "dump", "convert", "agent-path", "demo"}) {
            assertTrue(run.out().contains("  " + command + " "), "--help lists " + command + "\n" + run);
        }
        Run sub = Run.ashwood("query", "--help");
        assertEquals(0, sub.exit(), "--help works on a subcommand too\n" + sub);
        assertTrue(sub.out().contains("Usage: ashwood query"), "and shows its usage\n" + sub);
    }

    @Test
    void noCommandNamesEveryCommandThereIs() {
        Run run = Run.ashwood();
        assertEquals(2, run.exit(), "no command is bad usage\n" + run);
        assertEquals(1, run.err().lines().count(), "one line\n" + run);
        Run help = Run.ashwood("--help");
        String commands = help.out().substring(help.out().indexOf("Commands:"));
        for (String line : commands.lines().skip(1).toList()) {
            String name = line.strip().split(" ")[0];
            if (line.startsWith("  ") && !line.startsWith("   ") && !name.equals("help")) {
                assertTrue(run.err().contains(" " + name + ",") || run.err().contains(" " + name + " "),
                        "the line names " + name + ", as --help does\n" + run);
            }
        }
    }

    @Test
    void aShellCommandAtTheTopLevelSaysWhereItRuns() {
        Run run = Run.ashwood("summarize");
        assertEquals(2, run.exit(), "bad usage\n" + run);
        assertEquals(1, run.err().lines().count(), "one line\n" + run);
        assertTrue(run.err().contains("'summarize' is a command of the shell") && run.err().contains(" query FILE -e 'summarize'"),
                "it says how to run it\n" + run);
        Run typo = Run.ashwood("dupm");
        assertTrue(typo.err().contains("unknown command 'dupm'; did you mean 'dump'?"), "a typo still gets the nearest name\n" + typo);
    }

    @Test
    void convertRefusesAnOutputNamedHprof(@TempDir Path dir) {
        for (String name : new String[] {"out.hprof", "out.hprof.gz"}) {
            Path out = dir.resolve(name);
            Run run = Run.ashwood("convert", Fixtures.leak().toString(), "-o", out.toString());
            assertEquals(2, run.exit(), "convert writes JSON lines: a name saying HPROF is bad usage\n" + run);
            assertEquals(1, run.err().lines().count(), "one line\n" + run);
            assertTrue(run.err().contains(name + " names an HPROF file"), "naming the file\n" + run);
            assertTrue(Files.notExists(out), "nothing is written");
        }
        Run directory = Run.ashwood("convert", Fixtures.leak().toString(), "-o", dir.toString());
        assertEquals(2, directory.exit(), "a directory as OUT is bad usage\n" + directory);
        assertTrue(directory.err().startsWith("ashwood: " + dir + " is a directory; -o names the file to write"), directory.toString());
        Path ok = dir.resolve("out.jsonl");
        assertEquals(0, Run.ashwood("convert", Fixtures.leak().toString(), "-o", ok.toString()).exit(), "a .jsonl name converts");
    }

    @Test
    void versionNamesTheProduct() {
        Run run = Run.ashwood("--version");
        assertEquals(0, run.exit(), "--version succeeds\n" + run);
        assertTrue(run.out().startsWith("ashwood "), "--version names ashwood\n" + run);
    }

    @Test
    void agentPathPrintsALibraryThatOutlivesTheCommand(@TempDir Path cache) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, "dev.ashwood.shell.Main", "agent-path");
        builder.environment().put("XDG_CACHE_HOME", cache.toString());
        Process process = builder.redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), "agent-path succeeds: " + out);
        Path library = Path.of(out.strip());
        assertTrue(library.isAbsolute() && library.startsWith(cache.resolve("ashwood")) && library.toString().endsWith(".so"),
                "agent-path prints an absolute path in the cache directory: " + out);
        assertTrue(Files.isRegularFile(library),
                "the printed library still exists after the command has exited, so -agentpath:$(ashwood agent-path) works");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(library)),
                "the installed library is private to its user");
    }
}
