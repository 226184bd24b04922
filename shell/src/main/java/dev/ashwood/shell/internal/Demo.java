package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapDiff;
import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.scanner.AgentLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * {@code ashwood demo}: the whole product in one command. Starts the bundled leaking example under
 * the agent, waits until it has leaked, dumps it with SIGQUIT, loads the dump and explains the
 * leak. The example is stopped afterwards whatever happens.
 */
final class Demo {
    static final String LEAKED_TYPE = "LeakyCache$Session";
    private static final String EXAMPLE = "LeakyCache.java";
    private static final String MAIN_CLASS = "LeakyCache";
    private static final long READY_TIMEOUT_MILLIS = 90_000;
    private static final long DUMP_TIMEOUT_MILLIS = 120_000;
    private static final int TOP = 10;
    /** After the first dump; the agent gives its memory back for 2.5 s and then takes the second. */
    private static final long SECOND_DUMP_AFTER_MILLIS = 1_500;

    private final int sessions;
    private final boolean keep;
    private final PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    private final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    private final Printer printer = new Printer(out, out, false, null);
    /** The first of the two dumps (the agent keeps identity, so diff names what the second added). */
    private Path earlier;

    Demo(int sessions, boolean keep) {
        this.sessions = sessions;
        this.keep = keep;
    }

