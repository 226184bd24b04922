package dev.ashwood.loader.model;

import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import java.util.Arrays;

/**
 * A column of numbers that are nearly always small (sizes, lengths, ref counts), two bytes each: a
 * value from -1 to 65533 is kept inline (as value + 1), anything larger goes to a side map. Two
 * bytes instead of four per object and column are what keep a Meliae dump's model (8-byte
 * addresses) inside 40 bytes per object, and the parsed chunks small while loading. Used as a
 * fixed column ({@link #set}; writers on distinct indexes may run in parallel) or as a growable
 * list ({@link #add}, one writer).
 */
public final class SmallLongs {
    private static final char OVERFLOW = 0xffff;

    private char[] inline;
    private final Int2LongOpenHashMap large = new Int2LongOpenHashMap();
    private int size;

    /** A column of {@code count} values, each -1 until set. */
    public SmallLongs(int count) {
        inline = new char[count];
        size = count;
    }

    /** An empty list with room for {@code capacity} values before it grows. */
    public static SmallLongs list(int capacity) {
        SmallLongs list = new SmallLongs(Math.max(capacity, 8));
        list.size = 0;
        return list;
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

    public void add(long value) {
        if (size == inline.length) {
            inline = Arrays.copyOf(inline, size + (size >> 1) + 16);
        }
        set(size++, value);
    }

    public long get(int i) {
        char c = inline[i];
        return c != OVERFLOW ? c - 1 : large.get(i);
    }

    public int size() {
        return size;
    }

    /** Keeps the first {@code n} values of a list. */
    public void truncate(int n) {
        size = Math.min(size, n);
    }

    /** Drops the room a list has beyond its size (its presized guess was too generous). */
    public void trim() {
        if (inline.length > size) {
            inline = Arrays.copyOf(inline, size);
        }
    }

    /** Frees the storage (the list is done with). */
    public void release() {
        inline = new char[0];
        large.clear();
        large.trim();
        size = 0;
    }

    public long bytes() {
        return 2L * inline.length + 16L * large.size() * 2;
    }
}
