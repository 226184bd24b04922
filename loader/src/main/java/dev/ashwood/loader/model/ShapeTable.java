package dev.ashwood.loader.model;

import it.unimi.dsi.fastutil.ints.IntArrayList;

/**
 * What each reference of a JVM object is, stored once per distinct sequence ("shape") instead of
 * once per reference: objects of one class with the same non-null fields share a shape, and an
 * array whose refs are its class then elements 0, 1, 2, ... uses {@link #DENSE_ARRAY} at no cost.
 * This keeps field names inside the 8 bytes per reference budget. Thread-safe.
 *
 * <p>A field code is {@code >= 0} for an array index, {@code -(name id + 1)} for a field name.
 */
public final class ShapeTable {
    /** No references. */
    public static final int EMPTY = 0;
    /** Refs are {@code <class>, 0, 1, 2, ...}. */
    public static final int DENSE_ARRAY = -1;
    /** The field-name id of {@code <class>}: interned first. */
    public static final int CLASS_FIELD = 0;

    private final NameTable fieldNames;
    private final IntArrayList codes = new IntArrayList();
    private final IntArrayList starts = new IntArrayList();
    private int[] slots = new int[1024];

    public ShapeTable(NameTable fieldNames) {
        this.fieldNames = fieldNames;
        if (fieldNames.intern("<class>") != CLASS_FIELD) {
            throw new IllegalStateException("<class> must be the first field name");
        }
        starts.add(0);
        starts.add(0); // shape 0: empty
    }

    /** The code of a field name. */
    public static int nameCode(int nameId) {
        return -(nameId + 1);
    }

    /** The field-name id of a code that is not an array index ({@code code < 0}). */
    public static int nameId(int code) {
        return -code - 1;
    }

    /**
     * Whether a field name is a pseudo-field ({@code <class>}, {@code <loader>},
     * {@code <superclass>}, ...: docs/format.md): the one place that knows how they are spelled.
     */
    public static boolean isPseudoName(String field) {
        return field.startsWith("<");
    }

    /** The shape id of {@code codes[from..from+count)}. */
    public int intern(int[] seq, int from, int count) {
        if (count == 0) {
            return EMPTY;
        }
        if (isDenseArray(seq, from, count)) {
            return DENSE_ARRAY;
        }
        return lookup(seq, from, count);
    }

    private static boolean isDenseArray(int[] seq, int from, int count) {
        if (seq[from] != nameCode(CLASS_FIELD) || count < 2) {
            return false;
        }
        for (int k = 1; k < count; k++) {
            if (seq[from + k] != k - 1) {
                return false;
            }
        }
        return true;
    }

    private synchronized int lookup(int[] seq, int from, int count) {
        int mask = slots.length - 1;
        for (int i = hash(seq, from, count) & mask; ; i = (i + 1) & mask) {
            int id = slots[i];
            if (id == 0) {
                id = starts.size() - 1;
                codes.addElements(codes.size(), seq, from, count);
                starts.add(codes.size());
                slots[i] = id;
                if (id * 2 > slots.length) {
                    rehash();
                }
                return id;
            }
            if (sameAs(id, seq, from, count)) {
                return id;
            }
        }
    }

    /** The field of reference {@code k} of an object with shape {@code shape}. */
    public synchronized String field(int shape, int k) {
        int code;
        if (shape == DENSE_ARRAY) {
            code = k == 0 ? nameCode(CLASS_FIELD) : k - 1;
        } else {
            code = codes.getInt(starts.getInt(shape) + k);
        }
        return code >= 0 ? Integer.toString(code) : fieldNames.get(-code - 1);
    }

    /** The raw field code of reference {@code k}. */
    public synchronized int code(int shape, int k) {
        if (shape == DENSE_ARRAY) {
            return k == 0 ? nameCode(CLASS_FIELD) : k - 1;
        }
        return codes.getInt(starts.getInt(shape) + k);
    }

    public synchronized int length(int shape) {
        return shape == DENSE_ARRAY ? Integer.MAX_VALUE : starts.getInt(shape + 1) - starts.getInt(shape);
    }

    public synchronized long bytes() {
        return 4L * (codes.elements().length + starts.elements().length + slots.length);
    }

    private boolean sameAs(int id, int[] seq, int from, int count) {
        int start = starts.getInt(id);
        if (starts.getInt(id + 1) - start != count) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            if (codes.getInt(start + k) != seq[from + k]) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        int[] all = codes.elements();
        for (int id = 1; id < starts.size() - 1; id++) {
            int start = starts.getInt(id);
            int i = hash(all, start, starts.getInt(id + 1) - start) & mask;
            while (bigger[i] != 0) {
                i = (i + 1) & mask;
            }
            bigger[i] = id;
        }
        slots = bigger;
    }

    private static int hash(int[] seq, int from, int count) {
        int h = count;
        for (int k = from, end = from + count; k < end; k++) {
            h = 31 * h + seq[k];
        }
        return Mix.mix(h);
    }
}
