package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.write.JsonlWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true,
        header = "Convert a heap dump (HPROF, or any dump ashwood reads) to an ashwood dump.",
        description = {"Reads IN (an HPROF file from jcmd GC.heap_dump, -XX:+HeapDumpOnOutOfMemoryError or jmap, "
                + "plain or gzip) and writes it as an ashwood dump (docs/format.md): JSON lines, gzip when OUT ends "
                + "in .gz. OUT is created with mode 0600 and never overwritten."})
final class ConvertCommand implements Callable<Integer> {
    @Parameters(paramLabel = "IN", description = "the dump to read")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true,
            description = "the ashwood dump to write (.jsonl or .jsonl.gz); must not exist")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String name = output.getFileName() == null ? "" : output.getFileName().toString();
        if (name.endsWith(".hprof") || name.endsWith(".hprof.gz")) {
            // convert writes JSON lines; a name saying HPROF would mislead every later reader
            throw new CommandLine.ParameterException(spec.commandLine(),
                    name + " names an HPROF file, but convert writes an ashwood dump (JSON lines): name it .jsonl or .jsonl.gz");
        }
        if (Files.isDirectory(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    output + " is a directory; -o names the file to write (e.g. -o " + output.resolve("app.jsonl.gz") + ")");
        }
        if (Files.exists(output, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(output + ": already exists (convert never overwrites a file)");
        }
        long started = System.nanoTime();
        java.io.PrintWriter err = new java.io.PrintWriter(
                new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true);
        Heap heap = HeapOpener.openShowingProgress(input, err);
        JsonlWriter.Counts counts;
        try {
            Files.createFile(output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new CommandException(output + ": already exists (convert never overwrites a file)");
        } catch (IOException e) {
            throw new CommandException(output + ": cannot create: " + e.getMessage());
        }
        try (OutputStream file = Files.newOutputStream(output, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             OutputStream out = output.toString().endsWith(".gz")
                     ? new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16)
                     : new BufferedOutputStream(file, 1 << 16)) {
            // Writing takes about as long as loading: the same bar, on a terminal only.
            ProgressBar bar = new ProgressBar(err, "writing " + output.getFileName(), false);
            try {
                counts = JsonlWriter.write(heap, input.toAbsolutePath().toString(),
                        heap.kind().name().toLowerCase(java.util.Locale.ROOT), out,
                        System.console() != null ? bar : dev.ashwood.loader.ProgressListener.NONE);
            } finally {
                bar.clear();
            }
        } catch (IOException e) {
            throw new CommandException(output + ": cannot write: " + e.getMessage() + " (the file is left incomplete)");
        }
        System.out.println(output + ": " + counts.objects() + " objects, " + Units.bytes(counts.bytes()) + " of heap, file "
                + Units.bytes(Files.size(output)) + ", " + counts.roots() + " roots, from " + input + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms" + (heap.complete() ? "" : " (the source is incomplete)"));
        return 0;
    }
}