    int run() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ashwood-demo-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path dump = null;
        boolean explained = false;
        try {
            dump = dumpExample(dir);
            explain(dump);
            explained = true;
            return 0;
        } finally {
            String ashwood = Invocation.command();
            if (keep && dump != null) {
                say("the dump is kept: explore it with  " + ashwood + " shell " + dump
                        + "  (try suspects, dominators, all " + LEAKED_TYPE + ", path ID); delete it when done: it holds the app's heap");
            } else {
                deleteTree(dir);
                if (explained) {
                    say("the dump is deleted now (it holds the app's heap). To keep it and explore it yourself: "
                            + ashwood + " demo --keep, then " + ashwood + " shell FILE (try suspects, dominators, all " + LEAKED_TYPE + ", path ID)");
                }
            }
        }
    }

    /** Runs the example under the agent until it has leaked, dumps it by signal, and stops it. */
    private Path dumpExample(Path dir) throws IOException, InterruptedException {
        Path source = dir.resolve(EXAMPLE);
        try (InputStream in = Demo.class.getResourceAsStream("/dev/ashwood/shell/demo/" + EXAMPLE)) {
            if (in == null) {
                throw new CommandException("the example " + EXAMPLE + " is missing from this build of ashwood");
            }
            Files.copy(in, source);
        }
        compile(source, dir);
        Path log = dir.resolve("app.log");
        String agent = AgentLibrary.path() + "=identity=keep,out=" + dir.resolve("heap-%p-%t.jsonl");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        say("starting examples/leaky-cache/" + EXAMPLE + " under the ashwood agent: a service whose session cache never evicts");
        Process app = new ProcessBuilder(java, "-agentpath:" + agent, "-Xmx256m", "-cp", dir.toString(), MAIN_CLASS,
                Integer.toString(sessions))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Thread stopOnExit = new Thread(app::destroyForcibly, "ashwood-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(stopOnExit);   // Ctrl-C during the demo stops the example too
        try {
            awaitReady(app, log);
            say("pid " + app.pid() + " has cached " + sessions + " sessions; sending SIGQUIT (kill -QUIT "
                    + app.pid() + ") so the agent dumps every reachable object");
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(app.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new CommandException("kill -QUIT " + app.pid() + " failed");
            }
            earlier = awaitDump(app, dir, log, null);
            say("dump complete: " + earlier.getFileName() + ", " + Units.bytes(Files.size(earlier)) + "; the app keeps running"
                    + " and caching a session a second; in a few seconds, kill -QUIT again for a second dump");
            Thread.sleep(SECOND_DUMP_AFTER_MILLIS);
            Process again = new ProcessBuilder("kill", "-QUIT", Long.toString(app.pid())).inheritIO().start();
            if (again.waitFor() != 0) {
                throw new CommandException("kill -QUIT " + app.pid() + " failed");
            }
            Path dump = awaitDump(app, dir, log, earlier);
            say("second dump complete: " + dump.getFileName());
            return dump;
        } finally {
            stop(app);
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
    }

    /** Compiles the example here rather than running it as a source file, whose in-process javac
     *  would leave its own objects in the heap the demo explains. */
    private static void compile(Path source, Path dir) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new CommandException("the demo needs a JDK (javax.tools), but this java is a JRE: " + System.getProperty("java.home"));
        }
        StringWriter errors = new StringWriter();
        Boolean ok = javac.getTask(errors, null, null, List.of("-d", dir.toString(), "-proc:none"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source)).call();
        if (!ok) {
            throw new CommandException("compiling the example failed: " + errors.toString().strip().lines().findFirst().orElse(""));
        }
    }

    private void awaitReady(Process app, Path log) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        while (!Files.readString(log, StandardCharsets.ISO_8859_1).contains("ready:")) {
            if (!app.isAlive()) {
                throw new CommandException("the example exited with code " + app.exitValue() + " before it was ready: "
                        + lastLine(log));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new CommandException("the example was not ready after " + READY_TIMEOUT_MILLIS / 1000 + " s: " + lastLine(log));
            }
            Thread.sleep(100);
        }
    }

    /** Waits for a dump file whose last line is the footer: the agent writes it last. */
    private static Path awaitDump(Process app, Path dir, Path log, Path other) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + DUMP_TIMEOUT_MILLIS;
        while (true) {
            Optional<Path> dump;
            try (Stream<Path> files = Files.list(dir)) {
                dump = files.filter(f -> f.getFileName().toString().endsWith(".jsonl") && !f.equals(other)).findFirst();
            }
            if (dump.isPresent() && endsWithFooter(dump.get())) {
                return dump.get();
            }
            if (!app.isAlive()) {
                throw new CommandException("the example died while being dumped (exit " + app.exitValue() + "): " + lastLine(log));
            }
            if (System.currentTimeMillis() > deadline) {
                throw new CommandException("no complete dump after " + DUMP_TIMEOUT_MILLIS / 1000 + " s: " + lastLine(log));
            }
            Thread.sleep(100);
        }
    }

    /** Reads only the file's tail: it is polled every 100 ms while the agent writes megabytes. */
    private static boolean endsWithFooter(Path file) throws IOException {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] tail = new byte[(int) Math.min(4096, length)];
            in.seek(length - tail.length);
            in.readFully(tail);
            String text = new String(tail, StandardCharsets.ISO_8859_1);
            int start = text.lastIndexOf('\n', text.length() - 2) + 1;
            return text.endsWith("\n") && text.startsWith("{\"footer\"", start);
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private static void stop(Process app) throws InterruptedException {
        app.destroy();
        if (!app.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
            app.destroyForcibly().waitFor();
        }
    }

    /** Loads the dump and prints what a person hunting this leak would ask, in order. */
    private void explain(Path dump) {
        Heap heap = HeapOpener.open(dump, (done, total) -> { }, warning -> err.println("ashwood: warning: " + Quote.message(warning)));
        // The diff is taken before collapse, which folds the cache's nodes into the map.
        HeapDiff growth = earlier == null ? null
                : heap.diff(HeapOpener.open(earlier, (done, total) -> { }, warning -> err.println("ashwood: warning: " + Quote.message(warning))));
        say("loaded " + heap.objectCount() + " objects, " + Units.bytes(heap.totalBytes()) + ". What fills the heap (summarize --top " + TOP + "):");
        printer.print(summary(heap));

        int[] leaked = heap.all(LEAKED_TYPE);
        if (leaked.length == 0) {
            throw new CommandException("the dump holds no " + LEAKED_TYPE + " objects: the example did not leak as expected");
        }
        // Taken before collapse, which may fold the objects along the way into their owners.
        int session = leaked[leaked.length - 1];
        long sessionId = heap.address(session);
        PathResult path = Commands.pathResult(new Session(heap), session);

        int folded = heap.collapse();
        say("collapse folded " + folded + " helper objects into their owners; the biggest consumers now:");
        printer.print(summary(heap));

        // Retained sizes answer "what would be freed": the leak shows as one object holding a
        // large share of the heap, and where below it the bytes pile up.
        Session commands = new Session(heap);
        say("what holds the memory? objects that would free over " + Commands.DEFAULT_THRESHOLD
                + "% of the heap if they went (suspects):");
        printer.print(commands.execute("suspects"));
        say("the biggest retainers, the top of the dominator tree (dominators --top 5):");
        printer.print(commands.execute("dominators --top 5"));

        say("why is session " + sessionId + " (one of " + leaked.length + ") still alive? path " + sessionId + ":");
        printer.print(path);
        if (growth != null) {
            say("what grew between the two dumps, and what holds it (diff " + earlier.getFileName() + "):");
            printer.print(new DiffResult(earlier.getFileName().toString(), dump.getFileName().toString(), growth, 5));
        }
        say("the fix: evict sessions from LeakyCache.SESSIONS.");
    }

    private static SummaryResult summary(Heap heap) {
        Summary summary = heap.summarize(SummaryOptions.all().top(TOP));
        return SummaryResult.of(heap, summary);
    }

    private void say(String narration) {
        out.println();
        out.println("== " + narration);
        out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
