package dev.ashwood.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Addresses recorded more than once in one dump (Meliae's low-memory scanner writes some objects
 * twice). As in Meliae and the single-machine loader, the first record of an address counts and
 * the later ones are skipped. Finding them costs one shuffle of (dump, address); the usual answer
 * is none, and then nothing else is joined.
 */
final class Duplicates {
    /** (dump_id, address, first_block, first_seq) of each repeated address, or null when there are none. */
    private final Dataset<Row> first;
    final long count;

    private Duplicates(Dataset<Row> first, long count) {
        this.first = first;
        this.count = count;
    }

    /** {@code objects} has dump_id, block, seq, address. */
    static Duplicates find(Dataset<Row> objects) {
        Dataset<Row> repeated = objects.groupBy("dump_id", "address").agg(count(lit(1)).as("copies"))
                .filter(col("copies").gt(1)).select("dump_id", "address")
                .persist(StorageLevel.MEMORY_AND_DISK());
        if (repeated.count() == 0) {
            repeated.unpersist();
            return new Duplicates(null, 0);
        }
        Dataset<Row> first = objects.join(repeated, new String[] {"dump_id", "address"})
                .groupBy("dump_id", "address")
                .agg(min(struct(col("block"), col("seq"))).as("first"))
                .select(col("dump_id"), col("address"), col("first.block").as("first_block"),
                        col("first.seq").as("first_seq"))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long n = first.count();
        repeated.unpersist();
        return new Duplicates(first, n);
    }

    /** The rows of {@code records} (dump_id, block, seq, address, ...) that are the first record of their address. */
    Dataset<Row> firstOnly(Dataset<Row> records) {
        if (first == null) {
            return records;
        }
        return records.join(first, new String[] {"dump_id", "address"}, "left")
                .filter(col("first_block").isNull()
                        .or(col("block").equalTo(col("first_block")).and(col("seq").equalTo(col("first_seq")))))
                .drop("first_block", "first_seq");
    }

    void release() {
        if (first != null) {
            first.unpersist();
        }
    }
}
