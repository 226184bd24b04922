package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ashwood dump PID --hprof} on a real JVM, the file opened by {@code query}, and
 * {@code ashwood convert} of it: the converted file answers summarize, path and show as the HPROF
 * file does.
 */
class HprofCommandsTest {
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void hprofDumpOpensInQueryAndConvertsToTheSameAnswers(@TempDir Path dir) throws Exception {
        try (LeakyCacheApp app = LeakyCacheApp.start(300)) {

            Path hprof = dir.resolve("app.hprof");
            Run dump = Run.ashwood("dump", Long.toString(app.pid()), "--hprof", "--live", "-o", hprof.toString());
            assertEquals(0, dump.exit(), "HotSpot's own dump succeeds\n" + dump);
            assertTrue(dump.out().startsWith(hprof + ": ") && dump.out().matches("(?s).* objects, .+ of heap, file "
                    + Pattern.quote(Units.bytes(Files.size(hprof))) + ", \\d+ roots, in \\d+ ms\n"),
                    "the same summary line as a JVMTI dump\n" + dump);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(hprof)), "the file is private");
            Run again = Run.ashwood("dump", Long.toString(app.pid()), "--hprof", "-o", hprof.toString());
            assertEquals(1, again.exit(), "an existing file is never overwritten\n" + again);
            assertEquals(1, again.err().lines().count(), "one line says why\n" + again);

            Path gz = dir.resolve("app.hprof.gz");
            Run dumpGz = Run.ashwood("dump", Long.toString(app.pid()), "--hprof", "--live", "-o", gz.toString());
            assertEquals(0, dumpGz.exit(), "a .gz name works with --hprof\n" + dumpGz);
            byte[] magic = Arrays.copyOf(Files.readAllBytes(gz), 2);
            assertTrue(magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b, "and gets what it names: gzip data");
            assertTrue(Files.size(gz) * 3 < Files.size(hprof), "compressed: " + Files.size(gz) + " against " + Files.size(hprof));

            Child piped = bash("cat \"$1\" | \"$2\" -cp \"$3\" dev.ashwood.shell.Main query - -e summarize", hprof, dir);
            assertEquals(0, piped.exit(), "an HPROF file is recognised by content from a pipe too\n" + piped);
            Run fromFile = Run.ashwood("query", hprof.toString(), "-e", "summarize");
            assertEquals(fromFile.out(), piped.out(), "and reads as from the file\n" + piped);

            Run session = Run.ashwood("query", hprof.toString(), "-e", "all LeakyCache$Session --top 1", "--json");
            assertEquals(0, session.exit(), "query opens the HPROF file\n" + session);
            Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(session.out());
            assertTrue(id.find(), "the dump holds the example's sessions\n" + session);

            Path converted = dir.resolve("app.jsonl.gz");
            Run convert = Run.ashwood("convert", hprof.toString(), "-o", converted.toString());
            assertEquals(0, convert.exit(), "convert succeeds\n" + convert);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(converted)), "the file is private");
            Run convertAgain = Run.ashwood("convert", hprof.toString(), "-o", converted.toString());
            assertEquals(1, convertAgain.exit(), "convert never overwrites\n" + convertAgain);
            assertEquals(1, convertAgain.err().lines().count(), "one line says why\n" + convertAgain);

            String[] script = {"-e", "summarize --top 30", "-e", "path " + id.group(1), "-e", "show " + id.group(1),
                    "-e", "all java.lang.String --top 5", "-e", "collapse", "-e", "summarize --top 15"};
            Run fromHprof = Run.ashwood(concat(new String[] {"query", hprof.toString()}, script));
            Run fromJsonl = Run.ashwood(concat(new String[] {"query", converted.toString()}, script));
            assertEquals(0, fromHprof.exit(), fromHprof.toString());
            assertEquals(fromHprof.out(), fromJsonl.out(), "the converted file gives the same answers as the HPROF file");
            assertTrue(fromHprof.out().contains("LeakyCache$Session"), fromHprof.out());
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aFullDiskIsAFailureNotAnEmptyDump(@TempDir Path dir) throws Exception {
        // A real full file system: a 64 KiB tmpfs (needs root, as CI runs; skipped elsewhere).
        Path mount = Files.createDirectory(dir.resolve("small"));
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(m.waitFor(30, TimeUnit.SECONDS) && m.exitValue() == 0, "cannot mount a tmpfs here (not root)");
        try (LeakyCacheApp app = LeakyCacheApp.start(300)) {
            Path hprof = mount.resolve("app.hprof");
            Run run = Run.ashwood("dump", Long.toString(app.pid()), "--hprof", "-o", hprof.toString());
            // jcmd exits 0 and prints "Dump file is incomplete: No space left on device"; this used
            // to print "0 objects, 0 bytes of heap" and exit 0.
            assertEquals(1, run.exit(), "a dump the disk could not hold failed\n" + run);
            assertEquals("ashwood: pid " + app.pid() + ": Dump file is incomplete: No space left on device (" + hprof
                    + " is incomplete)\n", run.err(), "one line says why, and that the file is incomplete\n" + run);
            assertEquals("", run.out(), "no summary line for a dump that failed\n" + run);

            Path jsonl = mount.resolve("app.jsonl");
            Run agent = Run.ashwood("dump", Long.toString(app.pid()), "-o", jsonl.toString());
            assertEquals(1, agent.exit(), "the agent cannot even start a dump on the full file system\n" + agent);
            assertEquals(1, agent.err().lines().count(), "in one line\n" + agent);
            assertEquals("ashwood: pid " + app.pid() + " cannot create " + jsonl + ": no space left on its file system\n",
                    agent.err(), "naming the cause, not a missing directory\n" + agent);
            assertTrue(app.isAlive(), "the application keeps running");
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    record Child(int exit, String out, String err) {}

    /** Runs a bash script with $1 the file, $2 java, $3 the class path; bounded by a timeout. */
    private static Child bash(String script, Path file, Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path err = dir.resolve("child.err");
        Path out = dir.resolve("child.out");
        Process p = new ProcessBuilder("bash", "-c", script, "bash", file.toString(), java, classPath)
                .redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("still running after 60 s: " + script);
        }
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
