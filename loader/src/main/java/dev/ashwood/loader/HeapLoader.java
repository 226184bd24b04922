package dev.ashwood.loader;

import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.ModelBuilder;
import dev.ashwood.loader.model.Tables;
import dev.ashwood.loader.model.Trace;
import dev.ashwood.loader.read.DumpInput;
import dev.ashwood.loader.read.DumpReader;
import dev.ashwood.loader.read.hprof.HprofFinish;
import dev.ashwood.loader.read.hprof.HprofReader;
import dev.ashwood.loader.read.hprof.VmSettings;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import dev.ashwood.loader.runtime.RuntimeRules;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a dump into a {@link Heap}. Loading never changes the data: collapsing and dropping
 * references are explicit operations on the heap.
 */
public final class HeapLoader {
    private HeapLoader() {
    }

    /** {@link #load(Path, LoadOptions)} with {@link LoadOptions#defaults()}. */
    public static Heap load(Path file) throws IOException {
        return load(file, LoadOptions.defaults());
    }

    /**
     * Reads an ashwood or Meliae dump or an HPROF file, plain or gzip (told from the content, not the name), with
     * {@code options.threads()} parser threads plus one reading thread. {@code file} may be a pipe
     * or a FIFO, or {@link #STANDARD_INPUT}: the input is opened once and read front to back (a
     * FIFO's open waits for its writer). Cost: one pass over the file; memory about 40 bytes per object and 4 per reference, plus the distinct string values.
     * A dump cut short (no footer, a cut last line, a cut gzip stream) loads what is there, with
     * {@link Heap#complete()} false and a warning.
     *
     * @throws DumpFormatException the content is not a dump: "FILE:LINE: what is wrong"
     * @throws IOException         the file cannot be read, or the heap is too small to hold the model
     *                             (the message says so and suggests -Xmx)
     * @throws java.util.concurrent.CancellationException the calling thread was interrupted
     */
    public static Heap load(Path file, LoadOptions options) throws IOException {
        return load(file, options, DumpReader.defaultMaxLineBytes());
    }

    /**
     * The file name that reads the dump from standard input (a file called "-" is {@code ./-}).
     * Standard input, like a pipe or a FIFO, is read once, front to back.
     */
    public static final String STANDARD_INPUT = "-";

    /** One line saying why the file cannot be read, before any thread starts. */
    private static void checkReadable(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                file.toRealPath();
            } catch (NoSuchFileException e) {
                if (Files.isSymbolicLink(file)) {
                    throw new IOException(file + ": a symbolic link to a missing file (" + Files.readSymbolicLink(file) + ")");
                }
                throw new IOException(file + ": no such file");
            } catch (FileSystemException e) {
                // ELOOP: the link (or a directory on the way) leads back to itself.
                String reason = String.valueOf(e.getReason());
                throw new IOException(file + (reason.contains("symbolic links")
                        ? ": a symbolic link loop (too many levels of symbolic links)" : ": " + reason));
            }
            throw new IOException(file + ": no such file");
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a dump");
        }
        if (!Files.isReadable(file)) {
            throw new IOException(file + ": permission denied");
        }
    }

    /** As {@link #load(Path, LoadOptions)}, refusing lines longer than {@code maxLineBytes}. */
    static Heap load(Path file, LoadOptions options, int maxLineBytes) throws IOException {
        try {
            return read(file, options, maxLineBytes);
        } catch (OutOfMemoryError e) {
            // Everything the load allocated is unreachable once we are here, so carrying on is safe.
            // 70: the smallest -Xmx that loads the 30 M-object benchmark dump is 2.1 GB (docs/performance.md);
            // the model's own peak is about 45 bytes per object, the rest is G1's room to work.
            throw new IOException(file + ": not enough memory to load this dump in a Java heap of "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB (plan on about 70 bytes of heap per object): "
                    + "run with a larger -Xmx", e);
        }
    }

    private static Heap read(Path file, LoadOptions options, int maxLineBytes) throws IOException {
        if (!file.toString().equals(STANDARD_INPUT)) {
            checkReadable(file);
        }
        Tables tables = new Tables();
        // A regular file is opened again by the reader; a pipe, a FIFO or standard input is opened
        // once, and what was peeked at is read again from the same input.
        DumpInput opened = null;
        boolean hprof;
        if (Files.isRegularFile(file)) {
            hprof = isHprof(file);
        } else {
            opened = new DumpInput(file);
            try {
                byte[] head = opened.peek(16);
                hprof = HprofReader.looksLikeHprof(head, head.length);
            } catch (java.nio.channels.ClosedByInterruptException e) {
                Thread.interrupted();
                opened.close();
                throw new java.util.concurrent.CancellationException("loading " + file + " was interrupted");
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
        }
        if (hprof) {
            return readHprof(file, options, tables, opened);
        }
        DumpReader reader = new DumpReader(file, options, maxLineBytes, opened);
        DumpReader.Result read = reader.read(tables);
        DumpOrigin origin = DumpOrigin.NONE;
        for (ParsedChunk chunk : read.chunks()) {
            if (chunk.origin != null) {
                origin = chunk.origin;
            }
        }
        List<String> warnings = new ArrayList<>(reader.warnings());
        ModelBuilder builder = new ModelBuilder(file.toString(), options.threads(), warnings);
        Model model = builder.build(read, tables);
        tables.freeze();
        warnings.forEach(options.warnings());
        return new Heap(model, builder.complete(), warnings, origin);
    }

    /** The content of a regular file (inflated when it is gzip) starts like an HPROF file, whatever the file's name. */
    private static boolean isHprof(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (DumpInput in = new DumpInput(file)) {
            byte[] head = new byte[16];
            int n = in.readFully(head, 0, head.length);
            return HprofReader.looksLikeHprof(head, Math.max(n, 0));
        } catch (java.nio.channels.ClosedByInterruptException e) {
            // FileChannel reads are interruptible: the caller's Ctrl-C arrives as this.
            Thread.interrupted();
            throw new java.util.concurrent.CancellationException("loading " + file + " was interrupted");
        }
    }

    private static Heap readHprof(Path file, LoadOptions options, Tables tables, DumpInput opened) throws IOException {
        Trace trace = Trace.load();
        HprofReader.Result hprof = new HprofReader(file, options, tables, HPROF_VALUE_CHARS, opened).read();
        trace.phase("read");
        VmSettings stated;
        try {
            stated = options.vmLayout() == null ? null : VmSettings.parse(options.vmLayout());
        } catch (IllegalArgumentException e) {
            throw new IOException("VM layout \"" + options.vmLayout() + "\": " + e.getMessage());
        }
        HprofFinish finish = new HprofFinish(hprof, tables, stated);
        List<ParsedChunk> chunks = finish.run();
        trace.phase("finish");
        List<String> warnings = new ArrayList<>();
        ModelBuilder builder = new ModelBuilder(file.toString(), options.threads(), warnings);
        Model model = builder.build(new DumpReader.Result(DumpKind.HPROF, RuntimeRules.JVM, chunks, false), tables);
        tables.freeze();
        trace.phase("build");
        if (hprof.trailing() != null) {
            warnings.add(0, hprof.trailing());
        }
        if (hprof.incomplete() != null) {
            warnings.add(0, file + ": the dump is incomplete: " + hprof.incomplete() + "; loaded what came before");
        }
        warnings.forEach(options.warnings());
        return new Heap(model, builder.complete() && hprof.incomplete() == null, warnings);
    }

    /** String values kept from an HPROF file: as many UTF-16 units as the scanner keeps by default. */
    private static final int HPROF_VALUE_CHARS = 100;
}
