package dev.ashwood.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * Entry point: {@code FleetJob DUMPS... -o OUT [--top N]}. DUMPS are Hadoop paths or globs
 * (local files, hdfs://, s3a://); OUT is a directory that must not exist yet. Run it with
 * spark-submit on a cluster or with src/spark/run-local.sh (docs/user-guide.md).
 */
public final class FleetJob {
    static final String NAME = "ashwood-spark";
    /** Growing types whose holders are traced. */
    static final int DEFAULT_TOP = 10;

    private FleetJob() {
    }

    public static void main(String[] args) {
        Args parsed = Args.parse(args, System.err);
        if (parsed == null) {
            System.exit(2);
        }
        SparkSession spark = session();
        int code;
        try {
            code = run(spark, parsed, System.out, System.err);
        } finally {
            spark.stop();
        }
        System.exit(code);
    }

    /**
     * The session the job runs in: the master comes from spark-submit (or -Dspark.master); output
     * files are created 0600 and directories 0700 (dumps hold secrets, and so do their tables).
     */
    public static SparkSession session() {
        return SparkSession.builder()
                .appName("ashwood fleet")
                .config("spark.hadoop.fs.permissions.umask-mode", "077")
                .getOrCreate();
    }

    /** Runs the job in {@code spark}; returns the exit code (0 done, 1 failed, 2 bad arguments). */
    public static int run(SparkSession spark, String[] args, PrintStream out, PrintStream err) {
        Args parsed = Args.parse(args, err);
        return parsed == null ? 2 : run(spark, parsed, out, err);
    }

    private static int run(SparkSession spark, Args args, PrintStream out, PrintStream err) {
        long start = System.nanoTime();
        try {
            Path outPath = new Path(args.out);
            FileSystem fs = outPath.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(outPath)) {
                err.println(NAME + ": " + Report.clean(args.out) + " exists; not overwriting it (name a new output directory)");
                return 2;
            }
            JobMetrics metrics = new JobMetrics();
            spark.sparkContext().addSparkListener(metrics);
            try {
                Fleet.Result result = new Fleet(spark, args.inputs, args.out, args.top, metrics).run();
                spark.sparkContext().listenerBus().waitUntilEmpty(10_000);
                Report report = Report.of(spark, args.out, args.inputs, result, metrics, (System.nanoTime() - start) / 1e9);
                report.write(spark, args.out);
                out.print(report.text());
                out.flush();
            } finally {
                spark.sparkContext().removeSparkListener(metrics);
            }
            return 0;
        } catch (Exception e) {
            if (e instanceof AnalysisException) {
                // The one user error Spark reports this way here: an input path or glob that matches nothing.
                err.println(NAME + ": " + Report.clip(firstLine(e.getMessage()), 300));
                return 2;
            }
            err.println(NAME + ": failed: " + Report.clip(firstLine(String.valueOf(e.getMessage())), 300));
            return 1;
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The command line. */
    static final class Args {
        final List<String> inputs = new ArrayList<>();
        String out;
        int top = DEFAULT_TOP;

        static Args parse(String[] argv, PrintStream err) {
            Args a = new Args();
            for (int i = 0; i < argv.length; i++) {
                String s = argv[i];
                if (s.equals("-o") || s.equals("--top")) {
                    if (i + 1 == argv.length) {
                        return usage(err, s + " needs a value");
                    }
                    String v = argv[++i];
                    if (s.equals("-o")) {
                        a.out = v;
                    } else {
                        try {
                            a.top = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            return usage(err, "--top needs a number, not " + Report.quote(v));
                        }
                        if (a.top < 1) {
                            return usage(err, "--top must be at least 1");
                        }
                    }
                } else if (s.startsWith("-") && s.length() > 1) {
                    return usage(err, "unknown option " + Report.quote(s));
                } else {
                    a.inputs.add(s);
                }
            }
            if (a.out == null) {
                return usage(err, "no output directory (-o OUT)");
            }
            if (a.inputs.isEmpty()) {
                return usage(err, "no dumps given");
            }
            return a;
        }

        private static Args usage(PrintStream err, String problem) {
            err.println(NAME + ": " + problem);
            err.println("usage: " + NAME + " DUMPS... -o OUT [--top N]   (DUMPS: Hadoop paths or globs, plain or .gz)");
            return null;
        }
    }
}
