package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * new TYPE / gone TYPE: the objects of one type that the last diff found new in the loaded heap, or
 * gone from the older dump since; like {@code all TYPE}, largest first, the first {@code --top}
 * of {@code total}. Gone objects are the older dump's: their ids name nothing in the loaded heap.
 * When {@code diff FILE} found FILE to be the later dump ({@code swapped}), new objects are FILE's
 * and gone ones the loaded heap's.
 *
 * @param file    the file of the last {@code diff FILE}
 * @param swapped true when FILE is the later dump of the two
 */
record ChangedResult(String kind, String type, String file, List<ObjectRow> rows, int total, boolean swapped) implements Result {
    @Override
    public void writeText(TextOut out) {
        boolean made = kind.equals("new");
        String what = made ? " new objects of type " : " objects of type ";
        String since = made
                ? swapped ? " (not in the loaded heap; ids of " + file + "), largest first:" : " (not in " + file + "), largest first:"
                : swapped ? " of the loaded heap gone by " + file + ", largest first:"
                : " gone since " + file + " (ids of that dump), largest first:";
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
        json.writeStringField(kind.equals("new") ? "not_in" : "gone_since", swapped ? "the loaded heap" : file);
        if (kind.equals("new") == swapped) {
            json.writeStringField("ids_of", file);
        }
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
