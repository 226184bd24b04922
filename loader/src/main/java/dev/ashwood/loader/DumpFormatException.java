package dev.ashwood.loader;

import java.io.IOException;

/**
 * The dump's content is not a valid ashwood or Meliae dump. The message is one line fit to show a
 * user as is: {@code "FILE:LINE: what is wrong"}.
 */
public class DumpFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long line;

    /** @param line 1-based line of the input where the problem is */
    public DumpFormatException(String file, long line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.line = line;
    }

    /** The 1-based line of the input where the problem is. */
    public long line() {
        return line;
    }
}
