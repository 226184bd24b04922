package dev.ashwood.loader;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link HeapLoader} reads a dump.
 *
 * @param threads  parser threads (at least 1); the reading or inflating thread comes on top
 * @param progress told how many input bytes are consumed, from any thread
 * @param warnings told each warning once loading is done (they are also in {@link Heap#warnings()})
 * @param vmLayout for HPROF files, the dumped VM's settings that decide object sizes, e.g.
 *                 {@code "coops=on,ccp=on,align=8"} (keys coops, ccp, compact, align, jdk); null to
 *                 infer them from the dump
 */
public record LoadOptions(int threads, ProgressListener progress, Consumer<String> warnings, String vmLayout) {

    public LoadOptions(int threads, ProgressListener progress, Consumer<String> warnings) {
        this(threads, progress, warnings, null);
    }

    public LoadOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(warnings, "warnings");
    }

    /** All cores, no progress, warnings only kept in the heap. */
    public static LoadOptions defaults() {
        return new LoadOptions(Runtime.getRuntime().availableProcessors(), ProgressListener.NONE, w -> { });
    }

    public LoadOptions withThreads(int n) {
        return new LoadOptions(n, progress, warnings, vmLayout);
    }

    public LoadOptions withProgress(ProgressListener p) {
        return new LoadOptions(threads, p, warnings, vmLayout);
    }

    public LoadOptions withWarnings(Consumer<String> w) {
        return new LoadOptions(threads, progress, w, vmLayout);
    }

    /** States the HPROF VM settings instead of inferring them (see {@link #vmLayout}). */
    public LoadOptions withVmLayout(String layout) {
        return new LoadOptions(threads, progress, warnings, layout);
    }
}
