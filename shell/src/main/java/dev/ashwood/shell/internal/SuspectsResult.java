package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import dev.ashwood.loader.AwaitingFinalization;
import dev.ashwood.loader.RetainedRow;
import dev.ashwood.loader.Unreached;
import java.util.List;

/**
 * suspects: objects, and groups of same-type objects under one dominator, that retain more than
 * the threshold share of the heap, each with where the bytes accumulate and a path from a GC root.
 * JSON: {@code {"threshold","heap_bytes","suspects":[{"kind":"object"|"group","id":N|null,"type",
 * "members","retained_objects","retained_bytes","accumulation":N|null,"below_type":S|null,
 * "below_count","below_bytes","path":[...]}],"unreached_objects":N,"unreached_bytes":N,
 * "unreached_left_out":B,"finalization_objects":N,"finalization_bytes":N,"finalization_types":
 * [{"type","count","retained_objects","retained_bytes"}]}}, {@code id} being the group's shared
 * dominator for a group, and {@code path} as in {@code path --json}. The unreached line says how
 * much garbage (objects no GC root reaches) the dump holds; when it records roots that garbage is
 * left out of the suspects. Objects awaiting finalization (held only by a Finalizer's referent)
 * are left out too, with a line of their own naming the types the Finalizers refer to.
 */
