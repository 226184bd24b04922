package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What reaches the terminal from a hostile dump. */
class TextOutTest {
    @Test
    void controlCharactersFromTheDumpNeverReachTheTerminal() {
        StringWriter text = new StringWriter();
        TextOut out = new TextOut(new PrintWriter(text), null);
        out.println(TextOut.line().append("12 ").styled(TextOut.TYPE, "Evil\u001b[2J\u009bType\u0007"));
        out.flush();
        assertEquals("12 Evil?[2J?Type?" + System.lineSeparator(), text.toString(),
                "ESC, CSI and BEL in a type name are shown as '?', never sent to the terminal");
    }

    @Test
    void quotedValuesEscapeControlCharactersReadably() {
        assertEquals("\"a\\nb\\u001b[0m\\\"\"", Quote.text("a\nb\u001b[0m\""),
                "a string value is quoted with its newline, ESC and quote escaped");
    }
}
