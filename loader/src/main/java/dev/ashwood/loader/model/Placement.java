package dev.ashwood.loader.model;

import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Copies parsed records into the model's columns at their indexes, one column at a time: each
 * final column is allocated just before it is filled, and each chunk's list for it is dropped as
 * soon as it is copied, so at any moment the parsed data and the model together hold little more
 * than one of them. Steps run chunks in parallel (they write distinct slots), except locating the
 * records of a dump that repeats addresses ("first record wins" needs file order).
 */
final class Placement {
    /** Runs {@code task} for each chunk id of {@code ids} (parallel or not) on the loader's pool. */
    interface Runner {
        void run(IntStream ids, IntConsumer task);
    }

    final AddressIndex index;
    int[] type;
    SmallLongs size;
    SmallLongs length;
    int[] value;
    int[] shape;
    /** Ref counts, then offsets (CSR). */
    final int[] refStart;
    int[] refs;
    final Int2IntOpenHashMap names = new Int2IntOpenHashMap();
    final AtomicLong missing = new AtomicLong();

    private final List<ParsedChunk> chunks;
    private final boolean jvm;
    private final ShapeTable shapes;
    private final BitSet taken;
    /** Per chunk: each record's index (-1 for a repeated address), then its resolved refs. */
    private final int[][] at;
    private final int[][] resolved;

    Placement(List<ParsedChunk> chunks, AddressIndex index, DumpKind kind, ShapeTable shapes, boolean duplicates) {
        this.chunks = chunks;
        this.index = index;
        this.jvm = kind != DumpKind.MELIAE; // JVM dumps (ashwood, HPROF) carry field names as shapes
        this.shapes = shapes;
        refStart = new int[index.count() + 1];
        taken = duplicates ? new BitSet(index.count()) : null;
        at = new int[chunks.size()][];
        resolved = new int[chunks.size()][];
    }

    /** Fills every column; false when the refs overflow an int offset. */
    boolean run(Runner runner) {
        int n = index.count();
        IntStream ids = IntStream.range(0, chunks.size());
        runner.run(taken != null ? ids : ids.parallel(), this::locate);
        type = new int[n];
        runner.run(IntStream.range(0, chunks.size()).parallel(), c -> {
            copy(chunks.get(c).type, type, at[c]);
            chunks.get(c).type = null;
        });
        size = new SmallLongs(n);
        runner.run(IntStream.range(0, chunks.size()).parallel(), c -> {
            copy(chunks.get(c).size, size, at[c]);
            chunks.get(c).size = null;
        });
        length = new SmallLongs(n);
        runner.run(IntStream.range(0, chunks.size()).parallel(), c -> {
            copy(chunks.get(c).length, length, at[c]);
            chunks.get(c).length = null;
        });
        value = new int[n];
        runner.run(IntStream.range(0, chunks.size()).parallel(), c -> {
            copy(chunks.get(c).value, value, at[c]);
            chunks.get(c).value = null;
        });
        shape = jvm ? new int[n] : null;
        runner.run(IntStream.range(0, chunks.size()).parallel(), this::resolve);
        for (int i = 0; i < n; i++) {
            refStart[i + 1] += refStart[i];
            if (refStart[i + 1] < 0) {
                return false;
            }
        }
        refs = new int[refStart[n]];
        runner.run(IntStream.range(0, chunks.size()).parallel(), this::copyRefs);
        return true;
    }

    /** Each record's index (a repeated address: -1, after the first); names; the addresses go. */
    private void locate(int c) {
        ParsedChunk chunk = chunks.get(c);
        int records = chunk.records();
        int[] where = new int[records];
        for (int r = 0; r < records; r++) {
            int i = index.indexOf(chunk.address.get(r));
            if (taken != null && taken.get(i)) {
                i = -1;
            } else if (taken != null) {
                taken.set(i);
            }
            where[r] = i;
        }
        for (int j = 0; j < chunk.nameRecord.size(); j++) {
            int i = where[chunk.nameRecord.getInt(j)];
            if (i >= 0) {
                synchronized (names) {
                    names.put(i, chunk.nameId.getInt(j));
                }
            }
        }
        at[c] = where;
        chunk.releaseAddresses();
    }

    private static void copy(IntArrayList from, int[] to, int[] where) {
        int[] values = from.elements();
        for (int r = 0; r < where.length; r++) {
            if (where[r] >= 0) {
                to[where[r]] = values[r];
            }
        }
    }

    private static void copy(SmallLongs from, SmallLongs to, int[] where) {
        for (int r = 0; r < where.length; r++) {
            if (where[r] >= 0) {
                to.set(where[r], from.get(r));
            }
        }
    }

    /**
     * Refs to indexes, in place (a ref naming no record is dropped and counted), their counts, and
     * the shapes (re-interned when a ref was dropped).
     */
    private void resolve(int c) {
        ParsedChunk chunk = chunks.get(c);
        int[] where = at[c];
        // Resolved indexes overwrite the addresses they come from (o <= k below).
        int[] out = chunk.refs.intsToOverwrite();
        int o = 0;
        int k = 0;
        long lost = 0;
        // Positions (within the object) of the refs kept, recorded from an object's first dropped
        // ref on: the addresses themselves are overwritten by then and cannot be looked up again.
        int[] keptAt = new int[16];
        for (int r = 0; r < where.length; r++) {
            int i = where[r];
            int count = (int) chunk.refCount.get(r);
            if (i < 0) {
                k += count;
                continue;
            }
            int first = o;
            boolean dropped = false;
            for (int start = k, end = k + count; k < end; k++) {
                int t = index.indexOf(chunk.refs.get(k));
                if (t < 0 && jvm && !dropped) {
                    dropped = true;
                    keptAt = ensure(keptAt, count);
                    for (int j = 0; j < o - first; j++) {
                        keptAt[j] = j;                    // every ref before the first drop was kept
                    }
                }
                if (t >= 0) {
                    if (dropped) {
                        keptAt[o - first] = k - start;
                    }
                    out[o++] = t;
                }
            }
            int kept = o - first;
            refStart[i + 1] = kept;
            if (jvm) {
                int s = chunk.shape.getInt(r);
                shape[i] = dropped ? withoutMissing(s, keptAt, kept) : s;
            }
            lost += count - kept;
        }
        missing.addAndGet(lost);
        resolved[c] = out;
        chunk.refs.release();
        chunk.refs = null;
        chunk.refCount = null;
        chunk.shape = null;
    }

    /** Each object's resolved refs to its CSR slot. */
    private void copyRefs(int c) {
        int[] out = resolved[c];
        int o = 0;
        for (int i : at[c]) {
            if (i >= 0) {
                int count = refStart[i + 1] - refStart[i];
                System.arraycopy(out, o, refs, refStart[i], count);
                o += count;
            }
        }
        at[c] = null;
        resolved[c] = null;
        chunks.set(c, null);
    }

    private static int[] ensure(int[] array, int length) {
        return array.length >= length ? array : new int[Math.max(length, array.length * 2)];
    }

    /** The shape of an object's refs once the refs naming no record are dropped: the codes at {@code keptAt}. */
    private int withoutMissing(int s, int[] keptAt, int kept) {
        int[] codes = new int[kept];
        for (int j = 0; j < kept; j++) {
            codes[j] = shapes.code(s, keptAt[j]);
        }
        return shapes.intern(codes, 0, kept);
    }
}
