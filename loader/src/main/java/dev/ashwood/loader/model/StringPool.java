package dev.ashwood.loader.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deduplicated string text (values and names) in large byte pages instead of one {@link String}
 * per distinct value: a heap with millions of distinct short strings would otherwise pay 40+
 * bytes of object headers per value. Text whose chars all fit in one byte is stored one byte per
 * char (as the JDK's compact strings do), other text two bytes per char. Thread-safe: parser
 * threads intern into one pool. {@link #freeze} drops the dedup table once loading is done, so at
 * rest a distinct string costs its text plus 8 bytes.
 */
public final class StringPool {
    private static final int PAGE_BITS = 18;
    private static final int PAGE = 1 << PAGE_BITS;
    /** Marks a length as UTF-16 (two bytes per char). */
    private static final int WIDE = 1 << 31;

    private final List<byte[]> pages = new ArrayList<>();
    private final List<char[]> huge = new ArrayList<>();
    private int used = PAGE;

    /** Per entry: global byte offset in the pages, or -(index in huge + 1). */
    private int[] start = new int[1024];
    /** Per entry: length in chars, with {@link #WIDE} set for two-byte text. */
    private int[] length = new int[1024];
    private int size;

    /**
     * Open addressing: each slot holds an entry's hash in its high half and entry id + 1 in its low
     * half, 0 when empty; at most half full; null once frozen. Interning a new text is a miss,
     * and nearly every text of a dump is new: at 3/4 load a miss probed 8.5 slots on average,
     * each reading the entry's hash from a second array (a cache miss apiece), which made this
     * loop the hottest of an HPROF load. Half full, a miss probes 2.5 slots and reads nothing else.
     */
    private long[] slots = new long[2048];

    /** The id of the text {@code chars[offset..offset+count)}, adding it if new. */
    public synchronized int intern(char[] chars, int offset, int count) {
        int mask = table();
        int h = hash(chars, offset, count);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return added(i, h, add(chars, offset, count));
            }
            if ((int) (slot >>> 32) == h && equalsAt((int) slot - 1, chars, offset, count)) {
                return (int) slot - 1;
            }
        }
    }

    /**
     * As {@link #intern(char[], int, int)} for the text whose chars are the bytes
     * {@code latin1[offset..offset+count)} (a compact String's Latin-1 value), without making
     * chars of it first: the same text gets the same id either way.
     */
    public synchronized int internLatin1(byte[] latin1, int offset, int count) {
        int mask = table();
        int h = hashLatin1(latin1, offset, count);
        for (int i = h & mask; ; i = (i + 1) & mask) {
            long slot = slots[i];
            if (slot == 0) {
                return added(i, h, addLatin1(latin1, offset, count));
            }
            if ((int) (slot >>> 32) == h && equalsLatin1At((int) slot - 1, latin1, offset, count)) {
                return (int) slot - 1;
            }
        }
    }

    /** The dedup table (rebuilt after {@link #freeze}), as its mask. */
    private int table() {
        if (slots == null) {
            slots = new long[Integer.highestOneBit(Math.max(size, 512)) * 4];
            for (int id = 0; id < size; id++) {
                char[] c = chars(id);
                place((long) hash(c, 0, c.length) << 32 | (id + 1));
            }
        }
        return slots.length - 1;
    }

    /** Puts new entry {@code id} of hash {@code h} in free slot {@code i}, growing the table past half full; returns id. */
    private int added(int i, int h, int id) {
        slots[i] = (long) h << 32 | (id + 1);
        if (size * 2L > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            for (long o : old) {
                if (o != 0) {
                    place(o);
                }
            }
        }
        return id;
    }

    /** Puts a slot value (hash and id + 1) in the first free slot from its hash. */
    private void place(long slot) {
        int mask = slots.length - 1;
        int i = (int) (slot >>> 32) & mask;
        while (slots[i] != 0) {
            i = (i + 1) & mask;
        }
        slots[i] = slot;
    }

    public int intern(String s) {
        return intern(s.toCharArray(), 0, s.length());
    }

    public synchronized String get(int id) {
        return new String(chars(id));
    }

    public synchronized int size() {
        return size;
    }

    /** Drops the dedup table and trims the entry arrays (interning again rebuilds the table). */
    public synchronized void freeze() {
        slots = null;
        start = Arrays.copyOf(start, size);
        length = Arrays.copyOf(length, size);
    }

    /** Memory held: pages, entry table and the dedup table while there is one. */
    public synchronized long bytes() {
        long total = 8L * start.length + (slots == null ? 0 : 8L * slots.length);
        for (byte[] page : pages) {
            total += 16 + page.length;
        }
        for (char[] h : huge) {
            total += 16 + 2L * h.length;
        }
        return total;
    }

    private int add(char[] chars, int offset, int count) {
        growEntries();
        boolean wide = false;
        for (int i = offset; i < offset + count && !wide; i++) {
            wide = chars[i] > 0xff;
        }
        int bytes = wide ? 2 * count : count;
        if (bytes > PAGE / 4) {
            huge.add(Arrays.copyOfRange(chars, offset, offset + count));
            start[size] = -huge.size();
            length[size] = count;
            return size++;
        }
        byte[] page = room(bytes);
        for (int i = 0; i < count; i++) {
            char c = chars[offset + i];
            if (wide) {
                page[used + 2 * i] = (byte) (c >> 8);
                page[used + 2 * i + 1] = (byte) c;
            } else {
                page[used + i] = (byte) c;
            }
        }
        start[size] = (pages.size() - 1) << PAGE_BITS | used;
        length[size] = wide ? count | WIDE : count;
        used += bytes;
        return size++;
    }

    private int addLatin1(byte[] latin1, int offset, int count) {
        if (count > PAGE / 4) {
            // Kept as chars like any huge text: the char path stores it (rare, so its copy is no cost).
            char[] c = new char[count];
            for (int i = 0; i < count; i++) {
                c[i] = (char) (latin1[offset + i] & 0xff);
            }
            return add(c, 0, count);
        }
        growEntries();
        byte[] page = room(count);
        System.arraycopy(latin1, offset, page, used, count);
        start[size] = (pages.size() - 1) << PAGE_BITS | used;
        length[size] = count;
        used += count;
        return size++;
    }

    private void growEntries() {
        if (size == start.length) {
            start = Arrays.copyOf(start, size + (size >> 1) + 16);
            length = Arrays.copyOf(length, start.length);
        }
    }

    /** The page to write {@code bytes} more bytes at {@link #used}: the open one, or a new one. */
    private byte[] room(int bytes) {
        // An entry's start is an offset inside its page even when it has no bytes: the empty text
        // needs an open page with room for one, or it names a page that does not exist (the first
        // text being "", or "" right after a page filled to its last byte).
        if (used + Math.max(bytes, 1) > PAGE) {
            if (pages.size() >= 1 << (31 - PAGE_BITS)) {
                throw new IllegalStateException("string values exceed 2 GiB");
            }
            pages.add(new byte[PAGE]);
            used = 0;
        }
        return pages.get(pages.size() - 1);
    }

    private char[] chars(int id) {
        int s = start[id];
        if (s < 0) {
            return huge.get(-s - 1);
        }
        int count = length[id] & ~WIDE;
        boolean wide = (length[id] & WIDE) != 0;
        byte[] page = pages.get(s >>> PAGE_BITS);
        int at = s & (PAGE - 1);
        char[] out = new char[count];
        for (int i = 0; i < count; i++) {
            out[i] = wide ? (char) ((page[at + 2 * i] & 0xff) << 8 | (page[at + 2 * i + 1] & 0xff))
                    : (char) (page[at + i] & 0xff);
        }
        return out;
    }

    private boolean equalsAt(int id, char[] chars, int offset, int count) {
        if ((length[id] & ~WIDE) != count) {
            return false;
        }
        int s = start[id];
        if (s < 0) {
            return Arrays.equals(huge.get(-s - 1), 0, count, chars, offset, offset + count);
        }
        boolean wide = (length[id] & WIDE) != 0;
        byte[] page = pages.get(s >>> PAGE_BITS);
        int at = s & (PAGE - 1);
        for (int i = 0; i < count; i++) {
            char c = wide ? (char) ((page[at + 2 * i] & 0xff) << 8 | (page[at + 2 * i + 1] & 0xff))
                    : (char) (page[at + i] & 0xff);
            if (c != chars[offset + i]) {
                return false;
            }
        }
        return true;
    }

    /** Text stored one byte per char equals these Latin-1 bytes; two-byte text never does (it has a char above 0xff). */
    private boolean equalsLatin1At(int id, byte[] latin1, int offset, int count) {
        if (length[id] != count) {
            return false;
        }
        int s = start[id];
        if (s < 0) {
            char[] c = huge.get(-s - 1);
            for (int i = 0; i < count; i++) {
                if (c[i] != (char) (latin1[offset + i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }
        int at = s & (PAGE - 1);
        return Arrays.equals(pages.get(s >>> PAGE_BITS), at, at + count, latin1, offset, offset + count);
    }

    /** {@link #hash(char[], int, int)} of the chars these Latin-1 bytes are. */
    private static int hashLatin1(byte[] latin1, int offset, int count) {
        int h = 1;
        for (int i = offset, end = offset + count; i < end; i++) {
            h = 31 * h + (latin1[i] & 0xff);
        }
        return Mix.mix(h);
    }

    private static int hash(char[] chars, int offset, int count) {
        int h = 1;
        for (int i = offset, end = offset + count; i < end; i++) {
            h = 31 * h + chars[i];
        }
        return Mix.mix(h);
    }
}
