package dev.ashwood.shell.internal;

/**
 * Shows dump content to a person without letting it act on the terminal. Dumps can be hostile: a
 * type name, a string value or a parser message quoting the file may hold ESC (which moves the
 * cursor, sets the window title, resets the terminal), C1 controls, or bidirectional overrides
 * (U+202E shows the rest of the line reversed). Every such character is escaped as {@code \\uXXXX}.
 */
final class Quote {
    private Quote() {}

    /** A dump string quoted, with quotes, backslashes and unsafe characters escaped. */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> append(out, c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * A message for one line of standard error or the REPL that may quote dump content (jackson's
     * "Unrecognized token" quotes the bytes it met; "did you mean" quotes a type name): the same
     * text with every unsafe character, line breaks included, escaped. Costs nothing when clean.
     */
    static String message(String s) {
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            append(out, s.charAt(i));
        }
        return out.toString();
    }

    private static void append(StringBuilder out, char c) {
        if (unsafe(c)) {
            out.append(String.format("\\u%04x", (int) c));
        } else {
            out.append(c);
        }
    }

    /**
     * C0 and C1 controls, DEL, and the characters that reorder or break a displayed line: the
     * bidirectional embeddings, overrides, isolates and marks (U+061C, U+200E-F, U+202A-E,
     * U+2066-9) and the Unicode line and paragraph separators.
     */
    static boolean unsafe(char c) {
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return true;
        }
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }
}
