import dev.ashwood.scanner.Ashwood;
import dev.ashwood.scanner.DumpResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What identity=keep costs: builds a heap of about N objects, dumps it twice in-process with the
 * given agent options, and prints the resident set size before and after each dump (after the
 * agent has given its memory back) and each dump's time. Run by src/bench/identity-bench.sh.
 */
public final class IdentityBench {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        String options = args.length > 1 ? args[1] : "";
        Object[] keep = new Object[n];
        for (int i = 0; i < n; i++) {
            keep[i] = new int[i & 3];
        }
        System.gc();
        Thread.sleep(500);
        long rss0 = rss();
        Path dir = Files.createTempDirectory("identity-bench-");
        long[] rss = new long[3];
        long[] ms = new long[3];
        long[] objects = new long[3];
        for (int d = 1; d <= 2; d++) {
            Path file = dir.resolve(d + ".jsonl");
            long start = System.nanoTime();
            DumpResult r = Ashwood.dumpAllObjects(file, options);
            ms[d] = (System.nanoTime() - start) / 1_000_000;
            objects[d] = r.objects();
            Files.delete(file);
            rss[d] = rss();
        }
        Files.delete(dir);
        System.out.printf("options '%s': %d objects; RSS before %d MiB, after dump 1 %d MiB (%+.1f bytes/object),"
                + " after dump 2 %d MiB; dump 1 %d ms, dump 2 %d ms%n", options, objects[1], rss0 >> 20,
                rss[1] >> 20, (rss[1] - rss0) / (double) objects[1], rss[2] >> 20, ms[1], ms[2]);
        java.lang.ref.Reference.reachabilityFence(keep);
    }

    static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
