package dev.ashwood.loader.model;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dense ids for a small set of names (type names, field names, root kinds), shared by the parser
 * threads. Few distinct names and many lookups: a concurrent map finds ids, and an array that is
 * only ever replaced by a longer copy (published through a volatile field) gives names back, so
 * no lookup takes a lock; only adding a name does.
 */
public final class NameTable {
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private volatile String[] names = new String[64];
    private volatile int size;

    public int intern(String name) {
        Integer id = ids.get(name);
        return id != null ? id : ids.computeIfAbsent(name, this::append);
    }

    private synchronized Integer append(String name) {
        String[] n = names;
        if (size == n.length) {
            n = Arrays.copyOf(n, n.length * 2);
        }
        n[size] = name;
        names = n;
        return size++;
    }

    /** The name with this id (an id this table gave out). */
    public String get(int id) {
        return names[id];
    }

    /** The id of {@code name}, or -1 when it was never interned. */
    public int find(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    public int size() {
        return size;
    }

    /** Rough memory: a map entry, a String and its chars per name. */
    public long bytes() {
        int count = size; // before names: a name is stored before size counts it
        String[] n = names;
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += 96 + 2L * n[i].length();
        }
        return total;
    }
}