record SuspectsResult(double thresholdPercent, long heapBytes, List<Entry> suspects, Unreached unreached,
                      AwaitingFinalization finalizable) implements Result {
    /** Types named on the awaiting-finalization line; JSON lists them all. */
    static final int FINALIZATION_TYPES = 3;

    /**
     * One suspect, with ids resolved for printing.
     *
     * @param object       the object, or the group's shared dominator; null for the virtual root
     * @param accumulation where the bytes spread out (objects only), else null
     * @param path         a path from a GC root to {@code object}; null when there is none to show
     */
    record Entry(boolean group, String type, long members, long retainedObjects, long retainedBytes, ObjectRow object,
                 ObjectRow accumulation, String belowType, long belowCount, long belowBytes, PathResult path) {}

    @Override
    public void writeText(TextOut out) {
        String limit = "more than " + format(thresholdPercent) + "% of the heap's " + Units.bytes(heapBytes);
        if (suspects.isEmpty()) {
            out.println("no object or group of objects retains " + limit + "; suspects --threshold N lowers the bar");
            writeFinalizable(out);
            writeUnreached(out);
            return;
        }
        out.println(TextOut.HEADER, suspects.size() + (suspects.size() == 1 ? " suspect retains " : " suspects retain ") + limit + ":");
        int n = 0;
        for (Entry e : suspects) {
            var head = TextOut.line().append(++n + ". ");
            String retains = Units.bytes(e.retainedBytes()) + ", " + RetainedResult.share(e.retainedBytes(), heapBytes)
                    + " of the heap, " + e.retainedObjects() + (e.retainedObjects() == 1 ? " object" : " objects");
            if (e.group()) {
                // "N objects of type T", never "N T": a bare count before a type reads as an object's id.
                head.append(countOf(e.members())).styled(TextOut.TYPE, e.type()).append(" under ");
                if (e.object() == null) {
                    head.append("the virtual root (no single object holds any of them)");
                } else {
                    head.styled(TextOut.ID, Long.toString(e.object().id())).append(' ').styled(TextOut.TYPE, e.object().type());
                }
                out.println(head.append(" retain " + retains));
            } else {
                head.styled(TextOut.ID, Long.toString(e.object().id())).append(' ').styled(TextOut.TYPE, e.type());
                if (e.object().label() != null) {
                    head.append(' ').append(e.object().label());
                }
                out.println(head.append(" retains " + retains));
                if (e.accumulation() != null && e.accumulation().id() != e.object().id()) {
                    out.println(TextOut.line().append("   accumulates in ").styled(TextOut.ID, Long.toString(e.accumulation().id()))
                            .append(' ').styled(TextOut.TYPE, e.accumulation().type()));
                }
                if (e.belowType() != null) {
                    out.println(TextOut.line().append("   below it: " + countOf(e.belowCount())).styled(TextOut.TYPE, e.belowType())
                            .append((e.belowCount() == 1 ? " retains " : " retain ") + Units.bytes(e.belowBytes())));
                }
            }
            if (e.path() != null) {
                PathResult.writeCondensed(out, e.path().steps(), e.path().labels(), "   ");
            }
        }
        writeFinalizable(out);
        writeUnreached(out);
    }

    /** One line for what awaits finalization, so that leaving it out hides nothing. */
    private void writeFinalizable(TextOut out) {
        if (finalizable.objects() == 0) {
            return;
        }
        StringBuilder line = new StringBuilder("left out: ").append(finalizable.objects())
                .append(finalizable.objects() == 1 ? " object, " : " objects, ").append(Units.bytes(finalizable.bytes()))
                .append(", ").append(RetainedResult.share(finalizable.bytes(), heapBytes))
                .append(" of the heap, await finalization (held only by java.lang.ref.Finalizer.referent; they go once finalize() has run)");
        List<RetainedRow> types = finalizable.byType();
        for (int k = 0; k < Math.min(FINALIZATION_TYPES, types.size()); k++) {
            RetainedRow t = types.get(k);
            line.append(k == 0 ? ": " : ", ").append(countOf(t.count())).append(t.type())
                    .append(t.count() == 1 ? " retains " : " retain ").append(Units.bytes(t.retainedBytes()));
        }
        if (types.size() > FINALIZATION_TYPES) {
            line.append(", ").append(types.size() - FINALIZATION_TYPES).append(" more types");
        }
        out.println(TextOut.HINT, line.toString());
    }

    /** One line for the garbage, so that leaving it out hides nothing. */
    private void writeUnreached(TextOut out) {
        if (unreached.objects() == 0) {
            return;
        }
        String what = unreached.objects() + (unreached.objects() == 1 ? " object, " : " objects, ")
                + Units.bytes(unreached.bytes()) + ", " + RetainedResult.share(unreached.bytes(), heapBytes) + " of the heap, ";
        out.println(TextOut.HINT, unreached.fromRoots()
                ? "left out: " + what + "reached from no GC root (garbage the dump kept; an HPROF dump written with --live has none)"
                : "note: " + what + "reached from no object without referrers (reference cycles nothing else refers to; each retains only itself)");
    }

    private static String countOf(long n) {
        return n + (n == 1 ? " object of type " : " objects of type ");
    }

    private static String format(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        json.writeNumberField("threshold", thresholdPercent);
        json.writeNumberField("heap_bytes", heapBytes);
        json.writeArrayFieldStart("suspects");
        for (Entry e : suspects) {
            json.writeStartObject();
            json.writeStringField("kind", e.group() ? "group" : "object");
            RetainedResult.writeId(json, "id", e.object());
            json.writeStringField("type", e.type());
            json.writeNumberField("members", e.members());
            json.writeNumberField("retained_objects", e.retainedObjects());
            json.writeNumberField("retained_bytes", e.retainedBytes());
            RetainedResult.writeId(json, "accumulation", e.accumulation());
            json.writeStringField("below_type", e.belowType());
            json.writeNumberField("below_count", e.belowCount());
            json.writeNumberField("below_bytes", e.belowBytes());
            json.writeFieldName("path");
            PathResult.writeStepsJson(json, e.path() == null ? List.of() : e.path().steps());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("unreached_objects", unreached.objects());
        json.writeNumberField("unreached_bytes", unreached.bytes());
        json.writeBooleanField("unreached_left_out", unreached.fromRoots());
        json.writeNumberField("finalization_objects", finalizable.objects());
        json.writeNumberField("finalization_bytes", finalizable.bytes());
        json.writeArrayFieldStart("finalization_types");
        for (RetainedRow t : finalizable.byType()) {
            json.writeStartObject();
            json.writeStringField("type", t.type());
            json.writeNumberField("count", t.count());
            json.writeNumberField("retained_objects", t.retainedObjects());
            json.writeNumberField("retained_bytes", t.retainedBytes());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
