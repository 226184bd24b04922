package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import org.jline.utils.AttributedStringBuilder;

/** One object in a listing: its id, type and shallow size, and the field that led to it (or null). */
record ObjectRow(long id, String type, long size, String field) {
    static ObjectRow of(Heap heap, int index, String field) {
        return new ObjectRow(heap.address(index), heap.type(index), heap.size(index), field);
    }

    /** "  value -> 841 byte[] (24 bytes)", or without the field part when there is none. */
    AttributedStringBuilder text() {
        AttributedStringBuilder line = TextOut.line().append("  ");
        if (field != null) {
            line.append(Fields.display(field)).append(" -> ");
        }
        return line.styled(TextOut.ID, Long.toString(id)).append(' ')
                .styled(TextOut.TYPE, type).append(" (" + size + " bytes)");
    }
}
