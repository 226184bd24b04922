package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.model.CompactLongs;
import dev.ashwood.loader.model.Mix;
import dev.ashwood.loader.model.StringPool;
import dev.ashwood.loader.model.ValueTable;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.Arrays;
import java.util.BitSet;

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
    /** Parallel: the thread serial (-1 none) and frame number (-1 none) of ROOT_JAVA_FRAME and ROOT_JNI_LOCAL. */
    final IntArrayList rootThreadSerial = new IntArrayList();
    final IntArrayList rootDepth = new IntArrayList();
    /** ROOT_THREAD_OBJECT: thread serial to the thread object's id as read. */
    final Int2LongOpenHashMap threadObjects = new Int2LongOpenHashMap();

    /** Strings: record, id of the value array, coder (0 Latin-1, 1 UTF-16, -1 a char[] value). */
    IntArrayList stringRecord;
    LongArrayList stringArray;
    IntArrayList stringCoder;
    /** byte[] and char[] arrays: id, length, element type, and the start of their first bytes in {@link #text}. */
    LongArrayList textArray;
    IntArrayList textLength;
    IntArrayList textType;
    IntArrayList textStart;
    Text text;
    /**
     * The arrays whose text a String of this block took (dropped from the text lists above): id,
     * and the value and length in chars the String got. Another String sharing the array (as
     * {@code new String(String)} makes) gets the same without the text: its array has the same
     * bytes and the same coder.
     */
    LongArrayList joinedArray;
    IntArrayList joinedValue;
    IntArrayList joinedLength;

    HprofChunk(int seq, int records, int refs) {
        this(seq, records, refs, 16, 16, 256);
    }

    /**
     * Lists sized for what the block is expected to hold (a list that outgrows its guess is copied
     * at 1.5x: on the 5 M-object benchmark default-sized string and text lists allocated 120 MB
     * of copies).
     */
    HprofChunk(int seq, int records, int refs, int strings, int texts, int textBytes) {
        this.seq = seq;
        out = new ParsedChunk(seq, records, refs, true);
        out.bounded = true;
        stringRecord = new IntArrayList(strings);
        stringArray = new LongArrayList(strings);
        stringCoder = new IntArrayList(strings);
        textArray = new LongArrayList(texts);
        textLength = new IntArrayList(texts);
        textType = new IntArrayList(texts);
        textStart = new IntArrayList(texts);
        text = new Text(textBytes);
        joinedArray = new LongArrayList(strings);
        joinedValue = new IntArrayList(strings);
        joinedLength = new IntArrayList(strings);
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
        if (kept < out.minAddress) {
            out.minAddress = kept;
        }
        if (kept > out.maxAddress) {
            out.maxAddress = kept;
        }
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
            // Found again, not shifted: an id / 8 with its top bits set becomes negative times 8
            // (a corrupt id), so the old bounds would no longer bound (HprofFuzzTest seed 6495977705876).
            out.minAddress = Long.MAX_VALUE;
            out.maxAddress = Long.MIN_VALUE;
            for (int i = 0; i < out.address.size(); i++) {
                out.minAddress = Math.min(out.minAddress, out.address.get(i));
                out.maxAddress = Math.max(out.maxAddress, out.address.get(i));
            }
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

    /**
     * Gives each String whose value array is {@code e} of {@code t} its value and length (record
     * {@code r} of this chunk, {@code coder} as read).
     */
    void joinString(int r, int coder, HprofChunk t, int e, StringPool pool, char[] buffer, int valueChars) {
        int arrayLength = t.textLength.getInt(e);
        int chars = coder == 1 ? arrayLength / 2 : arrayLength;
        out.length.set(r, chars);
        out.value.set(r, ValueTable.ofString(t.stringValue(e, coder, chars, Math.min(valueChars, buffer.length), pool, buffer)));
    }

    /** The first {@code limit} UTF-16 units of the String whose value is array {@code e}, a surrogate pair never split. */
    private int stringValue(int e, int coder, int chars, int limit, StringPool pool, char[] buffer) {
        int start = textStart.getInt(e);
        byte[] b = text.bytes;
        int type = textType.getInt(e);
        int n = Math.min(chars, limit);
        if (type != Hprof.CHAR && coder != 1) {
            return pool.internLatin1(b, start, n); // a compact String's bytes are its chars
        }
        for (int i = 0; i < n; i++) {
            if (type == Hprof.CHAR) {
                buffer[i] = (char) ((b[start + 2 * i] & 0xff) << 8 | (b[start + 2 * i + 1] & 0xff));
            } else if (coder == 1) {
                // UTF-16 in the VM's byte order (little-endian on x86 and aarch64), copied raw into the dump
                buffer[i] = (char) ((b[start + 2 * i] & 0xff) | (b[start + 2 * i + 1] & 0xff) << 8);
            } else {
                buffer[i] = (char) (b[start + i] & 0xff);
            }
        }
        if (n > 0 && n < chars && Character.isHighSurrogate(buffer[n - 1])) {
            n--;
        }
        return pool.intern(buffer, 0, n);
    }

    /**
     * Joins the Strings whose value array is in this chunk too (nearly all: HotSpot writes a String
     * and its array close together), in the parser thread; the others stay for {@link HprofFinish}.
     * {@code table} is the caller's scratch space, returned (grown when needed).
     */
    long[] joinLocalStrings(long[] table, StringPool pool, char[] buffer, int valueChars) {
        int texts = textArray.size();
        if (stringRecord.isEmpty() || texts == 0) {
            return table;
        }
        int slots = Integer.highestOneBit(texts) * 4;
        if (table.length < slots) {
            table = new long[slots];
        }
        // Open addressing over the first {@code slots} entries: array id (never 0) and its entry, in pairs.
        int mask = slots / 2 - 1;
        java.util.Arrays.fill(table, 0, slots, 0);
        for (int e = 0; e < texts; e++) {
            long id = textArray.getLong(e);
            int i = hash(id) & mask;
            while (table[2 * i] != 0 && table[2 * i] != id) {
                i = (i + 1) & mask;
            }
            table[2 * i] = id;
            table[2 * i + 1] = e;
        }
        int kept = 0;
        BitSet taken = new BitSet(texts);
        // One lock for the block's Strings rather than one per intern: the other parser interns too.
        synchronized (pool) {
            kept = joinLocal(table, mask, pool, buffer, valueChars, taken);
        }
        // Nearly all joined: the rest wait for HprofFinish in lists of their own size, not the block's.
        stringRecord.size(kept);
        stringArray.size(kept);
        stringCoder.size(kept);
        stringRecord.trim();
        stringArray.trim();
        stringCoder.trim();
        dropTaken(taken);
        return table;
    }

    private int joinLocal(long[] table, int mask, StringPool pool, char[] buffer, int valueChars, BitSet taken) {
        int kept = 0;
        for (int s = 0; s < stringRecord.size(); s++) {
            long array = stringArray.getLong(s);
            int i = hash(array) & mask;
            while (table[2 * i] != 0 && table[2 * i] != array) {
                i = (i + 1) & mask;
            }
            if (table[2 * i] == array) {
                int e = (int) table[2 * i + 1];
                int r = stringRecord.getInt(s);
                joinString(r, stringCoder.getInt(s), this, e, pool, buffer, valueChars);
                if (!taken.get(e)) {
                    taken.set(e);
                    joinedArray.add(array);
                    joinedValue.add(out.value.getInt(r));
                    joinedLength.add((int) out.length.get(r));
                }
            } else {
                stringRecord.set(kept, stringRecord.getInt(s));
                stringArray.set(kept, array);
                stringCoder.set(kept, stringCoder.getInt(s));
                kept++;
            }
        }
        return kept;
    }

    /**
     * Keeps the text of only the arrays no String of this block took: on the 5 M-object benchmark
     * that is most of the 46 MB of prefixes (and 20 bytes of lists per array) that stayed live,
     * and were copied by the collector, until {@link HprofFinish}.
     */
    private void dropTaken(BitSet taken) {
        int texts = textArray.size();
        if (taken.isEmpty()) {
            return;
        }
        byte[] b = text.bytes;
        int k = 0;
        int at = 0;
        for (int e = 0; e < texts; e++) {
            if (taken.get(e)) {
                continue;
            }
            int from = textStart.getInt(e);
            int len = (e + 1 < texts ? textStart.getInt(e + 1) : text.size) - from;
            System.arraycopy(b, from, b, at, len);
            textArray.set(k, textArray.getLong(e));
            textLength.set(k, textLength.getInt(e));
            textType.set(k, textType.getInt(e));
            textStart.set(k, at);
            at += len;
            k++;
        }
        textArray.size(k);
        textLength.size(k);
        textType.size(k);
        textStart.size(k);
        textArray.trim();
        textLength.trim();
        textType.trim();
        textStart.trim();
        text.bytes = Arrays.copyOf(b, at);
        text.size = at;
    }

    private static int hash(long id) {
        return Mix.mix((int) (id >>> 3) ^ (int) (id >>> 35));
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
        joinedArray = null;
        joinedValue = null;
        joinedLength = null;
    }

    /** A growable byte array (fastutil-core has no byte lists). */
    static final class Text {
        byte[] bytes;
        int size;

        Text(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        void add(byte[] b, int off, int len) {
            if (size + len > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(size + len, bytes.length * 2));
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }
    }
}
