package dev.ashwood.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a small ashwood or Meliae dump from objects declared in code, and knows what it wrote:
 * the expected per-type rows come from the declarations, not from reading the file back.
 */
final class TestDump {
    /** Expected summarize row of one type. */
    record Row(long count, long bytes, long max) {
    }

    private record Obj(long id, String type, long size, long[] refs, String[] fields) {
    }

    private final boolean meliae;
    private final String header;
    private final List<Obj> objects = new ArrayList<>();
    private final List<Long> roots = new ArrayList<>();
    private final Map<String, Long> classes = new LinkedHashMap<>();
    private long next = 1;

    private TestDump(boolean meliae, String header) {
        this.meliae = meliae;
        this.header = header;
    }

    /** An ashwood dump; {@code series} adds the identity series keys to the header when not null. */
    static TestDump ashwood(long pid, String time, String series) {
        return ashwood(pid, time, series, 1);
    }

    /** An ashwood dump whose header names its series and its sequence number in it. */
    static TestDump ashwood(long pid, String time, String series, long sequence) {
        String h = "{\"format\":\"ashwood-heap\",\"version\":1,\"vm\":\"Test VM\",\"vm_version\":\"17.0.1\",\"pid\":" + pid
                + ",\"time\":\"" + time + "\",\"trigger\":\"api\","
                + (series == null ? "" : "\"series\":\"" + series + "\",\"sequence\":" + sequence + ",")
                + "\"options\":{\"values\":100}}";
        return new TestDump(false, h);
    }

    /** A Meliae dump: pointers as addresses, no header, no footer, no field names. */
    static TestDump meliae() {
        return new TestDump(true, null);
    }

    /** Reserves an id for an object declared later (so holders can be written before what they hold). */
    long reserve() {
        return meliae ? 0x7f0000000000L + 48 * next++ : next++;
    }

    /** The class object of {@code type} (ashwood only), created on first use. */
    long classOf(String type) {
        Long c = classes.get(type);
        if (c == null) {
            c = reserve();
            classes.put(type, c);
            objects.add(new Obj(c, "java.lang.Class", 96, new long[0], new String[0]));
            roots.add(c);
        }
        return c;
    }

    /** Declares an object; {@code refsAndFields} alternates target id and field (String, or Integer for an index). */
    long add(String type, long size, Object... refsAndFields) {
        return put(reserve(), type, size, refsAndFields);
    }

    long put(long id, String type, long size, Object... refsAndFields) {
        int extra = meliae ? 0 : 1;
        long[] refs = new long[refsAndFields.length / 2 + extra];
        String[] fields = new String[refs.length];
        if (!meliae) {
            refs[0] = classOf(type);
            fields[0] = "\"<class>\"";
        }
        for (int i = 0; i < refsAndFields.length; i += 2) {
            refs[extra + i / 2] = (Long) refsAndFields[i];
            Object f = refsAndFields[i + 1];
            fields[extra + i / 2] = f instanceof Integer ? f.toString() : "\"" + f + "\"";
        }
        objects.add(new Obj(id, type, size, refs, fields));
        return id;
    }

    void root(long id) {
        roots.add(id);
    }

    /** Repeats the record of {@code id} with another size (Meliae's low-memory mode writes some objects twice). */
    void repeat(long id, long otherSize) {
        Obj o = objects.stream().filter(x -> x.id == id).findFirst().orElseThrow();
        objects.add(new Obj(id, o.type, otherSize, o.refs, o.fields));
    }

    /** Repeats the record of {@code id} with other refs (Meliae dumps, which name no fields). */
    void repeatWithRefs(long id, long... refs) {
        Obj o = objects.stream().filter(x -> x.id == id).findFirst().orElseThrow();
        objects.add(new Obj(id, o.type, o.size, refs, new String[refs.length]));
    }

    /** What summarize must say: the first record of each address counts. */
    Map<String, Row> expected() {
        Map<String, Row> rows = new TreeMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (Obj o : objects) {
            if (seen.add(o.id)) {
                rows.merge(o.type, new Row(1, o.size, o.size),
                        (a, b) -> new Row(a.count + 1, a.bytes + b.bytes, Math.max(a.max, b.max)));
            }
        }
        return rows;
    }

    /** Writes the dump; {@code wrapped}: a Meliae dump as one JSON array; {@code cutAt}: keep only that fraction of the bytes. */
    Path write(Path file, boolean gzip, boolean wrapped, double cutAt) throws IOException {
        StringBuilder b = new StringBuilder();
        if (header != null) {
            b.append(header).append('\n');
            for (long r : roots) {
                b.append("{\"root\":\"system_class\",\"ref\":").append(r).append("}\n");
            }
        }
        if (wrapped) {
            b.append("[\n");
        }
        long refCount = 0;
        long bytes = 0;
        for (int i = 0; i < objects.size(); i++) {
            Obj o = objects.get(i);
            String sep = meliae ? ", " : ",";
            String colon = meliae ? ": " : ":";
            b.append("{\"address\"").append(colon).append(o.id).append(sep).append("\"type\"").append(colon)
                    .append('"').append(o.type).append('"').append(sep).append("\"size\"").append(colon).append(o.size);
            if (o.type.equals("java.lang.Class")) {
                b.append(sep).append("\"name\"").append(colon).append("\"some.Name\"");
            }
            b.append(sep).append("\"refs\"").append(colon).append('[');
            for (int k = 0; k < o.refs.length; k++) {
                b.append(k == 0 ? "" : sep).append(o.refs[k]);
            }
            b.append(']');
            if (!meliae && o.refs.length > 0) {
                b.append(",\"fields\":[").append(String.join(",", o.fields)).append(']');
            }
            b.append('}');
            if (wrapped && i < objects.size() - 1) {
                b.append(',');
            }
            b.append('\n');
            refCount += o.refs.length;
            bytes += o.size;
        }
        if (wrapped) {
            b.append("]\n");
        }
        if (header != null) {
            b.append("{\"footer\":{\"objects\":").append(objects.size()).append(",\"refs\":").append(refCount)
                    .append(",\"bytes\":").append(bytes).append(",\"roots\":").append(roots.size())
                    .append(",\"elapsed_ms\":1}}\n");
        }
        byte[] content = b.toString().getBytes(StandardCharsets.UTF_8);
        int length = cutAt < 1 ? (int) (content.length * cutAt) : content.length;
        try (OutputStream raw = Files.newOutputStream(file);
                OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(content, 0, length);
        }
        return file;
    }
}
