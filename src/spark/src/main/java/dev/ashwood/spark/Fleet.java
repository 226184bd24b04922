package dev.ashwood.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The fleet job: reads every line of every dump once into a cached projection (no refs), decides
 * which files are usable dumps, then derives the four tables. The references are read in a
 * second pass only for the holders join. See docs/user-guide.md for what each table means and
 * docs/architecture.md for why the job is shaped this way.
 */
final class Fleet {
    /** The output tables, each a Parquet directory under the output directory. */
    static final String DUMPS = "dumps";
    static final String SUMMARY = "summary";
    static final String TYPES = "types";
    static final String GROWTH = "growth";
    static final String HOLDERS = "holders";

    /** Array elements are summed as one field: an index says nothing across objects. */
    static final String ELEMENT = "[]";

    private static final StructType DUMP_TABLE = new StructType()
            .add("dump_id", DataTypes.IntegerType)
            .add("file", DataTypes.StringType)
            .add("kind", DataTypes.StringType)
            .add("pid", DataTypes.LongType)
            .add("vm", DataTypes.StringType)
            .add("vm_version", DataTypes.StringType)
            .add("time", DataTypes.StringType)
            .add("time_ms", DataTypes.LongType)
            .add("series", DataTypes.StringType)
            .add("objects", DataTypes.LongType)
            .add("bytes", DataTypes.LongType)
            .add("used", DataTypes.BooleanType)
            .add("reason", DataTypes.StringType);

    private final SparkSession spark;
    private final List<String> inputs;
    private final String out;
    private final int topTypes;
    private final JobMetrics metrics;

    Fleet(SparkSession spark, List<String> inputs, String out, int topTypes, JobMetrics metrics) {
        this.spark = spark;
        this.inputs = inputs;
        this.out = out;
        this.topTypes = topTypes;
        this.metrics = metrics;
    }

    /** Runs the whole job, writing the tables; returns what the report needs. */
    Result run() {
        // A cut gzip stream ends the file's rows where it breaks instead of failing the job: the
        // missing footer then reports the dump as cut, as for a cut plain file.
        spark.conf().set("spark.sql.files.ignoreCorruptFiles", "true");

        Dataset<Row> lines = DumpSchema.lines(spark, inputs)
                .drop("refs", "fields")
                .persist(StorageLevel.MEMORY_AND_DISK());
        metrics.inputPartitions = lines.rdd().getNumPartitions();
        try {
            return tables(lines);
        } finally {
            lines.unpersist();
        }
    }

    private Result tables(Dataset<Row> lines) {
        long start = System.nanoTime();
        List<DumpInfo> dumps = inspect(lines);
        metrics.phase("inspect", start);

        Dataset<Row> dumpTable = spark.createDataFrame(dumpRows(dumps), DUMP_TABLE);
        dumpTable.coalesce(1).write().parquet(path(DUMPS));
        Dataset<Row> used = broadcast(dumpTable.filter(col("used")).select("file", "dump_id"));

        start = System.nanoTime();
        Dataset<Row> objects = lines.filter(col("address").isNotNull())
                .join(used, "file")
                .select("dump_id", "block", "seq", "address", "type", "size");
        Duplicates dups = Duplicates.find(objects);
        Dataset<Row> first = dups.firstOnly(objects);
        first.groupBy("dump_id", "type")
                .agg(count(lit(1)).as("count"), sum("size").as("bytes"), max("size").as("max"))
                .write().parquet(path(SUMMARY));
        metrics.phase("summary", start);

        start = System.nanoTime();
        Dataset<Row> summary = spark.read().parquet(path(SUMMARY));
        Dataset<Row> types = fleetTypes(summary);
        types.write().parquet(path(TYPES));
        Dataset<Row> growth = growth(summary, dumpTable);
        growth.coalesce(1).write().parquet(path(GROWTH));
        metrics.phase("types and growth", start);

        start = System.nanoTime();
        List<String> top = topGrowing(spark.read().parquet(path(GROWTH)), topTypes);
        Dataset<Row> targets = first.filter(col("type").isin(top.toArray()))
                .select(col("dump_id"), col("address").as("target"), col("type").as("held_type"));
        Dataset<Row> holders = holders(used, dups, targets);
        // No growing type: an empty table, and no second pass over the dumps (Spark drops a scan under limit 0).
        (top.isEmpty() ? holders.limit(0) : holders).write().parquet(path(HOLDERS));
        metrics.phase("holders", start);
        dups.release();
        return new Result(dumps, top, dups.count);
    }

