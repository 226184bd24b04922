package dev.ashwood.spark;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The short report beside the tables: report.txt for people, report.json (the same facts) for
 * tools. Both are written through Hadoop's file system API, so they land wherever the tables do.
 */
final class Report {
    /** Rows of each table shown in the report; the Parquet tables hold them all. */
    static final int ROWS = 20;
    /** Holders shown per growing type. */
    static final int HOLDERS_PER_TYPE = 5;

    private final StringBuilder text = new StringBuilder();
    private final Map<String, Object> json = new LinkedHashMap<>();

    static Report of(SparkSession spark, String out, List<String> inputs, Fleet.Result result, JobMetrics metrics,
            double seconds) {
        Report r = new Report();
        List<DumpInfo> dumps = result.dumps();
        long used = dumps.stream().filter(DumpInfo::used).count();
        long objects = dumps.stream().filter(DumpInfo::used).mapToLong(DumpInfo::objects).sum();
        long bytes = dumps.stream().filter(DumpInfo::used).mapToLong(DumpInfo::bytes).sum();
        r.line("ashwood fleet report, " + Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
        r.line(dumps.size() + " input files: " + used + " dumps used (" + objects + " objects, " + bytes + " bytes), "
                + (dumps.size() - used) + " skipped");
        List<Map<String, Object>> dumpList = new ArrayList<>();
        for (DumpInfo d : dumps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", d.file());
            m.put("kind", d.kind());
            m.put("pid", d.pid());
            m.put("time", d.time());
            m.put("series", d.series());
            m.put("objects", d.objects());
            m.put("bytes", d.bytes());
            m.put("used", d.used());
            m.put("reason", d.reason());
            m.put("warnings", d.warnings());
            dumpList.add(m);
            if (!d.used()) {
                r.line("  skipped " + clean(d.file()) + ": " + clean(d.reason()));
            }
            for (String w : d.warnings()) {
                r.line("  warning " + clean(d.file()) + ": " + clean(w));
            }
        }
        if (result.duplicateAddresses() > 0) {
            r.line("  " + result.duplicateAddresses() + " addresses were recorded more than once in one dump:"
                    + " the first record of each counts");
        }
        r.json.put("inputs", inputs);
        r.json.put("dumps", dumpList);
        r.json.put("duplicate_addresses", result.duplicateAddresses());

        r.line("");
        r.line("Types across the fleet, by total bytes (table " + Fleet.TYPES + ", per dump: " + Fleet.SUMMARY + "):");
        r.line(String.format(Locale.ROOT, "%6s %12s %14s %12s %12s %14s %14s  %s", "Dumps", "Count", "Bytes",
                "Median n", "p95 n", "Median bytes", "p95 bytes", "Type"));
        List<Map<String, Object>> typeList = new ArrayList<>();
        for (Row t : spark.read().parquet(out + "/" + Fleet.TYPES)
                .orderBy(col("total_bytes").desc(), col("type")).limit(ROWS).collectAsList()) {
            r.line(String.format(Locale.ROOT, "%6d %12d %14d %12d %12d %14d %14d  %s", t.<Long>getAs("dumps"),
                    t.<Long>getAs("total_count"), t.<Long>getAs("total_bytes"), whole(t.getAs("median_count")),
                    whole(t.getAs("p95_count")), whole(t.getAs("median_bytes")), whole(t.getAs("p95_bytes")),
                    clean(t.getAs("type"))));
            typeList.add(map(t));
        }
        r.json.put("types", typeList);

        r.line("");
        r.line("Growth: types whose count and bytes grow within a series of dumps, by bytes per hour (table "
                + Fleet.GROWTH + "):");
        r.line(String.format(Locale.ROOT, "%14s %12s %6s %12s %12s  %s  %s", "Bytes/hour", "Count/hour", "Dumps",
                "First n", "Last n", "Type", "Series"));
        List<Map<String, Object>> growthList = new ArrayList<>();
        for (Row g : spark.read().parquet(out + "/" + Fleet.GROWTH)
                .orderBy(col("bytes_per_hour").desc(), col("count_per_hour").desc(), col("series"), col("type"))
                .limit(ROWS).collectAsList()) {
            r.line(String.format(Locale.ROOT, "%14.1f %12.1f %6d %12d %12d  %s  %s", g.<Double>getAs("bytes_per_hour"),
                    g.<Double>getAs("count_per_hour"), g.<Long>getAs("dumps"), g.<Long>getAs("first_count"),
                    g.<Long>getAs("last_count"), clean(g.getAs("type")), clean(g.getAs("series"))));
            growthList.add(map(g));
        }
        if (growthList.isEmpty()) {
            r.line("  (none: no series of two or more dumps at different times has a type that grows)");
        }
        r.json.put("growth", growthList);

        r.line("");
        r.line("Holders of the " + result.topGrowing().size() + " fastest-growing types: references to them by"
                + " (referrer type, field), summed over the fleet (table " + Fleet.HOLDERS + "):");
        List<Map<String, Object>> holderList = new ArrayList<>();
        List<Row> holders = spark.read().parquet(out + "/" + Fleet.HOLDERS)
                .orderBy(col("held_type"), col("references").desc(), col("referrer_type"), col("field"))
                .collectAsList();
        for (String type : result.topGrowing()) {
            r.line("  " + clean(type));
            int shown = 0;
            for (Row h : holders) {
                if (type.equals(h.getAs("held_type")) && shown++ < HOLDERS_PER_TYPE) {
                    String field = h.getAs("field");
                    r.line(String.format(Locale.ROOT, "    %12d refs from %6d dumps  %s.%s", h.<Long>getAs("references"),
                            h.<Long>getAs("dumps"), clean(h.getAs("referrer_type")), field == null ? "(refs)" : clean(field)));
                    holderList.add(map(h));
                }
            }
        }
        r.json.put("top_growing", result.topGrowing());
        r.json.put("holders", holderList);

        Map<String, Object> job = new LinkedHashMap<>();
        job.put("master", spark.sparkContext().master());
        job.put("seconds", seconds);
        job.put("input_partitions", metrics.inputPartitions);
        job.put("stages", metrics.stages.get());
        job.put("tasks", metrics.tasks.get());
        job.put("read_bytes", metrics.inputBytes.get());
        job.put("shuffle_write_bytes", metrics.shuffleWriteBytes.get());
        job.put("shuffle_write_records", metrics.shuffleWriteRecords.get());
        job.put("shuffle_read_bytes", metrics.shuffleReadBytes.get());
        job.put("spill_bytes", metrics.spillBytes.get());
        job.put("phase_seconds", metrics.phaseSeconds);
        r.json.put("job", job);
        r.line("");
        r.line(String.format(Locale.ROOT, "Job: %s, %.1f s; %d input partitions, %d tasks; read %d bytes (files and cached blocks);"
                + " shuffle wrote %d bytes (%d records), read %d bytes; spilled %d bytes", spark.sparkContext().master(),
                seconds, metrics.inputPartitions, metrics.tasks.get(), metrics.inputBytes.get(),
                metrics.shuffleWriteBytes.get(), metrics.shuffleWriteRecords.get(), metrics.shuffleReadBytes.get(),
                metrics.spillBytes.get()));
        StringBuilder phases = new StringBuilder("Phases:");
        metrics.phaseSeconds.forEach((k, v) -> phases.append(String.format(Locale.ROOT, " %s %.1f s;", k, v)));
        r.line(phases.substring(0, phases.length() - 1));
        r.line("Tables (Parquet) in " + clean(out) + ": " + String.join(", ", Fleet.DUMPS, Fleet.SUMMARY, Fleet.TYPES,
                Fleet.GROWTH, Fleet.HOLDERS));
        return r;
    }

    String text() {
        return text.toString();
    }

    /** Writes report.txt and report.json under {@code out}, refusing to replace either. */
    void write(SparkSession spark, String out) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        writeFile(spark, out + "/report.txt", text.toString().getBytes(StandardCharsets.UTF_8));
        writeFile(spark, out + "/report.json", (mapper.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void writeFile(SparkSession spark, String file, byte[] content) throws IOException {
        Path p = new Path(file);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream o = fs.create(p, false)) {
            o.write(content);
        }
    }

    private void line(String s) {
        text.append(s).append('\n');
    }

    /**
     * A percentile of counts or bytes as the report prints it: a whole number, as every count and
     * byte figure of ashwood is (the Parquet table keeps the exact value, which is between two
     * whole numbers only when interpolated between ranks).
     */
    static long whole(Double percentile) {
        return Math.round(percentile);
    }

    /** A row for report.json; a percentile that is a whole number is written as one (73722, not 73722.0). */
    private static Map<String, Object> map(Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : row.schema().fieldNames()) {
            Object v = row.getAs(f);
            if (v instanceof Double d && (f.startsWith("median_") || f.startsWith("p95_")) && d == Math.rint(d)
                    && Math.abs(d) < 0x1p53) {
                v = d.longValue();
            }
            m.put(f, v);
        }
        return m;
    }

    /** Text from a dump, safe to print: control characters escaped, so a type name cannot move the cursor. */
    static String clean(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String quote(String s) {
        return s == null ? "missing" : "\"" + clip(s, 60) + "\"";
    }

    /** At most {@code n} characters of {@code s}, cleaned, with "..." when cut. */
    static String clip(String s, int n) {
        if (s == null) {
            return "";
        }
        String c = clean(s.strip());
        return c.length() <= n ? c : c.substring(0, n) + "...";
    }
}
