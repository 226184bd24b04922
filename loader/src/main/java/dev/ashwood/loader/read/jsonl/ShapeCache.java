package dev.ashwood.loader.read.jsonl;

import dev.ashwood.loader.model.Mix;
import dev.ashwood.loader.model.ShapeTable;
import java.util.Arrays;

/**
 * One parser thread's cache in front of the shared {@link ShapeTable}: objects of one class mostly
 * share a few shapes, so most records find theirs here without the shared lock. Long sequences
 * (sparse arrays, rarely repeated) go straight to the table.
 */
final class ShapeCache {
    private static final int LONGEST = 24;

    private final ShapeTable table;
    private int[][] keys = new int[1024][];
    private int[] ids = new int[1024];
    private int size;

    ShapeCache(ShapeTable table) {
        this.table = table;
    }

    int id(int[] seq, int count) {
        if (count > LONGEST || count == 0) {
            return table.intern(seq, 0, count);
        }
        int mask = keys.length - 1;
        for (int i = hash(seq, count) & mask; ; i = (i + 1) & mask) {
            int[] key = keys[i];
            if (key == null) {
                int id = table.intern(seq, 0, count);
                keys[i] = Arrays.copyOf(seq, count);
                ids[i] = id;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return id;
            }
            if (Arrays.equals(key, 0, key.length, seq, 0, count)) {
                return ids[i];
            }
        }
    }

    private void grow() {
        int[][] oldKeys = keys;
        int[] oldIds = ids;
        keys = new int[oldKeys.length * 2][];
        ids = new int[keys.length];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            int[] key = oldKeys[j];
            if (key != null) {
                int i = hash(key, key.length) & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = key;
                ids[i] = oldIds[j];
            }
        }
    }

    private static int hash(int[] seq, int count) {
        int h = count;
        for (int k = 0; k < count; k++) {
            h = 31 * h + seq[k];
        }
        return Mix.mix(h);
    }
}
