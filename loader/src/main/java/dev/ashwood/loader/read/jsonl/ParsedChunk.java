package dev.ashwood.loader.read.jsonl;

import dev.ashwood.loader.DumpOrigin;
import dev.ashwood.loader.model.CompactLongs;
import dev.ashwood.loader.model.SmallLongs;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * The records of one chunk of input lines, as parsed, before addresses are resolved to indexes.
 * Everything is primitive lists; the builder drops each chunk as soon as it is merged.
 */
public final class ParsedChunk {
    final int seq;

    /** Lines in the chunk (its newlines; a cut last line counts too). */
    public long lines;
    /** Set when the chunk could not be parsed: 1-based line within the chunk, and what is wrong. */
    public long errorLine;
    public String error;
    /** The chunk ends in a record cut short by the end of the input (dropped). */
    public boolean cut;
    /** The records' sizes added up: at most {@link dev.ashwood.loader.model.Limits#MAX_TOTAL_BYTES}. */
    public long bytes;

    /** The header's fields, when this chunk holds the header. */
    public DumpOrigin origin;
    /** 1-based line of the footer within the chunk, 0 when none. */
    long footerLine;
    long footerObjects = -1;
    long footerRefs = -1;
    long footerBytes = -1;
    long footerRoots = -1;
    /** A record follows the footer in this chunk. */
    long afterFooterLine;

    // Not final: the builder drops each list as soon as it has copied it.
    public CompactLongs address;
    /**
     * The smallest and largest of {@link #address}, when the parser kept them ({@link #bounded}),
     * which spares the builder a pass over every address.
     */
    public long minAddress = Long.MAX_VALUE;
    public long maxAddress = Long.MIN_VALUE;
    public boolean bounded;
    public IntArrayList type;
    public SmallLongs size;
    public SmallLongs length;
    public IntArrayList value;
    /** Shape ids (JVM dumps only). */
    public IntArrayList shape;
    public SmallLongs refCount;
    public CompactLongs refs;
    /** Sparse names: record number within the chunk and string pool id. */
    public final IntArrayList nameRecord = new IntArrayList();
    public final IntArrayList nameId = new IntArrayList();

    public final LongArrayList rootRef = new LongArrayList();
    public final IntArrayList rootKind = new IntArrayList();
    /** Parallel to rootRef: the thread object's address and frame depth, -1 when the root names none. */
    public final LongArrayList rootThread = new LongArrayList();
    public final IntArrayList rootDepth = new IntArrayList();

    ParsedChunk(int seq) {
        this(seq, 16, 16, false);
    }

    /**
     * Lists presized for about {@code records} records and {@code refs} references; a shape list
     * only for JVM dumps.
     */
    public ParsedChunk(int seq, int records, int refs, boolean shapes) {
        this.seq = seq;
        address = new CompactLongs(records);
        type = new IntArrayList(records);
        size = SmallLongs.list(records);
        length = SmallLongs.list(records);
        value = new IntArrayList(records);
        shape = new IntArrayList(shapes ? records : 0);
        refCount = SmallLongs.list(records);
        this.refs = new CompactLongs(refs);
    }

    /** Records in the chunk, also after the builder released the addresses. */
    private int released = -1;

    public int records() {
        return released >= 0 ? released : address.size();
    }

    /** The builder has placed every record: the addresses can go. */
    public void releaseAddresses() {
        released = address.size();
        address.release();
    }

    /**
     * Drops the presizing slack when a list ended well short of its guess: a parser's first chunks
     * are sized from a generous guess (2.4 times the records of the benchmark's dumps), and their
     * slack would stay until the model is built, beside it at the loading peak.
     */
    void trimSlack() {
        int records = type.size();
        if (type.elements().length - records > (records >> 4) + 64) {
            type.trim();
            value.trim();
            shape.trim();
            size.trim();
            length.trim();
            refCount.trim();
        }
    }

    /** Drops everything from record {@code records} on (a record cut short). */
    void truncate(int records, int refsSize, int names, int roots, long bytes) {
        this.bytes = bytes;
        address.truncate(records);
        type.size(Math.min(type.size(), records));
        size.truncate(records);
        length.truncate(records);
        value.size(Math.min(value.size(), records));
        shape.size(Math.min(shape.size(), records));
        refCount.truncate(records);
        refs.truncate(refsSize);
        nameRecord.size(names);
        nameId.size(names);
        rootRef.size(roots);
        rootKind.size(roots);
        rootThread.size(roots);
        rootDepth.size(roots);
    }

    public static ParsedChunk failed(int seq, long line, String error) {
        ParsedChunk chunk = new ParsedChunk(seq);
        chunk.errorLine = line;
        chunk.error = error;
        return chunk;
    }
}
