package dev.ashwood.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.loader.SummaryRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet job in Spark local mode on dumps of known shape, checked number by number against
 * what the dumps were built to hold, and every used dump's summary against the single-machine
 * loader's. One SparkSession and one run of the job serve every test here.
 */
@Timeout(300)
class FleetJobTest {
    /** Series A: pid 100, dumps at these hours; its types grow linearly (Leak, Bucket) or not at all. */
    private static final int[] HOURS = {0, 1, 2, 4};

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path out;
    static String stdout;
    /** Expected summarize rows per dump file name (the dumps the job must use). */
    static final Map<String, Map<String, TestDump.Row>> expected = new TreeMap<>();
    static final Map<String, Path> files = new TreeMap<>();
    /** Spark's dump_id by file name. */
    static final Map<String, Integer> ids = new HashMap<>();
    static final Map<String, Row> dumpRows = new HashMap<>();

    @BeforeAll
    static void runJob() throws IOException {
        Path in = Files.createDirectory(dir.resolve("in"));
        for (int i = 0; i < HOURS.length; i++) {
            dump("a" + i + ".jsonl", seriesA(HOURS[i]), false, false, 1);
        }
        dump("b.jsonl", unrelated(), false, false, 1);
        dump("c1.jsonl", seriesC(400, "2026-11-21T10:00:00Z", "s-7", 1, 5), false, false, 1);
        dump("c2.jsonl", seriesC(401, "2026-11-21T11:00:00Z", "s-7", 2, 25), false, false, 1);
        dump("c3.jsonl", seriesC(400, "2026-11-21T12:00:00Z", null, 0, 100), false, false, 1);
        // A series id without its sequence number: the loader refuses the header, the job skips the dump.
        TestDump.ashwood(400, "2026-11-21T13:00:00Z", "s-7", 0).write(in.resolve("j-nosequence.jsonl"), false, false, 1);
        dump("f.jsonl.gz", unrelatedGzip(), true, false, 1);
        dump("e.json", meliaeWithRepeat(), false, true, 1);
        // A cut dump of series A, later than the rest: if it were used, growth would change.
        Path cut = seriesA(6).write(in.resolve("g-cut.jsonl"), false, false, 0.7);
        files.put("g-cut.jsonl", cut);
        Files.writeString(in.resolve("h.txt"), "hello, not a dump\n");
        Files.createFile(in.resolve("i-empty.jsonl"));
        Path meliae = Files.copy(Path.of("../../test-fixtures/meliae/python311-accounts.json.gz"),
                in.resolve("python311-accounts.json.gz"));
        files.put("python311-accounts.json.gz", meliae);

        spark = SparkSession.builder()
                .master("local[2]")
                .appName("ashwood fleet test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "localhost")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "4")
                // Small splits, so plain dumps are read as several line ranges, as on a cluster.
                .config("spark.sql.files.maxPartitionBytes", "8192")
                .config("spark.sql.files.openCostInBytes", "0")
                .config("spark.hadoop.fs.permissions.umask-mode", "077")
                .getOrCreate();
        out = dir.resolve("out");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = FleetJob.run(spark, new String[] {in + "/*", "-o", out.toString()}, new PrintStream(o, true),
                new PrintStream(e, true));
        stdout = o.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, "the job must succeed; stderr: " + e);
        for (Row r : spark.read().parquet(out.resolve(Fleet.DUMPS).toString()).collectAsList()) {
            String name = Path.of(java.net.URI.create(r.getAs("file"))).getFileName().toString();
            ids.put(name, r.getAs("dump_id"));
            dumpRows.put(name, r);
        }
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static void dump(String name, TestDump d, boolean gzip, boolean wrapped, double cut) throws IOException {
        files.put(name, d.write(dir.resolve("in").resolve(name), gzip, wrapped, cut));
        expected.put(name, d.expected());
    }

    /** Series A at hour h: Leak and Bucket grow by 50 an hour, Cache by 5, Shrink falls, Stable stays. */
    static TestDump seriesA(int h) {
        TestDump d = TestDump.ashwood(100, String.format("2026-11-21T%02d:00:00Z", h), null);
        int leaks = 100 + 50 * h;
        long[] leak = new long[leaks];
        Object[] registryRefs = new Object[2 * leaks];
        for (int k = 0; k < leaks; k++) {
            leak[k] = d.reserve();
            registryRefs[2 * k] = leak[k];
            registryRefs[2 * k + 1] = k;
        }
        d.root(d.add("java.lang.Object[]", 16 + 4L * leaks, registryRefs));
        for (int k = 0; k < leaks; k++) {
            d.root(d.add("app.Bucket", 24, leak[k], "entry"));
            d.put(leak[k], "app.Leak", 40);
        }
        int caches = 10 + 5 * h;
        long[] cache = new long[caches];
        for (int k = 0; k < caches; k++) {
            cache[k] = d.add("app.Cache", 32 + 8 * (k % 3));
        }
        for (int k = 0; k < 30; k++) {
            d.root(k < caches ? d.add("app.Stable", 16, cache[k], "cache") : d.add("app.Stable", 16));
        }
        for (int k = 0; k < 60 - 10 * Math.min(h, 5); k++) {
            d.root(d.add("app.Shrink", 16));
        }
        return d;
    }

    /** Series C (or a lone dump of pid 400): n Grow2 objects held by the elements of one array. */
    static TestDump seriesC(long pid, String time, String series, long sequence, int n) {
        TestDump d = TestDump.ashwood(pid, time, series, sequence);
        Object[] refs = new Object[2 * n];
        for (int k = 0; k < n; k++) {
            refs[2 * k] = d.add("app.Grow2", 120);
            refs[2 * k + 1] = k;
        }
        d.root(d.add("java.lang.Object[]", 16 + 4L * n, refs));
        return d;
    }

    /** A dump of another process: 7 Leaks held by app.Other.leak, and strings. */
    static TestDump unrelated() {
        TestDump d = TestDump.ashwood(200, "2026-11-21T03:00:00Z", null);
        for (int k = 0; k < 7; k++) {
            long leak = d.add("app.Leak", 40);
            d.root(d.add("app.Other", 20, leak, "leak"));
            long bytes = d.add("byte[]", 16 + 8 * k);
            d.root(d.add("java.lang.String", 24, bytes, "value"));
        }
        return d;
    }

    static TestDump unrelatedGzip() {
        TestDump d = TestDump.ashwood(500, "2026-11-21T05:30:00Z", null);
        for (int k = 0; k < 400; k++) {
            d.root(d.add("app.Session", 48 + k % 5));
        }
        return d;
    }

    /**
     * A wrapped Meliae dump whose first object is written again, with another size, at the very
     * end; and a dict holding two of three app.Cache objects (a growing type of series A), written
     * again at the end holding all three: only its first record's references count.
     */
    static TestDump meliaeWithRepeat() {
        TestDump d = TestDump.meliae();
        long first = d.add("str", 55);
        long[] caches = {d.add("app.Cache", 32), d.add("app.Cache", 32), d.add("app.Cache", 32)};
        long dict = d.add("dict", 100, caches[0], null, caches[1], null);
        for (int k = 0; k < 300; k++) {
            long s = d.add("str", 50 + k % 9);
            d.add("tuple", 56, s, null, first, null);
        }
        d.repeat(first, 999);
        d.repeatWithRefs(dict, caches);
        return d;
    }

    // ---- the tests ----

    @Test
    void everyUsableDumpIsUsedAndTheOthersAreReportedWithWhy() {
        for (String name : expected.keySet()) {
            assertTrue(dumpRows.get(name).<Boolean>getAs("used"), name + " is a complete dump and must be used: "
                    + dumpRows.get(name));
        }
        assertTrue(dumpRows.get("python311-accounts.json.gz").<Boolean>getAs("used"));
        assertEquals("meliae", dumpRows.get("python311-accounts.json.gz").getAs("kind"));
        assertEquals("meliae", dumpRows.get("e.json").getAs("kind"));
        assertEquals("ashwood", dumpRows.get("f.jsonl.gz").getAs("kind"));
        assertSkipped("g-cut.jsonl", "cut: no footer");
        assertSkipped("h.txt", "not a dump");
        assertSkipped("i-empty.jsonl", "no records");
        assertSkipped("j-nosequence.jsonl", "header: \"series\" needs");
        assertEquals(expected.size() + 5, dumpRows.size(), "one row per input file");
        assertTrue(stdout.contains("skipped") && stdout.contains("g-cut.jsonl: cut"), "the report names the cut dump:\n" + stdout);
        Row a0 = dumpRows.get("a0.jsonl");
        assertEquals(100L, a0.<Long>getAs("pid"));
        assertEquals("2026-11-21T00:00:00Z", a0.getAs("time"));
        assertEquals("pid 100 Test VM 17.0.1", a0.getAs("series"));
        assertEquals("series s-7", dumpRows.get("c2.jsonl").getAs("series"), "the identity series key wins over the pid");
    }

    private static void assertSkipped(String name, String reason) {
        Row r = dumpRows.get(name);
        assertFalse(r.<Boolean>getAs("used"), name + " must be skipped");
        assertTrue(String.valueOf(r.<String>getAs("reason")).startsWith(reason), name + ": " + r.getAs("reason"));
    }

    @Test
    void summaryRowsAreWhatEachDumpWasBuiltToHold() {
        Map<Integer, Map<String, TestDump.Row>> got = sparkSummary();
        for (var e : expected.entrySet()) {
            assertEquals(e.getValue(), got.get(ids.get(e.getKey())), "summary of " + e.getKey());
        }
        // The repeated Meliae record (size 999) is skipped: the first record of an address counts.
        assertEquals(new TestDump.Row(301, 55 + sumSizes(300), 58), got.get(ids.get("e.json")).get("str"));
    }

    private static long sumSizes(int n) {
        long s = 0;
        for (int k = 0; k < n; k++) {
            s += 50 + k % 9;
        }
        return s;
    }

    @Test
    void summaryAgreesWithTheSingleMachineLoaderOnEveryUsedDump() throws IOException {
        Map<Integer, Map<String, TestDump.Row>> got = sparkSummary();
        int compared = 0;
        for (var e : files.entrySet()) {
            Row info = dumpRows.get(e.getKey());
            Heap heap = HeapLoader.load(e.getValue(), LoadOptions.defaults().withThreads(1));
            if (!info.<Boolean>getAs("used")) {
                assertFalse(heap.complete(), "the loader also finds " + e.getKey() + " incomplete");
                continue;
            }
            Map<String, TestDump.Row> loader = new TreeMap<>();
            for (SummaryRow r : heap.summarize(SummaryOptions.all().top(Integer.MAX_VALUE)).rows()) {
                loader.put(r.type(), new TestDump.Row(r.count(), r.bytes(), r.max()));
            }
            assertEquals(loader, got.get(ids.get(e.getKey())), "Spark and the loader summarize " + e.getKey() + " alike");
            compared++;
        }
        assertEquals(expected.size() + 1, compared, "every used dump compared, the real Meliae one included");
        org.junit.jupiter.api.Assertions.assertThrows(dev.ashwood.loader.DumpFormatException.class,
                () -> HeapLoader.load(dir.resolve("in").resolve("j-nosequence.jsonl")),
                "the loader refuses the header the job skips");
    }

    static Map<Integer, Map<String, TestDump.Row>> sparkSummary() {
        Map<Integer, Map<String, TestDump.Row>> got = new HashMap<>();
        for (Row r : spark.read().parquet(out.resolve(Fleet.SUMMARY).toString()).collectAsList()) {
            got.computeIfAbsent(r.getAs("dump_id"), k -> new TreeMap<>()).put(r.getAs("type"),
                    new TestDump.Row(r.getAs("count"), r.getAs("bytes"), r.getAs("max")));
        }
        return got;
    }

    @Test
    void fleetTypesHaveExactTotalsMediansAndP95s() {
        // Expected from the built dumps plus the real Meliae dump's rows as Spark found them
        // (their agreement with the loader is checked above).
        Map<String, List<TestDump.Row>> perType = new TreeMap<>();
        List<Map<String, TestDump.Row>> all = new ArrayList<>(expected.values());
        all.add(sparkSummary().get(ids.get("python311-accounts.json.gz")));
        for (Map<String, TestDump.Row> d : all) {
            d.forEach((t, r) -> perType.computeIfAbsent(t, k -> new ArrayList<>()).add(r));
        }
        List<Row> types = spark.read().parquet(out.resolve(Fleet.TYPES).toString()).collectAsList();
        assertEquals(perType.size(), types.size(), "one row per type in the fleet");
        for (Row t : types) {
            List<TestDump.Row> rows = perType.get(t.<String>getAs("type"));
            String type = t.getAs("type");
            assertEquals(rows.size(), t.<Long>getAs("dumps"), type + " dumps");
            assertEquals(rows.stream().mapToLong(TestDump.Row::count).sum(), t.<Long>getAs("total_count"), type);
            assertEquals(rows.stream().mapToLong(TestDump.Row::bytes).sum(), t.<Long>getAs("total_bytes"), type);
            long[] counts = rows.stream().mapToLong(TestDump.Row::count).sorted().toArray();
            long[] bytes = rows.stream().mapToLong(TestDump.Row::bytes).sorted().toArray();
            assertEquals(percentile(counts, 0.5), t.<Double>getAs("median_count"), 1e-9, type);
            assertEquals(percentile(counts, 0.95), t.<Double>getAs("p95_count"), 1e-9, type);
            assertEquals(percentile(bytes, 0.5), t.<Double>getAs("median_bytes"), 1e-9, type);
            assertEquals(percentile(bytes, 0.95), t.<Double>getAs("p95_bytes"), 1e-9, type);
        }
        // One worked case: app.Leak is in a0..a3 (100, 150, 200, 300) and b (7).
        Row leak = types.stream().filter(r -> r.getAs("type").equals("app.Leak")).findFirst().orElseThrow();
        assertEquals(5L, leak.<Long>getAs("dumps"));
        assertEquals(757L, leak.<Long>getAs("total_count"));
        assertEquals(150.0, leak.<Double>getAs("median_count"));
        assertEquals(280.0, leak.<Double>getAs("p95_count"), 1e-9, "200 + 0.8 * (300 - 200)");
    }

    /**
     * The report prints counts and bytes, percentiles included, as whole numbers (a fleet report
     * said "73722.0"): each types row of report.txt against the table, rounded; report.json writes
     * a whole percentile as an integer and keeps an interpolated one exact.
     */
    @Test
    void theReportPrintsPercentilesOfCountsAndBytesAsWholeNumbers() throws IOException {
        Map<String, Row> byType = new HashMap<>();
        for (Row t : spark.read().parquet(out.resolve(Fleet.TYPES).toString()).collectAsList()) {
            byType.put(t.getAs("type"), t);
        }
        List<String> lines = Files.readAllLines(out.resolve("report.txt"), StandardCharsets.UTF_8);
        int header = lines.indexOf(lines.stream().filter(l -> l.contains("Median n")).findFirst().orElseThrow());
        int rows = 0;
        for (String line : lines.subList(header + 1, lines.size())) {
            if (line.isBlank()) {
                break;
            }
            String[] f = line.trim().split(" +", 8);
            Row t = byType.get(f[7]);
            assertTrue(t != null, "a type of the table: " + line);
            String[] columns = {"median_count", "p95_count", "median_bytes", "p95_bytes"};
            for (int c = 0; c < columns.length; c++) {
                assertEquals(Long.toString(Math.round(t.<Double>getAs(columns[c]))), f[3 + c],
                        columns[c] + " printed as the table's value rounded to a whole number: " + line);
            }
            rows++;
        }
        assertTrue(rows > 5, "the report lists the types: " + lines);
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        boolean sawFraction = false;
        for (JsonNode type : json.get("types")) {
            Row t = byType.get(type.get("type").asText());
            for (String column : List.of("median_count", "p95_count", "median_bytes", "p95_bytes")) {
                double exact = t.<Double>getAs(column);
                JsonNode v = type.get(column);
                assertEquals(exact == Math.rint(exact), v.isIntegralNumber(), column + " of " + type + ": an integer when whole");
                assertEquals(exact, v.asDouble(), 0.0, column + " of " + type + " is the table's exact value");
                sawFraction |= !v.isIntegralNumber();
            }
        }
        assertTrue(sawFraction, "some percentile is interpolated between two ranks to a fraction, so both cases are checked");
    }

    /** Linear between the closest ranks: position p * (n - 1) in the sorted values. */
    static double percentile(long[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    @Test
    void growthFindsTheGrowingTypesOfEachSeriesWithTheirRates() {
        List<Row> growth = spark.read().parquet(out.resolve(Fleet.GROWTH).toString()).collectAsList();
        Map<String, Row> byKey = growth.stream().collect(Collectors.toMap(
                r -> r.getAs("series") + "|" + r.getAs("type"), r -> r));
        assertEquals(Set.of("series s-7|app.Grow2", "pid 100 Test VM 17.0.1|app.Leak",
                "pid 100 Test VM 17.0.1|app.Bucket", "pid 100 Test VM 17.0.1|app.Cache"), byKey.keySet(),
                "exactly the types whose count and bytes grow (the array holding the leaks grows in bytes only,"
                        + " Shrink falls, the lone dump of pid 400 and the cut dump are no series)");
        Row grow2 = byKey.get("series s-7|app.Grow2");
        assertEquals(20.0, grow2.<Double>getAs("count_per_hour"), 1e-9, "5 -> 25 in one hour");
        assertEquals(2400.0, grow2.<Double>getAs("bytes_per_hour"), 1e-9);
        assertEquals(2L, grow2.<Long>getAs("dumps"));
        Row leak = byKey.get("pid 100 Test VM 17.0.1|app.Leak");
        assertEquals(50.0, leak.<Double>getAs("count_per_hour"), 1e-9);
        assertEquals(2000.0, leak.<Double>getAs("bytes_per_hour"), 1e-9);
        assertEquals(100L, leak.<Long>getAs("first_count"));
        assertEquals(300L, leak.<Long>getAs("last_count"));
        assertEquals(4L, leak.<Long>getAs("dumps"));
        assertEquals(1200.0, byKey.get("pid 100 Test VM 17.0.1|app.Bucket").<Double>getAs("bytes_per_hour"), 1e-9);
        // Cache: sizes cycle 32, 40, 48, so its bytes are not linear in time: least squares over (h, bytes).
        double[] x = new double[HOURS.length];
        double[] counts = new double[HOURS.length];
        double[] bytes = new double[HOURS.length];
        for (int i = 0; i < HOURS.length; i++) {
            x[i] = HOURS[i];
            TestDump.Row r = expected.get("a" + i + ".jsonl").get("app.Cache");
            counts[i] = r.count();
            bytes[i] = r.bytes();
        }
        Row cache = byKey.get("pid 100 Test VM 17.0.1|app.Cache");
        assertEquals(slope(x, counts), cache.<Double>getAs("count_per_hour"), 1e-9);
        assertEquals(slope(x, bytes), cache.<Double>getAs("bytes_per_hour"), 1e-9);
        assertTrue(stdout.indexOf("app.Grow2") < stdout.indexOf("app.Leak  pid 100"), "largest first:\n" + stdout);
    }

    /** Least-squares slope, computed the textbook way (means first). */
    static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return num / den;
    }

    @Test
    void holdersSumTheReferencesToGrowingTypesOverTheFleet() {
        Map<String, long[]> got = new TreeMap<>();
        for (Row r : spark.read().parquet(out.resolve(Fleet.HOLDERS).toString()).collectAsList()) {
            got.put(r.getAs("held_type") + " <- " + r.getAs("referrer_type") + "." + r.getAs("field"),
                    new long[] {r.getAs("references"), r.getAs("dumps"), r.getAs("held_objects")});
        }
        Map<String, long[]> want = new TreeMap<>();
        // Series A: 100 + 150 + 200 + 300 leaks, each in the registry array and in one bucket; b: 7 via Other.leak.
        want.put("app.Leak <- app.Bucket.entry", new long[] {750, 4, 750});
        want.put("app.Leak <- java.lang.Object[].[]", new long[] {750, 4, 750});
        want.put("app.Leak <- app.Other.leak", new long[] {7, 1, 7});
        // Caches 10 + 15 + 20 + 30, each held by one Stable.
        want.put("app.Cache <- app.Stable.cache", new long[] {75, 4, 75});
        // The Meliae dict's first record holds two (its repeat, three, is skipped); Meliae names no fields.
        want.put("app.Cache <- dict.null", new long[] {2, 1, 2});
        // Grow2 in c1, c2 and the lone c3 (not a growing series, but part of the fleet): 5 + 25 + 100.
        want.put("app.Grow2 <- java.lang.Object[].[]", new long[] {130, 3, 130});
        assertEquals(toText(want), toText(got), "holders: (references, dumps, held objects); <class> edges left out");
    }

    private static String toText(Map<String, long[]> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(k).append(' ').append(java.util.Arrays.toString(v)).append('\n'));
        return b.toString();
    }

    @Test
    void reportsAndTablesArePrivateFiles() throws IOException {
        assertTrue(Files.exists(out.resolve("report.txt")));
        JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(expected.size() + 5, json.get("dumps").size());
        assertEquals("app.Grow2", json.get("top_growing").get(0).asText());
        assertTrue(json.get("job").get("input_partitions").asInt() > files.size(),
                "plain dumps are split into line ranges: " + json.get("job"));
        assertTrue(json.get("job").get("shuffle_write_bytes").asLong() > 0);
        try (Stream<Path> all = Files.walk(out)) {
            for (Path p : all.toList()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                for (PosixFilePermission bad : List.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
                        PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE)) {
                    assertFalse(perms.contains(bad), p + " must be private, is " + perms);
                }
            }
        }
    }

    @Test
    void refusesAnExistingOutputAndBadArgumentsInOneLine() {
        assertRefused(2, "exists; not overwriting it", dir.resolve("in") + "/a0.jsonl", "-o", out.toString());
        assertRefused(2, "no output directory", dir.resolve("in") + "/a0.jsonl");
        assertRefused(2, "no dumps given", "-o", dir.resolve("x").toString());
        assertRefused(2, "unknown option", "--bogus", "-o", dir.resolve("x").toString());
        assertRefused(2, "does not exist", dir.resolve("nowhere") + "/*.jsonl", "-o", dir.resolve("y").toString());
        assertFalse(Files.exists(dir.resolve("y")), "nothing written for a bad input");
    }

    private static void assertRefused(int code, String message, String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int got = FleetJob.run(spark, args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(e, true));
        String err = e.toString(StandardCharsets.UTF_8);
        assertEquals(code, got, err);
        assertTrue(err.startsWith("ashwood-spark: ") && err.contains(message), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
    }
}
