package dev.ashwood.loader.internal;

import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;

/**
 * A column of per-object numbers that are nearly always small (sizes, lengths), two bytes each:
 * a value from -1 to 65533 is kept inline (as value + 1), anything larger goes to a side map.
 * Two columns at two bytes instead of four per object are what keep a Meliae dump's model (8-byte
 * addresses) inside 40 bytes per object. Writers on distinct indexes may run in parallel.
 */
public final class SmallLongs {
    private static final char OVERFLOW = 0xffff;

    private final char[] inline;
    private final Int2LongOpenHashMap large = new Int2LongOpenHashMap();

    public SmallLongs(int count) {
        inline = new char[count];
    }

    /** {@code value} must be -1 or more. */
    public void set(int i, long value) {
        if (value + 1 < OVERFLOW) {
            inline[i] = (char) (value + 1);
        } else {
            inline[i] = OVERFLOW;
            synchronized (large) {
                large.put(i, value);
            }
        }
    }

    public long get(int i) {
        char c = inline[i];
        return c != OVERFLOW ? c - 1 : large.get(i);
    }

    public int count() {
        return inline.length;
    }

    public long bytes() {
        return 2L * inline.length + 16L * large.size() * 2;
    }
}
