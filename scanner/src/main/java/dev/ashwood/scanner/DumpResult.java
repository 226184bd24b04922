package dev.ashwood.scanner;

import java.nio.file.Path;

/** What a completed dump wrote: the same counts as the dump's footer. */
public record DumpResult(Path file, long objects, long refs, long bytes, long roots, long elapsedMillis) {}
