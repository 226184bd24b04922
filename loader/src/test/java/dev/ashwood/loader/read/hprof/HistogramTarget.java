package dev.ashwood.loader.read.hprof;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A quiet target for the class-histogram test: classes whose fields HotSpot packs into their
 * superclass's gaps, @Contended JDK classes (threads, LongAdder cells, ConcurrentHashMap counter
 * cells), strings in both coders, boxes, arrays of every kind. Prints "ready PID", then waits
 * for a line on stdin and exits.
 */
public final class HistogramTarget {
    static class Base {
        long a;
        byte b;
    }

    static class Packed extends Base {
        int c;
        short d;
        Object e;
    }

    static class Deeper extends Packed {
        boolean f;
        char g;
        double h;
    }

    static final List<Object> KEEP = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 2000; i++) {
            KEEP.add(new Base());
            KEEP.add(new Packed());
            Deeper d = new Deeper();
            d.e = "s" + i;
            KEEP.add(d);
            KEEP.add(i % 3 == 0 ? "caf\u00e9 \u20ac" + i : "plain " + i);
            KEEP.add(new long[i % 9]);
            KEEP.add(new byte[i % 13]);
            KEEP.add(new short[i % 5]);
            KEEP.add(new boolean[i % 4]);
            KEEP.add(new Object[i % 6]);
            KEEP.add(Long.valueOf(i * 1_000_003L));
            KEEP.add(Double.valueOf(i / 3.0));
        }
        Map<String, Integer> map = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            map.put("k" + i, i);
        }
        KEEP.add(map);
        ConcurrentHashMap<Integer, Integer> chm = new ConcurrentHashMap<>();
        LongAdder adder = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 200_000; i++) {
                    chm.merge(i % 64, 1, Integer::sum);
                    adder.increment();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);
        KEEP.add(chm);
        KEEP.add(adder);
        KEEP.add(new Thread(() -> { }, "unstarted"));
        System.out.println("ready " + ProcessHandle.current().pid());
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
    }
}
