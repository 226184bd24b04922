package dev.ashwood.loader;

import java.io.IOException;

/**
 * The dump's content is not a valid ashwood or Meliae dump. The message is one line fit to show a
 * user as is: {@code "FILE:LINE: what is wrong"}. The problem may quote the dump (jackson's
 * "Unrecognized token" quotes the bytes it met), so control characters, line breaks and
 * bidirectional overrides in it are written as a backslash, u and four hex digits: printing the message cannot move
 * a terminal's cursor, retitle its window or reverse the rest of the line.
 */
public class DumpFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long line;

    /** @param line 1-based line of the input where the problem is */
    public DumpFormatException(String file, long line, String problem) {
        super(file + ":" + line + ": " + printable(problem));
        this.line = line;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean unsafe = c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x061c || c == 0x200e
                    || c == 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            out.append(unsafe ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /** The 1-based line of the input where the problem is. */
    public long line() {
        return line;
    }
}
