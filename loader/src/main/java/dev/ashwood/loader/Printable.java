package dev.ashwood.loader;

/**
 * The one rule for showing dump content on a terminal. Dumps can be hostile: a type name, a string
 * value or a parser message quoting the file may hold ESC (which moves the cursor, sets the window
 * title, resets the terminal), C1 controls, or bidirectional overrides (U+202E shows the rest of the
 * line reversed). The loader's messages and the shell's output both escape what {@link #unsafe}
 * names, so the list lives here, once.
 */
public final class Printable {
    private Printable() {}

    /**
     * C0 and C1 controls, DEL, and the characters that reorder or break a displayed line: the
     * bidirectional embeddings, overrides, isolates and marks (U+061C, U+200E-F, U+202A-E,
     * U+2066-9) and the Unicode line and paragraph separators (U+2028-9).
     */
    public static boolean unsafe(char c) {
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
            return true;
        }
        return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * {@code s} with every unsafe character, line breaks included, written as a backslash, u and
     * four hex digits. Returns {@code s} itself when it is clean.
     */
    public static String escape(String s) {
        int i = 0;
        while (i < s.length() && !unsafe(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            appendEscaped(out, s.charAt(i));
        }
        return out.toString();
    }

    /** Appends {@code c}, or its {@code \\uXXXX} escape when it is unsafe. */
    public static void appendEscaped(StringBuilder out, char c) {
        if (unsafe(c)) {
            out.append("\\u").append(Character.forDigit(c >> 12 & 0xf, 16)).append(Character.forDigit(c >> 8 & 0xf, 16))
                    .append(Character.forDigit(c >> 4 & 0xf, 16)).append(Character.forDigit(c & 0xf, 16));
        } else {
            out.append(c);
        }
    }
}
