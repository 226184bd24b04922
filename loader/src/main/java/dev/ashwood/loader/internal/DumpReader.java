package dev.ashwood.loader.internal;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
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
            if (filled <= 0) {
                throw new DumpFormatException(file, 1, "empty file, not a dump");
            }
            KindSniffer.Sniffed sniffed = KindSniffer.sniff(file, buf, filled);
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
                        chunks.add(ParsedChunk.failed(seq, 1, "line longer than " + (maxLineBytes >> 20)
                                + " MiB: not a dump, or a record too large for this heap"));
                        break;
                    }
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLineBytes));
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
                submit(pool, inFlight, free, chunks, failed, sniffed, tables, seq++, buf, cutAt, tail);
                options.progress().onProgress(in.consumed(), total);
                buf = next;
                filled = carry;
                if (tail) {
                    break;
                }
            }
            pool.shutdown();
            awaitAll(inFlight, 2 * threads);
            options.progress().onProgress(in.consumed(), total);
            return new Result(sniffed.kind(), chunks, in.cut(), in.gzip());
        } catch (ZipException e) {
            awaitAll(inFlight, 2 * threads);
            throw new DumpFormatException(file, linesBefore(chunks, chunks.size()) + 1,
                    "corrupt gzip data (" + e.getMessage() + ")");
        } finally {
            pool.shutdownNow();
        }
    }

    private void submit(ExecutorService pool, Semaphore inFlight, BlockingQueue<byte[]> free,
            List<ParsedChunk> chunks, AtomicBoolean failed, KindSniffer.Sniffed sniffed, Tables tables,
            int seq, byte[] buf, int len, boolean tail) {
        inFlight.acquireUninterruptibly();
        synchronized (chunks) {
            chunks.add(null);
        }
        pool.execute(() -> {
            try {
                ParsedChunk chunk = new ChunkParser(sniffed.kind(), tables).parse(seq, buf, len, sniffed.wrapped(), tail);
                if (chunk.error != null) {
                    failed.set(true);
                }
                synchronized (chunks) {
                    chunks.set(seq, chunk);
                }
            } catch (RuntimeException | Error e) {
                failed.set(true);
                synchronized (chunks) {
                    chunks.set(seq, ParsedChunk.failed(seq, 1, "internal error while parsing: " + e));
                }
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

    /** Lines in the chunks before {@code seq}. */
    static long linesBefore(List<ParsedChunk> chunks, int seq) {
        long lines = 0;
        for (int i = 0; i < seq && i < chunks.size(); i++) {
            ParsedChunk c = chunks.get(i);
            if (c != null) {
                lines += c.lines;
            }
        }
        return lines;
    }
}
