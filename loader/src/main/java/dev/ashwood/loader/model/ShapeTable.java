package dev.ashwood.loader.model;

import java.util.Arrays;

/**
 * What each reference of a JVM object is, stored once per distinct sequence ("shape") instead of
 * once per reference: objects of one class with the same non-null fields share a shape, and an
 * array whose refs are its class then elements 0, 1, 2, ... uses {@link #DENSE_ARRAY} at no cost.
 * This keeps field names inside the 8 bytes per reference budget. Thread-safe: interning (the
 * parser threads while loading, collapse afterwards) takes a lock; reading a shape never does,
 * since a shape's codes never change once interned and the arrays holding them are only replaced
 * by longer copies, published through volatile fields. So the inner loops of collapse, paths and
 * pruning, and readers in other threads, read without contention.
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
    /** The codes of all shapes, back to back; entries below {@link #codeCount} never change. */
    private volatile int[] codes = new int[1024];
    private int codeCount;
    /** Shape id to its first code; {@code starts[id + 1]} ends it. {@link #shapeCount} + 1 used. */
    private volatile int[] starts = new int[256];
    private int shapeCount;
    /** The dedup hash of shape ids (0: empty), for interning only. */
    private int[] slots = new int[1024];
    /**
     * For each field code {@link #hasCode} was asked about, a byte per shape id: 0 not looked at
     * yet, 1 no, 2 yes. Written without a lock: every thread that fills an entry computes the
     * same answer (a shape never changes), so a lost write only costs a second look.
     */
    private final java.util.concurrent.ConcurrentHashMap<Integer, byte[]> hasCode = new java.util.concurrent.ConcurrentHashMap<>();

    public ShapeTable(NameTable fieldNames) {
        this.fieldNames = fieldNames;
        if (fieldNames.intern("<class>") != CLASS_FIELD) {
            throw new IllegalStateException("<class> must be the first field name");
        }
        shapeCount = 1; // shape 0: empty, starts[0] = starts[1] = 0
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

    /** Whether a field code names a pseudo-field (an array index never does). */
    public boolean isPseudo(int code) {
        return code < 0 && isPseudoName(fieldNames.get(nameId(code)));
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
                id = append(seq, from, count);
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

    /** Adds a shape (under the lock): codes first, then its end, then the arrays if they grew. */
    private int append(int[] seq, int from, int count) {
        int[] c = codes;
        if (codeCount + count > c.length) {
            c = Arrays.copyOf(c, Math.max(c.length * 2, codeCount + count));
        }
        System.arraycopy(seq, from, c, codeCount, count);
        codeCount += count;
        int[] st = starts;
        if (shapeCount + 2 > st.length) {
            st = Arrays.copyOf(st, st.length * 2);
        }
        int id = shapeCount++;
        st[id + 1] = codeCount;
        codes = c;
        starts = st;
        return id;
    }

    /** The field of reference {@code k} of an object with shape {@code shape}. */
    public String field(int shape, int k) {
        int code = code(shape, k);
        return code >= 0 ? Integer.toString(code) : fieldNames.get(nameId(code));
    }

    /** The raw field code of reference {@code k}. */
    public int code(int shape, int k) {
        if (shape == DENSE_ARRAY) {
            return k == 0 ? nameCode(CLASS_FIELD) : k - 1;
        }
        int[] st = starts;
        int[] c = codes;
        return c[st[shape] + k];
    }

    /**
     * Whether some reference of an object with this shape has field code {@code code} (a
     * {@code referent}, say): answered once per shape and code, so a walk can skip every object
     * whose shape cannot have it at the cost of an array read.
     */
    public boolean hasCode(int shape, int code) {
        if (shape == EMPTY) {
            return false;
        }
        if (shape == DENSE_ARRAY) {
            return code >= 0 || code == nameCode(CLASS_FIELD);
        }
        byte[] known = hasCode.get(code);
        if (known == null || shape >= known.length) {
            int size = starts.length;
            known = hasCode.compute(code, (c, old) -> old != null && shape < old.length ? old
                    : old == null ? new byte[Math.max(size, shape + 1)] : Arrays.copyOf(old, Math.max(size, shape + 1)));
        }
        byte k = known[shape];
        if (k == 0) {
            k = 1;
            for (int i = 0, n = length(shape); i < n; i++) {
                if (code(shape, i) == code) {
                    k = 2;
                    break;
                }
            }
            known[shape] = k;
        }
        return k == 2;
    }

    public int length(int shape) {
        if (shape == DENSE_ARRAY) {
            return Integer.MAX_VALUE;
        }
        int[] st = starts;
        return st[shape + 1] - st[shape];
    }

    public long bytes() {
        return 4L * (codes.length + starts.length) + 4L * slotsLength();
    }

    private synchronized int slotsLength() {
        return slots.length;
    }

    private boolean sameAs(int id, int[] seq, int from, int count) {
        int[] st = starts;
        int[] c = codes;
        int start = st[id];
        if (st[id + 1] - start != count) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            if (c[start + k] != seq[from + k]) {
                return false;
            }
        }
        return true;
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        int[] all = codes;
        int[] st = starts;
        for (int id = 1; id < shapeCount; id++) {
            int start = st[id];
            int i = hash(all, start, st[id + 1] - start) & mask;
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
