package dev.ashwood.shell.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * dominators [ID]: the objects ID immediately dominates (without ID, the top of the dominator
 * tree: the biggest retainers), largest retained first. JSON is {@code {"id":N|null,"objects":
 * [{"id","type","size","retained_objects","retained_bytes","unreached"?,"awaiting_finalization"?}]}},
 * {@code unreached} true for an object no root reaches, {@code awaiting_finalization} true for one
 * only a Finalizer's referent leads to (each left out otherwise).
 *
 * @param parent the object whose children these are, null for the virtual root
 * @param rows   the first {@code --top} of {@code total}
 */
record DominatorsResult(ObjectRow parent, List<Row> rows, int total, long heapBytes, boolean recordsRoots)
        implements Result {
    /**
     * One dominated object; {@code label} adds an array's length to the row's label;
     * {@code unreached} when no root reaches it (garbage an HPROF dump kept: it sits at the top of
     * the tree, retaining only itself, and would read as a big live retainer).
     */
    record Row(ObjectRow object, String label, long retainedObjects, long retainedBytes, boolean unreached,
               boolean awaitingFinalization) {}

    @Override
    public void writeText(TextOut out) {
        if (parent == null) {
            out.println(TextOut.HEADER, "the top of the dominator tree, largest retained first (" + total + " objects):");
        } else if (total == 0) {
            out.println(parent.id() + " dominates no other object: it retains only itself");
            return;
        } else {
            out.println(TextOut.HEADER, "objects " + parent.id() + " immediately dominates, largest retained first ("
                    + total + "):");
        }
        out.println(String.format("%20s %10s %14s %6s  %s", "id", "size", "retained", "heap", "type"));
        for (Row row : rows) {
            out.println(TextOut.line().styled(TextOut.ID, String.format("%20d", row.object().id()))
                    .append(String.format(" %10d %14d %6s  ", row.object().size(), row.retainedBytes(),
                            RetainedResult.share(row.retainedBytes(), heapBytes)))
                    .styled(TextOut.TYPE, row.object().type())
                    .append(row.label() == null ? "" : " " + row.label())
                    .append(!row.unreached() ? "" : recordsRoots ? "  (garbage: no GC root reaches it)"
                            : "  (no object that nothing refers to reaches it)")
                    .append(row.awaitingFinalization() ? "  (awaits finalization: held only by a Finalizer's referent)" : ""));
        }
        out.more(total - rows.size(), "dominators" + (parent == null ? "" : " " + parent.id()) + " --top N shows more, --top 0 all");
    }

    @Override
    public void writeJson(JsonGenerator json) throws IOException {
        json.writeStartObject();
        RetainedResult.writeId(json, "id", parent);
        json.writeArrayFieldStart("objects");
        for (Row row : rows) {
            json.writeStartObject();
            json.writeNumberField("id", row.object().id());
            json.writeStringField("type", row.object().type());
            json.writeNumberField("size", row.object().size());
            json.writeNumberField("retained_objects", row.retainedObjects());
            json.writeNumberField("retained_bytes", row.retainedBytes());
            if (row.awaitingFinalization()) {
                json.writeBooleanField("awaiting_finalization", true);
            }
            if (row.unreached()) {
                json.writeBooleanField("unreached", true);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
