package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * refs and referrers: the objects one object points at, or that point at it.
 *
 * @param key "refs" or "referrers", the command and the JSON key
 * @param rows the first {@code --top} of them
 * @param total how many there are in all
 */
record NeighboursResult(String key, long id, List<ObjectRow> rows, int total) implements Result {
    @Override
    public void writeText(TextOut out) {
        String title = key.equals("refs") ? "references from " : "referrers of ";
        out.println(TextOut.HEADER, title + id + " (" + total + ")" + (total == 0 ? "" : ":"));
        for (ObjectRow row : rows) {
            out.println(row.text());
        }
        out.more(total - rows.size(), key + " " + id + " --top N shows more, --top 0 all");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", id);
        json.writeArrayFieldStart(key);
        for (ObjectRow row : rows) {
            json.writeStartObject();
            json.writeNumberField("id", row.id());
            json.writeStringField("type", row.type());
            json.writeNumberField("size", row.size());
            if (row.field() != null) {
                json.writeStringField("field", row.field());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
