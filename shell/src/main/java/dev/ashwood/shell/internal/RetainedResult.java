package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.Retained;
import java.io.IOException;
import java.util.Locale;

/**
 * retained ID: what would be freed if the object went away, and its immediate dominator. JSON is
 * {@code {"id","objects","bytes","dominator"}}, the dominator null when only the virtual root
 * dominates the object.
 *
 * @param dominator the immediate dominator, or null for the virtual root
 * @param noDominator when dominator is null, why ("none: it is a GC root (thread)")
 */
record RetainedResult(ObjectRow object, Retained retained, ObjectRow dominator, String noDominator, long heapBytes)
        implements Result {
    @Override
    public void writeText(TextOut out) {
        out.println(TextOut.line().styled(TextOut.ID, Long.toString(object.id())).append(' ')
                .styled(TextOut.TYPE, object.type()).append(" retains " + retained.objects()
                        + (retained.objects() == 1 ? " object, " : " objects, ") + Units.bytes(retained.bytes())
                        + ", " + share(retained.bytes(), heapBytes) + " of the heap (itself included)"));
        out.println(dominatorLine(dominator, noDominator));
    }

    /** "immediate dominator: 839 app.Cache", or why there is none. */
    static org.jline.utils.AttributedStringBuilder dominatorLine(ObjectRow dominator, String noDominator) {
        var line = TextOut.line().append("  immediate dominator: ");
        if (dominator == null) {
            return line.append(noDominator != null ? noDominator
                    : "none (a GC root, held from more than one root, or not reached from the roots)");
        }
        line.styled(TextOut.ID, Long.toString(dominator.id())).append(' ').styled(TextOut.TYPE, dominator.type());
        return dominator.label() == null ? line : line.append(' ').append(dominator.label());
    }

    /** "12.3%": a share of the heap's bytes. */
    static String share(long bytes, long heapBytes) {
        return String.format(Locale.ROOT, "%.1f%%", heapBytes == 0 ? 0.0 : bytes * 100.0 / heapBytes);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", object.id());
        json.writeNumberField("objects", retained.objects());
        json.writeNumberField("bytes", retained.bytes());
        writeId(json, "dominator", dominator);
        json.writeEndObject();
    }

    /** {@code "name":ID}, or {@code "name":null} when there is no object (the virtual root). */
    static void writeId(JsonGenerator json, String name, ObjectRow object) throws IOException {
        json.writeFieldName(name);
        if (object == null) {
            json.writeNull();
        } else {
            json.writeNumber(object.id());
        }
    }
}
