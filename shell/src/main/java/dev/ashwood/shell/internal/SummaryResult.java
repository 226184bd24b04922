package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.Summary;
import dev.ashwood.loader.SummaryRow;
import java.io.IOException;
import java.util.List;
import org.jline.utils.AttributedStyle;

/**
 * summarize: Meliae's table for people, the rows as JSON for scripts.
 *
 * @param widen false for a Meliae dump (Meliae's table byte for byte), true for a JVM dump, whose
 *              columns widen when its values outgrow Meliae's widths ({@link SummaryTable})
 */
record SummaryResult(Summary summary, long hiddenTypes, boolean widen) implements Result {
    static SummaryResult of(Heap heap, Summary summary) {
        return new SummaryResult(summary, summary.types() - summary.rows().size(), heap.kind() != DumpKind.MELIAE);
    }

    @Override
    public void writeText(TextOut out) {
        List<String> lines = SummaryTable.lines(summary, widen);
        for (int i = 0; i < lines.size(); i++) {
            // The two header lines stand out on a terminal; the text itself stays Meliae's, byte for byte.
            out.println(i < 2 ? TextOut.HEADER : AttributedStyle.DEFAULT, lines.get(i));
        }
        out.more(hiddenTypes, "summarize --top N shows more types");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        writeTotals(json, summary.objects(), summary.types(), summary.bytes());
        for (SummaryRow row : summary.rows()) {
            json.writeStartObject();
            writeRow(json, row);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Opens the document and its {@code rows} array after the totals; summarize --retained shares it. */
    static void writeTotals(JsonGenerator json, long objects, int types, long bytes) throws IOException {
        json.writeStartObject();
        json.writeNumberField("objects", objects);
        json.writeNumberField("types", types);
        json.writeNumberField("bytes", bytes);
        json.writeArrayFieldStart("rows");
    }

    /** One row's keys: type, count, bytes, max, max_id. */
    static void writeRow(JsonGenerator json, SummaryRow row) throws IOException {
        json.writeStringField("type", row.type());
        json.writeNumberField("count", row.count());
        json.writeNumberField("bytes", row.bytes());
        json.writeNumberField("max", row.max());
        json.writeNumberField("max_id", row.maxAddress());
    }
}
