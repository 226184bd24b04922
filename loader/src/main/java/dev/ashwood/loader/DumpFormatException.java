package dev.ashwood.loader;

import java.io.IOException;

/**
 * The dump's content is not a valid ashwood, Meliae or HPROF dump. The message is one line fit to
 * show a user as is: {@code "FILE:LINE: what is wrong"}, or {@code "FILE: at byte N: what is wrong"}
 * for an HPROF file. The problem may quote the dump (jackson's "Unrecognized token" quotes the
 * bytes it met, an HPROF class name is the file's), so what {@link Printable#unsafe} names is
 * escaped: printing the message cannot move a terminal's cursor, retitle its window or reverse the
 * rest of the line.
 */
public class DumpFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long line;
    private final long offset;

    /** @param line 1-based line of the input where the problem is */
    public DumpFormatException(String file, long line, String problem) {
        super(file + ":" + line + ": " + Printable.escape(problem));
        this.line = line;
        this.offset = -1;
    }

    private DumpFormatException(String message, long offset) {
        super(message);
        this.line = -1;
        this.offset = offset;
    }

    /**
     * A problem in a binary dump (HPROF): {@code "FILE: at byte N: what is wrong"}. For a gzip file
     * N counts the inflated bytes.
     */
    public static DumpFormatException atByte(String file, long offset, String problem) {
        return new DumpFormatException(file + ": at byte " + offset + ": " + Printable.escape(problem), offset);
    }

    /** The 1-based line of the input where the problem is, -1 for a binary dump. */
    public long line() {
        return line;
    }

    /** The byte offset where the problem is in a binary dump, -1 for a line-based one. */
    public long offset() {
        return offset;
    }
}
