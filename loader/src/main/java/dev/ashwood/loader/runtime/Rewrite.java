package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.RootFrames;
import dev.ashwood.loader.model.SmallLongs;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Builds the model that follows an edit: some objects removed, some sizes grown, some types
 * renamed, and new refs given in the old numbering. Renumbers what is left densely (still in
 * address order), drops refs to removed objects, and keeps roots (with their threads and frames),
 * names and values.
 */
final class Rewrite {
    private Rewrite() {
    }

    /**
     * @param removed  objects to leave out
     * @param sizes    new sizes by object, in old indexes (null: unchanged)
     * @param newType  new type ids by object (null: unchanged)
     * @param refStart CSR of the new refs, in old indexes
     * @param refs     the new refs, in old indexes; renumbered in place, so the caller gives it up
     * @param shapes   the shape of each object's new refs, in old indexes (null for Meliae dumps)
     */
    static Model apply(Model old, BitSet removed, SmallLongs sizes, int[] newType,
            int[] refStart, int[] refs, int[] shapes) {
        int n = old.count;
        int[] renumber = new int[n];
        int kept = 0;
        for (int i = 0; i < n; i++) {
            renumber[i] = removed.get(i) ? -1 : kept++;
        }
        int[] type = new int[kept];
        SmallLongs size = new SmallLongs(kept);
        SmallLongs length = new SmallLongs(kept);
        int[] value = new int[kept];
        int[] shape = shapes == null ? null : new int[kept];
        int[] start = new int[kept + 1];
        // Refs are renumbered in place: an object's new refs start no later than its old ones.
        int[] outRefs = refs;
        int[] scratch = new int[16];
        int o = 0;
        for (int i = 0; i < n; i++) {
            int j = renumber[i];
            if (j < 0) {
                continue;
            }
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            type[j] = newType == null ? old.type[i] : newType[i];
            size.set(j, sizes == null ? old.size(i) : sizes.get(i));
            length.set(j, old.length.get(i));
            value[j] = old.value[i];
            start[j] = o;
            int first = o;
            boolean dropped = false;
            for (int k = refStart[i]; k < refStart[i + 1]; k++) {
                int t = renumber[refs[k]];
                if (t >= 0) {
                    if (shape != null) {
                        if (o - first == scratch.length) {
                            scratch = Arrays.copyOf(scratch, scratch.length * 2);
                        }
                        scratch[o - first] = old.tables.shapes.code(shapes[i], k - refStart[i]);
                    }
                    outRefs[o++] = t;
                } else {
                    dropped = true;
                }
            }
            if (shape != null) {
                // Only a ref to a removed object changes the shape; otherwise it carries over.
                shape[j] = dropped ? old.tables.shapes.intern(scratch, 0, o - first) : shapes[i];
            }
        }
        start[kept] = o;
        Int2IntOpenHashMap names = new Int2IntOpenHashMap();
        for (Int2IntMap.Entry e : old.names.int2IntEntrySet()) {
            int j = renumber[e.getIntKey()];
            if (j >= 0) {
                names.put(j, e.getIntValue());
            }
        }
        long[] roots = new long[old.roots.length];
        int r = 0;
        for (long root : old.roots) {
            int j = renumber[(int) (root >>> 32)];
            if (j >= 0) {
                roots[r++] = (long) j << 32 | (root & 0xffffffffL);
            }
        }
        RootFrames frames = old.rootFrames.renumber(renumber);
        renumber = null;
        // Trimming copies every ref while the old model is still held: worth it only for a lot
        // of slack (collapsing 30 M objects in 2.5 GB fails on that copy). The slack is refs the
        // edit dropped, so the model still never grows.
        if (o < outRefs.length - (outRefs.length >> 2)) {
            outRefs = Arrays.copyOf(outRefs, o);
        }
        return new Model(old.format, old.runtime, old.tables, old.addresses.retain(removed), type, size, length,
                value, names, start, outRefs, shape, Arrays.copyOf(roots, r), frames);
    }
}
