package dev.ashwood.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * What the job cost, from Spark's own task metrics: the figures a cluster scales with (input
 * partitions, tasks, bytes read, shuffle bytes) and the wall time of each phase.
 */
final class JobMetrics extends SparkListener {
    final AtomicLong tasks = new AtomicLong();
    final AtomicLong stages = new AtomicLong();
    /** Bytes tasks read: input files, and the cached lines each time a later step reads them. */
    final AtomicLong inputBytes = new AtomicLong();
    final AtomicLong inputRecords = new AtomicLong();
    final AtomicLong shuffleWriteBytes = new AtomicLong();
    final AtomicLong shuffleWriteRecords = new AtomicLong();
    final AtomicLong shuffleReadBytes = new AtomicLong();
    final AtomicLong spillBytes = new AtomicLong();
    /** Partitions of the scan of all lines: line ranges of plain files plus one per gzip file. */
    volatile int inputPartitions;
    final Map<String, Double> phaseSeconds = new LinkedHashMap<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        tasks.incrementAndGet();
        TaskMetrics m = end.taskMetrics();
        if (m == null) {
            return;
        }
        inputBytes.addAndGet(m.inputMetrics().bytesRead());
        inputRecords.addAndGet(m.inputMetrics().recordsRead());
        shuffleWriteBytes.addAndGet(m.shuffleWriteMetrics().bytesWritten());
        shuffleWriteRecords.addAndGet(m.shuffleWriteMetrics().recordsWritten());
        shuffleReadBytes.addAndGet(m.shuffleReadMetrics().totalBytesRead());
        spillBytes.addAndGet(m.diskBytesSpilled());
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        stages.incrementAndGet();
    }

    synchronized void phase(String name, long startNanos) {
        phaseSeconds.put(name, (System.nanoTime() - startNanos) / 1e9);
    }
}
