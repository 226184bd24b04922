package dev.ashwood.loader.internal;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.LoadOptions;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
    /** Block size: large enough that per-block costs vanish, small enough to spread over cores. */
    static final int BLOCK = 4 << 20;

    private final Path path;
    private final String file;
    private final LoadOptions options;
    private final int maxLineBytes;
    /** What a parser thread threw (a bug or OutOfMemoryError): rethrown on the reading thread. */
    private final AtomicReference<Throwable> crash = new AtomicReference<>();

    public DumpReader(Path path, LoadOptions options, int maxLineBytes) {
        this.path = path;
        this.file = path.toString();
        this.options = options;
        this.maxLineBytes = maxLineBytes;
    }

    /** The default longest line: a quarter of the heap, at most 1 GiB (a 40 MB refs list fits). */
    public static int defaultMaxLineBytes() {
        return (int) Math.min(1L << 30, Runtime.getRuntime().maxMemory() / 4);
    }

    /** What reading produced: chunks in file order, and how the input ended. */
    public record Result(DumpKind kind, List<ParsedChunk> chunks, boolean cutGzip, boolean gzip) {
    }

    public Result read(Tables tables) throws IOException {
        long total = Files.size(path);
        int threads = options.threads();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ashwood-parser");
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(2 * threads);
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(2 * threads + 1);
        List<ParsedChunk> chunks = new ArrayList<>();
        AtomicBoolean failed = new AtomicBoolean();
        try (DumpInput in = new DumpInput(path)) {
            byte[] buf = new byte[BLOCK];
            int filled = fill(in, buf, 0);
            if (filled <= 0 && in.corrupt() != null) {
                throw corrupt(chunks, in.corrupt());
            }
            if (filled <= 0) {
                throw new DumpFormatException(file, 1, "empty file, not a dump");
            }
            KindSniffer.Sniffed sniffed = KindSniffer.sniff(file, buf, filled);
            // One parser per pool thread, so its name and shape caches stay warm across chunks.
            ThreadLocal<ChunkParser> parsers = ThreadLocal.withInitial(() -> new ChunkParser(sniffed.kind(), tables));
            int seq = 0;
            boolean eof = false;
            while (!failed.get()) {
                if (Thread.interrupted()) {
                    throw new CancellationException("loading " + file + " was interrupted");
                }
                if (!eof && filled < buf.length) {
                    int n = fill(in, buf, filled);
                    if (n < 0) {
                        eof = true;
                    } else {
                        filled += n;
                    }
                }
                if (filled == 0 && eof) {
                    break;
                }
                int cutAt = lastNewline(buf, filled);
                byte[] next;
                int carry;
                boolean tail = false;
                if (cutAt < 0 && !eof) {
                    if (buf.length >= maxLineBytes) {
                        synchronized (chunks) {
                            chunks.add(ParsedChunk.failed(seq, 1, "line longer than " + (maxLineBytes >> 20)
                                    + " MiB: not a dump, or a record too large for this heap"));
                        }
                        break;
                    }
                    // A line longer than the block: grow until it fits or reaches the cap.
                    buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLineBytes));
                    continue;
                }
                if (cutAt < 0) {
                    cutAt = filled;
                    tail = true;
                } else {
                    cutAt++;
                }
                carry = filled - cutAt;
                next = buf.length == BLOCK ? takeBuffer(free) : new byte[BLOCK];
                if (carry > next.length) {
                    next = new byte[buf.length];
                }
                System.arraycopy(buf, cutAt, next, 0, carry);
                submit(pool, inFlight, free, chunks, failed, sniffed, parsers, seq++, buf, cutAt, tail);
                options.progress().onProgress(in.consumed(), total);
                buf = next;
                filled = carry;
                if (tail) {
                    break;
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
            return new Result(sniffed.kind(), chunks, in.cut(), in.gzip());
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

    private void submit(ExecutorService pool, Semaphore inFlight, BlockingQueue<byte[]> free,
            List<ParsedChunk> chunks, AtomicBoolean failed, KindSniffer.Sniffed sniffed,
            ThreadLocal<ChunkParser> parsers, int seq, byte[] buf, int len, boolean tail) {
        inFlight.acquireUninterruptibly();
        synchronized (chunks) {
            chunks.add(null);
        }
        pool.execute(() -> {
            try {
                ParsedChunk chunk = parsers.get().parse(seq, buf, len, sniffed.wrapped(), tail);
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
                if (buf.length == BLOCK) {
                    free.offer(buf);
                }
                inFlight.release();
            }
        });
    }

    private static byte[] takeBuffer(BlockingQueue<byte[]> free) {
        byte[] b = free.poll();
        return b != null ? b : new byte[BLOCK];
    }

    private static void awaitAll(Semaphore inFlight, int permits) {
        inFlight.acquireUninterruptibly(permits);
        inFlight.release(permits);
    }

    private static int fill(DumpInput in, byte[] buf, int from) throws IOException {
        return in.readFully(buf, from, buf.length - from);
    }

    private static int lastNewline(byte[] buf, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
