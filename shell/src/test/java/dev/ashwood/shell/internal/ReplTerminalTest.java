package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REPL in a real terminal (tmux): completion, history, Ctrl-C, Ctrl-D and one-line errors. */
class ReplTerminalTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsTmux() {
        assumeTrue(Tmux.available(), "tmux is not installed: the REPL tests need a real terminal");
    }

    private Tmux shell(String name, Path dump) {
        Tmux tmux = new Tmux(name, Tmux.ashwood(dir.resolve("history"), "shell", dump.toString()));
        tmux.awaitPrompts(1);
        return tmux;
    }

    @Test
    void tabCompletesCommandsOptionsTypesAndIds() {
        try (Tmux tmux = shell("complete", Fixtures.leak())) {
            tmux.type("summ");
            tmux.keys("Tab");
            tmux.await("Tab after 'summ' completes the command name", s -> s.endsWith("ashwood> summarize"));
            tmux.type("--b");                  // completion left a space after the command
            tmux.keys("Tab");
            tmux.await("Tab after '--b' completes the option --by", s -> s.endsWith("ashwood> summarize --by"));
            tmux.type("c");
            tmux.keys("Tab");
            tmux.await("Tab completes the option's value", s -> s.endsWith("ashwood> summarize --by count"));
            tmux.keys("C-u");
            tmux.type("all Slot");
            tmux.keys("Tab");
            tmux.await("Tab after 'all Slot' completes the type name Slotted", s -> s.endsWith("ashwood> all Slotted"));
            tmux.keys("C-u");
            tmux.type("show 77");
            tmux.keys("Tab");
            tmux.await("Tab after 'show 77' completes the only id with that prefix, 777", s -> s.endsWith("ashwood> show 777"));
            tmux.keys("Enter");
            tmux.await("the completed command runs", s -> s.contains("777 java.lang.Object[]  16 bytes  len 0"));
        }
    }

    @Test
    void historyIsRecalledWithUpArrowAndSearchedWithCtrlRInTheNextSession() {
        try (Tmux first = shell("history1", Fixtures.leak())) {
            first.type("total 100");
            first.keys("Enter");
            first.await("total runs", s -> s.contains("reaches"));
            first.type("quit");
            first.keys("Enter");
            first.await("quit ends the session with exit 0", s -> s.contains("EXIT=0"));
        }
        try (Tmux second = shell("history2", Fixtures.leak())) {
            second.keys("Up");
            second.await("Up recalls the last line of the previous session", s -> s.endsWith("ashwood> quit"));
            second.keys("Up");
            second.await("a second Up goes one further back", s -> s.endsWith("ashwood> total 100"));
            second.keys("C-u", "C-r");
            second.type("tot");
            second.await("Ctrl-R searches the history", s -> s.contains("ashwood> total 100") && s.contains("bck-i-search: tot"));
            second.keys("Enter");
            second.await("the line found by the search runs", s -> s.contains("100 java.util.HashMap reaches"));
        }
    }

    @Test
    void aHistoryFileWrittenByHandOrAnotherToolIsReadAsLines() throws IOException {
        Files.writeString(dir.resolve("history"), "1795229065131:summarize --by count\nshow 9\n");
        try (Tmux tmux = shell("foreign-history", Fixtures.leak())) {
            tmux.keys("Up");
            String screen = tmux.await("Up recalls the file's last line", s -> s.endsWith("ashwood> show 9"));
            assertTrue(!screen.contains("Exception") && !screen.contains("\tat "), "no stack trace\n" + screen);
        }
    }

    @Test
    void ctrlCCancelsALongCommandAndTheSessionGoesOn() throws IOException {
        Path big = bigDump(dir.resolve("big.jsonl"), 400_000);
        try (Tmux tmux = shell("cancel", big)) {
            tmux.type("refs 1 --top 0");
            tmux.keys("Enter");
            tmux.await("the long listing starts", s -> s.contains("Leaf (16 bytes)"));
            tmux.keys("C-c");
            tmux.await("Ctrl-C cancels the command and says so", s -> s.contains("error: cancelled"));
            // The listing scrolled the first prompt away: wait for a prompt on the last line instead.
            tmux.await("a prompt follows the cancelled command", s -> s.endsWith("ashwood>"));
            tmux.type("total 2");
            tmux.keys("Enter");
            tmux.await("the session goes on after a cancelled command", s -> s.contains("2 Leaf reaches 1 object,"));
        }
    }

    @Test
    void ctrlCAtThePromptClearsTheLineAndCtrlDExits() {
        try (Tmux tmux = shell("keys", Fixtures.leak())) {
            tmux.type("show 4");
            tmux.await("the typed text is on the line", s -> s.endsWith("ashwood> show 4"));
            tmux.keys("C-c");
            tmux.await("Ctrl-C at the prompt gives a fresh, empty prompt", 
                    s -> s.endsWith("ashwood>") && s.split("ashwood>", -1).length - 1 == 2);
            tmux.type("total 100");
            tmux.keys("Enter");
            tmux.await("the cleared text is gone: only what was typed after Ctrl-C runs",
                    s -> s.contains("100 java.util.HashMap reaches"));
            tmux.awaitPrompts(3);
            tmux.keys("C-d");
            tmux.await("Ctrl-D on an empty line leaves the shell with exit 0", s -> s.contains("EXIT=0"));
        }
    }

    @Test
    void unknownCommandsAndBadIdsAreOneLineErrorsAndTheSessionGoesOn() {
        try (Tmux tmux = shell("errors", Fixtures.leak())) {
            tmux.type("sumarize");
            tmux.keys("Enter");
            tmux.await("a typo gets a one-line error with the nearest command",
                    s -> s.contains("error: unknown command 'sumarize'; did you mean 'summarize'?"));
            tmux.type("show 99999");
            tmux.keys("Enter");
            String screen = tmux.await("a bad id gets a one-line error", s -> s.contains("error: no object with id 99999"));
            tmux.type("total 100");
            tmux.keys("Enter");
            screen = tmux.await("the session goes on after errors",
                    s -> s.contains("100 java.util.HashMap reaches") && s.endsWith("ashwood>"));
            assertTrue(!screen.contains("Exception") && !screen.contains("\tat "), "no stack trace on the screen\n" + screen);
            assertEquals(4, screen.split("ashwood>", -1).length - 1, "each error took exactly one line\n" + screen);
            assertTrue(tmux.screenWithColours().contains("\u001b[31merror: no object with id 99999"),
                    "on a real terminal errors are red\n" + tmux.screenWithColours());
        }
    }

    /** An ashwood dump where object 1, an Object[], refers to {@code leaves} Leaf objects (ids 2..). */
    private static Path bigDump(Path file, int leaves) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("{\"format\": \"ashwood-heap\", \"version\": 1}\n{\"root\": \"jni_global\", \"ref\": 1}\n");
            StringBuilder refs = new StringBuilder();
            StringBuilder fields = new StringBuilder();
            for (int i = 0; i < leaves; i++) {
                refs.append(i == 0 ? "" : ", ").append(i + 2);
                fields.append(i == 0 ? "" : ", ").append(i);
            }
            out.write("{\"address\": 1, \"type\": \"java.lang.Object[]\", \"size\": " + (16 + 4L * leaves) + ", \"len\": " + leaves
                    + ", \"refs\": [" + refs + "], \"fields\": [" + fields + "]}\n");
            for (int i = 0; i < leaves; i++) {
                out.write("{\"address\": " + (i + 2) + ", \"type\": \"Leaf\", \"size\": 16, \"refs\": []}\n");
            }
            out.write("{\"footer\": {\"objects\": " + (leaves + 1) + ", \"refs\": " + leaves + ", \"bytes\": "
                    + (16 + 4L * leaves + 16L * leaves) + ", \"roots\": 1, \"elapsed_ms\": 1}}\n");
        }
        return file;
    }

    @Test
    void escapeSequencesInTheDumpNeverReachTheTerminal() throws IOException {
        // Control: in this terminal, an OSC 2 sequence that reaches it does set the pane's title.
        try (Tmux control = new Tmux("title-control", "printf '\\033]2;pwned\\007ready\\n'")) {
            control.await("the control prints", s -> s.contains("ready"));
            assertEquals("pwned", control.title(), "an escape sequence that reaches tmux sets the title (the check below can fail)");
        }
        Path dump = dir.resolve("title.jsonl");
        Files.writeString(dump, "{\"format\": \"ashwood-heap\", \"version\": 1}\n"
                + "{\"address\": 1, \"type\": \"Evil\\u001b]2;pwned\\u0007Type\", \"size\": 16, \"value\": \"v\\u001b]2;pwned\\u0007\", \"refs\": []}\n"
                + "{\"address\": 2, \"type\": \"Report\\u202etxt.exe\", \"size\": 16, \"refs\": []}\n"
                + "{\"footer\": {\"objects\": 2}}\n");
        try (Tmux tmux = shell("title", dump)) {
            for (String command : new String[] {"summarize", "show 1", "all Evil", "all Report"}) {
                tmux.type(command);
                tmux.keys("Enter");
            }
            String screen = tmux.await("every command has run", s -> s.contains("did you mean 'Report\\u202etxt.exe'?"));
            assertTrue(screen.contains("did you mean 'Evil\\u001b]2;pwned\\u0007Type'?"), "the suggestion shows the escapes\n" + screen);
            assertTrue(screen.contains("value: \"v\\u001b]2;pwned\\u0007\""), "a value shows its escapes\n" + screen);
            assertFalse(tmux.title().contains("pwned"), "no escape sequence from the dump retitled the terminal\n" + screen);
            assertFalse(screen.contains("\u202e"), "no bidi override reached the screen\n" + screen);
        }
    }
}
