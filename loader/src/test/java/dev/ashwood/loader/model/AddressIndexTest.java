package dev.ashwood.loader.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** The three forms of the address index map both ways and pick the smallest. */
class AddressIndexTest {
    private static void assertMaps(AddressIndex index, long[] addresses) {
        assertEquals(addresses.length, index.count(), "count");
        for (int i = 0; i < addresses.length; i++) {
            assertEquals(addresses[i], index.address(i), "address of index " + i);
            assertEquals(i, index.indexOf(addresses[i]), "index of address " + addresses[i]);
        }
        assertEquals(-1, index.indexOf(addresses[0] - 1), "below the first address");
        assertEquals(-1, index.indexOf(addresses[addresses.length - 1] + 1000), "above the last address");
    }

    /** 1..130 without the multiples of 3: 87 addresses over three 64-bit words. */
    private static long[] everyThirdMissing() {
        return java.util.stream.LongStream.rangeClosed(1, 130).filter(a -> a % 3 != 0).toArray();
    }

    @Test
    void denseCostsNothing() {
        AddressIndex index = AddressIndex.of(new long[] {5, 6, 7, 8});
        assertMaps(index, new long[] {5, 6, 7, 8});
        assertEquals(0, index.bytes(), "dense ids need no memory");
    }

    @Test
    void rankedWhenAddressesFillAQuarterOfTheirRange() {
        long[] addresses = everyThirdMissing();
        AddressIndex index = AddressIndex.of(addresses.clone());
        assertMaps(index, addresses);
        assertEquals(-1, index.indexOf(3), "a gap");
        assertEquals(-1, index.indexOf(66), "a gap after a word boundary");
        assertEquals(8 * 3 + 4 * 3 + 4 + 4, index.bytes(), "three 64-bit words, their running counts, one page");
    }

    /**
     * Two clusters of HPROF-like addresses (/8) a gigabyte of heap apart, as a heap's old and young
     * generations are: only the pages holding addresses cost memory, and the index maps exactly.
     */
    @Test
    void rankedLeavesOutTheEmptyPagesBetweenClusters() {
        long[] addresses = new long[20_000];
        long a = 0x7_0000_0000L >>> 3;
        for (int i = 0; i < addresses.length; i++) {
            if (i == 10_000) {
                a += (1L << 30) >>> 3;
            }
            a += 2 + i % 5;
            addresses[i] = a;
        }
        AddressIndex index = AddressIndex.of(addresses.clone());
        assertMaps(index, addresses);
        for (int i = 1; i < addresses.length; i++) {
            for (long b = addresses[i - 1] + 1; b < addresses[i] && b < addresses[i - 1] + 10; b++) {
                assertEquals(-1, index.indexOf(b), "no object at " + b);
            }
        }
        assertEquals(-1, index.indexOf(addresses[9_999] + 70_000), "inside the gap between the clusters");
        assertTrue(index.bytes() < 3L * addresses.length, "about a byte per address, not 8: " + index.bytes());
        BitSet removed = new BitSet();
        removed.set(0, 10_000);
        assertMaps(index.retain(removed), java.util.Arrays.copyOfRange(addresses, 10_000, 20_000));
    }

    @Test
    void rankedFromUnorderedAddressesHoldsEachOnce() {
        long[] given = {105, 100, 103, 100, 101, 105};
        AddressIndex index = AddressIndex.rankedOrNull(100, 105, given.length, sink -> {
            for (long a : given) {
                sink.accept(a);
            }
        });
        assertMaps(index, new long[] {100, 101, 103, 105});
    }

    @Test
    void sortedForScatteredPointers() {
        long[] addresses = {140000000000016L, 140000000000064L, 140000000900000L};
        AddressIndex index = AddressIndex.of(addresses.clone());
        assertMaps(index, addresses);
        assertEquals(8 * 3, index.bytes(), "8 bytes per address");
    }

    @Test
    void retainKeepsTheRestInOrder() {
        BitSet removed = new BitSet();
        removed.set(1);
        removed.set(3);
        AddressIndex dense = AddressIndex.dense(1, 6).retain(removed);
        assertMaps(dense, new long[] {1, 3, 5, 6});
        long[] addresses = everyThirdMissing();
        AddressIndex ranked = AddressIndex.of(addresses.clone()).retain(removed);
        long[] rest = new long[addresses.length - 2];
        for (int i = 0, j = 0; i < addresses.length; i++) {
            if (i != 1 && i != 3) {
                rest[j++] = addresses[i];
            }
        }
        assertMaps(ranked, rest);
        removed.clear();
        removed.set(0);
        assertMaps(AddressIndex.dense(1, 4).retain(removed), new long[] {2, 3, 4});
        assertEquals(0, AddressIndex.dense(1, 4).retain(removed).bytes(), "still dense after removing the first");
    }
}
