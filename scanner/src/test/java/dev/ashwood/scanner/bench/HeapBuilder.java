package dev.ashwood.scanner.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's heap: about N objects in a realistic mix (maps of entries with String keys,
 * small objects with boxed, array and list fields, strings of varied length). Prints "ready PID
 * OBJECTS" when built and garbage-free, then waits for "exit" on stdin.
 */
public final class HeapBuilder {
    /** One map value: 7 objects with its key (String, byte[], Node, Item, Integer, long[], ArrayList, Object[]). */
    static final class Item {
        final String label;
        final Integer id;
        final long[] samples;
        final List<Object> tags;
        double score;

        Item(int i, String label, List<Object> sharedTags) {
            this.label = label;
            this.id = i;  // autoboxed: a new Integer above the cache range
            this.samples = new long[i % 8];
            this.tags = sharedTags;
            this.score = i * 0.5;
        }
    }

    private HeapBuilder() {}

    public static void main(String[] args) throws Exception {
        long target = Long.parseLong(args[0]);
        List<Map<String, Item>> maps = new ArrayList<>();
        long made = 0;
        int i = 1000;
        while (made < target) {
            Map<String, Item> map = new HashMap<>();
            List<Object> tags = new ArrayList<>(List.of("tag-" + i, i));
            made += 8;  // map, its table, the tags list, its array, two tag objects, ...
            for (int k = 0; k < 1000 && made < target; k++, i++) {
                String key = "customer-" + i + (i % 3 == 0 ? "-with-a-rather-longer-name-" + (i * 31) : "");
                Item item = new Item(i, i % 4 == 0 ? key : null, tags);
                map.put(key, item);
                made += 6;  // key String + byte[], HashMap$Node, Item, Integer, long[]
            }
            maps.add(map);
        }
        Object[] keep = maps.toArray();
        System.gc();
        System.out.println("ready " + ProcessHandle.current().pid() + " " + made);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            System.out.println("alive " + keep.length);
        }
    }
}
