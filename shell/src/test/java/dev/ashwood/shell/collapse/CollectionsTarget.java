package dev.ashwood.shell.collapse;

import dev.ashwood.scanner.Ashwood;
import dev.ashwood.scanner.DumpResult;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A program holding one collection of each common kind in static fields, filled with objects of
 * its own types (CtKey, CtValue) and byte[] values whose lengths nothing else in a JVM has
 * (VALUE_LENGTH + i), so that a test can tell what the program put in from the collections' machinery.
 * Dumps itself with the real agent (the in-process API) to the path in args[0], then exits.
 */
public final class CollectionsTarget {
    static final int N = 300;
    /** byte[] values are VALUE_LENGTH + i long: lengths no JDK buffer has. */
    static final int VALUE_LENGTH = 77_777;
    static HashMap<String, byte[]> hashMap;
    static LinkedHashMap<CtKey, CtValue> linkedHashMap;
    static TreeMap<CtKey, CtValue> treeMap;
    static ConcurrentHashMap<CtKey, CtValue> concurrentHashMap;
    static ArrayList<CtValue> arrayList;
    static ArrayDeque<CtValue> arrayDeque;
    static HashSet<CtKey> hashSet;

    private CollectionsTarget() {
    }

    public static void main(String[] args) throws Exception {
        hashMap = new HashMap<>();
        linkedHashMap = new LinkedHashMap<>();
        treeMap = new TreeMap<>();
        concurrentHashMap = new ConcurrentHashMap<>();
        arrayList = new ArrayList<>();
        arrayDeque = new ArrayDeque<>();
        hashSet = new HashSet<>();
        for (int i = 0; i < N; i++) {
            hashMap.put("key-" + i, new byte[VALUE_LENGTH + i]);
            linkedHashMap.put(new CtKey(i), new CtValue(i));
            treeMap.put(new CtKey(i), new CtValue(i));
            concurrentHashMap.put(new CtKey(i), new CtValue(i));
            arrayList.add(new CtValue(i));
            arrayDeque.add(new CtValue(i));
            hashSet.add(new CtKey(i));
        }
        // Twenty keys with one hash: that bucket turns into a tree (HashMap$TreeNode, CHM$TreeBin).
        for (int i = 1; i <= 20; i++) {
            linkedHashMap.put(new CtKey(i * 1024), new CtValue(-i));
            concurrentHashMap.put(new CtKey(i * 1024), new CtValue(-i));
        }
        DumpResult r = Ashwood.dumpAllObjects(Path.of(args[0]));
        System.out.println("dumped " + r.objects());
    }
}

/** A key the program puts in (Comparable for TreeMap; hashes collide for multiples of 1024). */
final class CtKey implements Comparable<CtKey> {
    final int id;

    CtKey(int id) {
        this.id = id;
    }

    @Override
    public int hashCode() {
        return id % 1024;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CtKey k && k.id == id;
    }

    @Override
    public int compareTo(CtKey o) {
        return Integer.compare(id, o.id);
    }
}

/** A value the program puts in. */
final class CtValue {
    final int id;

    CtValue(int id) {
        this.id = id;
    }
}
