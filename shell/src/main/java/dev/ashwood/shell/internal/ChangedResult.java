package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * new TYPE / gone TYPE: the objects of one type that the last diff found new in the loaded heap, or
 * gone from the older dump since; like {@code all TYPE}, largest first, the first {@code --top}
 * of {@code total}. Gone objects are the older dump's: their ids name nothing in the loaded heap.
 */
record ChangedResult(String kind, String type, String other, List<ObjectRow> rows, int total) implements Result {
    @Override
    public void writeText(TextOut out) {
        String what = kind.equals("new") ? " new objects of type " : " objects of type ";
        String since = kind.equals("new") ? " (not in " + other + "), largest first:" : " gone since " + other
                + " (ids of that dump), largest first:";
        out.println(TextOut.line().append(total + what).styled(TextOut.TYPE, type).append(since).toAttributedString());
        out.println(String.format("%20s %10s", "id", "size"));
        for (ObjectRow row : rows) {
            out.println(TextOut.line().styled(TextOut.ID, String.format("%20d", row.id()))
                    .append(String.format(" %10d", row.size())).append(row.label() == null ? "" : "  " + row.label()));
        }
        out.more(total - rows.size(), kind + " " + type + " --top N shows more, --top 0 all");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", type);
        json.writeStringField(kind.equals("new") ? "not_in" : "gone_since", other);
        json.writeNumberField("total", total);
        json.writeArrayFieldStart("objects");
        for (ObjectRow row : rows) {
            json.writeStartObject();
            json.writeNumberField("id", row.id());
            json.writeNumberField("size", row.size());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
