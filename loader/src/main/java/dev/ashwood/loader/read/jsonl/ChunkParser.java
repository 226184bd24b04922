package dev.ashwood.loader.read.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.DumpOrigin;
import dev.ashwood.loader.model.Limits;
import dev.ashwood.loader.model.RootFrames;
import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.Tables;
import dev.ashwood.loader.model.ValueTable;
import java.io.IOException;
import java.util.Arrays;

/**
 * Parses one chunk of whole lines with jackson-core's streaming parser into a {@link ParsedChunk}.
 * One parser per chunk reads the records as a sequence of root-level JSON values, so no per-line
 * parser setup; line numbers come from the parser and are relative to the chunk.
 */
public final class ChunkParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    /** Chunks at least this long update the per-byte estimates below. */
    private static final int LEARN_FROM = 1 << 20;

    private final DumpKind kind;
    private final Tables tables;
    private final NameCache types;
    private final NameCache fieldNames;
    private final ShapeCache shapes;
    private int[] fieldCodes = new int[64];
    /**
     * Seen so far: presizes the next chunk's lists, sparing regrowth copies. The first guess is
     * generous (dumps run 50-130 bytes per record, 40-70 per ref): a list that grows after the
     * parsing loop was compiled deoptimizes it, and a fresh JVM pays for compiling it again.
     */
    private double recordsPerByte = 1.0 / 48;
    private double refsPerByte = 1.0 / 24;

    /** One per parser thread: the caches are not thread-safe (the tables behind them are). */
    public ChunkParser(DumpKind kind, Tables tables) {
        this.kind = kind;
        this.tables = tables;
        this.types = new NameCache(tables.types);
        this.fieldNames = new NameCache(tables.fieldNames);
        this.shapes = new ShapeCache(tables.shapes);
    }


    /**
     * Parses {@code buf[0..len)}. {@code wrapped}: the dump is a JSON array, so "[" and "]" lines
     * and the comma ending each record are blanked first (in the buffer, which the caller owns).
     * {@code tail}: the chunk is the input's last bytes and has no final newline, so a record
     * cut short at its end is dropped and flagged instead of failing.
     */
    public ParsedChunk parse(int seq, byte[] buf, int len, boolean wrapped, boolean tail) {
        if (wrapped) {
            Json.unwrap(buf, len);
        }
        ParsedChunk out = new ParsedChunk(seq, (int) (len * recordsPerByte * 1.05) + 16, (int) (len * refsPerByte * 1.05) + 16, kind == DumpKind.ASHWOOD);
        int committedRecords = 0;
        int committedRefs = 0;
        int committedNames = 0;
        int committedRoots = 0;
        long committedBytes = 0;
        try (JsonParser p = JSON.createParser(buf, 0, len)) {
            try {
                JsonToken t;
                long previousLine = 0;
                while ((t = p.nextToken()) != null) {
                    long line = record(p, t, out, seq);
                    if (line == previousLine) {
                        // The format is one record per line; a second one would shift every line number.
                        throw new RecordProblem(line, "a second record on the same line (a dump has one record per line)");
                    }
                    previousLine = line;
                    committedRecords = out.records();
                    committedRefs = out.refs.size();
                    committedNames = out.nameRecord.size();
                    committedRoots = out.rootRef.size();
                    committedBytes = out.bytes;
                }
                out.lines = p.currentLocation().getLineNr() - 1 + (tail ? 1 : 0);
                // Not from the small first block: its header and root lines say little about the
                // records (a third of the refs per byte), and lists that then grow cost memory.
                if (len >= LEARN_FROM) {
                    recordsPerByte = (double) out.records() / len;
                    refsPerByte = (double) out.refs.size() / len;
                }
            } catch (JsonProcessingException e) {
                long line = p.currentLocation().getLineNr();
                if (tail && lastLine(buf, len, p)) {
                    out.truncate(committedRecords, committedRefs, committedNames, committedRoots, committedBytes);
                    out.cut = true;
                    out.lines = line;
                } else {
                    out.errorLine = line;
                    out.error = "not JSON: " + Json.firstLine(e.getOriginalMessage());
                }
            } catch (RecordProblem problem) {
                out.errorLine = problem.line;
                out.error = problem.getMessage();
            } catch (IllegalStateException full) {
                // A table's limit (2^28 distinct values, 2 GiB of text): the dump is too big for us.
                out.errorLine = p.currentLocation().getLineNr();
                out.error = full.getMessage() + ": too large for this loader";
            }
        } catch (IOException e) {
            // Parsing a byte array does no I/O; jackson declares IOException on close only.
            throw new IllegalStateException(e);
        }
        out.trimSlack();
        return out;
    }

    /** The parser stopped on the chunk's last line (so the failure is the cut, not bad content). */
    private static boolean lastLine(byte[] buf, int len, JsonParser p) {
        long offset = p.currentLocation().getByteOffset();
        for (long i = Math.max(0, offset); i < len; i++) {
            if (buf[(int) i] == '\n') {
                return false;
            }
        }
        return true;
    }

    /** Reads one record and returns its line (within the chunk). */
    private long record(JsonParser p, JsonToken t, ParsedChunk out, int seq) throws IOException, RecordProblem {
        // ParserBase keeps the token's line as a field; currentTokenLocation() would allocate per record.
        long line = ((ParserBase) p).getTokenLineNr();
        if (t != JsonToken.START_OBJECT) {
            throw new RecordProblem(line, "not a JSON object: " + Json.describe(p, t));
        }
        if (out.footerLine != 0 && out.afterFooterLine == 0) {
            out.afterFooterLine = line;
        }
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new RecordProblem(line, "empty record");
        }
        String first = p.currentName();
        switch (first) {
            case "address":
                object(p, out, line);
                break;
            case "root":
                root(p, out, line);
                break;
            case "footer":
                footer(p, out, line);
                break;
            case "format":
                if (seq != 0 || line != 1 || kind != DumpKind.ASHWOOD) {
                    throw new RecordProblem(line, "header found after the first line");
                }
                out.origin = header(p, line);
                break;
            default:
                throw new RecordProblem(line, "unknown record: first key is \"" + first
                        + "\" (expected \"address\", \"root\" or \"footer\")");
        }
        return line;
    }

    private void object(JsonParser p, ParsedChunk out, long line) throws IOException, RecordProblem {
        long address = -1;
        int type = -1;
        long size = -1;
        int length = -1;
        int value = ValueTable.NONE;
        boolean special = false;
        int name = -1;
        boolean sawRefs = false;
        int fieldCount = -1;
        int refStart = out.refs.size();
        int seen = 0;
        // The current token is the FIELD_NAME "address".
        do {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "address":
                    seen = Json.once(p, seen, 1, key);
                    address = Json.integer(p, v, "address");
                    break;
                case "type":
                    seen = Json.once(p, seen, 2, key);
                    Json.expectString(p, v, "type");
                    type = types.id(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case "size":
                    seen = Json.once(p, seen, 4, key);
                    size = Json.integer(p, v, "size");
                    if (size > Limits.MAX_OBJECT_BYTES) {
                        throw new RecordProblem(p.currentTokenLocation().getLineNr(), "size " + size
                                + " is too large for one object (at most 2^40 bytes, 1 TiB): not a real heap");
                    }
                    break;
                case "name":
                    seen = Json.once(p, seen, 8, key);
                    if (v != JsonToken.VALUE_NULL) {
                        name = tables.strings.intern(Json.string(p, v, "name"));
                    }
                    break;
                case "len":
                    seen = Json.once(p, seen, 16, key);
                    long len = Json.integer(p, v, "len");
                    if (len > Integer.MAX_VALUE) {
                        throw new RecordProblem(p.currentTokenLocation().getLineNr(), "\"len\" " + len + " is too large");
                    }
                    length = (int) len;
                    break;
                case "value":
                    seen = Json.once(p, seen, 32, key);
                    value = value(p, v);
                    special = v == JsonToken.VALUE_STRING && isSpecial(p);
                    break;
                case "refs":
                    seen = Json.once(p, seen, 64, key);
                    Json.expectArray(p, v, "refs");
                    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                        out.refs.add(Json.integer(p, v, "refs element"));
                    }
                    sawRefs = true;
                    break;
                case "fields":
                    seen = Json.once(p, seen, 128, key);
                    fieldCount = fields(p, v);
                    break;
                default:
                    p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        if (type < 0) {
            throw new RecordProblem(line, "missing key \"type\"");
        }
        if (size < 0) {
            throw new RecordProblem(line, "missing key \"size\"");
        }
        if (!sawRefs) {
            throw new RecordProblem(line, "missing key \"refs\"");
        }
        // No overflow: out.bytes <= 2^62 and size <= 2^40.
        if (out.bytes + size > Limits.MAX_TOTAL_BYTES) {
            throw new RecordProblem(line, "the sizes up to this record add up to more than 2^62 bytes (4 EiB): not a real heap");
        }
        out.bytes += size;
        int refCount = out.refs.size() - refStart;
        if (kind == DumpKind.ASHWOOD) {
            if (fieldCount < 0 && refCount > 0) {
                throw new RecordProblem(line, "missing key \"fields\" (refs is not empty)");
            }
            if (fieldCount >= 0 && fieldCount != refCount) {
                throw new RecordProblem(line, "\"fields\" has " + fieldCount + " entries but \"refs\" has " + refCount);
            }
            out.shape.add(shapes.id(fieldCodes, refCount));
        }
        if (special) {
            value = specialValue(value, type);
        }
        if (name >= 0) {
            out.nameRecord.add(out.records());
            out.nameId.add(name);
        }
        out.address.add(address);
        out.type.add(type);
        out.size.add(size);
        out.length.add(length);
        out.value.add(value);
        out.refCount.add(refCount);
    }

    /** "True"/"False" of a Meliae bool, "NaN"/"Infinity"/"-Infinity" of a JVM Double or Float. */
    private static boolean isSpecial(JsonParser p) throws IOException {
        int length = p.getTextLength();
        if (length < 3 || length > 9) {
            return false; // the common case, decided without building a String
        }
        char first = p.getTextCharacters()[p.getTextOffset()];
        if (first != 'T' && first != 'F' && first != 'N' && first != 'I' && first != '-') {
            return false;
        }
        String s = p.getText();
        return s.equals("True") || s.equals("False") || s.equals("NaN") || s.equals("Infinity")
                || s.equals("-Infinity");
    }

    private int specialValue(int handle, int type) {
        String text = (String) tables.values.value(handle);
        String typeName = tables.types.get(type);
        if (kind == DumpKind.MELIAE && typeName.equals("bool")) {
            return ValueTable.ofBoolean(text.equals("True"));
        }
        if (kind == DumpKind.ASHWOOD && (typeName.equals("java.lang.Double") || typeName.equals("java.lang.Float"))) {
            return tables.values.ofDouble(Double.parseDouble(text));
        }
        return handle;
    }

    private int value(JsonParser p, JsonToken v) throws IOException, RecordProblem {
        switch (v) {
            case VALUE_STRING:
                return ValueTable.ofString(tables.strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            case VALUE_NUMBER_INT:
                long n = Json.digits(p);
                if (n >= 0) {
                    return tables.values.ofLong(n);
                }
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return tables.values.ofDouble(p.getDoubleValue());
                }
                return tables.values.ofLong(p.getLongValue());
            case VALUE_NUMBER_FLOAT:
                return tables.values.ofDouble(p.getDoubleValue());
            case VALUE_TRUE:
                return ValueTable.ofBoolean(true);
            case VALUE_FALSE:
                return ValueTable.ofBoolean(false);
            case VALUE_NULL:
                return ValueTable.NONE;
            default:
                throw Json.wrongType(p, v, "value", "a string, number or boolean");
        }
    }

    private int fields(JsonParser p, JsonToken v) throws IOException, RecordProblem {
        Json.expectArray(p, v, "fields");
        int n = 0;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == fieldCodes.length) {
                fieldCodes = Arrays.copyOf(fieldCodes, n * 2);
            }
            if (v == JsonToken.VALUE_STRING) {
                fieldCodes[n++] = ShapeTable.nameCode(fieldNames.id(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            } else if (v == JsonToken.VALUE_NUMBER_INT) {
                long index = Json.integer(p, v, "fields element");
                if (index > Integer.MAX_VALUE) {
                    throw new RecordProblem(p.currentTokenLocation().getLineNr(), "array index " + index + " is too large");
                }
                fieldCodes[n++] = (int) index;
            } else {
                throw Json.wrongType(p, v, "fields element", "a string or an integer");
            }
        }
        return n;
    }

    private void root(JsonParser p, ParsedChunk out, long line) throws IOException, RecordProblem {
        int rootKind = -1;
        long ref = -1;
        long thread = RootFrames.NO_THREAD;
        int depth = RootFrames.NO_DEPTH;
        int seen = 0;
        do {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("root")) {
                seen = Json.once(p, seen, 1, key);
                rootKind = tables.rootKinds.intern(Json.string(p, v, "root"));
            } else if (key.equals("ref")) {
                seen = Json.once(p, seen, 2, key);
                ref = Json.integer(p, v, "ref");
            } else if (key.equals("thread")) {
                seen = Json.once(p, seen, 4, key);
                thread = Json.integer(p, v, "thread");
            } else if (key.equals("depth")) {
                seen = Json.once(p, seen, 8, key);
                long d = Json.integer(p, v, "depth");
                if (d > Integer.MAX_VALUE) {
                    throw new RecordProblem(p.currentTokenLocation().getLineNr(), "frame depth " + d + " is too large");
                }
                depth = (int) d;
            } else {
                p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        if (ref < 0) {
            throw new RecordProblem(line, "missing key \"ref\" in a root record");
        }
        out.rootRef.add(ref);
        out.rootKind.add(rootKind);
        out.rootThread.add(thread);
        out.rootDepth.add(depth);
    }

    private void footer(JsonParser p, ParsedChunk out, long line) throws IOException, RecordProblem {
        JsonToken v = p.nextToken();
        if (v != JsonToken.START_OBJECT) {
            throw Json.wrongType(p, v, "footer", "an object");
        }
        int seen = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            v = p.nextToken();
            switch (key) {
                case "objects": seen = Json.once(p, seen, 1, key); out.footerObjects = Json.integer(p, v, "objects"); break;
                case "refs": seen = Json.once(p, seen, 2, key); out.footerRefs = Json.integer(p, v, "refs"); break;
                case "bytes": seen = Json.once(p, seen, 4, key); out.footerBytes = Json.integer(p, v, "bytes"); break;
                case "roots": seen = Json.once(p, seen, 8, key); out.footerRoots = Json.integer(p, v, "roots"); break;
                default: p.skipChildren();
            }
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
        out.footerLine = line;
    }

    private DumpOrigin header(JsonParser p, long line) throws IOException, RecordProblem {
        String format = null;
        long version = -1;
        String vm = null;
        String vmVersion = null;
        long pid = -1;
        String time = null;
        String series = null;
        long sequence = -1;
        int seen = 0;
        do {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "format":
                    seen = Json.once(p, seen, 1, key);
                    format = Json.string(p, v, "format");
                    break;
                case "version":
                    seen = Json.once(p, seen, 2, key);
                    version = Json.integer(p, v, "version");
                    break;
                case "vm": vm = Json.string(p, v, "vm"); break;
                case "vm_version": vmVersion = Json.string(p, v, "vm_version"); break;
                case "pid": pid = Json.integer(p, v, "pid"); break;
                case "time": time = Json.string(p, v, "time"); break;
                case "series":
                    seen = Json.once(p, seen, 4, key);
                    series = Json.string(p, v, "series");
                    break;
                case "sequence":
                    seen = Json.once(p, seen, 8, key);
                    sequence = Json.integer(p, v, "sequence");
                    break;
                default: p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        if (!"ashwood-heap".equals(format)) {
            throw new RecordProblem(line, "unknown format \"" + format + "\" (expected \"ashwood-heap\")");
        }
        if (version < 0) {
            throw new RecordProblem(line, "missing key \"version\" in the header");
        }
        if (version != 1) {
            throw new RecordProblem(line, "unknown format version " + version + " (this loader reads version 1)");
        }
        if (series != null && (series.isEmpty() || sequence < 1)) {
            throw new RecordProblem(line, "header: \"series\" needs a non-empty id and a \"sequence\" of 1 or more");
        }
        return new DumpOrigin(vm, vmVersion, pid, time, series, series == null ? -1 : sequence);
    }
}
