package dev.ashwood.shell.internal;

import java.io.PrintWriter;
import java.util.concurrent.CancellationException;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Line-by-line text output for people, coloured only on a real terminal. Every line checks for
 * interruption, so Ctrl-C stops a long listing as promptly as a long computation.
 */
final class TextOut {
    static final AttributedStyle ID = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    static final AttributedStyle TYPE = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    static final AttributedStyle HEADER = AttributedStyle.BOLD;
    static final AttributedStyle HINT = AttributedStyle.DEFAULT.faint();
    static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);

    private final PrintWriter out;
    private final PrintWriter hints;
    private final Terminal colours;

    /** Plain or coloured text with the "more" hints inline, as the REPL shows them. */
    TextOut(PrintWriter out, Terminal colours) {
        this(out, out, colours);
    }

    /**
     * @param hints where "N more" hints go: the same writer in the REPL, standard error in scripts
     *              so that standard output stays exactly the commands' output (Meliae's table, byte
     *              for byte)
     * @param colours the terminal whose capabilities decide the escape codes, or null for plain text
     */
    TextOut(PrintWriter out, PrintWriter hints, Terminal colours) {
        this.out = out;
        this.hints = hints;
        this.colours = colours;
    }

    void println(AttributedStringBuilder line) {
        println(line.toAttributedString());
    }

    void println(AttributedString line) {
        if (Thread.interrupted()) {
            throw new CancellationException("cancelled");
        }
        AttributedString safe = withoutControlCharacters(line);
        out.println(colours == null ? safe.toString() : safe.toAnsi(colours));
    }

    /**
     * Type, field and class names come from the dump, which may be hostile: a control character
     * (ESC above all) must not reach the terminal, where it could move the cursor or rewrite the
     * screen, and a bidirectional override would show the rest of the line reversed. Each such
     * character ({@link Quote#unsafe}) becomes '?'; the styles we added ourselves are kept.
     */
    static AttributedString withoutControlCharacters(AttributedString line) {
        boolean clean = true;
        for (int i = 0; i < line.length() && clean; i++) {
            clean = !Quote.unsafe(line.charAt(i));
        }
        if (clean) {
            return line;
        }
        AttributedStringBuilder safe = new AttributedStringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            safe.style(line.styleAt(i)).append(Quote.unsafe(c) ? '?' : c);
        }
        return safe.toAttributedString();
    }

    void println(String line) {
        println(new AttributedString(line));
    }

    void println(AttributedStyle style, String line) {
        println(new AttributedString(line, style));
    }

    /** The "there is more" line under a cut list: how many were left out and how to see them. */
    void more(long hidden, String how) {
        if (hidden <= 0) {
            return;
        }
        if (hints == out) {
            println(HINT, "... " + hidden + " more (" + how + ")");
        } else {
            out.flush();
            hints.println("ashwood: ... " + hidden + " more (" + how + ")");
            hints.flush();
        }
    }

    void flush() {
        out.flush();
    }

    static AttributedStringBuilder line() {
        return new AttributedStringBuilder();
    }
}
