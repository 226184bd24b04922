package dev.ashwood.loader.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deduplicated string text (values and names), stored as chars in large pages instead of one
 * {@link String} per distinct value: a heap with millions of distinct short strings would
 * otherwise pay 40+ bytes of object headers per value. Thread-safe: parser threads intern into
 * one pool.
 */
public final class StringPool {
    /** Chars per page; a longer string gets a page of its own. */
    private static final int PAGE = 1 << 20;

    private final List<char[]> pages = new ArrayList<>();
    private int pageUsed = PAGE;

    /** Per entry: page number in the high 32 bits, offset in the low 32. */
    private long[] location = new long[1024];
    private int[] length = new int[1024];
    private int size;

    /** Open addressing: entry id + 1, 0 for an empty slot; kept at most half full. */
    private int[] slots = new int[2048];

    /** The id of the text {@code chars[offset..offset+count)}, adding it if new. */
    public synchronized int intern(char[] chars, int offset, int count) {
        int hash = hash(chars, offset, count);
        int mask = slots.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int slot = slots[i];
            if (slot == 0) {
                int id = add(chars, offset, count);
                slots[i] = id + 1;
                if (size * 2 > slots.length) {
                    rehash();
                }
                return id;
            }
            if (equalsAt(slot - 1, chars, offset, count)) {
                return slot - 1;
            }
        }
    }

    public int intern(String s) {
        return intern(s.toCharArray(), 0, s.length());
    }

    public synchronized String get(int id) {
        long loc = location[id];
        return new String(pages.get((int) (loc >>> 32)), (int) loc, length[id]);
    }

    public synchronized int size() {
        return size;
    }

    /** Memory held: pages, entry table and hash slots. */
    public synchronized long bytes() {
        long total = 0;
        for (char[] page : pages) {
            total += 16 + 2L * page.length;
        }
        return total + 8L * location.length + 4L * length.length + 4L * slots.length;
    }

    private int add(char[] chars, int offset, int count) {
        if (size == location.length) {
            location = Arrays.copyOf(location, size * 2);
            length = Arrays.copyOf(length, size * 2);
        }
        char[] page;
        if (count > PAGE / 4) {
            page = Arrays.copyOfRange(chars, offset, offset + count);
            pages.add(page);
            location[size] = (long) (pages.size() - 1) << 32;
        } else {
            if (pageUsed + count > PAGE) {
                pages.add(new char[PAGE]);
                pageUsed = 0;
            }
            int current = lastFullPage();
            System.arraycopy(chars, offset, pages.get(current), pageUsed, count);
            location[size] = (long) current << 32 | pageUsed;
            pageUsed += count;
        }
        length[size] = count;
        return size++;
    }

    /** The page small strings go to: the last page of size PAGE (big strings have their own). */
    private int lastFullPage() {
        for (int p = pages.size() - 1; ; p--) {
            if (pages.get(p).length == PAGE) {
                return p;
            }
        }
    }

    private boolean equalsAt(int id, char[] chars, int offset, int count) {
        if (length[id] != count) {
            return false;
        }
        long loc = location[id];
        char[] page = pages.get((int) (loc >>> 32));
        int start = (int) loc;
        return Arrays.equals(page, start, start + count, chars, offset, offset + count);
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < size; id++) {
            long loc = location[id];
            int h = hash(pages.get((int) (loc >>> 32)), (int) loc, length[id]);
            int i = h & mask;
            while (bigger[i] != 0) {
                i = (i + 1) & mask;
            }
            bigger[i] = id + 1;
        }
        slots = bigger;
    }

    private static int hash(char[] chars, int offset, int count) {
        int h = 1;
        for (int i = offset, end = offset + count; i < end; i++) {
            h = 31 * h + chars[i];
        }
        return h ^ (h >>> 16) * 0x45d9f3b;
    }
}
