package dev.ashwood.loader;

/**
 * Receives loading progress. Called from any loader thread, often (about once per 4 MiB of input),
 * so an implementation must be thread-safe and cheap.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> { };

    /**
     * @param done  bytes of the input file consumed so far (compressed bytes for a gzip file)
     * @param total size of the input file in bytes, or -1 when unknown (a pipe, a FIFO, standard input)
     */
    void onProgress(long done, long total);
}
