package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.Total;
import java.io.IOException;

/** total ID: everything reachable from one object, each object counted once. */
record TotalResult(Total total, String type) implements Result {
    @Override
    public void writeText(TextOut out) {
        out.println(TextOut.line().styled(TextOut.ID, Long.toString(total.address())).append(' ')
                .styled(TextOut.TYPE, type).append(" reaches " + total.objects() + (total.objects() == 1 ? " object, " : " objects, ")
                        + Units.bytes(total.bytes()) + " in all (itself included)"));
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", total.address());
        json.writeNumberField("objects", total.objects());
        json.writeNumberField("bytes", total.bytes());
        json.writeEndObject();
    }
}
