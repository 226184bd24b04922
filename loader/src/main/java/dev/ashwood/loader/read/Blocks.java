package dev.ashwood.loader.read;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Cuts the input into blocks that end after a newline, so each block holds whole lines and can be
 * parsed on its own; the bytes after the last newline move to the next block. A line longer than a
 * block makes the buffer double until the line fits, up to a cap. Block buffers come back through
 * {@link #recycle} once parsed, so reading allocates a few buffers, not one per block.
 */
final class Blocks {
    /** A block: {@code bytes[0..length)}. {@code tail}: the input's last bytes, with no final newline. */
    record Block(byte[] bytes, int length, boolean tail) {
    }

    private final DumpInput in;
    private final int size;
    private final int maxLine;
    private final BlockingQueue<byte[]> free;
    /**
     * Bytes the next block may hold: {@link #FIRST} for the first block, then the whole buffer.
     * A small first chunk ends (and the second starts) while the parser's code is still being
     * profiled, so C2's compiled parse loop knows the end-of-input and fresh-parser branches
     * instead of being thrown away and compiled again when the first 16 MiB chunk ends.
     */
    private int limit;
    private static final int FIRST = 256 << 10;
    private byte[] buf;
    private int filled;
    private boolean eof;
    private boolean tooLong;

    /** Reads the first block (see {@link #first}). {@code buffers}: how many may be in use at once. */
    Blocks(DumpInput in, int size, int maxLine, int buffers) throws IOException {
        this.in = in;
        this.size = size;
        this.maxLine = maxLine;
        this.free = new ArrayBlockingQueue<>(buffers);
        this.buf = new byte[size];
        limit = Math.min(size, FIRST);
        int n = in.readFully(buf, 0, limit);
        filled = Math.max(n, 0);
        eof = n < limit;
    }

    /** The first bytes of the input, for telling its kind (valid until {@link #next}). */
    byte[] first() {
        return buf;
    }

    int firstLength() {
        return filled;
    }

    /** The last {@link #next} returned null because a line is longer than the cap. */
    boolean tooLong() {
        return tooLong;
    }

    /** The next block, or null at the end of the input or at a line longer than the cap. */
    Block next() throws IOException {
        while (true) {
            if (!eof && filled < limit) {
                int n = in.readFully(buf, filled, limit - filled);
                if (n < 0) {
                    eof = true;
                } else {
                    filled += n;
                }
            }
            if (filled == 0 && eof) {
                return null;
            }
            int cut = lastNewline(buf, filled);
            if (cut < 0 && !eof && limit < buf.length) {
                limit = buf.length; // a first line longer than the small first block
                continue;
            }
            if (cut < 0 && !eof) {
                if (buf.length >= maxLine) {
                    tooLong = true;
                    return null;
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLine));
                limit = buf.length;
                continue;
            }
            boolean tail = cut < 0;
            int end = tail ? filled : cut + 1;
            int carry = filled - end;
            byte[] next = buf.length == size ? take() : new byte[size];
            if (carry > next.length) {
                next = new byte[buf.length];
            }
            System.arraycopy(buf, end, next, 0, carry);
            Block block = new Block(buf, end, tail);
            buf = next;
            limit = next.length;
            filled = carry;
            eof |= tail;
            return block;
        }
    }

    /** A parsed block's buffer can be filled again. */
    void recycle(byte[] bytes) {
        if (bytes.length == size) {
            free.offer(bytes);
        }
    }

    private byte[] take() {
        byte[] b = free.poll();
        return b != null ? b : new byte[size];
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
