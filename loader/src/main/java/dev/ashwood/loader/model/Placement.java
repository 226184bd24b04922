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
 *
 * <p>The refs come first, resolved to indexes in place in the chunks' paged lists: their final
 * array is the largest allocation of the load (4 bytes per reference, 277 MB at 30 M objects) and
 * needs one run of free G1 regions, which is easiest to find while the heap holds only the
 * chunks' small lists, all of which a full collection can move. Placed last, it had to fit between
 * five pinned (humongous) model columns and failed at -Xmx2500m with half the heap free.
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
    /** Ref offsets (CSR): object i's refs are {@code refs[refStart[i] .. refStart[i+1])}. */
    int[] refStart;
    int[] refs;
    final Int2IntOpenHashMap names = new Int2IntOpenHashMap();
    final AtomicLong missing = new AtomicLong();

    private final List<ParsedChunk> chunks;
    private final boolean jvm;
    private final ShapeTable shapes;
    private final BitSet taken;
    /** Per chunk: each record's index (-1 for a repeated address). */
    private final int[][] at;
    /** Per chunk: the refs its records keep (those naming a record). */
    private final long[] kept;

    Placement(List<ParsedChunk> chunks, AddressIndex index, DumpKind kind, ShapeTable shapes, boolean duplicates) {
        this.chunks = chunks;
        this.index = index;
        this.jvm = kind != DumpKind.MELIAE; // JVM dumps (ashwood, HPROF) carry field names as shapes
        this.shapes = shapes;
        taken = duplicates ? new BitSet(index.count()) : null;
        at = new int[chunks.size()][];
        kept = new long[chunks.size()];
    }

    /** Fills every column; false when the refs overflow an int offset. */
    boolean run(Runner runner) {
        int n = index.count();
        runner.run(taken != null ? chunkIds() : chunkIds().parallel(), this::locate);
        runner.run(chunkIds().parallel(), this::resolve);
        long total = 0;
        for (long k : kept) {
            total += k;
        }
        if (total > Integer.MAX_VALUE - 8) {
            return false;
        }
        refs = new int[(int) total];
        refStart = new int[n + 1];
        runner.run(chunkIds().parallel(), this::counts);
        for (int i = 0; i < n; i++) {
            refStart[i + 1] += refStart[i];
        }
        runner.run(chunkIds().parallel(), this::copyRefs);
        type = new int[n];
        runner.run(chunkIds().parallel(), c -> {
            copy(chunks.get(c).type, type, c);
            chunks.get(c).type = null;
        });
        size = new SmallLongs(n);
        runner.run(chunkIds().parallel(), c -> {
            copy(chunks.get(c).size, size, c);
            chunks.get(c).size = null;
        });
        length = new SmallLongs(n);
        runner.run(chunkIds().parallel(), c -> {
            copy(chunks.get(c).length, length, c);
            chunks.get(c).length = null;
        });
        value = new int[n];
        runner.run(chunkIds().parallel(), c -> {
            copy(chunks.get(c).value, value, c);
            chunks.get(c).value = null;
        });
        shape = jvm ? new int[n] : null;
        runner.run(chunkIds().parallel(), c -> {
            if (jvm) {
                copy(chunks.get(c).shape, shape, c);
            }
            at[c] = null;
            chunks.set(c, null);
        });
        return true;
    }

    private IntStream chunkIds() {
        return IntStream.range(0, chunks.size());
    }

    /** Each record's index (a repeated address: -1, after the first); names; the addresses go. */
    private void locate(int c) {
        ParsedChunk chunk = chunks.get(c);
        int count = chunk.records();
        int[] where = new int[count];
        for (int r = 0; r < count; r++) {
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

    private void copy(IntArrayList from, int[] to, int c) {
        int[] values = from.elements();
        int[] where = at[c];
        for (int r = 0; r < where.length; r++) {
            if (where[r] >= 0) {
                to[where[r]] = values[r];
            }
        }
    }

    private void copy(SmallLongs from, SmallLongs to, int c) {
        int[] where = at[c];
        for (int r = 0; r < where.length; r++) {
            if (where[r] >= 0) {
                to.set(where[r], from.get(r));
            }
        }
    }

    /**
     * Refs to indexes, in place in the chunk's list (a ref naming no record is dropped and
     * counted); each record's count of kept refs over its parsed count, and its shape over the
     * parsed one when a ref was dropped (re-interned without it).
     */
    private void resolve(int c) {
        ParsedChunk chunk = chunks.get(c);
        CompactLongs refList = chunk.refs;
        // Resolved indexes overwrite the addresses they come from (o <= k below).
        int o = 0;
        int k = 0;
        long lost = 0;
        // Positions (within the object) of the refs kept, recorded from an object's first dropped
        // ref on: the addresses themselves are overwritten by then and cannot be looked up again.
        int[] keptAt = new int[16];
        int[] where = at[c];
        for (int r = 0; r < where.length; r++) {
            int count = (int) chunk.refCount.get(r);
            if (where[r] < 0) {
                k += count;
                continue;
            }
            int start = o;
            boolean dropped = false;
            for (int from = k, end = k + count; k < end; k++) {
                int t = index.indexOf(refList.get(k));
                if (t < 0 && jvm && !dropped) {
                    dropped = true;
                    keptAt = ensure(keptAt, count);
                    for (int j = 0; j < o - start; j++) {
                        keptAt[j] = j;                    // every ref before the first drop was kept
                    }
                }
                if (t >= 0) {
                    if (dropped) {
                        keptAt[o - start] = k - from;
                    }
                    refList.setInt(o++, t);
                }
            }
            int keptHere = o - start;
            if (keptHere != count) {
                chunk.refCount.set(r, keptHere);
                if (dropped) {
                    chunk.shape.set(r, withoutMissing(chunk.shape.getInt(r), keptAt, keptHere));
                }
            }
            lost += count - keptHere;
        }
        missing.addAndGet(lost);
        kept[c] = o;
    }

    /** Each placed record's count of kept refs, at its index + 1 (prefix sums follow). */
    private void counts(int c) {
        ParsedChunk chunk = chunks.get(c);
        int[] where = at[c];
        for (int r = 0; r < where.length; r++) {
            if (where[r] >= 0) {
                refStart[where[r] + 1] = (int) chunk.refCount.get(r);
            }
        }
        chunk.refCount = null;
    }

    /** Each object's resolved refs to its CSR slot; the chunk's refs go. */
    private void copyRefs(int c) {
        ParsedChunk chunk = chunks.get(c);
        int o = 0;
        for (int i : at[c]) {
            if (i >= 0) {
                int count = refStart[i + 1] - refStart[i];
                chunk.refs.copyInts(o, refs, refStart[i], count);
                o += count;
            }
        }
        chunk.refs.release();
        chunk.refs = null;
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
