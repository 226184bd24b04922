package dev.ashwood.shell.internal;

import dev.ashwood.loader.Printable;

/**
 * Shows dump content to a person without letting it act on the terminal: quotes and escapes
 * strings by the loader's one rule ({@link Printable}).
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
        return Printable.escape(s);
    }

    private static void append(StringBuilder out, char c) {
        Printable.appendEscaped(out, c);
    }

    /** What {@link Printable#unsafe} names: the loader's messages and the shell's output share one rule. */
    static boolean unsafe(char c) {
        return Printable.unsafe(c);
    }
}
