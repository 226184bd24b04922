package dev.ashwood.loader.read;

import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.ZipException;

/**
 * The bytes of a dump, inflated when the content starts with gzip's magic bytes (whatever the file
 * is called). The input is opened once and read front to back, so a pipe ({@code <(zcat d.gz)}),
 * a named FIFO and standard input ({@code -}) read as a file does: the two bytes that tell gzip
 * from text are kept and handed on, never re-read by a second open. A gzip stream cut short reads
 * as a normal end of input with {@link #cut()} set, so the loader can keep what came before.
 */
public final class DumpInput implements AutoCloseable {
    /** The file name that stands for standard input. */
    static final String STDIN = "-";

    private final ReadableByteChannel channel;
    /** The first bytes, read to tell gzip from text; a plain input hands them out first. */
    private final byte[] head = new byte[2];
    private int headLength;
    private int headPos;
    /** Null for plain input, which is read straight into the caller's buffer. */
    private final GzipStream gzip;
    private final long size;
    private volatile long consumed;
    private boolean cut;
    /** Corrupt gzip data: reads end there, and the reader reports it after the good lines. */
    private ZipException corrupt;
    /** Content read ahead by {@link #peek}, handed out again first. */
    private byte[] peeked = new byte[0];
    private int peekedPos;

    public DumpInput(Path file) throws IOException {
        if (file.toString().equals(STDIN)) {
            channel = new FileInputStream(FileDescriptor.in).getChannel();
        } else {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }
        try {
            ByteBuffer into = ByteBuffer.wrap(head);
            while (into.hasRemaining() && channel.read(into) >= 0) {
                // A pipe may deliver one byte at a time.
            }
            headLength = into.position();
            size = sizeOf(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        boolean isGzip = headLength == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        gzip = isGzip ? new GzipStream(channel, head, headLength) : null;
        consumed = headLength;
    }

    /** The size of a regular file (or standard input redirected from one), else -1: a pipe's is unknown. */
    private static long sizeOf(ReadableByteChannel channel) {
        try {
            long size = channel instanceof FileChannel file ? file.size() : 0;
            return size > 0 ? size : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The input's size in bytes when known (a regular file), else -1. */
    public long size() {
        return size;
    }

    public boolean gzip() {
        return gzip != null;
    }

    /** The input ended inside a gzip stream: the file was cut. */
    public boolean cut() {
        return cut;
    }

    /** The corruption that ended the gzip stream, or null. */
    public ZipException corrupt() {
        return corrupt;
    }

    /**
     * A warning about bytes after the end of the gzip data, or null: they are not gzip (GNU gzip
     * says "trailing garbage ignored"), so the dump itself is complete and loads.
     */
    public String trailing(String file) {
        if (gzip == null || gzip.trailingAt() < 0) {
            return null;
        }
        return file + ": " + gzip.trailingBytes() + " bytes after the end of the gzip data (from byte offset "
                + gzip.trailingAt() + ") are not gzip and were ignored";
    }

    /** Bytes of the input consumed so far (compressed bytes for gzip). */
    public long consumed() {
        return gzip != null ? gzip.consumed() : consumed;
    }

    /**
     * The first {@code n} bytes of the content (inflated), or fewer when it is shorter; the reads
     * that follow return them again. How a pipe or standard input, which cannot be opened twice,
     * is told HPROF from JSON lines. Call before any read.
     */
    public byte[] peek(int n) throws IOException {
        byte[] head = new byte[n];
        int got = Math.max(0, readFully(head, 0, n));
        peeked = java.util.Arrays.copyOf(head, got);
        peekedPos = 0;
        return peeked.clone();
    }

    /**
     * Reads up to {@code len} bytes, fewer only at the end. Returns -1 at the end of input, which
     * corrupt gzip data also is (see {@link #corrupt()}).
     */
    public int readFully(byte[] buf, int off, int len) throws IOException {
        if (peekedPos < peeked.length && len > 0) {
            int from = Math.min(len, peeked.length - peekedPos);
            System.arraycopy(peeked, peekedPos, buf, off, from);
            peekedPos += from;
            int more = from < len ? readFully(buf, off + from, len - from) : 0;
            return from + Math.max(more, 0);
        }
        if (cut || corrupt != null) {
            return -1;
        }
        if (gzip == null) {
            int total = 0;
            while (headPos < headLength && total < len) {
                buf[off + total++] = head[headPos++];
            }
            ByteBuffer into = ByteBuffer.wrap(buf, off + total, len - total);
            while (into.hasRemaining() && channel.read(into) >= 0) {
                // A channel may read less than asked; loop until full or at the end.
            }
            consumed += into.position() - (off + total);    // the head was counted when it was read
            total = into.position() - off;
            return total == 0 && len > 0 ? -1 : total;
        }
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = gzip.read(buf, off + total, len - total);
            } catch (EOFException e) {
                cut = true;
                n = -1;
            } catch (ZipException e) {
                corrupt = e;
                n = -1;
            }
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        if (gzip != null) {
            gzip.close();
        }
        channel.close();
    }
}
