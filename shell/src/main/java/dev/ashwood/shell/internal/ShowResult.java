package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.Retained;
import java.io.IOException;
import java.util.List;

/**
 * show: one object with its value, roots, outgoing references (with fields) and referrers. JSON
 * is {@code {"id","type","size","name"?,"len"?,"value"?,"roots","stack_roots","refs","referrers","fields"?}} with
 * every reference and referrer by id, the same facts the text shows; text describes the first {@link #SHOWN} of each, so a
 * million-element array costs its ids, not a million descriptions.
 *
 * @param fields parallel to refIds, or null for a Meliae dump (no field names)
 * @param dominator the immediate dominator, null when only the virtual root dominates it
 * @param noDominator when dominator is null, why
 */
record ShowResult(ObjectRow object, int len, Object value, String name, List<String> roots, List<GcRoot> gcRoots,
                  long[] refIds, String[] fields, List<ObjectRow> firstRefs,
                  long[] referrerIds, List<ObjectRow> firstReferrers, Retained retained, ObjectRow dominator,
                  String noDominator, long heapBytes) implements Result {
    static final int SHOWN = 10;

    @Override
    public void writeText(TextOut out) {
        var head = TextOut.line().styled(TextOut.ID, Long.toString(object.id())).append(' ')
                .styled(TextOut.TYPE, object.type()).append("  " + object.size() + " bytes");
        if (len >= 0) {
            head.append("  len " + len);
        }
        out.println(head);
        if (name != null) {
            out.println("  name:  " + name);
        }
        if (value != null) {
            out.println("  value: " + (value instanceof String s ? Quote.text(s) : value.toString()));
        }
        if (!gcRoots.isEmpty()) {
            out.println("  GC root: " + RootText.line(gcRoots, SHOWN, "show " + object.id() + " --json lists them all"));
        }
        out.println("  retains: " + retained.objects() + (retained.objects() == 1 ? " object, " : " objects, ")
                + Units.bytes(retained.bytes()) + ", " + RetainedResult.share(retained.bytes(), heapBytes) + " of the heap");
        out.println(RetainedResult.dominatorLine(dominator, noDominator));
        list(out, "refs", firstRefs, refIds.length, "refs " + object.id() + " --top 0 lists them all");
        list(out, "referrers", firstReferrers, referrerIds.length, "referrers " + object.id() + " --top 0 lists them all");
    }

    private static void list(TextOut out, String title, List<ObjectRow> rows, int total, String how) {
        out.println(TextOut.HEADER, title + " (" + total + ")" + (total == 0 ? "" : ":"));
        for (ObjectRow row : rows) {
            out.println(row.text());
        }
        out.more(total - rows.size(), how);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", object.id());
        json.writeStringField("type", object.type());
        json.writeNumberField("size", object.size());
        if (name != null) {
            json.writeStringField("name", name);        // a class object's class name, a module's, ...
        }
        if (len >= 0) {
            json.writeNumberField("len", len);
        }
        // The value as a string whatever its type in the dump (34, true, "NaN" alike).
        if (value != null) {
            json.writeStringField("value", value.toString());
        }
        json.writeArrayFieldStart("roots");             // the kinds of GC root holding it, [] when none
        for (String root : roots) {
            json.writeString(root);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("stack_roots");       // the roots that name a thread or frame, one per thread and frame
        for (GcRoot root : gcRoots) {
            if (root.thread() >= 0 || root.depth() >= 0) {
                json.writeStartObject();
                json.writeStringField("root", root.kind());
                RootText.writeFields(json, root.thread(), root.threadName(), root.depth());
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeFieldName("refs");
        json.writeArray(refIds, 0, refIds.length);
        json.writeFieldName("referrers");
        json.writeArray(referrerIds, 0, referrerIds.length);
        if (fields != null) {
            json.writeFieldName("fields");
            json.writeArray(fields, 0, fields.length);
        }
        json.writeNumberField("retained_objects", retained.objects());
        json.writeNumberField("retained_bytes", retained.bytes());
        RetainedResult.writeId(json, "dominator", dominator);
        json.writeEndObject();
    }
}
