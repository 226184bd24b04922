package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * What a command found, rendered either for people ({@link #writeText}) or as one JSON document
 * ({@link #writeJson}); the command does its work once and the output mode only picks the renderer.
 */
interface Result {
    void writeText(TextOut out);

    void writeJson(JsonGenerator json) throws IOException;

    /** True for quit/exit: the REPL or script stops after it. */
    default boolean ends() {
        return false;
    }
}
