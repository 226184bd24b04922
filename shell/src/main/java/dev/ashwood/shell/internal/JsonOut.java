package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/** Writes results as JSON documents, one per line, for scripts. */
final class JsonOut {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final PrintWriter out;

    JsonOut(PrintWriter out) {
        this.out = out;
    }

    void write(Result result) {
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            result.writeJson(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        out.flush();
    }
}
