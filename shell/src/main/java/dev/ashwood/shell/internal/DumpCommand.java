package dev.ashwood.shell.internal;

import dev.ashwood.scanner.DumpResult;
import dev.ashwood.scanner.RemoteDump;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "dump", mixinStandardHelpOptions = true,
        header = "Dump a running JVM by pid (attach).",
        description = "Attaches to a running JVM and dumps its reachable objects to a new file (mode 0600).")
final class DumpCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PID", description = "the JVM to dump")
    long pid;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "where to write the dump; must not exist (default: heap-PID-TIME.jsonl, or .hprof, here); "
                    + "a name ending in .gz gets a gzip-compressed dump")
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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (timeoutSeconds <= 0) {
            throw usage("--timeout needs a positive number of seconds");
        }
        if (live && !hprof) {
            throw usage("--live applies to --hprof dumps (a JVMTI dump holds only reachable objects anyway)");
        }
        if (!identity.equals("keep") && !identity.equals("off")) {
            throw usage("--identity takes keep or off, not '" + identity + "'");
        }
        if (hprof && identity.equals("keep")) {
            throw usage("--identity keep applies to JVMTI dumps (an HPROF dump's ids are addresses, which a GC changes)");
        }
        if (output != null && Files.isDirectory(output)) {
            throw usage(output + " is a directory; -o names the dump file (e.g. -o " + output.resolve("app" + (hprof ? ".hprof" : ".jsonl")) + ")");
        }
        if (output != null) {
            // The loader tells formats by content, but a name that says the other format misleads every reader.
            String name = output.getFileName() == null ? "" : output.getFileName().toString();
            if (hprof && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"))) {
                throw usage("--hprof writes an HPROF file, not JSON lines: name it .hprof (or .hprof.gz), not " + name);
            }
            if (!hprof && (name.endsWith(".hprof") || name.endsWith(".hprof.gz"))) {
                throw usage(name + " names an HPROF file, but a JVMTI dump is JSON lines: add --hprof, or name it .jsonl");
            }
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

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
