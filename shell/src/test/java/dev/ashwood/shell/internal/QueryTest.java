package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ashwood query}: exit codes, what goes to stdout and stderr, and one-line errors. */
class QueryTest {
    private final String leak = Fixtures.leak().toString();

    @Test
    void successfulCommandsExitZeroAndStdoutHoldsOnlyTheirOutput() {
        Run run = Run.ashwood("query", leak, "-e", "total 100", "-e", "collapse", "--json");
        assertEquals(0, run.exit(), "every command succeeded, so the exit code is 0\n" + run);
        String[] lines = run.out().split("\n");
        assertEquals(2, lines.length, "stdout holds exactly one JSON document per command\n" + run);
        assertTrue(lines[0].startsWith("{\"id\":100,"), "the first document is total's\n" + run);
        assertTrue(lines[1].startsWith("{\"collapsed\":"), "the second document is collapse's\n" + run);
        assertTrue(run.err().contains("loaded 25 objects"), "the load timing goes to stderr\n" + run);
    }

    @Test
    void firstFailingCommandExitsOneAndTheRestDoNotRun() {
        Run run = Run.ashwood("query", leak, "-e", "total 100", "-e", "show 99999", "-e", "total 300");
        assertEquals(1, run.exit(), "a failing command makes the query exit 1\n" + run);
        assertTrue(run.out().contains("100 java.util.HashMap reaches"), "commands before the failure ran\n" + run);
        assertFalse(run.out().contains("300 Slotted"), "commands after the failure must not run\n" + run);
        assertEquals("ashwood: -e #2 (show 99999): no object with id 99999\n", run.err().replaceAll("(?m)^ashwood: loaded .*\n", ""),
                "the failure is one line naming the command and the reason\n" + run);
    }

    @Test
    void scriptErrorsNameTheLineAndSuggestTheNearestCommand(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("checks.txt");
        Files.writeString(script, "# a comment\n\nsummarize --top 1\nsumarize\ntotal 100\n");
        Run run = Run.ashwood("query", leak, "-f", script.toString());
        assertEquals(1, run.exit(), "an unknown command fails the script\n" + run);
        assertTrue(run.err().contains("ashwood: " + script + ":4: unknown command 'sumarize'; did you mean 'summarize'?"),
                "the error names the script line and suggests the nearest command\n" + run);
        assertTrue(run.out().isEmpty() && !run.err().contains("loaded"),
                "a misspelt command is caught before the dump is loaded, so nothing runs\n" + run);
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        for (String[] args : new String[][] {
                {"query", leak},
                {"query", leak, "-e", "summarize", "-f", "script.txt"},
                {"query"},
                {"query", leak, "-e", "summarize", "--no-such-option"},
                {"query", leak, "-f", "/no/such/script"},
                {"frobnicate"},
                {}}) {
            Run run = Run.ashwood(args);
            assertEquals(2, run.exit(), "bad usage exits 2: " + String.join(" ", args) + "\n" + run);
            assertEquals(1, run.err().lines().count(), "bad usage is one line on stderr: " + String.join(" ", args) + "\n" + run);
            assertTrue(run.out().isEmpty(), "nothing on stdout for bad usage\n" + run);
        }
    }

    @Test
    void unknownTopLevelCommandSuggestsTheNearest() {
        Run run = Run.ashwood("qeury", leak);
        assertEquals("ashwood: unknown command 'qeury'; did you mean 'query'? (ashwood --help shows the usage)\n", run.err(),
                "a mistyped command gets a suggestion\n" + run);
    }

    @Test
    void badDumpsFailWithOneLineNamingTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.jsonl");
        Path corrupt = dir.resolve("corrupt.jsonl");
        Files.writeString(corrupt, "{\"format\": \"ashwood-heap\", \"version\": 1}\n{\"address\": 1, \"type\": \n");
        for (Path dump : new Path[] {missing, corrupt, dir}) {
            Run run = Run.ashwood("query", dump.toString(), "-e", "summarize");
            assertEquals(1, run.exit(), "a dump that cannot be loaded fails with exit 1\n" + run);
            assertEquals(1, run.err().lines().count(), "the failure is one line, no stack trace\n" + run);
            assertTrue(run.err().startsWith("ashwood: " + dump), "the error names the file\n" + run);
            assertFalse(run.err().contains("\tat "), "no stack trace\n" + run);
        }
    }

    @Test
    void badArgumentsOfShellCommandsAreOneLineErrors() {
        String[][] cases = {
                {"show abc", "show: 'abc' is not an object id (ids are the dump's addresses, e.g. 840)"},
                {"all Slot", "all: no objects of type 'Slot'; did you mean 'Slotted'?"},
                {"summarize --by weight", "summarize: --by must be one of size, count, not 'weight'"},
                {"all Slotted --top -3", "all: --top needs a whole number >= 0, not '-3'"},
                {"show", "show: missing ID; usage: show ID"},
                {"all Slotted --topp 3", "all: unknown option --topp; did you mean --top? usage: all TYPE [--top N] [--by size|retained]"},
                {"retained", "retained: missing ID; usage: retained ID"},
                {"dominators 99999", "no object with id 99999"},
                {"summarize --retained 100", "summarize: --retained covers the whole heap, ordered by retained bytes; it takes neither ID nor --by"},
                {"summarize --retained=yes", "summarize: --retained takes no value"},
                {"suspects --threshold 0", "suspects: --threshold needs a percentage above 0 and at most 100, not '0'"},
                {"suspects --threshold lots", "suspects: --threshold needs a percentage above 0 and at most 100, not 'lots'"},
                {"all Slotted --by weight", "all: --by must be one of size, retained, not 'weight'"},
                {"collapse now", "collapse: unexpected argument 'now'; usage: collapse"}};
        for (String[] c : cases) {
            Run run = Run.ashwood("query", leak, "-e", c[0]);
            assertEquals(1, run.exit(), c[0] + " fails\n" + run);
            assertTrue(run.err().contains("ashwood: -e #1 (" + c[0] + "): " + c[1] + "\n"), c[0] + " says: " + c[1] + "\n" + run);
        }
    }
}
