package dev.ashwood.shell.internal;

import dev.ashwood.loader.Heap;
import org.jline.utils.AttributedStringBuilder;

/**
 * One object in a listing: its id, type, shallow size, a short label (a class object's class name,
 * the start of a string's value, a boxed number) and the field that led to it, each possibly null.
 */
record ObjectRow(long id, String type, long size, String label, String field) {
    /** Labels stay short so a listing keeps one object per line. */
    private static final int LABEL_CHARS = 40;

    static ObjectRow of(Heap heap, int index, String field) {
        return new ObjectRow(heap.address(index), heap.type(index), heap.size(index), label(heap, index), field);
    }

    static String label(Heap heap, int index) {
        String name = heap.name(index);
        if (name != null) {
            return name;
        }
        Object value = heap.value(index);
        if (value instanceof String s) {
            return Quote.text(s.length() > LABEL_CHARS ? s.substring(0, LABEL_CHARS) + "..." : s);
        }
        return value == null ? null : value.toString();
    }

    /** "  .value -> 841 byte[] (24 bytes)", without the field part when there is none. */
    AttributedStringBuilder text() {
        AttributedStringBuilder line = TextOut.line().append("  ");
        if (field != null) {
            line.append(Fields.display(field)).append(" -> ");
        }
        line.styled(TextOut.ID, Long.toString(id)).append(' ').styled(TextOut.TYPE, type);
        if (label != null) {
            line.append(' ').append(label);
        }
        return line.append(" (" + size + " bytes)");
    }
}
