package dev.ashwood.loader.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    /**
     * The empty text needs no bytes but still an offset inside a page: the first text of a pool being
     * "" looked in a page that did not exist yet (IndexOutOfBoundsException: a corrupted Meliae line
     * {"name":""shop"} crashed the loader before its syntax error could be reported).
     */
    @Test
    void theEmptyTextFirst() {
        StringPool pool = new StringPool();
        int empty = pool.intern("");
        assertEquals("", pool.get(empty), "the empty text reads back");
        assertEquals(empty, pool.intern(""), "the empty text again: its id");
        int a = pool.intern("a");
        assertEquals("a", pool.get(a), "a text after the empty one");
        assertEquals("", pool.get(empty), "the empty text still reads back");
    }

    /** "" right after a page filled to its last byte got the offset one past the page: the next page's, which did not exist. */
    @Test
    void theEmptyTextAfterAPageFilledExactly() {
        StringPool pool = new StringPool();
        int quarter = 1 << 16; // 2^18-byte pages, and texts of up to a quarter page go into them: four fill one exactly
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            texts.add(String.valueOf((char) ('a' + i)).repeat(quarter));
        }
        texts.add("");
        texts.add("after");
        texts.add("");
        int[] ids = new int[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            ids[i] = pool.intern(texts.get(i));
            assertEquals(texts.get(i).length(), pool.get(ids[i]).length(), "text " + i + " reads back at once");
        }
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), pool.get(ids[i]), "text " + i + " reads back after the ones that follow it");
            assertEquals(ids[i], pool.intern(texts.get(i)), "text " + i + " again: its id");
        }
        assertEquals(6, pool.size(), "five distinct texts and the empty one once");
    }

    /**
     * The HPROF parser threads intern a block's Strings while holding the pool's monitor, and boxed
     * chars one at a time without it; the pool's own lock is what makes both safe. Four threads, two
     * of each kind, intern overlapping texts: every text must end with exactly one id that reads
     * back as itself.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentInterningWithAndWithoutTheBlockLock() throws Exception {
        StringPool pool = new StringPool();
        int texts = 40_000;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                boolean blockLock = t % 2 == 0;
                int first = t * texts / 8; // overlapping ranges: the same texts race to be added
                results.add(threads.submit(() -> {
                    int[] ids = new int[texts];
                    for (int i = 0; i < texts; i += 100) {
                        if (blockLock) {
                            synchronized (pool) {
                                for (int j = i; j < i + 100; j++) {
                                    ids[j] = pool.intern(text((first + j) % texts));
                                }
                            }
                        } else {
                            for (int j = i; j < i + 100; j++) {
                                ids[j] = pool.intern(text((first + j) % texts));
                            }
                        }
                    }
                    return ids;
                }));
            }
            int[] idOf = new int[texts];
            java.util.Arrays.fill(idOf, -1);
            for (int t = 0; t < 4; t++) {
                int first = t * texts / 8;
                int[] ids = results.get(t).get(50, TimeUnit.SECONDS);
                for (int j = 0; j < texts; j++) {
                    int k = (first + j) % texts;
                    if (idOf[k] < 0) {
                        idOf[k] = ids[j];
                    }
                    assertEquals(idOf[k], ids[j], "every thread got one id for text " + k);
                }
            }
            assertEquals(texts, pool.size(), "one entry per distinct text");
            for (int k = 0; k < texts; k++) {
                assertEquals(text(k), pool.get(idOf[k]), "id of text " + k + " reads back as it");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /**
     * Latin-1 bytes (a compact String's value) and chars of the same text get the same id, in either
     * order, for the empty text, high Latin-1 chars, and text too long for a page; a text with a
     * char above 0xff never matches bytes. Checked against the texts themselves, not the pool.
     */
    @Test
    void latin1BytesAndCharsOfOneTextShareAnId() {
        StringPool pool = new StringPool();
        List<String> texts = new ArrayList<>(List.of("", "caf\u00e9", "\u00ff\u0080\u00a0", "x".repeat(70_000), "plain"));
        for (int i = 0; i < 3000; i++) {
            texts.add("k" + i + (i % 3 == 0 ? "\u00e9" : ""));
        }
        java.util.Map<String, Integer> first = new java.util.HashMap<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                boolean bytes = (i + round) % 2 == 0; // each text first one way, then the other
                byte[] latin1 = ("<" + t + ">").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                int id = bytes ? pool.internLatin1(latin1, 1, t.length()) : pool.intern(t);
                Integer before = first.putIfAbsent(t, id);
                assertEquals(before == null ? id : before, id, "one id for \"" + t.substring(0, Math.min(t.length(), 20)) + "\"");
                assertEquals(t, pool.get(id));
            }
        }
        assertEquals(texts.size(), pool.size(), "no text stored twice");
        int wide = pool.intern("\u0101");
        int narrow = pool.internLatin1(new byte[] {1}, 0, 1);
        assertEquals(false, wide == narrow, "U+0101 is not the byte 0x01");
        assertEquals("\u0001", pool.get(narrow));
    }

    /** Texts of 0..20 chars (one empty, some wide), so pages fill and turn over while the threads race. */
    private static String text(int k) {
        return k == 0 ? "" : "t" + k + "-".repeat(k % 13) + (k % 5 == 0 ? "\u20ac" : "");
    }
}
