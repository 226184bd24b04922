package dev.ashwood.loader.read;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.runtime.RuntimeRules;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.model.ModelBuilder;
import dev.ashwood.loader.model.Tables;
import dev.ashwood.loader.read.jsonl.ChunkParser;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipException;

/**
 * Reads a dump in parallel: this thread reads (or inflates) the file into blocks cut at line
 * boundaries, a pool of parser threads turns each block into a {@link ParsedChunk}, and the chunks
 * come back in file order for the {@link ModelBuilder}. At most two blocks per parser are in
 * flight, so memory stays bounded whatever the file size; a line longer than
 * {@link #maxLineBytes} fails instead of growing a buffer until the heap runs out.
 */
public final class DumpReader {
    /**
     * Block size: about a 48th of the heap, from 4 to 16 MiB. Large blocks make each chunk's parsed
     * lists large enough for G1 to allocate them straight in the old generation (humongous), which
     * spares copying them through young collections: a cold 3 M-object load took 2.75 s with 4 MiB
     * blocks and 1.5-1.9 s with 16 MiB. Small heaps keep 4 MiB blocks (smaller ones need more heap,
     * not less: their lists go through the young generation), so a 3 M-object dump loads in 176 MB.
     */
    private final int block;

    private final Path path;
    private final DumpInput opened;
    private final String file;
    private final LoadOptions options;
    private final int maxLineBytes;
    /** What a parser thread threw (a bug or OutOfMemoryError): rethrown on the reading thread. */
    private final AtomicReference<Throwable> crash = new AtomicReference<>();

    public DumpReader(Path path, LoadOptions options, int maxLineBytes) {
        this(path, options, maxLineBytes, null);
    }

    /** Reads {@code opened} (already open on {@code path}, perhaps peeked at) instead of opening the path. */
    public DumpReader(Path path, LoadOptions options, int maxLineBytes, DumpInput opened) {
        this.opened = opened;
        this.path = path;
        this.file = path.toString();
        this.options = options;
        this.maxLineBytes = maxLineBytes;
        int byHeap = Integer.highestOneBit((int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 48));
        // Never above the longest line allowed: a line that does not fit a block is what is capped.
        this.block = Math.min(maxLineBytes, Math.max(4 << 20, Math.min(16 << 20, byHeap)));
    }

    /** The default longest line: a quarter of the heap, at most 1 GiB (a 40 MB refs list fits). */
    public static int defaultMaxLineBytes() {
        return (int) Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    }

    /** What reading produced: the format and the runtime's rules, chunks in file order, and how the input ended. */
    public record Result(DumpKind format, RuntimeRules runtime, List<ParsedChunk> chunks, boolean cutGzip) {
    }

    /** Warnings about the input itself (bytes after the gzip data), known once {@link #read} returns. */
    public List<String> warnings() {
        return warnings;
    }

    private final List<String> warnings = new ArrayList<>();

    /** Reads the input once, front to back: a file, a pipe, a FIFO, or standard input for "-". */
    public Result read(Tables tables) throws IOException {
        int threads = options.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ashwood-parser");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * threads);
        List<ParsedChunk> chunks = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        try (DumpInput in = opened != null ? opened : new DumpInput(path)) {
            long total = in.size();
            Blocks blocks = new Blocks(in, block, maxLineBytes, 2 * threads + 1);
            if (blocks.firstLength() == 0 && in.corrupt() != null) {
                throw corrupt(chunks, in.corrupt());
            }
            if (blocks.firstLength() == 0 && in.cut()) {
                throw new DumpFormatException(file, 1, "the gzip stream ends before its first line: the file was cut, nothing to load");
            }
            if (blocks.firstLength() == 0) {
                throw new DumpFormatException(file, 1, "empty file, not a dump");
            }
            KindSniffer.Sniffed sniffed = KindSniffer.sniff(file, blocks.first(), blocks.firstLength());
            // One parser per pool thread, so its name and shape caches stay warm across chunks.
            ThreadLocal<ChunkParser> parsers = ThreadLocal.withInitial(() -> new ChunkParser(sniffed.kind(), tables));
            int seq = 0;
            for (Blocks.Block b; !failed.get() && (b = blocks.next()) != null; ) {
                if (Thread.interrupted()) {
                    throw new CancellationException("loading " + file + " was interrupted");
                }
                submit(pool, inFlight, blocks, chunks, failed, sniffed, parsers, seq++, b);
                options.progress().onProgress(in.consumed(), total);
            }
            if (blocks.tooLong()) {
                synchronized (chunks) {
                    chunks.add(ParsedChunk.failed(seq, 1, "line longer than " + (maxLineBytes >> 20)
                            + " MiB: not a dump, or a record too large for this heap"));
                }
            }
            pool.shutdown();
            awaitAll(inFlight, 2 * threads);
            Throwable t = crash.get();
            if (t instanceof Error) {
                throw (Error) t;
            } else if (t != null) {
                throw (RuntimeException) t;
            }
            if (in.corrupt() != null) {
                throw corrupt(chunks, in.corrupt());
            }
            options.progress().onProgress(in.consumed(), total);
            String trailing = in.trailing(file);
            if (trailing != null) {
                warnings.add(trailing);
            }
            return new Result(sniffed.kind(), RuntimeRules.of(sniffed.kind()), chunks, in.cut());
        } catch (ClosedByInterruptException e) {
            // FileChannel reads are interruptible: the caller's Ctrl-C arrives as this.
            Thread.interrupted();
            throw new CancellationException("loading " + file + " was interrupted");
        } catch (ZipException e) {
            // Not even a gzip header ("Not in GZIP format" after the magic bytes).
            throw corrupt(List.of(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The error for gzip data that fails to inflate: at the line after the last whole line read,
     * unless a bad record comes before it (then that is the first problem in the file).
     */
    private DumpFormatException corrupt(List<ParsedChunk> chunks, ZipException e) {
        long lines = 0;
        for (ParsedChunk c : chunks) {
            if (c.error != null) {
                return new DumpFormatException(file, lines + c.errorLine, c.error);
            }
            lines += c.cut ? c.lines - 1 : c.lines; // a cut last line is not a whole line
        }
        return new DumpFormatException(file, lines + 1, "corrupt gzip data (" + e.getMessage() + ")");
    }

    private void submit(ExecutorService pool, Semaphore inFlight, Blocks blocks, List<ParsedChunk> chunks,
            AtomicBoolean failed, KindSniffer.Sniffed sniffed, ThreadLocal<ChunkParser> parsers, int seq,
            Blocks.Block b) {
        inFlight.acquireUninterruptibly();
        synchronized (chunks) {
            chunks.add(null);
        }
        pool.execute(() -> {
            try {
                ParsedChunk chunk = parsers.get().parse(seq, b.bytes(), b.length(), sniffed.wrapped(), b.tail());
                if (chunk.error != null) {
                    failed.set(true);
                }
                synchronized (chunks) {
                    chunks.set(seq, chunk);
                }
            } catch (RuntimeException | Error e) {
                failed.set(true);
                crash.compareAndSet(null, e);
            } finally {
                blocks.recycle(b.bytes());
                inFlight.release();
            }
        });
    }

    private static void awaitAll(Semaphore inFlight, int permits) {
        inFlight.acquireUninterruptibly(permits);
        inFlight.release(permits);
    }
}
