package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes a dump value (String, Long, Double or Boolean, as the loader gives it) with its own JSON type. */
final class JsonValues {
    private JsonValues() {}

    static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Long n) {
            json.writeNumber(n);
        } else if (value instanceof Double d && Double.isFinite(d)) {
            json.writeNumber(d);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeString(String.valueOf(value));   // strings, and NaN/Infinity as the dump spells them
        }
    }
}
