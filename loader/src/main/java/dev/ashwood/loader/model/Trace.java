package dev.ashwood.loader.model;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Phase timings of a load on standard error, for performance work: on with
 * {@code -Dashwood.trace=true} (JAVA_OPTS for the launcher). Each line gives the phase's wall time,
 * the collector's time within it, and the heap in use at its end.
 */
public final class Trace {
    private static final boolean ON = Boolean.getBoolean("ashwood.trace");
    private long start = System.nanoTime();
    private long gcStart = gcMillis();

    /** Phases from now on. */
    public static Trace start() {
        return new Trace();
    }

    /** Phases of a whole load from now on, saying first how long the JVM took to get here. */
    public static Trace load() {
        if (ON) {
            System.err.printf("ashwood trace: load starts %d ms after the JVM did%n",
                    ManagementFactory.getRuntimeMXBean().getUptime());
        }
        return new Trace();
    }

    /** Ends the phase {@code name} (printed when tracing is on) and starts the next. */
    public void phase(String name) {
        if (!ON) {
            return;
        }
        long now = System.nanoTime();
        long gc = gcMillis();
        Runtime rt = Runtime.getRuntime();
        System.err.printf("ashwood trace: %-14s %6d ms (gc %4d ms), heap used %d MiB%n", name, (now - start) / 1_000_000,
                gc - gcStart, (rt.totalMemory() - rt.freeMemory()) >> 20);
        start = System.nanoTime();
        gcStart = gc;
    }

    private static long gcMillis() {
        if (!ON) {
            return 0;
        }
        long sum = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }
}
