package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.RetainedRow;
import dev.ashwood.loader.SummaryRow;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * summarize --retained: per type, the bytes all its objects retain together, each retained object
 * counted once. JSON is summarize's document, rows ordered by and carrying {@code retained_bytes}
 * (and {@code retained_objects}).
 *
 * @param plain the plain summary's row of each type (count, bytes, max, max_id)
 * @param rows  the first {@code --top} types
 */
record RetainedSummaryResult(long objects, int types, long bytes, List<RetainedRow> rows,
                             Map<String, SummaryRow> plain) implements Result {
    @Override
    public void writeText(TextOut out) {
        out.println(TextOut.HEADER, "Total " + objects + " objects, " + types + " types, " + Units.bytes(bytes)
                + "; retained by type, each object counted once:");
        out.println(TextOut.HEADER, String.format("%6s %10s %14s %8s %14s %6s  %s", "Index", "Count", "Size",
                "RetObjs", "Retained", "%", "Kind"));
        for (int i = 0; i < rows.size(); i++) {
            RetainedRow row = rows.get(i);
            out.println(String.format("%6d %10d %14d %8d %14d %6s  %s", i, row.count(), row.bytes(),
                    row.retainedObjects(), row.retainedBytes(), RetainedResult.share(row.retainedBytes(), bytes),
                    row.type()));
        }
        out.more(types - rows.size(), "summarize --retained --top N shows more types");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        SummaryResult.writeTotals(json, objects, types, bytes);
        for (RetainedRow row : rows) {
            json.writeStartObject();
            SummaryResult.writeRow(json, plain.get(row.type()));
            json.writeNumberField("retained_objects", row.retainedObjects());
            json.writeNumberField("retained_bytes", row.retainedBytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
