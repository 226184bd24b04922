package dev.ashwood.loader.analysis;

import dev.ashwood.loader.AwaitingFinalization;
import dev.ashwood.loader.PathStep;
import dev.ashwood.loader.RetainedRow;
import dev.ashwood.loader.Suspect;
import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.Referrers;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Retained sizes over a {@link Model}: the dominator tree, and what is read from it. */
public final class Retention {
    /** The share of its dominator's bytes an object must hold to carry the accumulation point down to it. */
    static final double ACCUMULATES = 0.8;

    private Retention() {
    }

    /** A dominator tree and the model state it was computed for. */
    public record Of(Model model, DominatorTree tree) {
    }

    /**
     * The dominator tree of the model as it is: roots are the dump's GC roots, or for a dump without
     * any the objects nobody refers to; every reference counts ({@code Reference.referent}
     * included) except the runtime's finalizer references ({@code Finalizer.referent}: what only
     * they reach awaits finalization). Builds the model's referrers if needed. May throw
     * CancellationException.
     */
    public static DominatorTree tree(Model m, Dominators.Progress progress) {
        Referrers r = m.referrers();
        int[] roots = null;
        // The same roots as Paths uses: recorded GC roots when the runtime records them.
        if (recordsRoots(m)) {
            roots = new int[m.roots.length];
            for (int k = 0; k < roots.length; k++) {
                roots[k] = (int) (m.roots[k] >>> 32);
            }
        }
        return Dominators.compute(m.count, m.refStart, m.refs, r.start, r.from, roots, m.runtime.finalizerReferents(m),
                m::size, progress);
    }

    /**
     * Per type, what all its objects retain together, each retained object counted once: summed
     * over the objects of the type that have no object of the same type above them in the tree.
     * Largest retained bytes first, then type name. O(objects); a depth-first walk of the tree.
     */
    public static List<RetainedRow> byType(Model m, DominatorTree t) {
        int types = m.tables.types.size();
        long[] count = new long[types];
        long[] bytes = new long[types];
        long[] retainedObjects = new long[types];
        long[] retainedBytes = new long[types];
        int[] open = new int[types];
        DominatorTree.Children c = t.childLists();
        IntArrayList stack = new IntArrayList();
        c.pushChildren(-1, stack);
        int visited = 0;
        while (!stack.isEmpty()) {
            int x = stack.popInt();
            if (x < 0) {
                open[m.type[~x]]--;
                continue;
            }
            if ((++visited & 0xffff) == 0) {
                Cancel.check();
            }
            int type = m.type[x];
            count[type]++;
            bytes[type] += m.size(x);
            if (open[type]++ == 0) {
                retainedObjects[type] += t.retainedCount(x);
                retainedBytes[type] += t.retainedBytes(x);
            }
            stack.add(~x);
            c.pushChildren(x, stack);
        }
        List<RetainedRow> rows = new ArrayList<>();
        for (int type = 0; type < types; type++) {
            if (count[type] > 0) {
                rows.add(new RetainedRow(m.tables.types.get(type), count[type], bytes[type], retainedObjects[type],
                        retainedBytes[type]));
            }
        }
        rows.sort(Comparator.comparingLong(RetainedRow::retainedBytes).reversed()
                .thenComparing(Comparator.comparingLong(RetainedRow::count).reversed())
                .thenComparing(RetainedRow::type));
        return rows;
    }

    /** Objects of {@code type}, largest retained bytes first, then lower index. O(objects). */
    public static int[] allByRetained(Model m, DominatorTree t, String type) {
        int[] out = TypeIndex.instances(m, type);
        IntArrays.quickSort(out, (a, b) -> {
            int c = Long.compare(t.retainedBytes(b), t.retainedBytes(a));
            return c != 0 ? c : Integer.compare(a, b);
        });
        return out;
    }

    /**
     * Leak suspects: every object retaining more than {@code share} of the heap's bytes that does
     * not simply continue its dominator (its dominator is the virtual root, or it holds less than
     * {@link #ACCUMULATES} of its dominator's bytes), and every group of two or more same-type
     * objects under one dominator that each stay under the threshold but together exceed it (unless
     * it is what an object suspect's accumulation point holds most of, which that suspect shows).
     * When the dump records GC roots, objects no root reaches (garbage the dump kept) are no
     * suspects and join no group ({@link #unreached} counts them), nor do objects that await
     * finalization ({@link #awaitingFinalization}), and a GC root that hangs straight
     * under the virtual root (every class, every thread) joins no group: "all classes together
     * retain 30%" names no leak. Largest first. O(objects) plus a path search per suspect.
     */
    public static List<Suspect> suspects(Model m, DominatorTree t, double share) {
        long threshold = (long) Math.floor(share * m.totalBytes);
        boolean byRoots = recordsRoots(m);
        List<Suspect> found = new ArrayList<>();
        // (dominator + 1) << 32 | type -> bytes, over objects under the threshold whose dominator is above it.
        Long2LongOpenHashMap groupBytes = new Long2LongOpenHashMap();
        Long2LongOpenHashMap groupObjects = new Long2LongOpenHashMap();
        Long2LongOpenHashMap groupMembers = new Long2LongOpenHashMap();
        for (int i = 0; i < m.count; i++) {
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            if ((byRoots && !t.reached(i)) || t.awaitingFinalization(i)) {
                continue;
            }
            int d = t.dominator(i);
            long bytes = t.retainedBytes(i);
            if (bytes > threshold) {
                if (d < 0 || bytes < ACCUMULATES * t.retainedBytes(d)) {
                    found.add(objectSuspect(m, t, t.childLists(), i));
                }
            } else if ((d < 0 && !(byRoots && m.isRoot(i))) || (d >= 0 && t.retainedBytes(d) > threshold)) {
                long key = (long) (d + 1) << 32 | m.type[i];
                groupBytes.addTo(key, bytes);
                groupObjects.addTo(key, t.retainedCount(i));
                groupMembers.addTo(key, 1);
            }
        }
        // A group that is an object suspect's "below it" (same dominator, same type) says nothing new.
        java.util.Set<Long> shown = new java.util.HashSet<>();
        for (Suspect s : found) {
            if (s.belowType() != null) {
                shown.add((long) (s.accumulation() + 1) << 32 | m.tables.types.find(s.belowType()));
            }
        }
        for (Long2LongOpenHashMap.Entry e : groupBytes.long2LongEntrySet()) {
            long key = e.getLongKey();
            if (e.getLongValue() > threshold && groupMembers.get(key) >= 2 && !shown.contains(key)) {
                int d = (int) (key >>> 32) - 1;
                String type = m.tables.types.get((int) key);
                List<PathStep> path = d < 0 ? List.of() : Paths.shortest(m, d);
                found.add(new Suspect(d, true, type, groupMembers.get(key), groupObjects.get(key), e.getLongValue(),
                        -1, type, groupMembers.get(key), e.getLongValue(), path));
            }
        }
        found.sort(Comparator.comparingLong(Suspect::retainedBytes).reversed()
                .thenComparingInt(Suspect::index).thenComparing(Suspect::type));
        return found;
    }

