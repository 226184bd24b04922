package dev.ashwood.bench;

import java.io.File;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import shark.CloseableHeapGraph;
import shark.HeapObject;
import shark.HprofHeapGraph;
import shark.HprofIndex;

/**
 * The reference for docs/performance.md: Shark 2.14 indexes an HPROF file and builds a class
 * histogram (objects and Shark's byte sizes per class), the work ashwood's load plus summarize
 * does. Prints one line: objects, classes, index and histogram times.
 */
public final class SharkBench {
    private SharkBench() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        try (CloseableHeapGraph graph = HprofHeapGraph.Companion.openHeapGraph(new File(args[0]), null,
                HprofIndex.Companion.defaultIndexedGcRootTags())) {
            long t1 = System.nanoTime();
            Map<String, long[]> histogram = new HashMap<>();
            for (Iterator<HeapObject.HeapInstance> it = graph.getInstances().iterator(); it.hasNext(); ) {
                HeapObject.HeapInstance i = it.next();
                long[] row = histogram.computeIfAbsent(i.getInstanceClassName(), k -> new long[2]);
                row[0]++;
                row[1] += i.getByteSize();
            }
            for (Iterator<HeapObject.HeapObjectArray> it = graph.getObjectArrays().iterator(); it.hasNext(); ) {
                HeapObject.HeapObjectArray a = it.next();
                long[] row = histogram.computeIfAbsent(a.getArrayClassName(), k -> new long[2]);
                row[0]++;
                row[1] += a.getByteSize();
            }
            for (Iterator<HeapObject.HeapPrimitiveArray> it = graph.getPrimitiveArrays().iterator(); it.hasNext(); ) {
                HeapObject.HeapPrimitiveArray a = it.next();
                long[] row = histogram.computeIfAbsent(a.getArrayClassName(), k -> new long[2]);
                row[0]++;
                row[1] += a.getByteSize();
            }
            long t2 = System.nanoTime();
            long objects = histogram.values().stream().mapToLong(r -> r[0]).sum();
            System.out.printf("shark: %d objects in %d classes, index %d ms, histogram %d ms, total %d ms%n", objects,
                    histogram.size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t2 - t0) / 1_000_000);
        }
    }
}
