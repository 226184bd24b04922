package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** collapse: how many objects were folded into their owners. */
record CollapseResult(int collapsed) implements Result {
    @Override
    public void writeText(TextOut out) {
        out.println("collapsed " + collapsed + " objects into their owners"
                + (collapsed == 0 ? " (nothing left to fold)" : "; summarize shows the new totals"));
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("collapsed", collapsed);
        json.writeEndObject();
    }
}
