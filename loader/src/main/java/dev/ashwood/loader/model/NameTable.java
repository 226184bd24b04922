package dev.ashwood.loader.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dense ids for a small set of names (type names, field names, root kinds), shared by the parser
 * threads. Few distinct names and many lookups: a concurrent map is cheap here.
 */
public final class NameTable {
    private final ConcurrentHashMap<String, Integer> ids = new ConcurrentHashMap<>();
    private final List<String> names = new ArrayList<>();

    public int intern(String name) {
        Integer id = ids.get(name);
        return id != null ? id : ids.computeIfAbsent(name, this::append);
    }

    private synchronized Integer append(String name) {
        names.add(name);
        return names.size() - 1;
    }

    public synchronized String get(int id) {
        return names.get(id);
    }

    /** The id of {@code name}, or -1 when it was never interned. */
    public int find(String name) {
        Integer id = ids.get(name);
        return id == null ? -1 : id;
    }

    public synchronized int size() {
        return names.size();
    }

    public synchronized List<String> all() {
        return List.copyOf(names);
    }

    /** Rough memory: a map entry, a String and its chars per name. */
    public synchronized long bytes() {
        long total = 0;
        for (String name : names) {
            total += 96 + 2L * name.length();
        }
        return total;
    }
}
