package dev.ashwood.loader.diff;

import dev.ashwood.loader.Holder;
import dev.ashwood.loader.PathStep;
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
 * Who holds the new objects. One breadth-first walk of the newer heap from its GC roots (for Meliae
 * dumps, which record none, from the objects nobody refers to) gives every object its parent on a
 * shortest path; a {@code referent} of a {@code java.lang.ref.Reference} is followed only after
 * everything strongly reachable, so the tree says what keeps an object alive, as {@code path} does.
 * In that order (parents first) each new object's holder is its parent if the parent existed
 * already, else its parent's holder: O(objects + references), three int arrays.
 *
 * <p>A holder found inside a container (an array, or an instance of a class nested in the same
 * outer class, like {@code HashMap$Node} in a {@code HashMap}) is lifted to the container, as long
 * as the object above it existed already and is not a class: the leak is "the HashMap holds 5000
 * sessions", not "bucket 12 of its table holds one".
 */
public final class Holders {
    /** The holder's index of a new object reached from no root, or sitting at a root itself. */
    static final int NONE = -1;
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

    public static List<Holder> find(Model m, BitSet isNew) {
        int n = m.count;
        int[] parent = new int[n];
        Arrays.fill(parent, UNSEEN);
        int[] order = walk(m, parent);
        int[] holder = new int[n];
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
            int p = parent[x];
            int h;
            if (p < 0) {
                h = NONE;
                top[x] = x;
            } else if (!isNew.get(p)) {
                h = lift(m, parent, isNew, p, lifted);
                top[x] = partOf(m, x, h) ? NONE : x;
            } else {
                h = holder[p];
                top[x] = top[p] != NONE ? top[p] : partOf(m, x, h) ? NONE : x;
            }
            holder[x] = h;
            tally(tallies, h, m, x, top[x]);
        }
        // New objects no root reaches (a Meliae cycle nobody else refers to) count under NONE.
        for (int x = isNew.nextSetBit(0); x >= 0; x = isNew.nextSetBit(x + 1)) {
            if (parent[x] == UNSEEN) {
                tally(tallies, NONE, m, x, NONE);
            }
        }
        List<Holder> out = new ArrayList<>(tallies.size());
        for (Int2ObjectOpenHashMap.Entry<Tally> e : tallies.int2ObjectEntrySet()) {
            int h = e.getIntKey();
            Tally t = e.getValue();
            int bestType = -1;
            long bestBytes = -1;
            if (t.topBytes != null) {
                for (Int2LongOpenHashMap.Entry b : t.topBytes.int2LongEntrySet()) {
                    if (b.getLongValue() > bestBytes || (b.getLongValue() == bestBytes && b.getIntKey() < bestType)) {
                        bestBytes = b.getLongValue();
                        bestType = b.getIntKey();
                    }
                }
            }
            String topType = bestType < 0 ? null : m.tables.types.get(bestType);
            long topN = bestType < 0 ? 0 : t.topCount.get(bestType);
            if (h == NONE) {
                out.add(new Holder(-1, null, null, t.objects, t.bytes, topType, topN, List.of()));
            } else {
                out.add(new Holder(m.addresses.address(h), m.typeName(h), label(m, parent, h), t.objects, t.bytes,
                        topType, topN, path(m, parent, h)));
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
     * The breadth-first walk: fills {@code parent} (-1 for a starting object) and returns the
     * objects in the order reached. Strong references first; referents only once nothing else
     * is left.
     */
    static int[] walk(Model m, int[] parent) {
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
            tail = spread(m, parent, queue, 0, tail, null);
        }
        return Arrays.copyOf(queue, tail);
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

    /** The holder {@code h} or, if it is part of a container that existed already, the container. */
    private static int lift(Model m, int[] parent, BitSet isNew, int h, Int2IntOpenHashMap lifted) {
        int known = lifted.get(h);
        if (known != UNSEEN) {
            return known;
        }
        int x = h;
        int steps = 0;
        while (steps++ < 64) {
            int p = parent[x];
            if (p < 0 || isNew.get(p) || CLASS.equals(m.typeName(p)) || !partOf(m, x, p)) {
                break;
            }
            x = p;
        }
        lifted.put(h, x);
        return x;
    }

    /** Whether x is part of container c's own structure: an array, or a class nested where c's class is. */
    private static boolean partOf(Model m, int x, int c) {
        if (c < 0) {
            return false;
        }
        String type = m.typeName(x);
        if (type.endsWith("]")) {
            return true;
        }
        String outer = outer(type);
        if (outer == null) {
            return false;
        }
        String containerType = m.typeName(c);
        return outer.equals(containerType) || outer.equals(outer(containerType));
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
            String root = null;
            if (p < 0) {
                root = m.runtime.recordsRoots() && m.isRoot(x)
                        ? m.tables.rootKinds.get((int) m.roots[m.firstRoot(x)]) : "no referrers";
            }
            steps.add(new PathStep(m.addresses.address(x), m.typeName(x), p < 0 ? null : fieldTo(m, p, x), root));
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

    /** Which references are a Reference's {@code referent}, cached per shape. */
    private static final class Referents {
        final Model m;
        final int code;
        final Int2IntOpenHashMap shapeHas = new Int2IntOpenHashMap();

        Referents(Model m) {
            this.m = m;
            int id = m.shape == null ? -1 : m.tables.fieldNames.find("referent");
            this.code = id < 0 ? -1 : ShapeTable.nameCode(id);
            shapeHas.defaultReturnValue(-1);
        }

        boolean isReferent(int x, int nth) {
            if (code < 0) {
                return false;
            }
            int shape = m.shape[x];
            if (shape == ShapeTable.EMPTY || shape == ShapeTable.DENSE_ARRAY) {
                return false;
            }
            int has = shapeHas.get(shape);
            if (has < 0) {
                has = 0;
                for (int k = 0, len = m.tables.shapes.length(shape); k < len && has == 0; k++) {
                    has = m.tables.shapes.code(shape, k) == code ? 1 : 0;
                }
                shapeHas.put(shape, has);
            }
            return has == 1 && m.tables.shapes.code(shape, nth) == code;
        }
    }
}
