package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dump content never acts on the terminal: every message that quotes it (the parser's, "did you
 * mean", warnings) escapes control characters and bidirectional overrides, through the real CLI.
 */
class HostileOutputTest {
    private static final String HEADER = "{\"format\": \"ashwood-heap\", \"version\": 1}\n";
    /** ESC ] 0 ; ... BEL sets the window title; U+202E shows the rest of the line reversed. */
    private static final String TITLE = "Evil\\u001b]0;pwned\\u0007Type";
    private static final String REVERSED = "Report\\u202etxt.exe";

    @TempDir
    Path dir;

    private Path dump(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        return file;
    }

    /** The rule for everything the CLI prints: nothing but printable text and line ends. */
    static void assertNothingRaw(Run run) {
        for (String stream : new String[] {run.out(), run.err()}) {
            for (int i = 0; i < stream.length(); i++) {
                char c = stream.charAt(i);
                assertTrue(c == '\n' || !Quote.unsafe(c),
                        "no control or bidi character (U+" + Integer.toHexString(c) + " at " + i + ") reaches the terminal\n" + run);
            }
        }
    }

    @Test
    void didYouMeanEscapesTheTypeNameItQuotes() throws IOException {
        Path file = dump("title.jsonl", HEADER
                + "{\"address\": 1, \"type\": \"" + TITLE + "\", \"size\": 16, \"refs\": []}\n"
                + "{\"address\": 2, \"type\": \"" + REVERSED + "\", \"size\": 16, \"refs\": []}\n");
        Run run = Run.ashwood("query", file.toString(), "-e", "all Evil");
        assertEquals(1, run.exit(), "an unknown type fails\n" + run);
        assertNothingRaw(run);
        assertTrue(run.err().contains("did you mean 'Evil\\u001b]0;pwned\\u0007Type'?"),
                "the suggestion shows the escapes, so the user sees what the name holds\n" + run);

        Run reversed = Run.ashwood("query", file.toString(), "-e", "all Report");
        assertNothingRaw(reversed);
        assertTrue(reversed.err().contains("did you mean 'Report\\u202etxt.exe'?"),
                "a bidi override in a suggested name is escaped\n" + reversed);
    }

    @Test
    void tablesAndListingsShowNoRawControlCharacters() throws IOException {
        Path file = dump("title.jsonl", HEADER
                + "{\"address\": 1, \"type\": \"" + TITLE + "\", \"size\": 16, \"refs\": [2], \"fields\": [\"x\"]}\n"
                + "{\"address\": 2, \"type\": \"" + REVERSED + "\", \"size\": 16, \"refs\": []}\n");
        Run run = Run.ashwood("query", file.toString(), "-e", "summarize", "-e", "show 1", "-e", "refs 1");
        assertEquals(0, run.exit(), "the commands succeed\n" + run);
        assertNothingRaw(run);
        assertTrue(run.out().contains("Report?txt.exe"), "the override in a type name is shown as '?'\n" + run);
    }

    @Test
    void theParsersMessageEscapesTheBytesItQuotes() throws IOException {
        // ESC c resets the terminal; jackson's "Unrecognized token" quotes the bytes it met.
        for (String bad : new String[] {"evil\u001bc", "\u001bc", "tru\u001b]0;x\u0007e"}) {
            Path file = dump("token.jsonl", HEADER + "{\"address\": 1, \"type\": " + bad + ", \"size\": 16, \"refs\": []}\n");
            Run run = Run.ashwood("query", file.toString(), "-e", "summarize");
            assertEquals(1, run.exit(), "a bad token fails the load\n" + run);
            assertNothingRaw(run);
            assertEquals(1, run.err().lines().count(), "one line\n" + run);
            assertTrue(run.err().startsWith("ashwood: " + file + ":2: "), "the line names FILE:LINE\n" + run);
            assertTrue(bad.startsWith("\u001b") || run.err().contains("\\u001b"), "the ESC it quotes is shown escaped\n" + run);
            assertFalse(run.err().contains("\tat "), "no stack trace\n" + run);
        }
    }

    @Test
    void quoteEscapesEveryUnsafeCharacterAndLeavesTheRest() {
        assertEquals("a\\u001b[2Jb\\u202ec\\u2066d\\u0085e\\nf é €", Quote.message("a\u001b[2Jb\u202ec\u2066d\u0085e\\nf é €"),
                "ESC, RLO, LRI and NEL are escaped; a backslash and ordinary non-ASCII text are left alone");
        assertEquals("a\\u000ab", Quote.message("a\nb"), "a line break inside a message cannot start a second line");
        String clean = "plain message";
        assertTrue(clean == Quote.message(clean), "a clean message is returned as is, with no copy");
    }
}
