package dev.ashwood.loader.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Interning gives one id per distinct text, across the table's growth and after freezing. */
class StringPoolTest {
    @Test
    void oneIdPerTextThroughGrowthAndFreeze() {
        StringPool pool = new StringPool();
        int n = 50_000; // the table starts at 2048 slots: it doubles several times
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = pool.intern("account-" + i + (i % 7 == 0 ? "-\u20ac" : ""));
        }
        assertEquals(n, pool.size(), "distinct texts, distinct ids");
        for (int i = 0; i < n; i += 97) {
            assertEquals(ids[i], pool.intern("account-" + i + (i % 7 == 0 ? "-\u20ac" : "")), "the same text again: its id");
            assertEquals("account-" + i + (i % 7 == 0 ? "-\u20ac" : ""), pool.get(ids[i]), "the text of an id");
        }
        pool.freeze();
        assertEquals(ids[4243], pool.intern("account-4243"), "after freezing, the table is rebuilt on demand");
        assertEquals(n, pool.intern("new after freeze"), "a new text after freezing gets the next id");
    }
}
