package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.NameTable;
import dev.ashwood.loader.model.Referrers;
import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.SmallLongs;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The JVM counterpart of Meliae's dict collapsing: a container takes in its own machinery, and
 * what the program put into it stays. An owner's <em>group</em> grows from the owner along these
 * edges (never through a pseudo-field, never into or out of a {@code java.lang.Class}):
 * <ul>
 * <li>from the owner (or a set's inner map, below) through a field to an array: its backing
 *     array ({@code HashMap.table}, {@code ArrayList.elementData}, {@code String.value});</li>
 * <li>from the owner through the field a set keeps its elements in to that collection
 *     ({@code HashSet.map}, {@code TreeSet.m}, ...: {@link JvmClasses}), which then counts as an
 *     owner of the group too;</li>
 * <li>from any member to an object whose class is nested in the class of the owner or of such an
 *     inner collection, or in one of their superclasses ({@code HashMap$Node},
 *     {@code TreeMap$Entry}, {@code LinkedHashMap$Entry}, {@code HashMap$KeySet}).</li>
 * </ul>
 * A member stays in the group only if every object referring to it is in the group (checked
 * until nothing changes, so the {@code parent}, {@code before} and {@code after} links of trees
 * and linked maps fold, and a node also held from outside does not). The keys, values and
 * elements are never members: they are reached from an entry or an array only through an edge
 * of the first two kinds, which start only at an owner.
 *
 * <p>Every object is tried as an owner; an object that is a member of some group is a part, and
 * the groups of the objects that are nobody's part are disjoint (a member's referrers are all in
 * its group, so two such groups sharing a member would hold each other's owner). Those owners
 * take in their groups; a part that no such group took (a byte[] that is a member of its
 * {@code HashMap$Node}'s own group, while the node belongs to its map) stays and owns its own
 * group. The result is a fixed point: run on the collapsed model, the same rules fold nothing.
 *
 * <p>The owner's size grows by its parts' sizes. Its refs become its own refs with each folded
 * part replaced, depth-first, by the part's refs; such a ref is named by the part's field in
 * brackets ({@code [key]}, {@code [value]}) or by its index in the part's array ({@code 3}), and a
 * part's references to its owner ({@code this$0}) and to its own class are dropped.
 */
final class JvmCollapse {
    private static final byte NONE = 0;
    /** The owner, or a collection a set keeps its elements in: arrays in its fields fold. */
    private static final byte CONTAINER = 1;
    /** A backing array or a nested-class object: only nested-class objects fold through it. */
    private static final byte PART = 2;

    private final Model m;
    /** Grouping state: dropped (null) before the rebuild, which needs the room. */
    private Referrers referrers;
    private final JvmClasses classes;
    private final ShapeTable shapes;
    /** By field-name id: a name given by an earlier collapse to a ref taken from a part. */
    private final boolean[] merged;
    /** Could be a part at all: has referrers, none of them a Class or through a pseudo-field, no root. */
    private BitSet eligible;
    private int[] stamp;
    private byte[] role;
    private int epoch;
    private final IntArrayList members = new IntArrayList();
    private final IntArrayList containerTypes = new IntArrayList();
    private final IntArrayList work = new IntArrayList();

    private JvmCollapse(Model m) {
        this.m = m;
        this.referrers = m.referrers();
        this.classes = new JvmClasses(m);
        this.shapes = m.tables.shapes;
        NameTable fieldNames = m.tables.fieldNames;
        this.merged = new boolean[fieldNames.size()];
        for (int f = 0; f < merged.length; f++) {
            merged[f] = fieldNames.get(f).startsWith("[");
        }
        this.eligible = eligible();
        this.stamp = new int[m.count];
        this.role = new byte[m.count];
    }

    static Rebuilt collapse(Model m) {
        int n = m.count;
        JvmCollapse c = new JvmCollapse(m);
        // Which objects are a part of some group.
        BitSet part = new BitSet(n);
        for (int o = 0; o < n; o++) {
            if ((o & 0xfff) == 0) {
                Cancel.check();
            }
            if (c.canOwn(o) && c.group(o, null) > 0) {
                for (int k = 0; k < c.members.size(); k++) {
                    part.set(c.members.getInt(k));
                }
            }
        }
        // Owners that are nobody's part take in their groups first (these are disjoint), then the
        // parts that none of them took own what is left to them.
        int[] owner = new int[n];
        Arrays.fill(owner, -1);
        BitSet claimed = new BitSet(n);
        for (int pass = 0; pass < 2; pass++) {
            for (int o = 0; o < n; o++) {
                if ((o & 0xfff) == 0) {
                    Cancel.check();
                }
                if (part.get(o) != (pass == 1) || claimed.get(o) || !c.canOwn(o) || c.group(o, claimed) == 0) {
                    continue;
                }
                for (int k = 0; k < c.members.size(); k++) {
                    int x = c.members.getInt(k);
                    owner[x] = o;
                    claimed.set(x);
                }
            }
        }
        part = null;
        m.releaseReferrers();
        // The referrers (4 bytes per object and per ref), the stamps and the roles are done with;
        // this object lives on through mergeRefs, so its fields would hold them through the rebuild
        // (about 550 MB at 30 M objects, which made the rebuild fail at -Xmx2500m).
        c.referrers = null;
        c.eligible = null;
        c.stamp = null;
        c.role = null;
        // A part claimed by an orphan that was itself claimed later ends in that one's owner.
        for (int x = 0; x < n; x++) {
            int o = owner[x];
            while (o >= 0 && owner[o] >= 0) {
                o = owner[o];
            }
            owner[x] = o;
        }
        BitSet removed = new BitSet(n);
        SmallLongs sizes = new SmallLongs(n);
        for (int x = 0; x < n; x++) {
            sizes.set(x, m.size(x));
        }
        int folded = 0;
        for (int x = 0; x < n; x++) {
            if (owner[x] >= 0) {
                removed.set(x);
                sizes.set(owner[x], sizes.get(owner[x]) + m.size(x));
                folded++;
            }
        }
        owner = null; // 4 bytes per object the rebuild can use
        if (folded == 0) {
            return new Rebuilt(m, 0);
        }
        return new Rebuilt(c.mergeRefs(removed, sizes), folded);
    }

    private boolean canOwn(int o) {
        return !classes.isClass(o) && !classes.isArray(o);
    }

    private BitSet eligible() {
        int n = m.count;
        BitSet ok = new BitSet(n);
        for (int x = 0; x < n; x++) {
            if (referrers.count(x) > 0 && !classes.isClass(x) && !m.isRoot(x)) {
                ok.set(x);
            }
        }
        for (int x = 0; x < n; x++) {
            boolean isClass = classes.isClass(x);
            for (int k = 0, count = m.refCount(x); k < count; k++) {
                int t = m.refs[m.refStart[x] + k];
                if (isClass || isPseudo(shapes.code(m.shape[x], k))) {
                    ok.clear(t);
                }
            }
        }
        return ok;
    }

    private boolean isPseudo(int code) {
        return shapes.isPseudo(code);
    }

    /**
     * Builds the group of {@code o} into {@link #members} (the owner not included), leaving out
     * objects in {@code claimed} (null: none), and returns its size.
     */
    private int group(int o, BitSet claimed) {
        int e = ++epoch;
        members.clear();
        containerTypes.clear();
        containerTypes.add(m.type[o]);
        stamp[o] = e;
        role[o] = CONTAINER;
        for (int q = -1; q < members.size(); q++) {
            int x = q < 0 ? o : members.getInt(q);
            for (int k = 0, count = m.refCount(x); k < count; k++) {
                int t = m.refs[m.refStart[x] + k];
                if (stamp[t] == e || !eligible.get(t) || (claimed != null && claimed.get(t))) {
                    continue;
                }
                byte r = edge(x, shapes.code(m.shape[x], k), t);
                if (r != NONE) {
                    stamp[t] = e;
                    role[t] = r;
                    members.add(t);
                    if (r == CONTAINER) {
                        containerTypes.add(m.type[t]);
                    }
                }
            }
        }
        return members.isEmpty() ? 0 : keepClosed(o, e);
    }

    /** What t becomes when x's ref with this code leads to it, or NONE. */
    private byte edge(int x, int code, int t) {
        boolean field = code < 0;
        if (field && isPseudo(code)) {
            return NONE;
        }
        boolean fromContainer = role[x] == CONTAINER && !(field && merged(code));
        if (fromContainer && field) {
            if (classes.isArray(t)) {
                return PART;
            }
            if (classes.isDelegate(m.type[x], ShapeTable.nameId(code))) {
                return CONTAINER;
            }
        }
        for (int k = 0; k < containerTypes.size(); k++) {
            if (classes.nestedIn(m.type[t], containerTypes.getInt(k))) {
                return PART;
            }
        }
        return NONE;
    }

    private boolean merged(int code) {
        int id = ShapeTable.nameId(code);
        return id < merged.length && merged[id];
    }

    /**
     * Drops members with a referrer outside the group, and then those that this leaves with one,
     * until every member's referrers are all in the group; compacts {@link #members}.
     */
    private int keepClosed(int o, int e) {
        work.clear();
        work.addAll(members);
        while (!work.isEmpty()) {
            int c = work.popInt();
            if (stamp[c] != e) {
                continue;
            }
            for (int r = referrers.start[c], end = referrers.start[c + 1]; r < end; r++) {
                int from = referrers.from[r];
                if (from != o && stamp[from] != e) {
                    stamp[c] = 0;
                    for (int k = m.refStart[c], kEnd = m.refStart[c + 1]; k < kEnd; k++) {
                        int t = m.refs[k];
                        if (stamp[t] == e && t != o) {
                            work.add(t);
                        }
                    }
                    break;
                }
            }
        }
        int kept = 0;
        for (int k = 0; k < members.size(); k++) {
            int x = members.getInt(k);
            if (stamp[x] == e) {
                members.set(kept++, x);
            }
        }
        members.size(kept);
        return kept;
    }

    /** New refs of every survivor: its own, with each folded part replaced by the part's refs. */
    private Model mergeRefs(BitSet removed, SmallLongs sizes) {
        int n = m.count;
        int[] start = new int[n + 1];
        IntArrayList refs = new IntArrayList(m.totalRefs());
        int[] shapeOf = new int[n];
        IntArrayList codes = new IntArrayList();
        int[] bracketed = new int[merged.length];
        // (object, next ref position) pairs: expansion is depth-first without recursion.
        IntArrayList stack = new IntArrayList();
        BitSet expanded = new BitSet(n);
        int classCode = ShapeTable.nameCode(ShapeTable.CLASS_FIELD);
        for (int i = 0; i < n; i++) {
            start[i] = refs.size();
            if (removed.get(i)) {
                continue;
            }
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            codes.clear();
            stack.add(i);
            stack.add(0);
            while (!stack.isEmpty()) {
                int k = stack.popInt();
                int x = stack.topInt();
                if (k == m.refCount(x)) {
                    stack.popInt();
                    continue;
                }
                stack.add(k + 1);
                int t = m.refs[m.refStart[x] + k];
                int code = shapes.code(m.shape[x], k);
                if (x != i && (code == classCode || t == i)) {
                    continue; // a part's class (the owner has its own) or its way back to the owner
                }
                if (removed.get(t)) {
                    if (!expanded.get(t)) { // a part held twice is taken in once
                        expanded.set(t);
                        stack.add(t);
                        stack.add(0);
                    }
                } else {
                    refs.add(t);
                    codes.add(x == i ? code : bracket(code, bracketed));
                }
            }
            shapeOf[i] = shapes.intern(codes.elements(), 0, codes.size());
        }
        start[n] = refs.size();
        return Rewrite.apply(m, removed, sizes, null, start, refs.elements(), shapeOf);
    }

    /** The code naming a ref taken from a part: an array index as it is, a field {@code f} as {@code [f]}. */
    private int bracket(int code, int[] bracketed) {
        if (code >= 0 || merged(code)) {
            return code;
        }
        int id = ShapeTable.nameId(code);
        if (id >= bracketed.length) {
            return code;
        }
        if (bracketed[id] == 0) {
            bracketed[id] = ShapeTable.nameCode(m.tables.fieldNames.intern("[" + m.tables.fieldNames.get(id) + "]"));
        }
        return bracketed[id];
    }
}
