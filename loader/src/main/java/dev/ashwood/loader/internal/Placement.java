package dev.ashwood.loader.internal;

import dev.ashwood.loader.DumpKind;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies parsed records into the model's columns at their indexes (pass A) and their resolved refs
 * into CSR form (pass B). Chunks write distinct slots, so both passes may run chunks in parallel,
 * except pass A when the dump repeats addresses ("first record wins" needs file order).
 */
final class Placement {
    final AddressIndex index;
    final int[] type;
    final SmallLongs size;
    final SmallLongs length;
    final int[] value;
    final int[] shape;
    /** Ref counts after pass A; offsets after {@link #offsets}. */
    final int[] refStart;
    final Int2IntOpenHashMap names = new Int2IntOpenHashMap();
    final AtomicLong missing = new AtomicLong();
    int[] refs;

    private final List<ParsedChunk> chunks;
    private final ShapeTable shapes;
    private final BitSet taken;
    /** Per chunk: each record's index (-1 for a repeated address), and its resolved refs. */
    private final int[][] recordIndex;
    private final int[][] resolved;

    Placement(List<ParsedChunk> chunks, AddressIndex index, DumpKind kind, ShapeTable shapes, boolean duplicates) {
        int n = index.count();
        this.chunks = chunks;
        this.index = index;
        this.shapes = shapes;
        type = new int[n];
        size = new SmallLongs(n);
        length = new SmallLongs(n);
        value = new int[n];
        shape = kind == DumpKind.ASHWOOD ? new int[n] : null;
        refStart = new int[n + 1];
        taken = duplicates ? new BitSet(n) : null;
        recordIndex = new int[chunks.size()][];
        resolved = new int[chunks.size()][];
    }

    /** Pass A for chunk {@code c}: attributes to their slots, refs resolved; the chunk's lists go. */
    void place(int c) {
        ParsedChunk chunk = chunks.get(c);
        int records = chunk.records();
        int[] at = new int[records];
        int[] out = new int[chunk.refs.size()];
        int o = 0;
        int k = 0;
        long lost = 0;
        for (int r = 0; r < records; r++) {
            int i = index.indexOf(chunk.address.get(r));
            int count = (int) chunk.refCount.get(r);
            if (taken != null && taken.get(i)) {
                at[r] = -1;
                k += count;
                continue;
            }
            if (taken != null) {
                taken.set(i);
            }
            at[r] = i;
            type[i] = chunk.type.getInt(r);
            size.set(i, chunk.size.get(r));
            length.set(i, chunk.length.get(r));
            value[i] = chunk.value.getInt(r);
            int first = o;
            for (int end = k + count; k < end; k++) {
                int t = index.indexOf(chunk.refs.get(k));
                if (t >= 0) {
                    out[o++] = t;
                }
            }
            int kept = o - first;
            refStart[i + 1] = kept;
            if (shape != null) {
                int s = chunk.shape.getInt(r);
                shape[i] = kept == count ? s : withoutMissing(s, chunk, k - count, count);
            }
            lost += count - kept;
        }
        for (int j = 0; j < chunk.nameRecord.size(); j++) {
            int i = at[chunk.nameRecord.getInt(j)];
            if (i >= 0) {
                synchronized (names) {
                    names.put(i, chunk.nameId.getInt(j));
                }
            }
        }
        missing.addAndGet(lost);
        recordIndex[c] = at;
        resolved[c] = out;
        chunk.releaseRecords();
    }

    /** Between the passes: counts to offsets; false when the refs overflow an int index. */
    boolean offsets() {
        for (int i = 0; i + 1 < refStart.length; i++) {
            refStart[i + 1] += refStart[i];
            if (refStart[i + 1] < 0) {
                return false;
            }
        }
        refs = new int[refStart[refStart.length - 1]];
        return true;
    }

    /** Pass B for chunk {@code c}: its resolved refs to their CSR slots. */
    void copyRefs(int c) {
        int[] at = recordIndex[c];
        int[] out = resolved[c];
        int o = 0;
        for (int i : at) {
            if (i >= 0) {
                int count = refStart[i + 1] - refStart[i];
                System.arraycopy(out, o, refs, refStart[i], count);
                o += count;
            }
        }
        recordIndex[c] = null;
        resolved[c] = null;
        chunks.set(c, null);
    }

    /** The shape of an object's refs once the refs naming no record are dropped. */
    private int withoutMissing(int s, ParsedChunk chunk, int from, int count) {
        int[] codes = new int[count];
        int kept = 0;
        for (int k = 0; k < count; k++) {
            if (index.indexOf(chunk.refs.get(from + k)) >= 0) {
                codes[kept++] = shapes.code(s, k);
            }
        }
        return shapes.intern(codes, 0, kept);
    }
}
