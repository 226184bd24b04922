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

    /** Runs of this many identical steps or more are shortened by {@link #writeCondensed}. */
    static final int RUN = 5;

    /** One line per step, each after {@code indent}: "[root] .field -> id type label". */
    static void writeSteps(TextOut out, List<PathStep> steps, List<String> labels, String indent) {
        for (int i = 0; i < steps.size(); i++) {
            writeStep(out, steps.get(i), labels.get(i), indent);
        }
    }

    /**
     * As {@link #writeSteps}, but a run of {@link #RUN} or more steps through the same field to the
     * same type (a linked list: {@code .next -> Finalizer}, 30 times) shows its first and last step
     * and one line counting those between, naming the {@code path} command that lists them all.
     * For paths printed as context (suspects), where a long chain hides the answer.
     */
    static void writeCondensed(TextOut out, List<PathStep> steps, List<String> labels, String indent) {
        int i = 0;
        while (i < steps.size()) {
            int end = i + 1;
            while (end < steps.size() && sameLink(steps.get(i), steps.get(end))) {
                end++;
            }
            if (end - i >= RUN) {
                PathStep first = steps.get(i);
                writeStep(out, first, labels.get(i), indent);
                out.println(TextOut.HINT, indent + "... " + (end - i - 2) + " more " + Fields.display(first.field())
                        + " -> " + first.type() + " (path " + steps.get(steps.size() - 1).address() + " shows every step)");
                writeStep(out, steps.get(end - 1), labels.get(end - 1), indent);
            } else {
                for (int k = i; k < end; k++) {
                    writeStep(out, steps.get(k), labels.get(k), indent);
                }
            }
            i = end;
        }
    }

    private static boolean sameLink(PathStep a, PathStep b) {
        return a.root() == null && b.root() == null && a.field() != null && a.field().equals(b.field())
                && a.type().equals(b.type());
    }

    private static void writeStep(TextOut out, PathStep step, String label, String indent) {
        var line = TextOut.line().append(indent);
        if (step.root() != null) {
            line.append("[" + RootText.text(step.root(), step.thread(), step.threadName(), step.depth()) + "] ");
        }
        if (step.field() != null) {
            line.append(Fields.display(step.field())).append(" -> ");
        }
        line.styled(TextOut.ID, Long.toString(step.address())).append(' ').styled(TextOut.TYPE, step.type());
        if (label != null) {
            line.append(' ').append(label);
        }
        out.println(line);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("id", id);
        json.writeFieldName("path");
        writeStepsJson(json, steps);
        json.writeEndObject();
    }

    /** The steps as a JSON array of {@code {"id","type","field"?,"root"?,"thread"?,"thread_name"?,"depth"?}}. */
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
                RootText.writeFields(json, step.thread(), step.threadName(), step.depth());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
