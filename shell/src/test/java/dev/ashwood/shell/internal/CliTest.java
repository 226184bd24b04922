package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The process-level command line: help, version and agent-path. */
class CliTest {
    @Test
    void helpListsEverySubcommandAndExitsZero() {
        Run run = Run.ashwood("--help");
        assertEquals(0, run.exit(), "--help succeeds\n" + run);
        for (String command : new String[] {"shell", "query", "dump", "agent-path", "demo"}) {
            assertTrue(run.out().contains("  " + command + " "), "--help lists " + command + "\n" + run);
        }
        Run sub = Run.ashwood("query", "--help");
        assertEquals(0, sub.exit(), "--help works on a subcommand too\n" + sub);
        assertTrue(sub.out().contains("Usage: ashwood query"), "and shows its usage\n" + sub);
    }

    @Test
    void versionNamesTheProduct() {
        Run run = Run.ashwood("--version");
        assertEquals(0, run.exit(), "--version succeeds\n" + run);
        assertTrue(run.out().startsWith("ashwood "), "--version names ashwood\n" + run);
    }

    @Test
    void agentPathPrintsTheAbsolutePathOfALibraryThatExists() {
        Run run = Run.ashwood("agent-path");
        assertEquals(0, run.exit(), "agent-path succeeds\n" + run);
        Path library = Path.of(run.out().strip());
        assertTrue(library.isAbsolute() && Files.isRegularFile(library) && library.toString().endsWith(".so"),
                "agent-path prints the absolute path of the agent's shared library\n" + run);
    }
}
