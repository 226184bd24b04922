package dev.ashwood.shell.internal;

import java.io.PrintWriter;
import org.jline.terminal.Terminal;

/** Renders results in the session's output mode: text for people or one JSON document per line. */
final class Printer {
    private final TextOut text;
    private final JsonOut json;

    /**
     * @param hints where text mode's "N more" hints go (see {@link TextOut})
     * @param colours the terminal to colour for, or null for plain text
     */
    Printer(PrintWriter out, PrintWriter hints, boolean asJson, Terminal colours) {
        this.text = asJson ? null : new TextOut(out, hints, colours);
        this.json = asJson ? new JsonOut(out) : null;
    }

    void print(Result result) {
        if (json != null) {
            json.write(result);
        } else {
            try {
                result.writeText(text);
            } finally {
                text.flush();
            }
        }
    }
}
