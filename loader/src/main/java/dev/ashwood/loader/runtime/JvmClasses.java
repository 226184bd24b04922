package dev.ashwood.loader.runtime;

import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.model.NameTable;
import dev.ashwood.loader.model.ShapeTable;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What JVM collapse needs to know about classes: which types are arrays, each class's superclass
 * chain (from the {@code <superclass>} refs of the class objects in the dump), which class is
 * nested in which, and which fields of a set hold the map that does its work.
 */
final class JvmClasses {
    /**
     * Sets and wrappers whose elements live in another collection they hold in one field: the
     * declaring class and the field. That collection is their machinery, not something the
     * program put in.
     */
    private static final Map<String, String> DELEGATES = Map.of(
            "java.util.HashSet", "map",
            "java.util.TreeSet", "m",
            "java.util.concurrent.ConcurrentSkipListSet", "m",
            "java.util.concurrent.CopyOnWriteArraySet", "al",
            "java.util.Collections$SetFromMap", "m",
            "java.util.Properties", "map");

    final Model m;
    final int classType;
    private final NameTable types;
    private final NameTable fieldNames;
    private final boolean[] isArray;
    private final Map<String, String> superclass = new HashMap<>();
    private final Map<Integer, List<String>> chains = new HashMap<>();
    private final Long2IntOpenHashMap nested = new Long2IntOpenHashMap();
    private final Long2IntOpenHashMap delegate = new Long2IntOpenHashMap();

    JvmClasses(Model m) {
        this.m = m;
        this.types = m.tables.types;
        this.fieldNames = m.tables.fieldNames;
        this.classType = types.find("java.lang.Class");
        this.isArray = new boolean[types.size()];
        for (int t = 0; t < isArray.length; t++) {
            isArray[t] = types.get(t).endsWith("[]");
        }
        int superField = fieldNames.find("<superclass>");
        if (classType < 0 || superField < 0) {
            return;
        }
        int superCode = ShapeTable.nameCode(superField);
        for (int i = 0; i < m.count; i++) {
            if (m.type[i] != classType) {
                continue;
            }
            for (int k = 0, count = m.refCount(i); k < count; k++) {
                if (m.tables.shapes.code(m.shape[i], k) == superCode) {
                    String name = name(i);
                    String parent = name(m.refs[m.refStart[i] + k]);
                    if (name != null && parent != null) {
                        superclass.put(name, parent);
                    }
                }
            }
        }
    }

    private String name(int i) {
        int id = m.names.getOrDefault(i, -1);
        return id < 0 ? null : m.tables.strings.get(id);
    }

    boolean isArray(int object) {
        return isArray[m.type[object]];
    }

    boolean isClass(int object) {
        return m.type[object] == classType;
    }

    /** The type's name and its superclasses' names, nearest first. */
    private List<String> chain(int type) {
        return chains.computeIfAbsent(type, t -> {
            List<String> names = new ArrayList<>();
            for (String s = types.get(t); s != null && names.size() < 64; s = superclass.get(s)) {
                names.add(s);
            }
            return names;
        });
    }

    /**
     * Whether instances of {@code type} are nested in {@code container} or one of its
     * superclasses ({@code java.util.HashMap$TreeNode} in a {@code LinkedHashMap}). The
     * {@code java.util.Abstract...} bases are left out: their nested classes
     * ({@code AbstractMap$SimpleEntry}) are things programs put into maps, not machinery.
     */
    boolean nestedIn(int type, int container) {
        return remembered(nested, (long) type << 32 | container, () -> {
            String name = types.get(type);
            if (name.endsWith("[]")) {
                return false;
            }
            for (String outer : chain(container)) {
                if (!outer.startsWith("java.util.Abstract") && name.length() > outer.length() + 1
                        && name.startsWith(outer) && name.charAt(outer.length()) == '$') {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether field {@code fieldId} of a {@code type} holds the collection doing its work. */
    boolean isDelegate(int type, int fieldId) {
        return remembered(delegate, (long) type << 32 | fieldId, () -> {
            String field = fieldNames.get(fieldId);
            return chain(type).stream().anyMatch(s -> field.equals(DELEGATES.get(s)));
        });
    }

    /** An answer computed once per key (1 yes, 2 no; 0 is the map's "absent"). */
    private static boolean remembered(Long2IntOpenHashMap known, long key, BooleanSupplier compute) {
        int answer = known.get(key);
        if (answer == 0) {
            answer = compute.getAsBoolean() ? 1 : 2;
            known.put(key, answer);
        }
        return answer == 1;
    }
}
