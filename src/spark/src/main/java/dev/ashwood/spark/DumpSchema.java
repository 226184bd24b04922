package dev.ashwood.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The one schema every line of an ashwood or Meliae dump is read with (docs/format.md): the
 * union of the header, root, object and footer keys the job uses. Spark's JSON source ignores
 * the keys not named here (len, value, name, options, thread, depth) and puts a line that is not
 * a JSON object into {@link #CORRUPT}; nothing here parses text by hand.
 */
final class DumpSchema {
    /** The column that holds a line Spark could not read as a record (a cut last line, the '[' of a wrapped Meliae dump). */
    static final String CORRUPT = "_corrupt";

    static final StructType FOOTER = new StructType()
            .add("objects", DataTypes.LongType)
            .add("refs", DataTypes.LongType)
            .add("bytes", DataTypes.LongType)
            .add("roots", DataTypes.LongType);

    static final StructType LINE = new StructType()
            // header (first line of an ashwood dump)
            .add("format", DataTypes.StringType)
            .add("version", DataTypes.LongType)
            .add("vm", DataTypes.StringType)
            .add("vm_version", DataTypes.StringType)
            .add("pid", DataTypes.LongType)
            .add("time", DataTypes.StringType)
            // identity series (agent option identity=keep) and VM start: used when a header carries them
            .add("series", DataTypes.StringType)
            .add("sequence", DataTypes.LongType)
            .add("vm_start", DataTypes.StringType)
            // root record
            .add("root", DataTypes.StringType)
            // object record (Meliae's keys, then ashwood's fields)
            .add("address", DataTypes.LongType)
            .add("type", DataTypes.StringType)
            .add("size", DataTypes.LongType)
            .add("refs", DataTypes.createArrayType(DataTypes.LongType))
            // strings for field names, integers (array indexes) read as their decimal text
            .add("fields", DataTypes.createArrayType(DataTypes.StringType))
            // footer (last line of a complete ashwood dump)
            .add("footer", FOOTER)
            .add(CORRUPT, DataTypes.StringType);

    private DumpSchema() {
    }

    /**
     * Every line of every input as a row, with where it came from: {@code file} (the path as
     * Spark names it), and ({@code block}, {@code seq}) which order the lines of one file as
     * they appear in it: a plain file is split into line ranges, each read by one task in order,
     * so the range's start offset then the row's increasing id within its task give file order.
     */
    static Dataset<Row> lines(SparkSession spark, List<String> inputs) {
        Dataset<Row> raw = spark.read()
                .schema(LINE)
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", CORRUPT)
                .json(inputs.toArray(String[]::new));
        return raw.select(
                col("_metadata.file_path").as("file"),
                col("_metadata.file_block_start").as("block"),
                monotonically_increasing_id().as("seq"),
                col("*"));
    }

    /** The files Spark will read for these inputs (globs and directories expanded). */
    static String[] inputFiles(SparkSession spark, List<String> inputs) {
        return spark.read().schema(LINE).json(inputs.toArray(String[]::new)).inputFiles();
    }
}
