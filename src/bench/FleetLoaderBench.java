import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryOptions;
import java.nio.file.Path;

/**
 * The single-machine side of the Spark benchmark (run by src/bench/spark-bench.sh): loads and
 * summarizes each dump one after another in one JVM, as a person with the shell would, and
 * prints the total wall time and objects, one line per dump and a last line "total S s".
 */
public final class FleetLoaderBench {
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long start = System.nanoTime();
        long objects = 0;
        for (int i = 1; i < args.length; i++) {
            long t0 = System.nanoTime();
            Heap heap = HeapLoader.load(Path.of(args[i]), LoadOptions.defaults().withThreads(threads));
            Summary s = heap.summarize(SummaryOptions.all().top(Integer.MAX_VALUE));
            objects += s.objects();
            System.out.printf("%s: %d objects, %d types, %.2f s%n", args[i], s.objects(), s.types(),
                    (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf("total %.1f s, %d objects%n", (System.nanoTime() - start) / 1e9, objects);
    }
}