    /**
     * What each input file is. One hash aggregate per (file, line range) gives the counts and the
     * seq of the range's first and last line, header, footer and first bad line (fixed-width
     * values only: an aggregate of strings or structs over every line would sort them all); then
     * the few lines those seqs name are fetched, and the driver puts each file together.
     */
    List<DumpInfo> inspect(Dataset<Row> lines) {
        Column bad = col(DumpSchema.CORRUPT).isNotNull().and(not(trim(col(DumpSchema.CORRUPT)).isin("[", "]")));
        Column address = col("address");
        Column seq = col("seq");
        List<Row> ranges = lines.groupBy("file", "block").agg(
                count(lit(1)).as("lines"),
                count(address).as("objects"),
                sum(when(address.isNotNull(), col("size"))).as("bytes"),
                count(when(address.isNotNull().and(col("type").isNull().or(col("size").isNull())), 1))
                        .as("incomplete_records"),
                count(col("format")).as("headers"),
                count(col("footer")).as("footers"),
                count(when(bad, 1)).as("bad_lines"),
                min(seq).as("min_seq"),
                max(seq).as("max_seq"),
                min(when(col("format").isNotNull(), seq)).as("header_seq"),
                max(when(col("footer").isNotNull(), seq)).as("footer_seq"),
                min(when(bad, seq)).as("bad_seq"))
                .collectAsList();
        List<Long> marks = new ArrayList<>();
        for (Row r : ranges) {
            for (String k : new String[] {"header_seq", "footer_seq", "bad_seq"}) {
                Long v = r.getAs(k);
                if (v != null) {
                    marks.add(v);
                }
            }
        }
        // seq is unique over the whole scan, so these are exactly the lines named.
        List<Row> marked = marks.isEmpty() ? List.of() : lines.filter(seq.isin(marks.toArray()))
                .select(col("seq"), col("format"), col("version"), col("vm"), col("vm_version"), col("pid"),
                        col("time"), col("series"), col("sequence"), col("vm_start"), col("footer.objects").as("footer_objects"),
                        col("footer.bytes").as("footer_bytes"),
                        expr("substring(" + DumpSchema.CORRUPT + ", 1, 200)").as(DumpSchema.CORRUPT))
                .collectAsList();
        Map<String, FileFacts> files = FileFacts.of(ranges, marked);
        List<DumpInfo> dumps = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FileFacts f : files.values()) {
            dumps.add(DumpInfo.of(dumps.size(), f));
            seen.add(sameFile(f.file));
        }
        List<String> listed = new ArrayList<>(Arrays.asList(DumpSchema.inputFiles(spark, inputs)));
        listed.sort(null);
        for (String f : listed) {
            if (!seen.contains(sameFile(f))) {
                dumps.add(DumpInfo.empty(dumps.size(), f));
            }
        }
        return dumps;
    }

    /** Spark names a file "file:/x" in a row's metadata and "file:///x" in a listing: compare them as URIs. */
    private static String sameFile(String file) {
        java.net.URI u = java.net.URI.create(file);
        return u.getScheme() + "://" + (u.getRawAuthority() == null ? "" : u.getRawAuthority()) + u.getRawPath();
    }

    private static List<Row> dumpRows(List<DumpInfo> dumps) {
        List<Row> rows = new ArrayList<>();
        for (DumpInfo d : dumps) {
            rows.add(RowFactory.create(d.id(), d.file(), d.kind(), d.pid(), d.vm(), d.vmVersion(), d.time(),
                    d.timeMs(), d.series(), d.objects(), d.bytes(), d.used(), d.reason()));
        }
        return rows;
    }

    /**
     * Per type across the fleet: the dumps holding it, totals, and the median and 95th percentile
     * of its per-dump count and bytes over those dumps (Spark's exact {@code percentile}: linear
     * between the closest ranks).
     */
    static Dataset<Row> fleetTypes(Dataset<Row> summary) {
        return summary.groupBy("type").agg(
                count(lit(1)).as("dumps"),
                sum("count").as("total_count"),
                sum("bytes").as("total_bytes"),
                expr("percentile(count, 0.5)").as("median_count"),
                expr("percentile(count, 0.95)").as("p95_count"),
                expr("percentile(bytes, 0.5)").as("median_bytes"),
                expr("percentile(bytes, 0.95)").as("p95_bytes"));
    }

    /**
     * Growth per series of dumps of one process, ordered by time: for each type, its count and
     * bytes in the series' first and last dumps (0 where the type is absent) and the least-squares
     * slope of each per hour over all the series' dumps. A type grows when both rise from first to
     * last and both slopes are positive. Series need two dumps at different times.
     */
    static Dataset<Row> growth(Dataset<Row> summary, Dataset<Row> dumpTable) {
        Dataset<Row> inSeries = dumpTable.filter(col("used").and(col("series").isNotNull()).and(col("time_ms").isNotNull()))
                .select("dump_id", "series", "time_ms");
        Dataset<Row> series = inSeries.groupBy("series").agg(
                count(lit(1)).as("n"), min("time_ms").as("first_ms"), max("time_ms").as("last_ms"))
                .filter(col("n").geq(2).and(col("last_ms").gt(col("first_ms"))));
        // x: hours since the series' first dump.
        Dataset<Row> points = inSeries.join(series, "series")
                .withColumn("x", col("time_ms").minus(col("first_ms")).divide(3_600_000.0));
        Dataset<Row> moments = points.groupBy("series").agg(sum("x").as("sx"), sum(col("x").multiply(col("x"))).as("sxx"));
        Dataset<Row> perType = summary.join(broadcast(points), "dump_id")
                .groupBy("series", "type").agg(
                        count(lit(1)).as("present"),
                        sum("count").as("sy_count"), sum(col("x").multiply(col("count"))).as("sxy_count"),
                        sum("bytes").as("sy_bytes"), sum(col("x").multiply(col("bytes"))).as("sxy_bytes"),
                        sum(when(col("time_ms").equalTo(col("first_ms")), col("count")).otherwise(0)).as("first_count"),
                        sum(when(col("time_ms").equalTo(col("last_ms")), col("count")).otherwise(0)).as("last_count"),
                        sum(when(col("time_ms").equalTo(col("first_ms")), col("bytes")).otherwise(0)).as("first_bytes"),
                        sum(when(col("time_ms").equalTo(col("last_ms")), col("bytes")).otherwise(0)).as("last_bytes"));
        Column n = col("n");
        Column denominator = n.multiply(col("sxx")).minus(col("sx").multiply(col("sx")));
        Column countSlope = n.multiply(col("sxy_count")).minus(col("sx").multiply(col("sy_count"))).divide(denominator);
        Column bytesSlope = n.multiply(col("sxy_bytes")).minus(col("sx").multiply(col("sy_bytes"))).divide(denominator);
        return perType.join(series, "series").join(moments, "series")
                .withColumn("count_per_hour", countSlope)
                .withColumn("bytes_per_hour", bytesSlope)
                .filter(col("last_count").gt(col("first_count")).and(col("last_bytes").gt(col("first_bytes")))
                        .and(col("count_per_hour").gt(0)).and(col("bytes_per_hour").gt(0)))
                .select(col("series"), col("type"), col("n").as("dumps"), col("present"),
                        col("first_ms"), col("last_ms"), col("first_count"), col("last_count"),
                        col("first_bytes"), col("last_bytes"), col("count_per_hour"), col("bytes_per_hour"))
                .orderBy(col("bytes_per_hour").desc(), col("count_per_hour").desc(), col("series"), col("type"));
    }

    /** The types with the largest byte growth in any series, largest first. */
    static List<String> topGrowing(Dataset<Row> growth, int k) {
        List<String> top = new ArrayList<>();
        for (Row r : growth.groupBy("type").agg(max("bytes_per_hour").as("rate"))
                .orderBy(col("rate").desc(), col("type")).limit(k).collectAsList()) {
            top.add(r.getString(0));
        }
        return top;
    }

    /**
     * Which (referrer type, field) pairs hold references to the target objects, summed over the
     * fleet: every reference of every used dump, except the {@code <class>} edge every object has,
     * joined with the targets on (dump, address). Array elements count under {@link #ELEMENT};
     * Meliae dumps name no fields (null).
     */
    private Dataset<Row> holders(Dataset<Row> used, Duplicates dups, Dataset<Row> targets) {
        Dataset<Row> referrers = DumpSchema.lines(spark, inputs)
                .filter(col("address").isNotNull().and(col("refs").isNotNull()))
                .join(used, "file")
                .select(col("dump_id"), col("block"), col("seq"), col("address"), col("type"), col("fields"),
                        posexplode(col("refs")).as(new String[] {"pos", "target"}));
        referrers = dups.firstOnly(referrers);
        Column field = element_at(col("fields"), col("pos").plus(1).cast(DataTypes.IntegerType));
        // An array index is written as a number, read as its digits; no field name starts with a digit.
        Column index = field.substr(1, 1).between("0", "9");
        Dataset<Row> refs = referrers
                .withColumn("field", when(index, lit(ELEMENT)).otherwise(field))
                .filter(col("field").isNull().or(col("field").notEqual("<class>")))
                .select(col("dump_id"), col("target"), col("type").as("referrer_type"), col("field"));
        // Three hash aggregates instead of two distinct counts in one (which Spark would run by
        // copying every row once per distinct count).
        return refs.join(targets, new String[] {"dump_id", "target"})
                .groupBy("held_type", "referrer_type", "field", "dump_id", "target").agg(count(lit(1)).as("n"))
                .groupBy("held_type", "referrer_type", "field", "dump_id")
                .agg(sum("n").as("n"), count(lit(1)).as("objects"))
                .groupBy("held_type", "referrer_type", "field")
                .agg(sum("n").as("references"), count(lit(1)).as("dumps"), sum("objects").as("held_objects"))
                .orderBy(col("held_type"), col("references").desc(), col("referrer_type"), col("field"));
    }

    private String path(String table) {
        return out + "/" + table;
    }

    /** What the report needs beyond the tables themselves. */
    record Result(List<DumpInfo> dumps, List<String> topGrowing, long duplicateAddresses) {
    }
}
