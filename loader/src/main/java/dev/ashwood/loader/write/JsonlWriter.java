package dev.ashwood.loader.write;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.ProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.CancellationException;

/**
 * Writes a loaded heap as an ashwood dump (docs/format.md): header, root records, one record per
 * object in address order, footer. Ids are the heap's addresses (for an HPROF file, the object's
 * address / 8), so a converted file answers with the same ids as its source. String values, boxed
 * values, lengths and field names are what the loader read.
 */
public final class JsonlWriter {
    // Records are separated by the newline written after each, not by jackson's default space.
    private static final JsonFactory JSON = new JsonFactory().setRootValueSeparator("");

    /** What was written, for the caller's summary line. */
    public record Counts(long objects, long refs, long bytes, long roots) {
    }

    private JsonlWriter() {
    }

    /**
     * Writes {@code heap} to {@code out} (which the caller closes). {@code source} names the file
     * it was read from and {@code sourceFormat} its format, both in the header.
     */
    public static Counts write(Heap heap, String source, String sourceFormat, OutputStream out) throws IOException {
        return write(heap, source, sourceFormat, out, ProgressListener.NONE);
    }

    /** As above, reporting objects written out of all objects to {@code progress} every 4096 objects. */
    public static Counts write(Heap heap, String source, String sourceFormat, OutputStream out, ProgressListener progress)
            throws IOException {
        long started = System.nanoTime();
        long objects = 0;
        long refs = 0;
        long bytes = 0;
        long roots = 0;
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.writeStartObject();
            g.writeStringField("format", "ashwood-heap");
            g.writeNumberField("version", 1);
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("trigger", "convert");
            g.writeStringField("source", source);
            g.writeStringField("source_format", sourceFormat);
            g.writeEndObject();
            g.writeRaw('\n');
            int n = heap.objectCount();
            for (int i = 0; i < n; i++) {
                for (GcRoot root : heap.gcRoots(i)) {
                    g.writeStartObject();
                    g.writeStringField("root", root.kind());
                    g.writeNumberField("ref", heap.address(i));
                    if (root.thread() >= 0) {
                        g.writeNumberField("thread", root.thread());
                    }
                    if (root.depth() >= 0) {
                        g.writeNumberField("depth", root.depth());
                    }
                    g.writeEndObject();
                    g.writeRaw('\n');
                    roots++;
                }
            }
            for (int i = 0; i < n; i++) {
                if ((i & 4095) == 0) {
                    if (Thread.interrupted()) {
                        throw new CancellationException("converting was interrupted");
                    }
                    progress.onProgress(i, n);
                }
                g.writeStartObject();
                g.writeNumberField("address", heap.address(i));
                g.writeStringField("type", heap.type(i));
                g.writeNumberField("size", heap.size(i));
                String name = heap.name(i);
                if (name != null) {
                    g.writeStringField("name", name);
                }
                if (heap.length(i) >= 0) {
                    g.writeNumberField("len", heap.length(i));
                }
                Object value = heap.value(i);
                if (value != null) {
                    g.writeFieldName("value");
                    value(g, value);
                }
                int[] r = heap.refs(i);
                g.writeArrayFieldStart("refs");
                for (int target : r) {
                    g.writeNumber(heap.address(target));
                }
                g.writeEndArray();
                if (r.length > 0) {
                    g.writeArrayFieldStart("fields");
                    for (int k = 0; k < r.length; k++) {
                        String field = heap.field(i, k);
                        if (!field.isEmpty() && Character.isDigit(field.charAt(0))) {
                            g.writeNumber(Integer.parseInt(field));
                        } else {
                            g.writeString(field);
                        }
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                g.writeRaw('\n');
                objects++;
                refs += r.length;
                bytes += heap.size(i);
            }
            g.writeStartObject();
            g.writeObjectFieldStart("footer");
            g.writeNumberField("objects", objects);
            g.writeNumberField("refs", refs);
            g.writeNumberField("bytes", bytes);
            g.writeNumberField("roots", roots);
            g.writeNumberField("elapsed_ms", (System.nanoTime() - started) / 1_000_000);
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
        }
        return new Counts(objects, refs, bytes, roots);
    }

    private static void value(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeString(d.toString());
            } else {
                g.writeNumber(d);
            }
        } else if (value instanceof Number num) {
            g.writeNumber(num.longValue());
        } else {
            g.writeString(String.valueOf(value));
        }
    }
}
