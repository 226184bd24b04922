import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.loader.Total;
import java.io.InputStream;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The loader benchmark (run by src/bench/loader-bench.sh): times the loader's first load in a fresh
 * JVM, then a bare jackson-core streaming pass over the same file (the floor any JSON loader
 * pays), then more loads and the operations, in one JVM, and prints one Markdown table.
 */
public final class LoaderBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        if (args.length > 1 && args[1].equals("--load-only")) {
            // For the smallest-heap probe: exit 0 when the dump loads in this -Xmx, 1 when not.
            try {
                System.out.println(HeapLoader.load(file).objectCount() + " objects");
                return;
            } catch (java.io.IOException e) {
                System.out.println(e.getMessage());
                System.exit(1);
            }
        }
        int repeat = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long fileBytes = Files.size(file);
        System.out.printf("| file | %s (%.0f MB) |%n|---|---|%n", file.getFileName(), fileBytes / 1e6);

        // The first load runs first, in a JVM that has run nothing else, as in `ashwood query`: a
        // jackson pass before it would compile jackson's parser and its number conversion for it.
        long before = usedHeap();
        LivePeak live = LivePeak.start();
        long t0 = System.nanoTime();
        Heap heap = HeapLoader.load(file, LoadOptions.defaults());
        double load = secondsSince(t0);
        long peak = live.stop() - before;
        int n = heap.objectCount();
        long refs = heap.referenceCount();
        System.out.printf("| load (%d threads), first in this JVM | %.2f s: %d objects, %d refs, %.2f M objects/s |%n",
                Runtime.getRuntime().availableProcessors(), load, n, refs, n / load / 1e6);
        t0 = System.nanoTime();
        long tokens = jacksonPass(file);
        double floor = secondsSince(t0);
        System.out.printf("| bare jackson-core pass, 1 thread (floor; after the first load, so jackson is compiled) | %.2f s, %d tokens, %.0f MB/s |%n",
                floor, tokens, fileBytes / 1e6 / floor);
        if (repeat > 1) {
            double[] times = new double[repeat - 1];
            for (int r = 0; r < times.length; r++) {
                heap = null;
                System.gc();
                t0 = System.nanoTime();
                heap = HeapLoader.load(file, LoadOptions.defaults());
                times[r] = secondsSince(t0);
            }
            java.util.Arrays.sort(times);
            System.out.printf("| load, %d more times | best %.2f s (%.2f M objects/s), median %.2f s |%n", times.length,
                    times[0], n / times[0] / 1e6, times[times.length / 2]);
        }
        long model = heap.modelBytes();
        System.out.printf("| model after load | %.0f MB: %.1f bytes/object + refs |%n", model / 1e6, (double) model / n);
        System.out.printf("| heap after GCs while loading (largest, minus the heap before; counts garbage left in old regions, so an upper bound: see --min-heap) | %.0f MB (%.2fx the model) |%n",
                peak / 1e6, (double) peak / model);

        t0 = System.nanoTime();
        heap.summarize(SummaryOptions.all());
        System.out.printf("| summarize (whole heap) | %.3f s |%n", secondsSince(t0));

        t0 = System.nanoTime();
        heap.referrers(0);
        double referrers = secondsSince(t0);
        long withReferrers = heap.modelBytes();
        System.out.printf("| referrers (all objects) | %.2f s |%n", referrers);
        System.out.printf("| model with referrers | %.0f MB: %.1f bytes/object at %.2f refs/object; budget 40/object + 8/ref = %.0f MB |%n",
                withReferrers / 1e6, (double) withReferrers / n, (double) refs / n, (40.0 * n + 8.0 * refs) / 1e6);

        int biggest = biggestRoot(heap);
        t0 = System.nanoTime();
        Total total = heap.total(biggest);
        System.out.printf("| total from %s %d | %.2f s: %d objects, %d bytes |%n", heap.type(biggest), heap.address(biggest),
                secondsSince(t0), total.objects(), total.bytes());

        // Retained sizes: the dominator tree over the loaded heap (referrers are built above, so
        // this is the tree alone; a fresh session pays the referrers row too). The tree is
        // computed on this thread, so the thread's allocation counter sees every array it makes.
        System.gc();
        long beforeTree = usedHeap();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        t0 = System.nanoTime();
        heap.computeRetained((done, all) -> { });
        double tree = secondsSince(t0);
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.gc();
        long kept = usedHeap() - beforeTree;
        System.out.printf("| dominator tree + retained sizes (SEMI-NCA, 1 thread) | %.2f s (%.2f s with the referrers) |%n",
                tree, tree + referrers);
        System.out.printf("| retained sizes kept | %.1f bytes/object counted (%.1f measured: heap after GC minus before) |%n",
                (double) heap.retainedTreeBytes() / n, (double) kept / n);
        System.out.printf("| retained sizes transient | at most 24.1 bytes/object live by construction (six int arrays and a bit per object, then four int arrays); allocated in all, kept arrays included: %.1f bytes/object |%n",
                (double) allocated / n);
        t0 = System.nanoTime();
        int[] top = heap.dominated(-1);
        System.out.printf("| dominators (top of the tree) | %.2f s: %d objects under the virtual root, the largest retains %d bytes |%n",
                secondsSince(t0), top.length, heap.retained(top[0]).bytes());
        t0 = System.nanoTime();
        int rows = heap.summarizeRetained().size();
        System.out.printf("| summarize --retained | %.2f s: %d types |%n", secondsSince(t0), rows);
        t0 = System.nanoTime();
        int suspects = heap.suspects(0.1).size();
        System.out.printf("| suspects (10%%) | %.2f s: %d suspects, paths included |%n", secondsSince(t0), suspects);

        t0 = System.nanoTime();
        int folded = heap.collapse();
        System.out.printf("| collapse | %.2f s: %d objects folded |%n", secondsSince(t0), folded);
    }

    /**
     * Where the application's data hangs: the object a jni_global root holds (the registry of the
     * generated JVM heap), else the object nobody refers to with the most grandchildren (the
     * registry module of the generated Python heap, through its dict).
     */
    private static int biggestRoot(Heap heap) {
        int best = 0;
        long bestScore = -1;
        for (int i = 0; i < heap.objectCount(); i++) {
            if (heap.roots(i).contains("jni_global")) {
                return i;
            }
            if (heap.referrers(i).length == 0) {
                long score = 0;
                for (int child : heap.refs(i)) {
                    score += heap.refs(child).length;
                }
                if (score > bestScore) {
                    best = i;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    private static long jacksonPass(Path file) throws Exception {
        long tokens = 0;
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new java.io.BufferedInputStream(raw, 1 << 16);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            try (JsonParser p = new JsonFactory().createParser(gzip ? new GZIPInputStream(in, 1 << 16) : in)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.VALUE_STRING) {
                        p.getTextLength();
                    } else if (t == JsonToken.VALUE_NUMBER_INT) {
                        p.getLongValue();
                    }
                    tokens++;
                }
            }
        }
        return tokens;
    }

    /** The largest heap left after any GC while it runs: the live set's peak, garbage aside. */
    private static final class LivePeak implements NotificationListener {
        private final AtomicLong max = new AtomicLong();

        static LivePeak start() {
            LivePeak peak = new LivePeak();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener(peak, null, null);
            }
            return peak;
        }

        @Override
        public void handleNotification(Notification n, Object handback) {
            if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                GcInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                long used = info.getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                max.accumulateAndGet(used, Math::max);
            }
        }

        /** Forces a last GC so the finished model counts, then returns the peak. */
        long stop() throws Exception {
            System.gc();
            Thread.sleep(200); // notifications arrive on another thread
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).removeNotificationListener(this);
            }
            return max.get();
        }
    }

    private static long usedHeap() {
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
