package dev.ashwood.loader.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The paged list against a plain long[]: values across page boundaries, ints read back unsigned
 * (HPROF ids / 8 up to 2^32 - 1), widening to longs at any point (a Meliae pointer or a negative
 * value after ints), in-place overwrites and copies that span pages.
 */
class CompactLongsTest {
    private static void check(long seed, int n, int widenAt) {
        Random random = new Random(seed);
        CompactLongs list = new CompactLongs(random.nextInt(2 * n + 1));
        long[] expected = new long[n];
        for (int i = 0; i < n; i++) {
            long v = i == widenAt ? (1L << 40) + random.nextInt(1000)
                    : switch (random.nextInt(3)) {
                        case 0 -> random.nextInt(Integer.MAX_VALUE);
                        case 1 -> (1L << 32) - 1 - random.nextInt(1 << 20);   // unsigned ints, still 4 bytes
                        default -> -random.nextInt(1000);                      // negative: kept as longs
                    };
            expected[i] = v;
            list.add(v);
        }
        String where = "seed " + seed + ", " + n + " values, widened at " + widenAt;
        assertEquals(n, list.size(), where);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i], list.get(i), "value " + i + " reads back as added (" + where + ")");
        }
        // Overwrite a prefix in place, as resolving refs does (position written <= position read).
        int kept = n / 3;
        for (int i = 0; i < kept; i++) {
            int v = (int) (expected[3 * i] & 0x3fffffff);
            list.setInt(i, v);
            expected[i] = v;
        }
        for (int i = kept; i < n; i++) {
            assertEquals(expected[i], list.get(i), "values after the overwritten prefix are untouched (" + where + ")");
        }
        int from = kept > 0 ? random.nextInt(kept) : 0;
        int count = kept - from;
        int[] out = new int[count + 3];
        list.copyInts(from, out, 3, count);
        for (int j = 0; j < count; j++) {
            assertEquals(expected[from + j], out[3 + j], "copied value " + (from + j) + " (" + where + ")");
        }
    }

    @Test
    void matchesAPlainArray() {
        long seed = System.nanoTime();
        System.out.println("CompactLongsTest seed " + seed);
        Random random = new Random(seed);
        int page = CompactLongs.PAGE;
        int[] sizes = {0, 1, page - 1, page, page + 1, 3 * page + 17};
        for (int n : sizes) {
            check(random.nextLong(), n, -1);                       // ints only
            if (n > 0) {
                check(random.nextLong(), n, 0);                    // longs from the start
                check(random.nextLong(), n, n - 1);                // widened at the last value
                check(random.nextLong(), n, random.nextInt(n));    // anywhere
            }
        }
    }

    @Test
    void truncateAndRelease() {
        CompactLongs list = new CompactLongs(0);
        for (int i = 0; i < CompactLongs.PAGE + 5; i++) {
            list.add(i);
        }
        list.truncate(CompactLongs.PAGE - 1);
        assertEquals(CompactLongs.PAGE - 1, list.size(), "truncated");
        list.add(-7);
        assertEquals(-7, list.get(CompactLongs.PAGE - 1), "adding after a truncate overwrites");
        list.release();
        assertEquals(0, list.size(), "released");
    }
}
