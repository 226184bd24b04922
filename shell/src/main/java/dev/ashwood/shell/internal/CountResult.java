package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A command that changes the model and reports how much it changed: collapse
 * ({@code {"collapsed":N}}) and prune ({@code {"pruned":N}}).
 *
 * @param key the JSON key
 * @param text the sentence for people
 */
record CountResult(String key, long count, String text) implements Result {
    static CountResult collapsed(int objects) {
        return new CountResult("collapsed", objects, "collapsed " + objects + " objects into their owners"
                + (objects == 0 ? " (nothing left to fold)" : "; summarize shows the new totals"));
    }

    static CountResult pruned(int references) {
        return new CountResult("pruned", references, "pruned " + references + " references to classes, loaders, modules and frames"
                + (references == 0 ? " (none left)" : "; total and summarize ID now measure what an object holds"));
    }

    @Override
    public void writeText(TextOut out) {
        out.println(text);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField(key, count);
        json.writeEndObject();
    }
}
