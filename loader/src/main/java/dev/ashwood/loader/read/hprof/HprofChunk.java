package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.model.CompactLongs;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;

/**
 * The objects of one block of heap sub-records, parsed straight into the {@link ParsedChunk} the
 * model builder takes, except what needs all blocks: sizes (which need the VM's settings, inferred
 * from all blocks; the class index of each record is kept for them) and string values (whose
 * arrays may be in another block). Ids are kept as address / 8 while every id is a multiple of 8
 * (HotSpot's always are), which keeps them in 4 bytes; a chunk that meets any other id keeps its
 * ids as they are from then on ({@link #raw}).
 */
final class HprofChunk {
    final int seq;
    /** The first problem in the block: its byte offset and what is wrong (null when none). */
    long errorOffset = -1;
    String error;

    /**
     * Addresses, lengths, values, shapes, ref counts and refs; sizes come later, and the type
     * column holds each record's class index ({@link HprofClass#index}) until then.
     */
    final ParsedChunk out;
    /** Ids in {@link #out} are as read; false: they are id / 8. */
    boolean raw;

    /** Roots (the reader's own chunk): ids as read, and kinds. */
    final LongArrayList rootRef = new LongArrayList();
    final IntArrayList rootKind = new IntArrayList();

    /** Strings: record, id of the value array, coder (0 Latin-1, 1 UTF-16, -1 a char[] value). */
    IntArrayList stringRecord = new IntArrayList();
    LongArrayList stringArray = new LongArrayList();
    IntArrayList stringCoder = new IntArrayList();
    /** byte[] and char[] arrays: id, length, element type, and the start of their first bytes in {@link #text}. */
    LongArrayList textArray = new LongArrayList();
    IntArrayList textLength = new IntArrayList();
    IntArrayList textType = new IntArrayList();
    IntArrayList textStart = new IntArrayList();
    Text text = new Text();

    HprofChunk(int seq, int records, int refs) {
        this.seq = seq;
        out = new ParsedChunk(seq, records, refs, true);
    }

    int records() {
        return out.type.size();
    }

    void fail(long offset, String problem) {
        if (error == null) {
            errorOffset = offset;
            error = problem;
        }
    }

    void address(long id) {
        long kept = raw || (id & 7) != 0 && toRaw() ? id : id >>> 3; // before out.address: toRaw replaces it
        out.address.add(kept);
    }

    void ref(long id) {
        long kept = raw || (id & 7) != 0 && toRaw() ? id : id >>> 3;
        out.refs.add(kept);
    }

    /** From now on ids are kept as read; those kept so far become so again (they were multiples of 8). Returns true. */
    boolean toRaw() {
        if (!raw) {
            raw = true;
            out.address = times8(out.address);
            out.refs = times8(out.refs);
        }
        return true;
    }

    private static CompactLongs times8(CompactLongs ids) {
        CompactLongs raw = new CompactLongs(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            raw.add(ids.get(i) << 3);
        }
        return raw;
    }

    /** Drops the strings and array prefixes (once every string has its value). */
    void releaseText() {
        stringRecord = null;
        stringArray = null;
        stringCoder = null;
        textArray = null;
        textLength = null;
        textType = null;
        textStart = null;
        text = null;
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
