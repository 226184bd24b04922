package dev.ashwood.loader.read;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The bytes of a dump, inflated when the content starts with gzip's magic bytes (whatever the file
 * is called). A gzip stream cut short reads as a normal end of input with {@link #cut()} set, so
 * the loader can keep what came before the cut.
 */
public final class DumpInput implements AutoCloseable {
    private final CountingStream raw;
    /** A plain file is read straight into the caller's buffer, with no intermediate copy. */
    private final FileChannel plain;
    private final InputStream in;
    private final boolean gzip;
    private boolean cut;
    /** Corrupt gzip data: reads end there, and the reader reports it after the good lines. */
    private ZipException corrupt;

    public DumpInput(Path file) throws IOException {
        byte[] magic = new byte[2];
        try (InputStream probe = Files.newInputStream(file)) {
            gzip = probe.readNBytes(magic, 0, 2) == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
        if (gzip) {
            plain = null;
            raw = new CountingStream(Files.newInputStream(file));
            in = new GZIPInputStream(new BufferedInputStream(raw, 1 << 16), 1 << 16);
        } else {
            plain = FileChannel.open(file, StandardOpenOption.READ);
            raw = null;
            in = null;
        }
    }

    public boolean gzip() {
        return gzip;
    }

    /** The input ended inside a gzip stream: the file was cut. */
    public boolean cut() {
        return cut;
    }

    /** The corruption that ended the gzip stream, or null. */
    public ZipException corrupt() {
        return corrupt;
    }

    /** Bytes of the file consumed so far. */
    public long consumed() throws IOException {
        return plain != null ? plain.position() : raw.count;
    }

    /**
     * Reads up to {@code len} bytes, fewer only at the end. Returns -1 at the end of input, which
     * corrupt gzip data also is (see {@link #corrupt()}).
     */
    public int readFully(byte[] buf, int off, int len) throws IOException {
        if (cut || corrupt != null) {
            return -1;
        }
        if (plain != null) {
            ByteBuffer into = ByteBuffer.wrap(buf, off, len);
            while (into.hasRemaining() && plain.read(into) >= 0) {
                // FileChannel may read less than asked; loop until full or at the end.
            }
            int total = into.position() - off;
            return total == 0 && len > 0 ? -1 : total;
        }
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(buf, off + total, len - total);
            } catch (EOFException e) {
                // GZIPInputStream: "Unexpected end of ZLIB input stream", the file ends mid-stream.
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
        if (plain != null) {
            plain.close();
        } else {
            in.close();
        }
    }

    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
