package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.scanner.DumpException;
import dev.ashwood.scanner.RemoteDump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ashwood dump PID --hprof}: asks the target's HotSpot for its own heap dump, as
 * {@code jcmd PID GC.heap_dump} does (the JVM writes the file itself, mode 0600, and refuses an
 * existing one), then reads it back for the same summary line a JVMTI dump prints. The pause is
 * HotSpot's heap walk, without the JVMTI agent's tagging.
 */
final class HprofDump {
    private HprofDump() {}

    static void run(long pid, Path out, boolean live, long timeoutSeconds)
            throws IOException, InterruptedException, DumpException {
        if (Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(out + " already exists; ashwood never overwrites a file");
        }
        if (!Files.isDirectory(out.getParent())) {
            throw new CommandException(out + ": cannot create: no such directory " + out.getParent());
        }
        // jcmd wakes the target with SIGQUIT, which ends a process that is not a JVM: check first.
        RemoteDump.checkTarget(pid);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new CommandException("--hprof needs jcmd, which this Java (" + System.getProperty("java.home")
                    + ") does not have: run ashwood with a JDK");
        }
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid), "GC.heap_dump"));
        if (!live) {
            cmd.add("-all");
        }
        if (out.getFileName().toString().endsWith(".gz")) {
            cmd.add("-gz=1");  // HotSpot's own gzip (JDK 15+), its fastest level: as the agent does for .gz
        }
        // The target writes the file, relative to its own working directory: always an absolute path.
        cmd.add(out.toString());
        long started = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new CommandException("pid " + pid + ": no heap dump within " + timeoutSeconds + " s");
        }
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        if (p.exitValue() != 0 || !Files.exists(out)) {
            throw new CommandException("pid " + pid + ": " + oneLine(text.isEmpty() ? "jcmd GC.heap_dump failed" : text));
        }
        // jcmd exits 0 even when HotSpot could not finish the file ("Dump file is incomplete: No
        // space left on device"); only this line means the dump is whole (JDK 17 to 25).
        if (!text.contains("Heap dump file created")) {
            throw new CommandException("pid " + pid + ": " + oneLine(text.replace("Dumping heap to " + out + " ...", ""))
                    + " (" + out + " is incomplete)");
        }
        Heap heap = HeapOpener.openShowingProgress(out,
                new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        long roots = 0;
        for (int i = 0; i < heap.objectCount(); i++) {
            roots += heap.roots(i).size();
        }
        System.out.println(out + ": " + heap.objectCount() + " objects, " + Units.bytes(heap.totalBytes())
                + " of heap, file " + Units.bytes(Files.size(out)) + ", " + roots + " roots, in " + elapsed + " ms");
    }

    /**
     * jcmd's answer on one line: without its "PID:" line, without the stack trace it prints when
     * it cannot attach ("at jdk.attach/..." lines), and without the exception's class name.
     */
    static String oneLine(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            String t = line.trim();
            if (t.matches("\\d+:") || t.isEmpty() || t.startsWith("at ") || t.matches("\\.\\.\\. \\d+ more")) {
                continue;
            }
            t = t.replaceFirst("^(Caused by: )?([a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(Exception|Error): ", "");
            sb.append(sb.length() > 0 ? "; " : "").append(t);
        }
        return sb.toString().replaceAll("\\p{Cntrl}", "?");
    }
}
