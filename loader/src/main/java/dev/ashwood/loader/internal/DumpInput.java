package dev.ashwood.loader.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The bytes of a dump, inflated when the content starts with gzip's magic bytes (whatever the file
 * is called). A gzip stream cut short reads as a normal end of input with {@link #cut()} set, so
 * the loader can keep what came before the cut.
 */
final class DumpInput implements AutoCloseable {
    private final CountingStream raw;
    private final InputStream in;
    private final boolean gzip;
    private boolean cut;

    DumpInput(Path file) throws IOException {
        raw = new CountingStream(Files.newInputStream(file));
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        gzip = b0 == 0x1f && b1 == 0x8b;
        in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
    }

    boolean gzip() {
        return gzip;
    }

    /** The input ended inside a gzip stream: the file was cut. */
    boolean cut() {
        return cut;
    }

    /** Bytes of the file consumed so far. */
    long consumed() {
        return raw.count;
    }

    /**
     * Reads up to {@code len} bytes, fewer only at the end. Returns -1 at the end of input.
     * Throws {@link ZipException} for corrupt gzip data.
     */
    int readFully(byte[] buf, int off, int len) throws IOException {
        if (cut) {
            return -1;
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
        in.close();
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
