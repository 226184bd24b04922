package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.NameTable;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.BitSet;

/**
 * Drops the housekeeping references through which everything reaches everything, so that totals
 * and reachable summaries mean something.
 * <ul>
 * <li>Meliae dumps, Meliae's rule: refs to {@code module}, {@code frame} and {@code type} objects;
 *     a {@code function}'s 2nd and 3rd refs (its globals and module, in func_traverse's order);
 *     an {@code _LRUNode}'s refs to other {@code _LRUNode}s. (Meliae also adds a placeholder
 *     object at address 0 to stand for the dropped refs; we do not add objects.)</li>
 * <li>JVM dumps: every pseudo-field reference ({@code <class>}, {@code <loader>},
 *     {@code <superclass>}, {@code <protection_domain>}, {@code <signers>},
 *     {@code <constant_pool>}, {@code <interface>}). Static fields are kept: they are real
 *     ownership.</li>
 * </ul>
 */
final class ExpensiveReferences {
    private ExpensiveReferences() {
    }

    static Rebuilt remove(Model m) {
        int n = m.count;
        boolean meliae = m.runtime == RuntimeRules.PYTHON;
        NameTable types = m.tables.types;
        boolean[] noRef = new boolean[types.size()];
        for (String t : new String[] {"module", "frame", "type"}) {
            int id = types.find(t);
            if (id >= 0) {
                noRef[id] = true;
            }
        }
        int function = types.find("function");
        int lruNode = types.find("_LRUNode");
        int[] start = new int[n + 1];
        IntArrayList refs = new IntArrayList(m.totalRefs());
        IntArrayList codes = new IntArrayList();
        int[] shapes = meliae ? null : new int[n];
        int dropped = 0;
        for (int i = 0; i < n; i++) {
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            start[i] = refs.size();
            codes.clear();
            int count = m.refCount(i);
            for (int k = 0; k < count; k++) {
                int t = m.refs[m.refStart[i] + k];
                boolean drop;
                if (meliae) {
                    int type = m.type[i];
                    if (type == function) {
                        drop = k == 1 || k == 2;
                    } else if (type == lruNode && lruNode >= 0) {
                        drop = m.type[t] == lruNode;
                    } else {
                        drop = noRef[m.type[t]];
                    }
                } else {
                    int code = m.tables.shapes.code(m.shape[i], k);
                    drop = m.tables.shapes.isPseudo(code);
                    if (!drop) {
                        codes.add(code);
                    }
                }
                if (drop) {
                    dropped++;
                } else {
                    refs.add(t);
                }
            }
            if (shapes != null) {
                shapes[i] = m.tables.shapes.intern(codes.elements(), 0, codes.size());
            }
        }
        start[n] = refs.size();
        if (dropped == 0) {
            return new Rebuilt(m, 0);
        }
        return new Rebuilt(Rewrite.apply(m, new BitSet(), null, null, start,
                refs.elements(), shapes), dropped);
    }
}
