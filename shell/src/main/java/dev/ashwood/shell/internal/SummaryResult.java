package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryRow;
import java.io.IOException;

/** summarize: Meliae's table for people, the rows as JSON for scripts. */
record SummaryResult(Summary summary, long hiddenTypes) implements Result {
    @Override
    public void writeText(TextOut out) {
        String[] lines = summary.toText().split("\n");
        for (int i = 0; i < lines.length; i++) {
            // The two header lines stand out on a terminal; the table itself stays Meliae's, byte for byte.
            if (i < 2) {
                out.println(TextOut.HEADER, lines[i]);
            } else {
                out.println(lines[i]);
            }
        }
        out.more(hiddenTypes, "summarize --top N shows more types");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("objects", summary.objects());
        json.writeNumberField("types", summary.types());
        json.writeNumberField("bytes", summary.bytes());
        json.writeArrayFieldStart("rows");
        for (SummaryRow row : summary.rows()) {
            json.writeStartObject();
            json.writeStringField("type", row.type());
            json.writeNumberField("count", row.count());
            json.writeNumberField("bytes", row.bytes());
            json.writeNumberField("max", row.max());
            json.writeNumberField("max_id", row.maxAddress());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
