package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ashwood.loader.HeapDiff;
import dev.ashwood.loader.Holder;
import dev.ashwood.loader.TypeDelta;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * diff: what grew between two dumps. With identity the answer comes first (the holders of the new
 * objects, largest first: "java.util.HashMap 81234 (LeakyCache.SESSIONS) holds 5000 new
 * LeakyCache$Session objects, 7.9 MiB"), then how the dumps were matched, then the types by growth.
 * Without identity the first line says why the diff is per type only.
 */
record DiffResult(String oldName, String newName, HeapDiff diff, int top, List<String> warnings, List<String> notes)
        implements Result {
    DiffResult(String oldName, String newName, HeapDiff diff, int top) {
        this(oldName, newName, diff, top, List.of(), List.of());
    }

    @Override
    public void writeText(TextOut out) {
        List<Holder> holders = diff.holders();
        int shownHolders = Math.min(top, holders.size());
        for (int i = 0; i < shownHolders; i++) {
            out.println(holderLine(holders.get(i)));
        }
        out.more(holders.size() - shownHolders, "diff --top N shows more holders, --top 0 all");
        out.println(TextOut.HINT, diff.note());
        for (String note : notes) {
            out.println(TextOut.HINT, note);
        }
        for (String warning : warnings) {
            out.println(TextOut.HINT, "warning: " + warning);
        }
        long oldCount = 0, newCount = 0, oldBytes = 0, newBytes = 0;
        for (TypeDelta t : diff.types()) {
            oldCount += t.oldCount();
            newCount += t.newCount();
            oldBytes += t.oldBytes();
            newBytes += t.newBytes();
        }
        StringBuilder totals = new StringBuilder().append(oldName).append(" -> ").append(newName).append(": ")
                .append(oldCount).append(" -> ").append(newCount).append(" objects (").append(signed(newCount - oldCount));
        if (diff.hasIdentity()) {
            totals.append(": ").append(diff.newObjects()).append(" new, ").append(diff.goneObjects()).append(" gone");
        }
        totals.append("), ").append(mib(oldBytes)).append(" -> ").append(mib(newBytes)).append(" (")
                .append(signedBytes(newBytes - oldBytes)).append(')');
        out.println(totals.toString());
        List<TypeDelta> types = diff.types();
        int shown = Math.min(top, types.size());
        out.println(TextOut.HEADER, diff.hasIdentity()
                ? String.format("%14s %14s %10s %10s %10s %10s  %s", "bytes +/-", "retained +/-", "count +/-", "count now",
                        "new", "gone", "type")
                : String.format("%14s %14s %10s %10s %14s  %s", "bytes +/-", "retained +/-", "count +/-", "count now",
                        "bytes now", "type"));
        for (int i = 0; i < shown; i++) {
            TypeDelta t = types.get(i);
            String numbers = diff.hasIdentity()
                    ? String.format("%14s %14s %10s %10d %10d %10d  ", signed(t.bytesDelta()), signed(t.retainedDelta()),
                            signed(t.countDelta()), t.newCount(), t.newObjects(), t.goneObjects())
                    : String.format("%14s %14s %10s %10d %14d  ", signed(t.bytesDelta()), signed(t.retainedDelta()),
                            signed(t.countDelta()), t.newCount(), t.newBytes());
            out.println(TextOut.line().append(numbers).styled(TextOut.TYPE, t.type()));
        }
        out.more(types.size() - shown, "diff --top N shows more types, --top 0 all");
    }

    /**
     * "java.util.HashMap 81234 (LeakyCache.SESSIONS) holds 5000 new LeakyCache$Session objects, 7.9 MiB ...";
     * for a holder that a new class's static field holds, what grew first: "5000 new int[] objects,
     * 2.0 MiB in 5002 new objects, held by static field Big.DATA of new class Big (java.util.ArrayList 5678)".
     */
    static String holderText(Holder h) {
        StringBuilder line = new StringBuilder();
        if (h.newClass() != null) {
            // The holder is new too: name what grew first, then where it hangs.
            appendNew(line, h);
            return line.append(", held by static field ").append(h.label()).append(" of new class ").append(h.newClass())
                    .append(" (").append(h.type()).append(' ').append(h.address()).append(')').toString();
        }
        if (h.address() == Holder.UNREACHED) {
            line.append("reached from no GC root (garbage not yet collected)");
        } else if (h.address() == Holder.AWAITING_FINALIZATION) {
            line.append("awaiting finalization (held only by java.lang.ref.Finalizer.referent; they go once finalize() has run)");
        } else if (!h.isObject()) {
            line.append("no single older object holds them (GC roots themselves, held from more than one root, "
                    + "or only through such new objects)");
        } else {
            line.append(h.type()).append(' ').append(h.address());
            if (h.label() != null) {
                line.append(" (").append(h.label()).append(')');
            }
        }
        line.append(h.isObject() ? " holds " : ": ");
        appendNew(line, h);
        return line.toString();
    }

    /** "5000 new LeakyCache$Session objects, 7.9 MiB in 10001 new objects", or "12 new objects, 1.0 KiB". */
    private static void appendNew(StringBuilder line, Holder h) {
        if (h.topType() != null && h.topCount() > 0) {
            line.append(h.topCount()).append(" new ").append(h.topType()).append(h.topCount() == 1 ? " object, " : " objects, ")
                    .append(mib(h.newBytes()));
            if (h.newObjects() != h.topCount()) {
                line.append(" in ").append(h.newObjects()).append(" new objects");
            }
        } else {
            line.append(h.newObjects()).append(h.newObjects() == 1 ? " new object, " : " new objects, ").append(mib(h.newBytes()));
        }
    }

    /** The JSON name of a holder that is a group of new objects rather than an object. */
    private static String group(Holder h) {
        return h.address() == Holder.UNREACHED ? "unreached"
                : h.address() == Holder.AWAITING_FINALIZATION ? "awaiting_finalization" : "no_holder";
    }

    private static org.jline.utils.AttributedStringBuilder holderLine(Holder h) {
        return TextOut.line().append(holderText(h));
    }

    static String mib(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024);
    }

    private static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }

    private static String signedBytes(long n) {
        return (n > 0 ? "+" : n < 0 ? "-" : "") + mib(Math.abs(n));
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeStringField("old", oldName);
        json.writeStringField("new", newName);
        json.writeStringField("identity", diff.identity().name().toLowerCase(Locale.ROOT));
        json.writeStringField("note", diff.note());
        if (!notes.isEmpty()) {
            json.writeArrayFieldStart("notes");
            for (String note : notes) {
                json.writeString(note);
            }
            json.writeEndArray();
        }
        if (!warnings.isEmpty()) {
            json.writeArrayFieldStart("warnings");
            for (String warning : warnings) {
                json.writeString(warning);
            }
            json.writeEndArray();
        }
        if (diff.hasIdentity()) {
            json.writeNumberField("new_objects", diff.newObjects());
            json.writeNumberField("new_bytes", diff.newBytes());
            json.writeNumberField("freed_objects", diff.goneObjects());
            json.writeNumberField("freed_bytes", diff.goneBytes());
        }
        json.writeNumberField("types_total", diff.types().size());
        json.writeArrayFieldStart("types");
        List<TypeDelta> types = diff.types();
        for (int i = 0; i < Math.min(top, types.size()); i++) {
            TypeDelta t = types.get(i);
            json.writeStartObject();
            json.writeStringField("type", t.type());
            json.writeNumberField("count_delta", t.countDelta());
            json.writeNumberField("bytes_delta", t.bytesDelta());
            json.writeNumberField("old_count", t.oldCount());
            json.writeNumberField("new_count", t.newCount());
            json.writeNumberField("old_bytes", t.oldBytes());
            json.writeNumberField("new_bytes", t.newBytes());
            json.writeNumberField("retained_delta", t.retainedDelta());
            json.writeNumberField("old_retained", t.oldRetained());
            json.writeNumberField("new_retained", t.newRetained());
            if (diff.hasIdentity()) {
                json.writeNumberField("new_objects", t.newObjects());
                json.writeNumberField("freed_objects", t.goneObjects());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (diff.hasIdentity()) {
            json.writeNumberField("holders_total", diff.holders().size());
            json.writeArrayFieldStart("holders");
            List<Holder> holders = diff.holders();
            for (int i = 0; i < Math.min(top, holders.size()); i++) {
                Holder h = holders.get(i);
                json.writeStartObject();
                if (h.isObject()) {
                    json.writeNumberField("id", h.address());
                    json.writeStringField("type", h.type());
                } else {
                    json.writeNullField("id");
                    json.writeNullField("type");
                    json.writeStringField("group", group(h));
                }
                if (h.label() != null) {
                    json.writeStringField("label", h.label());
                }
                if (h.newClass() != null) {
                    json.writeStringField("new_class", h.newClass());
                }
                json.writeNumberField("new_objects", h.newObjects());
                json.writeNumberField("new_bytes", h.newBytes());
                if (h.topType() != null) {
                    json.writeStringField("top_type", h.topType());
                    json.writeNumberField("top_count", h.topCount());
                }
                json.writeFieldName("path");
                PathResult.writeStepsJson(json, h.path());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }
}
