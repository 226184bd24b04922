package dev.ashwood.loader.read.jsonl;

import dev.ashwood.loader.model.Mix;
import dev.ashwood.loader.model.NameTable;
import java.util.Arrays;

/**
 * One parser thread's cache in front of a shared {@link NameTable}: finds the id of a type or field
 * name straight from the parser's char buffer, so the common case allocates no String and takes
 * no shared lock. Type and field names are few (thousands) and repeat millions of times.
 */
final class NameCache {
    private final NameTable table;
    private char[][] keys = new char[1024][];
    private int[] ids = new int[1024];
    private int size;

    NameCache(NameTable table) {
        this.table = table;
    }

    int id(char[] chars, int offset, int count) {
        int mask = keys.length - 1;
        for (int i = hash(chars, offset, count) & mask; ; i = (i + 1) & mask) {
            char[] key = keys[i];
            if (key == null) {
                int id = table.intern(new String(chars, offset, count));
                keys[i] = Arrays.copyOfRange(chars, offset, offset + count);
                ids[i] = id;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return id;
            }
            if (Arrays.equals(key, 0, key.length, chars, offset, offset + count)) {
                return ids[i];
            }
        }
    }

    private void grow() {
        char[][] oldKeys = keys;
        int[] oldIds = ids;
        keys = new char[oldKeys.length * 2][];
        ids = new int[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            char[] key = oldKeys[j];
            if (key != null) {
                int i = hash(key, 0, key.length) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                ids[i] = oldIds[j];
            }
        }
    }

    private static int hash(char[] chars, int offset, int count) {
        int h = count;
        for (int i = offset, end = offset + count; i < end; i++) {
            h = 31 * h + chars[i];
        }
        return Mix.mix(h);
    }
}
