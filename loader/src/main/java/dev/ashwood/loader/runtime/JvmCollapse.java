package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.NameTable;
import dev.ashwood.loader.model.Referrers;
import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.SmallLongs;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.BitSet;

/**
 * The JVM counterpart of Meliae's dict collapsing: an object that is a private part of one owner
 * folds into that owner. Object c folds into the object its only referrer o ends up in (o itself,
 * or o's own owner when o folded) when c is not a GC root, neither c nor o is a
 * {@code java.lang.Class} (static fields are shared, not private parts), every reference from o to
 * c is an instance field or an array element (never a pseudo-field), and either
 * <ul>
 * <li>c is an array held in a field: String.value, ArrayList.elementData, HashMap.table,
 *     StringBuilder.value, ArrayDeque.elements, ...; or</li>
 * <li>c's class is nested in the final owner's class ({@code java.util.HashMap$Node} in a
 *     {@code java.util.HashMap}): the entries of a map's table and their {@code next} chains fold
 *     into the map, through the table that folded first.</li>
 * </ul>
 * The owner's size grows by the parts' sizes, and its refs become its own refs with each folded
 * part replaced by that part's refs (minus the part's {@code <class>} ref), recursively, so keys
 * and values stay reachable from the map itself. Decisions follow chains of single referrers with
 * an explicit stack: a million-node chain folds without recursion.
 */
final class JvmCollapse {
    // Decision states; 0 (the array's initial value) is "undecided".
    private static final int IN_PROGRESS = 1;
    private static final int DECIDED = 2;

    private JvmCollapse() {
    }

    static Rebuilt collapse(Model m) {
        Referrers referrers = m.referrers();
        int n = m.count;
        NameTable types = m.tables.types;
        int classType = types.find("java.lang.Class");
        boolean[] isArray = new boolean[types.size()];
        for (int t = 0; t < isArray.length; t++) {
            isArray[t] = types.get(t).endsWith("[]");
        }
        int[] owner = new int[n];
        byte[] state = new byte[n];
        IntArrayList stack = new IntArrayList();
        for (int c = 0; c < n; c++) {
            if ((c & 0xffff) == 0) {
                Cancel.check();
            }
            stack.add(c);
            while (!stack.isEmpty()) {
                int x = stack.topInt();
                if (state[x] == DECIDED) {
                    stack.popInt();
                    continue;
                }
                int o = privateHolder(m, referrers, x, classType);
                if (o < 0) {
                    owner[x] = x;
                } else if (state[o] == DECIDED) {
                    owner[x] = folds(m, types, isArray, x, o, owner[o]) ? owner[o] : x;
                } else if (state[o] == IN_PROGRESS) {
                    owner[x] = x; // a ring of single referrers: nobody outside holds it
                } else {
                    state[x] = IN_PROGRESS;
                    stack.add(o);
                    continue;
                }
                state[x] = DECIDED;
                stack.popInt();
            }
        }
        state = null;
        // Decided: the referrers (4 bytes per object and per reference) can go before the new
        // model is built; they are rebuilt on next use, also if this collapse is cancelled.
        m.releaseReferrers();
        BitSet removed = new BitSet(n);
        SmallLongs sizes = new SmallLongs(n);
        for (int x = 0; x < n; x++) {
            sizes.set(x, m.size(x));
        }
        int folded = 0;
        for (int x = 0; x < n; x++) {
            if (owner[x] != x) {
                removed.set(x);
                sizes.set(owner[x], sizes.get(owner[x]) + m.size(x));
                folded++;
            }
        }
        if (folded == 0) {
            return new Rebuilt(m, 0);
        }
        owner = null; // mergeRefs needs only 'removed': a removed object is always its holder's part
        return new Rebuilt(mergeRefs(m, removed, sizes), folded);
    }

    /** x's only referrer when x is structurally eligible (not a root, no Class, no pseudo-field), else -1. */
    private static int privateHolder(Model m, Referrers referrers, int x, int classType) {
        if (referrers.count(x) != 1 || m.type[x] == classType || m.isRoot(x)) {
            return -1;
        }
        int o = referrers.from[referrers.start[x]];
        if (m.type[o] == classType || o == x) {
            return -1;
        }
        for (int k = m.refStart[o], end = m.refStart[o + 1]; k < end; k++) {
            if (m.refs[k] == x && m.tables.shapes.code(m.shape[o], k - m.refStart[o]) < 0
                    && m.field(o, k - m.refStart[o]).startsWith("<")) {
                return -1;
            }
        }
        return o;
    }

    private static boolean folds(Model m, NameTable types, boolean[] isArray, int x, int o, int f) {
        if (isArray[m.type[x]] && !isArray[m.type[o]]) {
            return true;
        }
        String ownerType = types.get(m.type[f]);
        String type = types.get(m.type[x]);
        return type.length() > ownerType.length() + 1 && type.startsWith(ownerType)
                && type.charAt(ownerType.length()) == '$';
    }

    /** New refs of every survivor: its own, with each folded part replaced by the part's refs. */
    private static Model mergeRefs(Model m, BitSet removed, SmallLongs sizes) {
        int n = m.count;
        int[] start = new int[n + 1];
        IntArrayList refs = new IntArrayList(m.totalRefs());
        int[] shapes = new int[n];
        IntArrayList codes = new IntArrayList();
        // (object, next ref position) pairs: expansion is depth-first without recursion.
        IntArrayList stack = new IntArrayList();
        BitSet expanded = new BitSet(n);
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
                int code = m.tables.shapes.code(m.shape[x], k);
                if (x != i && k == 0 && code == ShapeTable.nameCode(ShapeTable.CLASS_FIELD)) {
                    continue; // a folded part's class: the owner has its own
                }
                if (removed.get(t)) {
                    if (!expanded.get(t)) { // a part held twice by its holder is taken in once
                        expanded.set(t);
                        stack.add(t);
                        stack.add(0);
                    }
                } else {
                    refs.add(t);
                    codes.add(code);
                }
            }
            shapes[i] = m.tables.shapes.intern(codes.elements(), 0, codes.size());
        }
        start[n] = refs.size();
        return Rewrite.apply(m, removed, sizes, null, start, refs.elements(), shapes);
    }
}
