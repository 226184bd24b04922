package dev.ashwood.loader.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * The records of one chunk of input lines, as parsed, before addresses are resolved to indexes.
 * Everything is primitive lists; the builder drops each chunk as soon as it is merged.
 */
final class ParsedChunk {
    final int seq;

    /** Lines in the chunk (its newlines; a cut last line counts too). */
    long lines;
    /** Set when the chunk could not be parsed: 1-based line within the chunk, and what is wrong. */
    long errorLine;
    String error;
    /** The chunk ends in a record cut short by the end of the input (dropped). */
    boolean cut;

    boolean header;
    /** 1-based line of the footer within the chunk, 0 when none. */
    long footerLine;
    long footerObjects = -1;
    long footerRefs = -1;
    long footerBytes = -1;
    long footerRoots = -1;
    /** A record follows the footer in this chunk. */
    long afterFooterLine;

    final LongArrayList address = new LongArrayList();
    final IntArrayList type = new IntArrayList();
    final LongArrayList size = new LongArrayList();
    final IntArrayList length = new IntArrayList();
    final IntArrayList value = new IntArrayList();
    /** Shape ids (JVM dumps only). */
    final IntArrayList shape = new IntArrayList();
    final IntArrayList refCount = new IntArrayList();
    final LongArrayList refs = new LongArrayList();
    /** Sparse names: record number within the chunk and string pool id. */
    final IntArrayList nameRecord = new IntArrayList();
    final IntArrayList nameId = new IntArrayList();

    final LongArrayList rootRef = new LongArrayList();
    final IntArrayList rootKind = new IntArrayList();

    ParsedChunk(int seq) {
        this.seq = seq;
    }

    int records() {
        return address.size();
    }

    /** Drops everything from record {@code records} on (a record cut short). */
    void truncate(int records, int refsSize, int names, int roots) {
        address.size(records);
        type.size(Math.min(type.size(), records));
        size.size(Math.min(size.size(), records));
        length.size(Math.min(length.size(), records));
        value.size(Math.min(value.size(), records));
        shape.size(Math.min(shape.size(), records));
        refCount.size(Math.min(refCount.size(), records));
        refs.size(refsSize);
        nameRecord.size(names);
        nameId.size(names);
        rootRef.size(roots);
        rootKind.size(roots);
    }

    static ParsedChunk failed(int seq, long line, String error) {
        ParsedChunk chunk = new ParsedChunk(seq);
        chunk.errorLine = line;
        chunk.error = error;
        return chunk;
    }
}
