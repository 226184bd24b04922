package dev.ashwood.shell.internal;

import dev.ashwood.scanner.DumpResult;
import dev.ashwood.scanner.RemoteDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "dump", mixinStandardHelpOptions = true,
        header = "Dump a running JVM by pid (attach).",
        description = "Attaches to a running JVM and dumps its reachable objects to a new file (mode 0600).")
final class DumpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PID", description = "the JVM to dump")
    long pid;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the dump; must not exist (default: heap-PID-TIME.jsonl, or .hprof, here)")
    Path output;

    @Option(names = "--hprof", description = "ask the JVM for its own HPROF heap dump (as jcmd PID GC.heap_dump does): "
            + "a shorter pause, all objects, no agent")
    boolean hprof;

    @Option(names = "--live", description = "with --hprof: run a full GC first and dump only live objects")
    boolean live;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "how long to wait for the dump to complete (default: ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = "--identity", paramLabel = "keep|off", defaultValue = "off",
            description = "keep: this JVM's dumps taken with keep give an object the same id in each, so "
                    + "ashwood diff names the new objects (the agent keeps its tags between dumps; default: ${DEFAULT-VALUE})")
    String identity;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds <= 0) {
            throw new CommandException("--timeout needs a positive number of seconds");
        }
        if (live && !hprof) {
            throw new CommandException("--live applies to --hprof dumps (a JVMTI dump holds only reachable objects anyway)");
        }
        if (!identity.equals("keep") && !identity.equals("off")) {
            throw new CommandException("--identity takes keep or off, not '" + identity + "'");
        }
        Path out = (output != null ? output
                : Path.of("heap-" + pid + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                        + (hprof ? ".hprof" : ".jsonl")))
                .toAbsolutePath();
        if (hprof) {
            HprofDump.run(pid, out, live, timeoutSeconds);
            return 0;
        }
        DumpResult result = RemoteDump.dump(pid, out, Duration.ofSeconds(timeoutSeconds),
                identity.equals("keep") ? "identity=keep" : "");
        // Both sizes: the heap's bytes read like the file's, which is several times bigger (or smaller, gzipped).
        System.out.println(result.file() + ": " + result.objects() + " objects, " + Units.bytes(result.bytes())
                + " of heap, file " + Units.bytes(Files.size(result.file())) + ", " + result.roots() + " roots, in "
                + result.elapsedMillis() + " ms");
        return 0;
    }
}
