package dev.ashwood.loader.model;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;

/**
 * Object values as one int handle per object: 0 for none, else {@code (payload << 3 | kind) + 1}.
 * Text goes to the shared {@link StringPool}; an integer of up to 28 bits is kept in the handle
 * itself (most boxed numbers are small, and a shared table would cost a lookup per value);
 * larger integers and doubles are deduplicated in a long table (a double as its bits). No Java
 * object per value at rest; {@link #value} builds one on demand.
 */
public final class ValueTable {
    public static final int NONE = 0;
    private static final int STRING = 0;
    private static final int LONG = 1;
    private static final int DOUBLE = 2;
    private static final int BOOLEAN = 3;
    private static final int SMALL_LONG = 4;
    private static final int SMALL = 1 << 27;

    private final StringPool strings;
    private final LongArrayList numbers = new LongArrayList();
    /** Dedup of numbers while loading; null once frozen (rebuilt if needed again). */
    private Long2IntOpenHashMap numberIds;

    public ValueTable(StringPool strings) {
        this.strings = strings;
    }

    /** Drops the dedup tables once loading is done. */
    public synchronized void freeze() {
        numberIds = null;
        numbers.trim();
        strings.freeze();
    }

    public static int ofString(int poolId) {
        return handle(poolId, STRING);
    }

    public static int ofBoolean(boolean b) {
        return handle(b ? 1 : 0, BOOLEAN);
    }

    public int ofLong(long v) {
        if (v >= -SMALL && v < SMALL) {
            return ((int) v << 3 | SMALL_LONG) + 1;
        }
        return handle(number(v), LONG);
    }

    public int ofDouble(double v) {
        return handle(number(Double.doubleToRawLongBits(v)), DOUBLE);
    }

    /** The pool id of a string handle, or -1 when the handle is not a string. */
    public static int stringId(int handle) {
        return handle != NONE && ((handle - 1) & 7) == STRING ? (handle - 1) >>> 3 : -1;
    }

    /** String, Long, Double, Boolean or null. */
    public Object value(int handle) {
        if (handle == NONE) {
            return null;
        }
        int id = (handle - 1) >>> 3;
        switch ((handle - 1) & 7) {
            case STRING:
                return strings.get(id);
            case LONG:
                return numberAt(id);
            case DOUBLE:
                return Double.longBitsToDouble(numberAt(id));
            case BOOLEAN:
                return id == 1;
            default:
                return (long) ((handle - 1) >> 3);
        }
    }

    public synchronized long bytes() {
        return 8L * numbers.elements().length + (numberIds == null ? 0 : 12L * numberIds.size() * 2);
    }

    private synchronized long numberAt(int id) {
        return numbers.getLong(id);
    }

    private synchronized int number(long bits) {
        if (numberIds == null) {
            numberIds = new Long2IntOpenHashMap(numbers.size());
            numberIds.defaultReturnValue(-1);
            for (int i = 0; i < numbers.size(); i++) {
                numberIds.put(numbers.getLong(i), i);
            }
        }
        int id = numberIds.get(bits);
        if (id < 0) {
            id = numbers.size();
            numbers.add(bits);
            numberIds.put(bits, id);
        }
        return id;
    }

    private static int handle(int id, int kind) {
        if (id >= 1 << 28) {
            throw new IllegalStateException("more than 2^28 distinct values of one kind");
        }
        return (id << 3 | kind) + 1;
    }
}
