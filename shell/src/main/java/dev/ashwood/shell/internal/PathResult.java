package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.PathStep;
import java.io.IOException;
import java.util.List;

/**
 * path ID: a shortest chain of references from a GC root to the object, root first.
 *
 * @param labels parallel to steps: a short label for each object (see {@link ObjectRow#label}), or null
 */
record PathResult(long id, List<PathStep> steps, List<String> labels) implements Result {
    @Override
    public void writeText(TextOut out) {
        if (steps.isEmpty()) {
            out.println("no path from a GC root to " + id + " (nothing that a root reaches refers to it)");
            return;
        }
        out.println(TextOut.HEADER, "path from a GC root to " + id + " (" + steps.size() + " objects):");
        writeSteps(out, steps, labels, "  ");
    }

    /** One line per step, each after {@code indent}: "[root] .field -> id type label". */
    static void writeSteps(TextOut out, List<PathStep> steps, List<String> labels, String indent) {
        for (int i = 0; i < steps.size(); i++) {
            PathStep step = steps.get(i);
            var line = TextOut.line().append(indent);
            if (step.root() != null) {
                line.append("[" + step.root() + "] ");
            }
            if (step.field() != null) {
                line.append(Fields.display(step.field())).append(" -> ");
            }
            line.styled(TextOut.ID, Long.toString(step.address())).append(' ').styled(TextOut.TYPE, step.type());
            if (labels.get(i) != null) {
                line.append(' ').append(labels.get(i));
            }
            out.println(line);
        }
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", id);
        json.writeFieldName("path");
        writeStepsJson(json, steps);
        json.writeEndObject();
    }

    /** The steps as a JSON array of {@code {"id","type","field"?,"root"?}}. */
    static void writeStepsJson(JsonGenerator json, List<PathStep> steps) throws IOException {
        json.writeStartArray();
        for (PathStep step : steps) {
            json.writeStartObject();
            json.writeNumberField("id", step.address());
            json.writeStringField("type", step.type());
            if (step.field() != null) {
                json.writeStringField("field", step.field());
            }
            if (step.root() != null) {
                json.writeStringField("root", step.root());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
