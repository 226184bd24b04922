package dev.ashwood.loader.diff;

import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.Holder;
import dev.ashwood.loader.PathStep;
import dev.ashwood.loader.analysis.DominatorTree;
import dev.ashwood.loader.analysis.Paths;
import dev.ashwood.loader.analysis.Roots;
import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.ShapeTable;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Who holds the new objects: for each new object, the nearest object above it on its dominator
 * chain in the newer heap that existed already in the older one, the object whose removal would
 * free it. The dominator tree's preorder puts every dominator before what it dominates, so one pass
 * in that order propagates "nearest older dominator" downwards: an older object is its own, a new
 * one takes its immediate dominator's (none when that is the virtual root). O(objects), plus the
 * tree and its children lists (cached with the heap).
 *
 * <p>A new object that no older object dominates is reported under one of three pseudo-holders: one
 * reached from no GC root ({@link Holder#UNREACHED}: garbage in a dump written without
 * {@code --live}, or for a Meliae dump a cycle no object without referrers leads to), one
 * awaiting finalization ({@link Holder#AWAITING_FINALIZATION}: only a {@code Finalizer}'s
 * referent leads to it, so the dominator tree hangs it under the virtual root or under another
 * such object), or one held by no single older object ({@link Holder#NO_HOLDER}: a GC root
 * itself, held from more than one root, or only through new objects that are).
 *
 * <p>A holder found inside a container (an array, or an instance of a class nested in the same
 * outer class, like {@code HashMap$Node} in a {@code HashMap}) is lifted to the container along
 * the dominator chain, as long as the object above it existed already and is not a class: the
 * leak is "the HashMap holds 5000 sessions", not "bucket 12 of its table holds one".
 *
 * <p>A class loaded between the dumps is new, and so would be the holder of all its statics
 * hold ("8 new java.lang.Class objects, 2 MiB" named nothing that grew). So a new object that a
 * new class's static field refers to and that class dominates is a holder of its own, labelled
 * {@code X.f} with {@link Holder#newClass()} naming X; the class object itself stays with its own
 * holder (its loader, or none).
 *
 * <p>A holder's label and {@code path} come from one breadth-first walk from the GC roots (for
 * Meliae dumps, which record none, from the objects nobody refers to), strong references before a
 * {@code Reference}'s {@code referent}, as {@code path} does: a shortest path from a root to the
 * holder, and the field of the last step. That walk also says which objects no root reaches.
 */
public final class Holders {
    /** The holder's index of a new object no older object dominates. */
    static final int NONE = -1;
    /** The holder's index of a new object no root reaches. */
    static final int UNREACHED = -3;
    /** The holder's index of a new object awaiting finalization. */
    static final int FINALIZATION = -4;
    private static final int UNSEEN = -2;
    private static final String CLASS = "java.lang.Class";

    private Holders() {
    }

    /** Per holder: its new objects, their bytes, and per type of top object the count and bytes under it. */
    private static final class Tally {
        long objects;
        long bytes;
        Int2LongOpenHashMap topCount;
        Int2LongOpenHashMap topBytes;
    }

    /**
     * Each object's nearest older dominator, before lifting: itself for an older object, the
     * nearest older object on its dominator chain for a new one, {@link #NONE} when there is none.
     * O(objects); the tree's preorder.
     */
    static int[] nearestOlder(DominatorTree t, BitSet isNew, int[] order) {
        return nearestOlder(t, isNew, order, new BitSet());
    }

    /**
     * As {@link #nearestOlder(DominatorTree, BitSet, int[])}, where the {@code anchors} (new
     * objects that a new class's static field holds) count as older objects: what hangs under
     * them is theirs, and not the new class's.
     */
    static int[] nearestOlder(DominatorTree t, BitSet isNew, int[] order, BitSet anchors) {
        int[] near = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            if ((k & 0xffff) == 0) {
                Cancel.check();
            }
            int x = order[k];
            if (!isNew.get(x) || anchors.get(x)) {
                near[x] = x;
            } else {
                int d = t.dominator(x);
                near[x] = d == DominatorTree.VIRTUAL_ROOT ? NONE : near[d];
            }
        }
        return near;
    }

    public static List<Holder> find(Model m, DominatorTree t, BitSet isNew) {
        int n = m.count;
        int[] parent = new int[n];
        Arrays.fill(parent, UNSEEN);
        walk(m, parent);
        int[] order = t.childLists().preorder();
        BitSet anchors = staticsOfNewClasses(m, t, isNew);
        int[] near = nearestOlder(t, isNew, order, anchors);
        Int2IntOpenHashMap lifted = new Int2IntOpenHashMap();
        lifted.defaultReturnValue(UNSEEN);
        // top[x]: the new object hanging straight off the holder's structure that x sits under
        // (x itself for such an object), NONE while x is part of that structure (a new bucket
        // array, a new HashMap$Node); it is what lets the first line say "5000 new Session objects".
        int[] top = new int[n];
        Int2ObjectOpenHashMap<Tally> tallies = new Int2ObjectOpenHashMap<>();
        for (int k = 0; k < order.length; k++) {
            if ((k & 0xffff) == 0) {
                Cancel.check();
            }
            int x = order[k];
            if (!isNew.get(x)) {
                continue;
            }
            int d = t.dominator(x);
            int h;
            if (parent[x] == UNSEEN) {
                // Unreached objects hang straight off the virtual root (docs/user-guide.md, "Retained size").
                h = UNREACHED;
                top[x] = NONE;
            } else if (t.awaitingFinalization(x)) {
                // Only a Finalizer's referent leads to it: it hangs under the virtual root or under
                // another such object, and no live object holds it, older or not.
                h = FINALIZATION;
                top[x] = d != DominatorTree.VIRTUAL_ROOT && isNew.get(d) && top[d] != NONE ? top[d] : x;
            } else if (near[x] == NONE) {
                h = NONE;
                top[x] = d != DominatorTree.VIRTUAL_ROOT && top[d] != NONE ? top[d] : x;
            } else if (anchors.get(x)) {
                // A new class's static value is its own holder, and its own structure.
                h = x;
                top[x] = NONE;
            } else {
                h = lift(m, t, isNew, near[x], lifted);
                // d is new (then top[d] is known) or d is the older object near[x] itself.
                top[x] = isNew.get(d) && top[d] != NONE ? top[d] : partOf(m, x, h) ? NONE : x;
            }
            tally(tallies, h, m, x, top[x]);
        }
        List<Holder> out = new ArrayList<>(tallies.size());
        for (Int2ObjectOpenHashMap.Entry<Tally> e : tallies.int2ObjectEntrySet()) {
            int h = e.getIntKey();
            Tally tally = e.getValue();
            int bestType = -1;
            long bestBytes = -1;
            if (tally.topBytes != null) {
                for (Int2LongOpenHashMap.Entry b : tally.topBytes.int2LongEntrySet()) {
                    if (b.getLongValue() > bestBytes || (b.getLongValue() == bestBytes && b.getIntKey() < bestType)) {
                        bestBytes = b.getLongValue();
                        bestType = b.getIntKey();
                    }
                }
            }
            String topType = bestType < 0 ? null : m.tables.types.get(bestType);
            long topN = bestType < 0 ? 0 : tally.topCount.get(bestType);
            if (h == NONE || h == UNREACHED || h == FINALIZATION) {
                long group = h == NONE ? Holder.NO_HOLDER : h == UNREACHED ? Holder.UNREACHED : Holder.AWAITING_FINALIZATION;
                out.add(new Holder(group, null, null, null, tally.objects, tally.bytes, topType, topN, List.of()));
            } else if (anchors.get(h)) {
                int c = t.dominator(h);
                String className = className(m, c);
                out.add(new Holder(m.addresses.address(h), m.typeName(h), className + "." + staticField(m, c, h), className,
                        tally.objects, tally.bytes, topType, topN, path(m, parent, h)));
            } else {
                out.add(new Holder(m.addresses.address(h), m.typeName(h), label(m, parent, h), null, tally.objects,
                        tally.bytes, topType, topN, path(m, parent, h)));
            }
        }
        out.sort(Comparator.comparingLong(Holder::newBytes).reversed()
                .thenComparing(Comparator.comparingLong(Holder::newObjects).reversed())
                .thenComparingLong(Holder::address));
        return out;
    }

    private static void tally(Int2ObjectOpenHashMap<Tally> tallies, int h, Model m, int x, int top) {
        Tally t = tallies.get(h);
        if (t == null) {
            t = new Tally();
            tallies.put(h, t);
        }
        t.objects++;
        t.bytes += m.size(x);
        if (top >= 0) {
            if (t.topBytes == null) {
                t.topBytes = new Int2LongOpenHashMap(4);
                t.topCount = new Int2LongOpenHashMap(4);
            }
            t.topBytes.addTo(m.type[top], m.size(x));
            if (top == x) {
                t.topCount.addTo(m.type[x], 1);
            }
        }
    }

    /**
     * The new objects that a static field of a new class holds and that class dominates: a class
     * loaded between the dumps is no older object, but "new java.lang.Class holds 2 MiB" names
     * nothing that grew; its static field's value is what to name ("held by static field X.f of
     * new class X"). O(objects) plus the refs of new classes.
     */
    private static BitSet staticsOfNewClasses(Model m, DominatorTree t, BitSet isNew) {
        BitSet anchors = new BitSet();
        int classType = m.tables.types.find(CLASS);
        if (classType < 0 || m.shape == null) {
            return anchors;
        }
        for (int c = isNew.nextSetBit(0); c >= 0; c = isNew.nextSetBit(c + 1)) {
            if (m.type[c] != classType) {
                continue;
            }
            int shape = m.shape[c];
            if (shape == ShapeTable.EMPTY || shape == ShapeTable.DENSE_ARRAY) {
                continue;
            }
            for (int k = m.refStart[c], end = m.refStart[c + 1]; k < end; k++) {
                int x = m.refs[k];
                if (isNew.get(x) && t.dominator(x) == c && !m.tables.shapes.isPseudo(m.tables.shapes.code(shape, k - m.refStart[c]))) {
                    anchors.set(x);
                }
            }
        }
        return anchors;
    }

    /** The class name of a {@code java.lang.Class} object, or its type when the dump names none. */
    private static String className(Model m, int c) {
        int name = m.names.getOrDefault(c, -1);
        return name >= 0 ? m.tables.strings.get(name) : m.typeName(c);
    }

    /** The first static (non-pseudo) field of class c that refers to x. */
    private static String staticField(Model m, int c, int x) {
        int shape = m.shape[c];
        for (int k = m.refStart[c], end = m.refStart[c + 1]; k < end; k++) {
            if (m.refs[k] == x && !m.tables.shapes.isPseudo(m.tables.shapes.code(shape, k - m.refStart[c]))) {
                return m.field(c, k - m.refStart[c]);
            }
        }
        throw new IllegalStateException("class " + c + " has no static field referring to " + x);
    }

    /**
     * The breadth-first walk: fills {@code parent} (-1 for a starting object; objects it does
     * not reach stay {@link #UNSEEN}). Strong references first; referents only once nothing else
     * is left.
     */
    static void walk(Model m, int[] parent) {
        int n = m.count;
        int[] queue = new int[n];
        int tail = 0;
        if (m.runtime.recordsRoots() && m.roots.length > 0) {
            for (long r : m.roots) {
                int x = (int) (r >>> 32);
                if (parent[x] == UNSEEN) {
                    parent[x] = -1;
                    queue[tail++] = x;
                }
            }
        } else {
            boolean[] referred = new boolean[n];
            for (int k = 0, end = m.refStart[n]; k < end; k++) {
                referred[m.refs[k]] = true;
            }
            for (int x = 0; x < n; x++) {
                if (!referred[x]) {
                    parent[x] = -1;
                    queue[tail++] = x;
                }
            }
        }
        Referents referents = new Referents(m);
        tail = spread(m, parent, queue, 0, tail, referents);
        if (referents.code >= 0) {
            // Whatever only a Reference keeps: walk again over everything reached, referents too;
            // what this reaches is appended, so parents still come before their children.
            spread(m, parent, queue, 0, tail, null);
        }
    }

    private static int spread(Model m, int[] parent, int[] queue, int head, int tail, Referents skip) {
        while (head < tail) {
            int x = queue[head++];
            if ((head & 0xffff) == 0) {
                Cancel.check();
            }
            for (int k = m.refStart[x], end = m.refStart[x + 1]; k < end; k++) {
                int y = m.refs[k];
                if (parent[y] == UNSEEN && (skip == null || !skip.isReferent(x, k - m.refStart[x]))) {
                    parent[y] = x;
                    queue[tail++] = y;
                }
            }
        }
        return tail;
    }

    /**
     * The holder {@code h} or, if it is part of a container that existed already and dominates it,
     * the container.
     */
    private static int lift(Model m, DominatorTree t, BitSet isNew, int h, Int2IntOpenHashMap lifted) {
        int known = lifted.get(h);
        if (known != UNSEEN) {
            return known;
        }
        int x = h;
        int steps = 0;
        while (steps++ < 64) {
            int p = t.dominator(x);
            if (p < 0 || isNew.get(p) || CLASS.equals(m.typeName(p)) || !partOf(m, x, p)) {
                break;
            }
            x = p;
        }
        lifted.put(h, x);
        return x;
    }

    /**
     * Whether x is part of container c's own structure: an array of references, or a class nested
     * where c's class is. A primitive array refers to nothing, so it is never structure but what
     * is held ("5000 new int[] objects").
     */
    private static boolean partOf(Model m, int x, int c) {
        if (c < 0) {
            return false;
        }
        String type = m.typeName(x);
        if (type.endsWith("]")) {
            return !isPrimitiveArray(type);
        }
        String outer = outer(type);
        if (outer == null) {
            return false;
        }
        String containerType = m.typeName(c);
        return outer.equals(containerType) || outer.equals(outer(containerType));
    }

    private static boolean isPrimitiveArray(String type) {
        return switch (type) {
            case "boolean[]", "byte[]", "char[]", "short[]", "int[]", "long[]", "float[]", "double[]" -> true;
            default -> false;
        };
    }

    private static String outer(String type) {
        int dollar = type.indexOf('$');
        return dollar > 0 ? type.substring(0, dollar) : null;
    }

    /** "LeakyCache.SESSIONS": the class (for a static) or type above h and the field to it. */
    private static String label(Model m, int[] parent, int h) {
        int p = parent[h];
        if (p < 0) {
            return null;
        }
        String field = fieldTo(m, p, h);
        if (field == null) {
            return null;
        }
        String owner = m.typeName(p);
        if (CLASS.equals(owner)) {
            int name = m.names.getOrDefault(p, -1);
            if (name >= 0) {
                owner = m.tables.strings.get(name);
            }
        }
        return Character.isDigit(field.charAt(0)) ? owner + "[" + field + "]" : owner + "." + field;
    }

    private static List<PathStep> path(Model m, int[] parent, int h) {
        List<PathStep> steps = new ArrayList<>();
        for (int x = h; x >= 0; x = parent[x]) {
            int p = parent[x];
            if (p >= 0) {
                steps.add(new PathStep(m.addresses.address(x), m.typeName(x), fieldTo(m, p, x), null));
            } else {
                // The walk's starting object: a root, named with its thread and frame as path names it.
                GcRoot root = m.runtime.recordsRoots() && m.isRoot(x) ? Roots.first(m, x) : new GcRoot(Paths.NO_REFERRERS);
                steps.add(PathStep.atRoot(m.addresses.address(x), m.typeName(x), root));
            }
        }
        java.util.Collections.reverse(steps);
        return steps;
    }

    private static String fieldTo(Model m, int from, int to) {
        for (int k = m.refStart[from], end = m.refStart[from + 1]; k < end; k++) {
            if (m.refs[k] == to) {
                return m.field(from, k - m.refStart[from]);
            }
        }
        return null;
    }

    /** Which references are a Reference's {@code referent}: one read of the object's shape per reference. */
    private static final class Referents {
        final Model m;
        final int code;

        Referents(Model m) {
            this.m = m;
            int id = m.shape == null ? -1 : m.tables.fieldNames.find("referent");
            this.code = id < 0 ? -1 : ShapeTable.nameCode(id);
        }

        boolean isReferent(int x, int nth) {
            if (code < 0) {
                return false;
            }
            int shape = m.shape[x];
            if (shape == ShapeTable.EMPTY || shape == ShapeTable.DENSE_ARRAY) {
                return false;
            }
            return m.tables.shapes.code(shape, nth) == code;
        }
    }
}
