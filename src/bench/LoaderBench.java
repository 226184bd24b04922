import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.loader.Total;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The loader benchmark (run by src/bench/loader-bench.sh): times a bare jackson-core streaming
 * pass over the file (the floor any JSON loader pays), then the loader and its operations on the
 * same file, in one JVM, and prints one Markdown table.
 */
public final class LoaderBench {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long fileBytes = Files.size(file);
        System.out.printf("| file | %s (%.0f MB) |%n|---|---|%n", file.getFileName(), fileBytes / 1e6);

        long t0 = System.nanoTime();
        long tokens = jacksonPass(file);
        double floor = secondsSince(t0);
        System.out.printf("| bare jackson-core pass, 1 thread (floor) | %.2f s, %d tokens, %.0f MB/s |%n", floor, tokens,
                fileBytes / 1e6 / floor);

        System.gc();
        resetPeaks();
        long before = usedHeap();
        t0 = System.nanoTime();
        Heap heap = HeapLoader.load(file, LoadOptions.defaults());
        double load = secondsSince(t0);
        long peak = peakHeap() - before;
        int n = heap.objectCount();
        long refs = heap.referenceCount();
        System.out.printf("| load (%d threads) | %.2f s: %d objects, %d refs, %.2f M objects/s |%n",
                Runtime.getRuntime().availableProcessors(), load, n, refs, n / load / 1e6);
        long model = heap.modelBytes();
        System.out.printf("| model after load | %.0f MB: %.1f bytes/object + refs |%n", model / 1e6, (double) model / n);
        System.out.printf("| peak heap growth while loading | %.0f MB (%.2fx the model) |%n", peak / 1e6, (double) peak / model);

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

        t0 = System.nanoTime();
        int folded = heap.collapse();
        System.out.printf("| collapse | %.2f s: %d objects folded |%n", secondsSince(t0), folded);
    }

    /** The object with the most refs: the registry of a JVM dump, a big container in Python's. */
    private static int biggestRoot(Heap heap) {
        int best = 0;
        for (int i = 0; i < heap.objectCount(); i++) {
            if (heap.refs(i).length > heap.refs(best).length) {
                best = i;
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

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long usedHeap() {
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    private static double secondsSince(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
