package dev.ashwood.loader.internal;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * Object values as one int handle per object: 0 for none, else {@code (id << 2 | kind) + 1}. Text
 * goes to the shared {@link StringPool}; numbers are deduplicated in a long table (a double as its
 * bits). No Java object per value at rest; {@link #value} builds one on demand.
 */
public final class ValueTable {
    public static final int NONE = 0;
    private static final int STRING = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int BOOLEAN = 3;

    private final StringPool strings;
    private final LongArrayList numbers = new LongArrayList();
    private final Long2IntOpenHashMap numberIds = new Long2IntOpenHashMap();

    public ValueTable(StringPool strings) {
        this.strings = strings;
        numberIds.defaultReturnValue(-1);
    }

    public static int ofString(int poolId) {
        return handle(poolId, STRING);
    }

    public static int ofBoolean(boolean b) {
        return handle(b ? 1 : 0, BOOLEAN);
    }

    public int ofLong(long v) {
        return handle(number(v), LONG);
    }

    public int ofDouble(double v) {
        return handle(number(Double.doubleToRawLongBits(v)), DOUBLE);
    }

    /** The pool id of a string handle, or -1 when the handle is not a string. */
    public static int stringId(int handle) {
        return handle != NONE && ((handle - 1) & 3) == STRING ? (handle - 1) >>> 2 : -1;
    }

    /** String, Long, Double, Boolean or null. */
    public Object value(int handle) {
        if (handle == NONE) {
            return null;
        }
        int id = (handle - 1) >>> 2;
        switch ((handle - 1) & 3) {
            case STRING:
                return strings.get(id);
            case LONG:
                return numberAt(id);
            case DOUBLE:
                return Double.longBitsToDouble(numberAt(id));
            default:
                return id == 1;
        }
    }

    public synchronized long bytes() {
        return 8L * numbers.elements().length + 12L * numberIds.size() * 2;
    }

    private synchronized long numberAt(int id) {
        return numbers.getLong(id);
    }

    private synchronized int number(long bits) {
        int id = numberIds.get(bits);
        if (id < 0) {
            id = numbers.size();
            numbers.add(bits);
            numberIds.put(bits, id);
        }
        return id;
    }

    private static int handle(int id, int kind) {
        if (id >= 1 << 29) {
            throw new IllegalStateException("more than 2^29 distinct values");
        }
        return (id << 2 | kind) + 1;
    }
}