    /**
     * The objects the roots do not reach and their shallow bytes; for a dump that records GC roots
     * these are garbage the dump kept (an HPROF dump written without {@code live}). O(objects).
     */
    public static long[] unreached(Model m, DominatorTree t) {
        long objects = 0;
        long bytes = 0;
        if (t.unreachedCount() > 0) {
            for (int i = 0; i < m.count; i++) {
                if (!t.reached(i)) {
                    objects++;
                    bytes += m.size(i);
                }
            }
        }
        return new long[] {objects, bytes};
    }

    /**
     * The objects awaiting finalization (see {@link AwaitingFinalization}): count and bytes, and per
     * type the finalizer references' targets with what they alone keep. O(objects).
     */
    public static AwaitingFinalization awaitingFinalization(Model m, DominatorTree t) {
        if (t.awaitingFinalizationCount() == 0) {
            return AwaitingFinalization.NONE;
        }
        long objects = 0;
        long bytes = 0;
        int types = m.tables.types.size();
        long[] count = new long[types];
        long[] shallow = new long[types];
        long[] retainedObjects = new long[types];
        long[] retainedBytes = new long[types];
        for (int i = 0; i < m.count; i++) {
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            if (!t.awaitingFinalization(i)) {
                continue;
            }
            objects++;
            bytes += m.size(i);
            if (t.dominator(i) == DominatorTree.VIRTUAL_ROOT) {
                int type = m.type[i];
                count[type]++;
                shallow[type] += m.size(i);
                retainedObjects[type] += t.retainedCount(i);
                retainedBytes[type] += t.retainedBytes(i);
            }
        }
        List<RetainedRow> rows = new ArrayList<>();
        for (int type = 0; type < types; type++) {
            if (count[type] > 0) {
                rows.add(new RetainedRow(m.tables.types.get(type), count[type], shallow[type], retainedObjects[type],
                        retainedBytes[type]));
            }
        }
        rows.sort(Comparator.comparingLong(RetainedRow::retainedBytes).reversed().thenComparing(RetainedRow::type));
        return new AwaitingFinalization(objects, bytes, rows);
    }

    /** Whether the tree's roots are the dump's GC roots (else the objects nobody refers to). */
    static boolean recordsRoots(Model m) {
        return m.runtime.recordsRoots() && m.roots.length > 0;
    }

    private static Suspect objectSuspect(Model m, DominatorTree t, DominatorTree.Children children, int i) {
        int at = i;
        int steps = 0;
        while (true) {
            if ((++steps & 0xffff) == 0) {
                Cancel.check();
            }
            int largest = -1;
            for (int k = 0, end = children.count(at); k < end; k++) {
                int c = children.get(at, k);
                if (largest < 0 || t.retainedBytes(c) > t.retainedBytes(largest)) {
                    largest = c;
                }
            }
            if (largest < 0 || t.retainedBytes(largest) < ACCUMULATES * t.retainedBytes(at)) {
                break;
            }
            at = largest;
        }
        // The type whose objects directly under the accumulation point retain the most.
        Long2LongOpenHashMap byType = new Long2LongOpenHashMap();
        Long2LongOpenHashMap countByType = new Long2LongOpenHashMap();
        for (int k = 0, end = children.count(at); k < end; k++) {
            int c = children.get(at, k);
            byType.addTo(m.type[c], t.retainedBytes(c));
            countByType.addTo(m.type[c], 1);
        }
        String belowType = null;
        long belowBytes = 0;
        long belowCount = 0;
        for (Long2LongOpenHashMap.Entry e : byType.long2LongEntrySet()) {
            String name = m.tables.types.get((int) e.getLongKey());
            if (belowType == null || e.getLongValue() > belowBytes
                    || (e.getLongValue() == belowBytes && name.compareTo(belowType) < 0)) {
                belowType = name;
                belowBytes = e.getLongValue();
                belowCount = countByType.get(e.getLongKey());
            }
        }
        return new Suspect(i, false, m.typeName(i), 1, t.retainedCount(i), t.retainedBytes(i), at, belowType,
                belowCount, belowBytes, Paths.shortest(m, i));
    }
}
