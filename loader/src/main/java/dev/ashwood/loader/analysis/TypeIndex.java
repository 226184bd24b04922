package dev.ashwood.loader.analysis;

import dev.ashwood.loader.model.Model;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntArrays;
import java.util.ArrayList;
import java.util.List;

/** Lookups by type name: which types are present, and every object of one type. */
public final class TypeIndex {
    private TypeIndex() {
    }

    public static List<String> presentTypes(Model m) {
        boolean[] present = new boolean[m.tables.types.size()];
        for (int i = 0; i < m.count; i++) {
            present[m.type[i]] = true;
        }
        List<String> names = new ArrayList<>();
        for (int t = 0; t < present.length; t++) {
            if (present[t]) {
                names.add(m.tables.types.get(t));
            }
        }
        names.sort(null);
        return names;
    }

    /** Objects of {@code type}, largest first, then more refs first, then lower address. */
    public static int[] all(Model m, String type) {
        int[] out = instances(m, type);
        IntArrays.quickSort(out, (a, b) -> {
            int c = Long.compare(m.size(b), m.size(a));
            if (c == 0) {
                c = Integer.compare(m.refCount(b), m.refCount(a));
            }
            return c != 0 ? c : Integer.compare(a, b);
        });
        return out;
    }

    /** Objects of {@code type} in index order; empty when no object has it. O(objects). */
    static int[] instances(Model m, String type) {
        int t = m.tables.types.find(type);
        if (t < 0) {
            return new int[0];
        }
        IntArrayList found = new IntArrayList();
        for (int i = 0; i < m.count; i++) {
            if (m.type[i] == t) {
                found.add(i);
            }
        }
        return found.toIntArray();
    }
}
