package dev.ashwood.scanner.bench;

import dev.ashwood.scanner.AgentLibrary;
import dev.ashwood.scanner.RemoteDump;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dumps one heap of N objects three ways in the same run: ashwood (JVMTI.data_dump trigger),
 * HotSpot's `GC.heap_dump -all` (no GC first) and `GC.heap_dump` (full GC first), and prints
 * times, sizes, ratios, ashwood's own breakdown (from its footer) and the target's RSS.
 * With --gzip-rounds N, then N rounds of a plain and a gzip dump by attach (see gzipRounds).
 * Usage: ScannerBench [--objects N] [--jdk JAVA_HOME] [--out DIR] [--keep] [--gzip-rounds N]
 */
public final class ScannerBench {
    private static final Pattern HPROF = Pattern.compile("Heap dump file created \\[(\\d+) bytes in ([0-9.]+) secs\\]");

    private ScannerBench() {}

    public static void main(String[] args) throws Exception {
        long objects = 5_000_000;
        Path jdk = Path.of(System.getProperty("java.home"));
        Path out = Path.of("bench-out");
        boolean keep = false;
        int gzipRounds = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> objects = Long.parseLong(args[++i]);
                case "--jdk" -> jdk = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--gzip-rounds" -> gzipRounds = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: ScannerBench [--objects N] [--jdk JAVA_HOME] [--out DIR] [--keep] [--gzip-rounds N]");
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(out);
        Path dir = Files.createTempDirectory(out.toAbsolutePath(), "run-");
        try {
            run(objects, jdk, dir, gzipRounds);
        } finally {
            if (!keep) {
                try (var files = Files.list(dir)) {
                    for (Path p : files.toList()) {
                        Files.delete(p);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    private static void run(long objects, Path jdk, Path dir, int gzipRounds) throws Exception {
        long heapMb = Math.max(1024, objects * 120 / (1 << 20) + 512);
        Path stderr = dir.resolve("target.stderr");
        List<String> cmd = List.of(jdk.resolve("bin/java").toString(), "-Xmx" + heapMb + "m", "-Xms" + heapMb + "m",
                "-agentpath:" + AgentLibrary.path() + "=out=" + dir + "/ashwood.jsonl,untagged_walk=yes",
                "-cp", System.getProperty("java.class.path"), HeapBuilder.class.getName(), Long.toString(objects));
        Process p = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
        BufferedReader stdout = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintStream stdin = new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        String ready = stdout.readLine();
        if (ready == null || !ready.startsWith("ready ")) {
            throw new IOException("heap builder failed: " + Files.readString(stderr));
        }
        long pid = Long.parseLong(ready.split(" ")[1]);
        System.out.printf(Locale.ROOT, "machine: %s, %d cores, %s; JDK %s%n", cpu(), Runtime.getRuntime().availableProcessors(),
                memTotal(), javaVersion(jdk));
        System.out.printf(Locale.ROOT, "heap built in %.1f s (-Xmx%dm)%n", (System.nanoTime() - t0) / 1e9, heapMb);
        try {
            long rssBefore = rss(pid);
            long start = System.nanoTime();
            jcmd(jdk, pid, "JVMTI.data_dump");
            long peak = rssBefore;
            Path file = dir.resolve("ashwood.jsonl");
            while (!Files.readString(stderr).contains("ashwood: dump")) {
                peak = Math.max(peak, rss(pid));
                Thread.sleep(10);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            long rssAfter = rss(pid);
            String footer = lastLine(file);
            if (!footer.startsWith("{\"footer\"")) {
                throw new IOException("ashwood's dump failed: " + Files.readString(stderr));
            }
            long ms = number(footer, "elapsed_ms");
            long ashBytes = Files.size(file);
            Files.delete(file);

            String all = jcmd(jdk, pid, "GC.heap_dump", "-all", dir.resolve("all.hprof").toString());
            Matcher a = HPROF.matcher(all);
            String live = jcmd(jdk, pid, "GC.heap_dump", dir.resolve("live.hprof").toString());
            Matcher l = HPROF.matcher(live);
            if (!a.find() || !l.find()) {
                throw new IOException("unexpected jcmd output: " + all + live);
            }
            double allS = Double.parseDouble(a.group(2));
            double liveS = Double.parseDouble(l.group(2));
            long allBytes = Long.parseLong(a.group(1));
            long liveBytes = Long.parseLong(l.group(1));

            long dumped = number(footer, "objects");
            System.out.printf(Locale.ROOT, "objects dumped: %,d (%,d refs, %,d bytes of heap)%n", dumped, number(footer, "refs"),
                    number(footer, "bytes"));
            System.out.printf(Locale.ROOT, "%-28s %9s %12s %14s%n", "dump", "time", "file", "objects/s");
            System.out.printf(Locale.ROOT, "%-28s %8.2fs %10.1f MB %,14.0f%n", "ashwood (footer elapsed)", ms / 1000.0,
                    ashBytes / 1e6, dumped / (ms / 1000.0));
            System.out.printf(Locale.ROOT, "%-28s %8.2fs %10.1f MB %,14.0f%n", "HotSpot GC.heap_dump -all", allS, allBytes / 1e6, dumped / allS);
            System.out.printf(Locale.ROOT, "%-28s %8.2fs %10.1f MB %,14.0f%n", "HotSpot GC.heap_dump (GC)", liveS, liveBytes / 1e6, dumped / liveS);
            System.out.printf(Locale.ROOT, "ratio ashwood / -all:  time %.1fx, size %.2fx%n", ms / 1000.0 / allS, (double) ashBytes / allBytes);
            System.out.printf(Locale.ROOT, "ratio ashwood / (GC):  time %.1fx, size %.2fx%n", ms / 1000.0 / liveS, (double) ashBytes / liveBytes);
            long untagged = number(footer, "untagged_walk_ms");
            long jvm = number(footer, "jvm_walk_ms");
            System.out.printf(Locale.ROOT, "ashwood breakdown (ms): setup (boxed values, class table) %d, walk %d = HotSpot %d (walking %d by an untagged walk + tagging %d)"
                            + " + formatting %d (sampled) + waiting for output %d; write(2) %d, overlapped with the walk%n",
                    number(footer, "setup_ms"), number(footer, "walk_ms"), jvm, untagged, jvm - untagged,
                    number(footer, "format_ms"), number(footer, "write_wait_ms"), number(footer, "write_ms"));
            System.out.printf(Locale.ROOT, "ashwood wall time seen from outside (jcmd start to memory given back): %.2f s%n", wall);
            System.out.printf(Locale.ROOT, "target RSS: before %d MB, peak during %d MB, after %d MB (%+d MB)%n", rssBefore >> 20, peak >> 20,
                    rssAfter >> 20, (rssAfter - rssBefore) >> 20);
            gzipRounds(pid, dir, gzipRounds);
        } finally {
            stdin.println("exit");
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /**
     * Plain and gzip dumps of the same heap by attach, alternated (plain, gzip, plain, gzip, ...) so
     * that drift of the machine hits both alike: the pause (the walk's safepoint, and setup + walk,
     * from each footer), the time to the footer and the file size.
     */
    private static void gzipRounds(long pid, Path dir, int rounds) throws Exception {
        if (rounds <= 0) {
            return;
        }
        System.out.printf(Locale.ROOT, "%-6s %-5s %10s %14s %12s %12s %10s%n", "round", "file", "walk (ms)", "setup+walk (ms)",
                "footer (ms)", "size (MB)", "gzip (ms)");
        long[][] sums = new long[2][4];
        for (int round = 1; round <= rounds; round++) {
            for (int gz = 0; gz < 2; gz++) {
                Path file = dir.resolve("attach-" + round + (gz == 1 ? ".jsonl.gz" : ".jsonl"));
                RemoteDump.dump(pid, file, Duration.ofMinutes(10));
                String footer = gz == 1 ? lastLineOfGzip(file) : lastLine(file);
                long walk = number(footer, "walk_ms");
                long setupWalk = number(footer, "setup_ms") + walk;
                long elapsed = number(footer, "elapsed_ms");
                long size = Files.size(file);
                System.out.printf(Locale.ROOT, "%-6d %-5s %10d %14d %12d %12.1f %10s%n", round, gz == 1 ? "gzip" : "plain", walk, setupWalk,
                        elapsed, size / 1e6, gz == 1 ? Long.toString(number(footer, "gzip_ms")) : "-");
                long[] sum = sums[gz];
                sum[0] += walk;
                sum[1] += setupWalk;
                sum[2] += elapsed;
                sum[3] += size;
                Files.delete(file);
            }
        }
        System.out.printf(Locale.ROOT, "mean over %d rounds: walk %d -> %d ms (%+.1f%%), setup+walk %d -> %d ms (%+.1f%%), to the footer %d -> %d ms,"
                        + " file %.1f -> %.1f MB (%.1fx smaller)%n", rounds,
                sums[0][0] / rounds, sums[1][0] / rounds, 100.0 * (sums[1][0] - sums[0][0]) / sums[0][0],
                sums[0][1] / rounds, sums[1][1] / rounds, 100.0 * (sums[1][1] - sums[0][1]) / sums[0][1],
                sums[0][2] / rounds, sums[1][2] / rounds, sums[0][3] / 1e6 / rounds, sums[1][3] / 1e6 / rounds,
                (double) sums[0][3] / sums[1][3]);
    }

    private static String lastLineOfGzip(Path file) throws IOException {
        try (var in = new java.io.BufferedReader(new InputStreamReader(
                new java.util.zip.GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String last = "";
            for (String line; (line = in.readLine()) != null; ) {
                last = line;
            }
            return last;
        }
    }

    private static String jcmd(Path jdk, long pid, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(jdk.resolve("bin/jcmd").toString(), Long.toString(pid)));
        cmd.addAll(List.of(args));
        // Output to a file, not a pipe, so the wait below is bounded: a wedged target or attach
        // listener fails the benchmark after five minutes instead of hanging it.
        Path out = Files.createTempFile("ashwood-bench-jcmd-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("jcmd " + String.join(" ", args) + " did not finish in 300 s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("jcmd " + String.join(" ", args) + " failed: " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ?(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String lastLine(Path file) throws IOException {
        try (var f = new java.io.RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            byte[] tail = new byte[(int) Math.min(4096, len)];
            f.seek(len - tail.length);
            f.readFully(tail);
            String s = new String(tail, StandardCharsets.UTF_8).stripTrailing();
            return s.substring(s.lastIndexOf('\n') + 1);
        }
    }

    private static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static String cpu() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "unknown CPU";
    }

    private static String memTotal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return (Long.parseLong(line.replaceAll("[^0-9]", "")) >> 20) + " GB RAM";
            }
        }
        return "unknown RAM";
    }

    private static String javaVersion(Path jdk) throws Exception {
        Process p = new ProcessBuilder(jdk.resolve("bin/java").toString(), "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text.lines().skip(1).findFirst().orElse("?").strip();
    }
}
