package dev.ashwood.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {
    /** Every character that can act on a terminal or reorder a line, written out by hand. */
    private static final String UNSAFE = "\u0000\u0007\u001b\n\r\t\u001f\u007f\u0080\u009b\u009f"
            + "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";
    /** Their neighbours, which print as themselves. */
    private static final String SAFE = " ~\u00a0\u00e9\u061b\u061d\u200d\u2010\u2027\u202f\u2065\u206a\u4e2d";

    @Test
    void escapesEachUnsafeCharacterAsBackslashUAndFourHexDigits() {
        for (char c : UNSAFE.toCharArray()) {
            assertEquals(String.format("a\\u%04xb", (int) c), Printable.escape("a" + c + "b"), "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void leavesTheNeighboursOfTheUnsafeRangesAlone() {
        assertSame(SAFE, Printable.escape(SAFE));
    }

    @Test
    void dumpFormatMessagesUseTheSameRule() {
        DumpFormatException e = DumpFormatException.atByte("x.hprof", 12, "class \u001b]0;owned\u0007 \u202eabc");
        assertEquals("x.hprof: at byte 12: class \\u001b]0;owned\\u0007 \\u202eabc", e.getMessage());
    }
}
