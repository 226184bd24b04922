package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * show: one object with its value, roots, outgoing references (with fields) and referrers. Text
 * shows the first {@link #SHOWN} of each list; JSON has them all.
 */
record ShowResult(ObjectRow object, int len, Object value, String name, List<String> roots,
                  List<ObjectRow> refs, List<ObjectRow> referrers) implements Result {
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
        if (!roots.isEmpty()) {
            out.println("  GC root: " + String.join(", ", roots));
        }
        list(out, "refs", refs, "refs " + object.id() + " lists them all");
        list(out, "referrers", referrers, "referrers " + object.id() + " lists them all");
    }

    private static void list(TextOut out, String title, List<ObjectRow> rows, String how) {
        out.println(TextOut.HEADER, title + " (" + rows.size() + ")" + (rows.isEmpty() ? "" : ":"));
        for (int i = 0; i < Math.min(SHOWN, rows.size()); i++) {
            out.println(rows.get(i).text());
        }
        out.more(rows.size() - SHOWN, how);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", object.id());
        json.writeStringField("type", object.type());
        json.writeNumberField("size", object.size());
        if (len >= 0) {
            json.writeNumberField("len", len);
        }
        if (name != null) {
            json.writeStringField("name", name);
        }
        if (value != null) {
            json.writeFieldName("value");
            JsonValues.write(json, value);
        }
        if (!roots.isEmpty()) {
            json.writeArrayFieldStart("roots");
            for (String root : roots) {
                json.writeString(root);
            }
            json.writeEndArray();
        }
        json.writeArrayFieldStart("refs");
        for (ObjectRow row : refs) {
            json.writeNumber(row.id());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("referrers");
        for (ObjectRow row : referrers) {
            json.writeNumber(row.id());
        }
        json.writeEndArray();
        // Meliae dumps carry no field names: the key is left out rather than filled with nulls.
        if (!refs.isEmpty() && refs.get(0).field() != null) {
            json.writeArrayFieldStart("fields");
            for (ObjectRow row : refs) {
                json.writeString(row.field());
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
