package dev.ashwood.loader.model;

import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.runtime.RuntimeRules;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;

/**
 * The loaded heap: objects numbered 0..count-1 in address order, one primitive array per
 * attribute, references in CSR form (object i's refs are {@code refs[refStart[i] ..
 * refStart[i+1])}). Immutable once built: operations that change the heap (collapse, dropping
 * references) build a new Model. Referrers are built on first use, since many sessions never need
 * them and they cost 4 bytes per reference.
 */
public final class Model {
    /** The file format the dump was read from. */
    public final DumpKind format;
    /** The rules of the runtime the dump came from (JVM or Python). */
    public final RuntimeRules runtime;
    public final Tables tables;
    public final int count;
    public final AddressIndex addresses;
    public final int[] type;
    /** Shallow sizes. */
    public final SmallLongs size;
    /** Lengths, -1 when the record had no len. */
    public final SmallLongs length;
    /** {@link ValueTable} handles. */
    public final int[] value;
    /** String pool ids of names, for the few objects that have one (classes, modules, functions). */
    public final Int2IntOpenHashMap names;
    public final int[] refStart;
    /** Refs; may be longer than {@code refStart[count]} after an edit (see {@code runtime.Rewrite}). */
    public final int[] refs;
    /** {@link ShapeTable} ids, null for Meliae dumps (they name no fields). */
    public final int[] shape;
    /** {@code index << 32 | root kind id}, sorted, distinct. */
    public final long[] roots;
    /** Thread and frame of the roots that have them (stack and JNI locals); each is also in {@code roots}. */
    public final RootFrames rootFrames;
    public final long totalBytes;

    private volatile Referrers referrers;

    public Model(DumpKind format, RuntimeRules runtime, Tables tables, AddressIndex addresses, int[] type, SmallLongs size,
            SmallLongs length, int[] value, Int2IntOpenHashMap names,
            int[] refStart, int[] refs, int[] shape, long[] roots, RootFrames rootFrames) {
        this.format = format;
        this.runtime = runtime;
        this.tables = tables;
        this.count = addresses.count();
        this.addresses = addresses;
        this.type = type;
        this.size = size;
        this.length = length;
        this.value = value;
        this.names = names;
        this.refStart = refStart;
        this.refs = refs;
        this.shape = shape;
        this.roots = roots;
        this.rootFrames = rootFrames;
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += size(i);
        }
        this.totalBytes = total;
    }

    public long size(int i) {
        return size.get(i);
    }

    public String typeName(int i) {
        return tables.types.get(type[i]);
    }

    /** All references, repeats included. */
    public int totalRefs() {
        return refStart[count];
    }

    public int refCount(int i) {
        return refStart[i + 1] - refStart[i];
    }

    /** The field of reference {@code k} of object {@code i}; null for Meliae dumps. */
    public String field(int i, int k) {
        return shape == null ? null : tables.shapes.field(shape[i], k);
    }

    /** The root kinds holding object i, as ids, in the {@code roots} array range returned. */
    public int firstRoot(int i) {
        int lo = 0;
        int hi = roots.length;
        long key = (long) i << 32;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (roots[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public boolean isRoot(int i) {
        int r = firstRoot(i);
        return r < roots.length && (int) (roots[r] >>> 32) == i;
    }

    /** Distinct referrers of every object, built on first call (seconds for tens of millions). */
    public Referrers referrers() {
        Referrers r = referrers;
        if (r == null) {
            synchronized (this) {
                r = referrers;
                if (r == null) {
                    r = Referrers.build(this);
                    referrers = r;
                }
            }
        }
        return r;
    }

    /** Frees the referrers (an operation about to build a new model needs the room). */
    public void releaseReferrers() {
        referrers = null;
    }

    /** Bytes held by the arrays and tables of the model (referrers included once built). */
    public long bytes() {
        long b = 4L * (type.length + value.length + refStart.length + refs.length) + size.bytes() + length.bytes()
                + (shape == null ? 0 : 4L * shape.length) + 8L * roots.length + rootFrames.bytes() + addresses.bytes()
                + 16L * names.size() * 2 + tables.bytes();
        Referrers r = referrers;
        return r == null ? b : b + r.bytes();
    }
}
