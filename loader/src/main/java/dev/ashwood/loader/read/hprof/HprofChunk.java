package dev.ashwood.loader.read.hprof;

import java.util.Arrays;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * The objects of one block of heap sub-records as parsed, before sizes (which need the VM's
 * settings, inferred from all blocks) and string values (whose arrays may be in another block)
 * are known. All primitive lists.
 */
final class HprofChunk {
    final int seq;
    /** The first problem in the block: its byte offset and what is wrong (null when none). */
    long errorOffset = -1;
    String error;

    final IdList address;
    /** Class index ({@link HprofClass#index}) of each object. */
    final IntArrayList cls;
    /** Array length, -1 for an instance. */
    final IntArrayList length;
    final IntArrayList value;
    final IntArrayList shape;
    final IntArrayList refCount;
    final IdList refs;

    /** Class objects (the reader's own chunk): the class index each record is the mirror of, else empty. */
    final IntArrayList mirrorOf = new IntArrayList();
    final IntArrayList nameRecord = new IntArrayList();
    final IntArrayList nameId = new IntArrayList();
    final LongArrayList rootRef = new LongArrayList();
    final IntArrayList rootKind = new IntArrayList();

    /** Strings: record, id of the value array, coder (0 Latin-1, 1 UTF-16, -1 a char[] value). */
    final IntArrayList stringRecord = new IntArrayList();
    final LongArrayList stringArray = new LongArrayList();
    final IntArrayList stringCoder = new IntArrayList();
    /** byte[] and char[] arrays: id, length, element type, and the start of their first bytes in {@link #text}. */
    final LongArrayList textArray = new LongArrayList();
    final IntArrayList textLength = new IntArrayList();
    final IntArrayList textType = new IntArrayList();
    final IntArrayList textStart = new IntArrayList();
    final Text text = new Text();

    /**
     * The smallest distance to the next object's address seen per class and length, key
     * {@code index << 4 | slot} (slot: the length for arrays shorter than 8, 15 for instances);
     * the value is {@code gap << 8 | times seen (at most 255)}.
     */
    final Long2IntOpenHashMap gaps = new Long2IntOpenHashMap();

    HprofChunk(int seq, int records, int refs) {
        this.seq = seq;
        address = new IdList(records);
        cls = new IntArrayList(records);
        length = new IntArrayList(records);
        value = new IntArrayList(records);
        shape = new IntArrayList(records);
        refCount = new IntArrayList(records);
        this.refs = new IdList(refs);
    }

    int records() {
        return cls.size();
    }

    void fail(long offset, String problem) {
        if (error == null) {
            errorOffset = offset;
            error = problem;
        }
    }

    /** Notes that an object of class {@code index} (array length {@code len}, -1 for none) is followed {@code gap} bytes later by the next. */
    void gap(int index, int len, long gap) {
        if (gap <= 0 || gap > (1 << 22) || (len >= 8)) {
            return;
        }
        long key = (long) index << 4 | (len < 0 ? 15 : len);
        int old = gaps.getOrDefault(key, 0);
        int oldGap = old >>> 8;
        if (old == 0 || gap < oldGap) {
            gaps.put(key, (int) gap << 8 | 1);
        } else if (gap == oldGap && (old & 0xff) < 255) {
            gaps.put(key, old + 1);
        }
    }

    /** A growable byte array (fastutil-core has no byte lists). */
    static final class Text {
        byte[] bytes = new byte[256];
        int size;

        void add(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + len, bytes.length * 2));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }
}
