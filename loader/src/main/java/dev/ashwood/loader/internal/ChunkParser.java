package dev.ashwood.loader.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.base.ParserBase;
import dev.ashwood.loader.DumpKind;
import java.io.IOException;
import java.util.Arrays;

/**
 * Parses one chunk of whole lines with jackson-core's streaming parser into a {@link ParsedChunk}.
 * One parser per chunk reads the records as a sequence of root-level JSON values, so no per-line
 * parser setup; line numbers come from the parser and are relative to the chunk.
 */
final class ChunkParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final DumpKind kind;
    private final Tables tables;
    private final NameCache types;
    private final NameCache fieldNames;
    private final ShapeCache shapes;
    private int[] fieldCodes = new int[64];
    /** Seen so far: presizes the next chunk's lists, sparing regrowth copies. */
    private double recordsPerByte = 1.0 / 128;
    private double refsPerByte = 1.0 / 64;

    /** One per parser thread: the caches are not thread-safe (the tables behind them are). */
    ChunkParser(DumpKind kind, Tables tables) {
        this.kind = kind;
        this.tables = tables;
        this.types = new NameCache(tables.types);
        this.fieldNames = new NameCache(tables.fieldNames);
        this.shapes = new ShapeCache(tables.shapes);
    }

    /** A record problem at a line within the chunk. */
    private static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final long line;

        Problem(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    /**
     * Parses {@code buf[0..len)}. {@code wrapped}: the dump is a JSON array, so "[" and "]" lines
     * and the comma ending each record are blanked first (in the buffer, which the caller owns).
     * {@code tail}: the chunk is the input's last bytes and has no final newline, so a record
     * cut short at its end is dropped and flagged instead of failing.
     */
    ParsedChunk parse(int seq, byte[] buf, int len, boolean wrapped, boolean tail) {
        if (wrapped) {
            unwrap(buf, len);
        }
        ParsedChunk out = new ParsedChunk(seq, (int) (len * recordsPerByte * 1.05) + 16, (int) (len * refsPerByte * 1.05) + 16, kind == DumpKind.ASHWOOD);
        int committedRecords = 0;
        int committedRefs = 0;
        int committedNames = 0;
        int committedRoots = 0;
        try (JsonParser p = JSON.createParser(buf, 0, len)) {
            try {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    record(p, t, out, seq);
                    committedRecords = out.records();
                    committedRefs = out.refs.size();
                    committedNames = out.nameRecord.size();
                    committedRoots = out.rootRef.size();
                }
                out.lines = p.currentLocation().getLineNr() - 1 + (tail ? 1 : 0);
                if (len > 0) {
                    recordsPerByte = (double) out.records() / len;
                    refsPerByte = (double) out.refs.size() / len;
                }
            } catch (JsonProcessingException e) {
                long line = p.currentLocation().getLineNr();
                if (tail && lastLine(buf, len, p)) {
                    out.truncate(committedRecords, committedRefs, committedNames, committedRoots);
                    out.cut = true;
                    out.lines = line;
                } else {
                    out.errorLine = line;
                    out.error = "not JSON: " + firstLine(e.getOriginalMessage());
                }
            } catch (Problem problem) {
                out.errorLine = problem.line;
                out.error = problem.getMessage();
            }
        } catch (IOException e) {
            // Parsing a byte array does no I/O; jackson declares IOException on close only.
            throw new IllegalStateException(e);
        }
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

    private void record(JsonParser p, JsonToken t, ParsedChunk out, int seq) throws IOException, Problem {
        // ParserBase keeps the token's line as a field; currentTokenLocation() would allocate per record.
        long line = ((ParserBase) p).getTokenLineNr();
        if (t != JsonToken.START_OBJECT) {
            throw new Problem(line, "not a JSON object: " + describe(p, t));
        }
        if (out.footerLine != 0 && out.afterFooterLine == 0) {
            out.afterFooterLine = line;
        }
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new Problem(line, "empty record");
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
                    throw new Problem(line, "header found after the first line");
                }
                header(p, line);
                out.header = true;
                break;
            default:
                throw new Problem(line, "unknown record: first key is \"" + first
                        + "\" (expected \"address\", \"root\" or \"footer\")");
        }
    }

    private void object(JsonParser p, ParsedChunk out, long line) throws IOException, Problem {
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
        // The current token is the FIELD_NAME "address".
        do {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            switch (key) {
                case "address":
                    address = integer(p, v, "address");
                    break;
                case "type":
                    expectString(p, v, "type");
                    type = types.id(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                    break;
                case "size":
                    size = integer(p, v, "size");
                    break;
                case "name":
                    if (v != JsonToken.VALUE_NULL) {
                        name = tables.strings.intern(string(p, v, "name"));
                    }
                    break;
                case "len":
                    long len = integer(p, v, "len");
                    if (len > Integer.MAX_VALUE) {
                        throw new Problem(p.currentTokenLocation().getLineNr(), "\"len\" " + len + " is too large");
                    }
                    length = (int) len;
                    break;
                case "value":
                    value = value(p, v);
                    special = v == JsonToken.VALUE_STRING && isSpecial(p);
                    break;
                case "refs":
                    expectArray(p, v, "refs");
                    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
                        out.refs.add(integer(p, v, "refs element"));
                    }
                    sawRefs = true;
                    break;
                case "fields":
                    fieldCount = fields(p, v);
                    break;
                default:
                    p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        if (type < 0) {
            throw new Problem(line, "missing key \"type\"");
        }
        if (size < 0) {
            throw new Problem(line, "missing key \"size\"");
        }
        if (!sawRefs) {
            throw new Problem(line, "missing key \"refs\"");
        }
        int refCount = out.refs.size() - refStart;
        if (kind == DumpKind.ASHWOOD) {
            if (fieldCount < 0 && refCount > 0) {
                throw new Problem(line, "missing key \"fields\" (refs is not empty)");
            }
            if (fieldCount >= 0 && fieldCount != refCount) {
                throw new Problem(line, "\"fields\" has " + fieldCount + " entries but \"refs\" has " + refCount);
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
        String s = p.getTextLength() <= 9 ? p.getText() : "";
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

    private int value(JsonParser p, JsonToken v) throws IOException, Problem {
        switch (v) {
            case VALUE_STRING:
                return ValueTable.ofString(tables.strings.intern(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            case VALUE_NUMBER_INT:
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
                throw wrongType(p, v, "value", "a string, number or boolean");
        }
    }

    private int fields(JsonParser p, JsonToken v) throws IOException, Problem {
        expectArray(p, v, "fields");
        int n = 0;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == fieldCodes.length) {
                fieldCodes = Arrays.copyOf(fieldCodes, n * 2);
            }
            if (v == JsonToken.VALUE_STRING) {
                fieldCodes[n++] = ShapeTable.nameCode(fieldNames.id(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            } else if (v == JsonToken.VALUE_NUMBER_INT) {
                long index = integer(p, v, "fields element");
                if (index > Integer.MAX_VALUE) {
                    throw new Problem(p.currentTokenLocation().getLineNr(), "array index " + index + " is too large");
                }
                fieldCodes[n++] = (int) index;
            } else {
                throw wrongType(p, v, "fields element", "a string or an integer");
            }
        }
        return n;
    }

    private void root(JsonParser p, ParsedChunk out, long line) throws IOException, Problem {
        int rootKind = -1;
        long ref = -1;
        do {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("root")) {
                rootKind = tables.rootKinds.intern(string(p, v, "root"));
            } else if (key.equals("ref")) {
                ref = integer(p, v, "ref");
            } else {
                p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        if (ref < 0) {
            throw new Problem(line, "missing key \"ref\" in a root record");
        }
        out.rootRef.add(ref);
        out.rootKind.add(rootKind);
    }

    private void footer(JsonParser p, ParsedChunk out, long line) throws IOException, Problem {
        JsonToken v = p.nextToken();
        if (v != JsonToken.START_OBJECT) {
            throw wrongType(p, v, "footer", "an object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            v = p.nextToken();
            switch (key) {
                case "objects": out.footerObjects = integer(p, v, "objects"); break;
                case "refs": out.footerRefs = integer(p, v, "refs"); break;
                case "bytes": out.footerBytes = integer(p, v, "bytes"); break;
                case "roots": out.footerRoots = integer(p, v, "roots"); break;
                default: p.skipChildren();
            }
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            p.nextToken();
            p.skipChildren();
        }
        out.footerLine = line;
    }

    private void header(JsonParser p, long line) throws IOException, Problem {
        String format = null;
        long version = -1;
        do {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("format")) {
                format = string(p, v, "format");
            } else if (key.equals("version")) {
                version = integer(p, v, "version");
            } else {
                p.skipChildren();
            }
        } while (p.nextToken() == JsonToken.FIELD_NAME);
        if (!"ashwood-heap".equals(format)) {
            throw new Problem(line, "unknown format \"" + format + "\" (expected \"ashwood-heap\")");
        }
        if (version < 0) {
            throw new Problem(line, "missing key \"version\" in the header");
        }
        if (version != 1) {
            throw new Problem(line, "unknown format version " + version + " (this loader reads version 1)");
        }
    }

    private static long integer(JsonParser p, JsonToken v, String key) throws IOException, Problem {
        if (v != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(p, v, key, "an integer");
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new Problem(p.currentTokenLocation().getLineNr(), "\"" + key + "\" " + p.getText() + " is out of range");
        }
        long n = p.getLongValue();
        if (n < 0) {
            throw new Problem(p.currentTokenLocation().getLineNr(), "negative " + key + " " + n);
        }
        return n;
    }

    private static String string(JsonParser p, JsonToken v, String key) throws IOException, Problem {
        expectString(p, v, key);
        return p.getText();
    }

    private static void expectString(JsonParser p, JsonToken v, String key) throws Problem {
        if (v != JsonToken.VALUE_STRING) {
            throw wrongType(p, v, key, "a string");
        }
    }

    private static void expectArray(JsonParser p, JsonToken v, String key) throws Problem {
        if (v != JsonToken.START_ARRAY) {
            throw wrongType(p, v, key, "an array");
        }
    }

    private static Problem wrongType(JsonParser p, JsonToken v, String key, String expected) {
        return new Problem(p.currentTokenLocation().getLineNr(),
                "\"" + key + "\" is " + describe(p, v) + ", expected " + expected);
    }

    private static String describe(JsonParser p, JsonToken t) {
        switch (t) {
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT: return "an integer";
            case VALUE_NUMBER_FLOAT: return "a number with a fraction";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            case START_ARRAY: return "an array";
            case START_OBJECT: return "an object";
            default: return t.asString() == null ? t.name() : t.asString();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Blanks what makes a JSON-array-wrapped Meliae dump differ from JSON lines: a line holding
     * only "[" or "]", and the comma ending a record line. Line breaks stay, so line numbers stay.
     */
    static void unwrap(byte[] buf, int len) {
        int start = 0;
        while (start < len) {
            int end = start;
            while (end < len && buf[end] != '\n') {
                end++;
            }
            int last = end - 1;
            while (last >= start && (buf[last] == ' ' || buf[last] == '\r' || buf[last] == '\t')) {
                last--;
            }
            int first = start;
            while (first <= last && (buf[first] == ' ' || buf[first] == '\t')) {
                first++;
            }
            if (first == last && (buf[first] == '[' || buf[first] == ']')) {
                buf[first] = ' ';
            } else if (last >= start && buf[last] == ',') {
                buf[last] = ' ';
            }
            start = end + 1;
        }
    }
}
