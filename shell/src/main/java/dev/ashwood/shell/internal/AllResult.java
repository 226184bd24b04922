package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * all TYPE: the objects of one type, largest first; {@code rows} holds the first {@code --top} of {@code total}.
 *
 * @param retained with {@code --by retained}, the retained bytes of each row (then also in the
 *                 JSON as {@code retained_bytes}); null when ordered by shallow size
 */
record AllResult(String type, List<ObjectRow> rows, int total, long[] retained) implements Result {
    @Override
    public void writeText(TextOut out) {
        out.println(TextOut.line().append(total + " objects of type ").styled(TextOut.TYPE, type)
                .append(retained == null ? ", largest first:" : ", largest retained first:").toAttributedString());
        out.println(String.format("%20s %10s", "id", "size") + (retained == null ? "" : String.format(" %14s", "retained")));
        for (int k = 0; k < rows.size(); k++) {
            ObjectRow row = rows.get(k);
            // The label (a string's start, a class's name) is what tells same-typed objects apart.
            out.println(TextOut.line().styled(TextOut.ID, String.format("%20d", row.id()))
                    .append(String.format(" %10d", row.size()) + (retained == null ? "" : String.format(" %14d", retained[k])))
                    .append(row.label() == null ? "" : "  " + row.label()));
        }
        out.more(total - rows.size(), "all " + type + " --top N shows more, --top 0 all");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", type);
        json.writeArrayFieldStart("objects");
        for (int k = 0; k < rows.size(); k++) {
            ObjectRow row = rows.get(k);
            json.writeStartObject();
            json.writeNumberField("id", row.id());
            json.writeNumberField("size", row.size());
            if (row.label() != null) {
                json.writeStringField("label", row.label());   // exactly the text's label
            }
            if (retained != null) {
                json.writeNumberField("retained_bytes", retained[k]);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
