package dev.ashwood.loader;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link HeapLoader} reads a dump.
 *
 * @param threads  parser threads (at least 1); the reading or inflating thread comes on top
 * @param progress told how many input bytes are consumed, from any thread
 * @param warnings told each warning once loading is done (they are also in {@link Heap#warnings()})
 */
public record LoadOptions(int threads, ProgressListener progress, Consumer<String> warnings) {

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
        return new LoadOptions(n, progress, warnings);
    }

    public LoadOptions withProgress(ProgressListener p) {
        return new LoadOptions(threads, p, warnings);
    }

    public LoadOptions withWarnings(Consumer<String> w) {
        return new LoadOptions(threads, progress, w);
    }
}
