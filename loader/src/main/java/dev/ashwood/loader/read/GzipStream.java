package dev.ashwood.loader.read;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates gzip data (RFC 1952) member by member from a channel that is read once, front to back:
 * a file, a pipe, a FIFO or standard input. {@code GZIPInputStream} would not do: it decides
 * whether another member follows from {@code available()}, which a pipe may answer with 0 while
 * the next member is on its way (the rest of a concatenated file lost in silence), and it ignores
 * whatever follows the last member. Here a member is followed by the end, another member, or
 * bytes that are not gzip, which are counted and reported ({@link #trailing()}).
 */
final class GzipStream {
    private static final int ID1 = 0x1f;
    private static final int ID2 = 0x8b;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final ReadableByteChannel in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private volatile long consumed;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private boolean inMember;
    private boolean done;
    private long trailingAt = -1;
    private long trailingBytes;

    /** {@code head}: the first bytes, already read from {@code in} to tell gzip from plain text. */
    GzipStream(ReadableByteChannel in, byte[] head, int headLength) {
        this.in = in;
        System.arraycopy(head, 0, buf, 0, headLength);
        lim = headLength;
        consumed = headLength;
    }

    /** Bytes taken from the channel so far (compressed). */
    long consumed() {
        return consumed;
    }

    /** File offset of the bytes after the last member that are not gzip, or -1 when there are none. */
    long trailingAt() {
        return trailingAt;
    }

    /** How many such bytes there were. */
    long trailingBytes() {
        return trailingBytes;
    }

    /**
     * Reads inflated bytes: -1 at the end of the last member. Throws EOFException when the input
     * ends inside a member (the file was cut) and ZipException when the data is corrupt.
     */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            if (!inMember) {
                startMember();
                continue;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("deflate data asks for a preset dictionary, which gzip never uses");
            } else if (inflater.needsInput()) {
                if (!refill()) {
                    throw new EOFException("the gzip stream ends inside its compressed data");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
        }
        return -1;
    }

    /** At a member boundary: the end of the input, another member's header, or trailing garbage. */
    private void startMember() throws IOException {
        long at = consumed - (lim - pos);
        int id1 = readByte();
        if (id1 < 0) {
            done = true;
            return;
        }
        int id2 = readByte();
        if (id1 != ID1 || id2 != ID2) {
            if (at == 0) {
                throw new ZipException("Not in GZIP format");
            }
            trailing(at, id2 < 0 ? 1 : 2);
            return;
        }
        if (need() != DEFLATE) {
            throw new ZipException("unsupported compression method (not deflate)");
        }
        int flags = need();
        skip(6);                                  // MTIME, XFL, OS
        if ((flags & FEXTRA) != 0) {
            skip(need() | need() << 8);
        }
        if ((flags & FNAME) != 0) {
            while (need() != 0) {
                // the original file name, zero-terminated
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (need() != 0) {
                // a comment, zero-terminated
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2);
        }
        inflater.reset();
        crc.reset();
        if (pos < lim) {
            inflater.setInput(buf, pos, lim - pos);
            pos = lim;
        }
        inMember = true;
    }

    private void endMember() throws IOException {
        long expectedCrc = need() | need() << 8 | need() << 16 | (long) need() << 24;
        long expectedSize = need() | need() << 8 | need() << 16 | (long) need() << 24;
        if (expectedCrc != crc.getValue() || expectedSize != (inflater.getBytesWritten() & 0xffffffffL)) {
            throw new ZipException("Corrupt GZIP trailer");
        }
        inMember = false;
    }

    /** Counts what follows the last member (draining it, so a writer into a pipe can finish). */
    private void trailing(long at, int already) throws IOException {
        trailingAt = at;
        long count = already + (lim - pos);
        pos = lim;
        while (refill()) {
            count += lim - pos;
            pos = lim;
        }
        trailingBytes = count;
        done = true;
    }

    private void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            need();
        }
    }

    /** The next byte of a header or trailer, which must be there. */
    private int need() throws IOException {
        int b = readByte();
        if (b < 0) {
            throw new EOFException("the gzip stream ends inside a member's header or trailer");
        }
        return b;
    }

    private int readByte() throws IOException {
        if (pos == lim && !refill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads more into the empty buffer; false at the end of the input. */
    private boolean refill() throws IOException {
        pos = 0;
        lim = 0;
        ByteBuffer into = ByteBuffer.wrap(buf);
        int n;
        do {
            n = in.read(into);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        lim = n;
        consumed += n;
        return true;
    }

    void close() {
        inflater.end();
    }
}
