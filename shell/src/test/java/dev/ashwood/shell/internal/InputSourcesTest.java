package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dumps from pipes, FIFOs and standard input, through the real command line in a child JVM started
 * by bash (process substitution, mkfifo, redirection are bash's): each loads exactly as the plain
 * file does. Every child has a timeout, so a reader that waits forever fails the test instead of
 * hanging it.
 */
class InputSourcesTest {
    private static final long TIMEOUT_SECONDS = 60;

    @TempDir
    Path dir;
    private Path plain;
    private Path gz;
    private String expected;

    record Child(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    @BeforeEach
    void dumps() throws IOException {
        plain = Fixtures.leak();
        gz = dir.resolve("leak.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        expected = Run.ashwood("query", plain.toString(), "-e", "summarize", "-e", "total 100").out();
        assertTrue(expected.contains("Total 25 objects"), "the plain file loads: " + expected);
    }

    /** Runs {@code script} in bash with {@code $ASHWOOD} the real command line (a fresh JVM). */
    private Child bash(String script) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
        builder.environment().put("ASHWOOD", java + " -cp " + classPath + " dev.ashwood.shell.Main");
        builder.environment().put("PLAIN", plain.toString());
        builder.environment().put("GZ", gz.toString());
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after " + TIMEOUT_SECONDS + " s (a reader waiting forever): " + script
                    + "\n" + Files.readString(err));
        }
        return new Child(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private void assertLoadsAsThePlainFile(String script, String how) throws IOException, InterruptedException {
        Child child = bash(script);
        assertEquals(0, child.exit(), how + " loads\n" + child);
        assertEquals(expected, child.out(), how + " gives exactly the plain file's answers\n" + child);
        assertFalse(child.err().contains("warning"), how + " is a complete dump, with no warning\n" + child);
    }

    @Test
    void processSubstitutionOfAnInflatedDump() throws Exception {
        assertLoadsAsThePlainFile("$ASHWOOD query <(gzip -dc \"$GZ\") -e summarize -e 'total 100'",
                "<(gzip -dc d.jsonl.gz), the issue's case (the gzip probe used to consume the pipe)");
    }

    @Test
    void processSubstitutionOfGzipData() throws Exception {
        assertLoadsAsThePlainFile("$ASHWOOD query <(cat \"$GZ\") -e summarize -e 'total 100'",
                "gzip data through a pipe (told from its first two bytes, never opened twice)");
    }

    @Test
    void aNamedFifo() throws Exception {
        // The writer blocks in open until the reader opens: one open each, then the data flows.
        assertLoadsAsThePlainFile("mkfifo dump.fifo && (cat \"$GZ\" > dump.fifo &) && "
                + "$ASHWOOD query dump.fifo -e summarize -e 'total 100'", "a named FIFO (used to wait forever)");
    }

    @Test
    void standardInputFromAPipeAndFromAFile() throws Exception {
        assertLoadsAsThePlainFile("cat \"$PLAIN\" | $ASHWOOD query - -e summarize -e 'total 100'", "- with a pipe on standard input");
        assertLoadsAsThePlainFile("$ASHWOOD query - -e summarize -e 'total 100' < \"$GZ\"", "- with a gzip file on standard input");
    }

    @Test
    void concatenatedGzipMembersThroughAPipeLoadWhole() throws Exception {
        List<String> lines = Files.readAllLines(plain);
        Path first = dir.resolve("first.gz");
        Path second = dir.resolve("second.gz");
        for (Path part : List.of(first, second)) {
            List<String> half = part == first ? lines.subList(0, 20) : lines.subList(20, lines.size());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(part))) {
                out.write((String.join("\n", half) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertLoadsAsThePlainFile("cat first.gz second.gz | $ASHWOOD query - -e summarize -e 'total 100'",
                "two gzip members one after the other (cat a.gz b.gz), through a pipe");
    }

    @Test
    void scriptAndDumpCannotBothComeFromStandardInput() throws Exception {
        Child child = bash("echo summarize | $ASHWOOD query - -f -");
        assertEquals(2, child.exit(), "bad usage\n" + child);
        assertEquals(1, child.err().lines().count(), "one line\n" + child);
        assertTrue(child.err().contains("standard input"), "it says why\n" + child);
    }

    @Test
    void trailingGarbageAfterTheGzipDataIsAWarningNamingTheOffset() throws Exception {
        long size = Files.size(gz);
        Child child = bash("cat \"$GZ\" > junk.gz && printf 'GARBAGE' >> junk.gz && $ASHWOOD query junk.gz -e summarize -e 'total 100'");
        assertEquals(0, child.exit(), "the dump itself is whole and loads\n" + child);
        assertEquals(expected, child.out(), "with the same answers\n" + child);
        assertTrue(child.err().contains("junk.gz: 7 bytes after the end of the gzip data (from byte offset " + size
                + ") are not gzip and were ignored"), "a warning names where the garbage starts\n" + child);
    }

    @Test
    void aSymbolicLinkLoopIsReportedAsSuch() throws Exception {
        Child child = bash("ln -s loop.jsonl loop.jsonl && ln -s missing.jsonl dangling.jsonl && "
                + "$ASHWOOD query loop.jsonl -e summarize; echo \"exit $?\" >&2; $ASHWOOD query dangling.jsonl -e summarize");
        assertEquals(1, child.exit(), "a dangling link fails\n" + child);
        List<String> err = child.err().lines().toList();
        assertEquals(List.of("ashwood: loop.jsonl: a symbolic link loop (too many levels of symbolic links)", "exit 1",
                "ashwood: dangling.jsonl: a symbolic link to a missing file (missing.jsonl)"), err,
                "each is one line saying what is wrong, not 'no such file'\n" + child);
    }

    @Test
    void aSizeNearTwoToThe63IsOneLineAndExitOne() throws Exception {
        Child child = bash("printf '%s\\n' '{\"format\": \"ashwood-heap\", \"version\": 1}' "
                + "'{\"address\": 1, \"type\": \"byte[]\", \"size\": 9223372036854775000, \"refs\": []}' > big.jsonl && "
                + "$ASHWOOD query big.jsonl -e summarize");
        assertEquals(1, child.exit(), "an impossible size fails the load\n" + child);
        assertEquals("ashwood: big.jsonl:2: size 9223372036854775000 is too large for one object (at most 2^40 bytes, 1 TiB):"
                + " not a real heap\n", child.err(), "one line naming FILE:LINE, no total printed\n" + child);
        assertEquals("", child.out(), "nothing on stdout\n" + child);
    }
}
