package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.Tables;
import dev.ashwood.loader.model.ValueTable;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.Arrays;

/**
 * Parses the object sub-records (INSTANCE_DUMP, OBJ_ARRAY_DUMP, PRIM_ARRAY_DUMP) of one block
 * into an {@link HprofChunk}. One per parser thread: its caches (class plans by id, shapes by
 * which references are null) need no lock.
 */
final class BlockParser {
    private static final int CLASS_CODE = ShapeTable.nameCode(ShapeTable.CLASS_FIELD);

    private final ClassRegistry classes;
    private final Tables tables;
    private final int idSize;
    private final int valueChars;
    private final Long2ObjectOpenHashMap<InstancePlan> plans = new Long2ObjectOpenHashMap<>();
    /** Per class index: null-pattern bitmask of its references to shape id. */
    private Long2IntOpenHashMap[] shapesByMask = new Long2IntOpenHashMap[64];
    private int[] codes = new int[256];
    private int classOnlyShape = -1;
    private double recordsPerByte = 1.0 / 40;
    /** Scratch space for {@link HprofChunk#joinLocalStrings}, and a String's chars. */
    private long[] joinTable = new long[0];
    private final char[] chars;
    /** See {@link #gap}. */
    private int[] gaps = new int[1024];
    /** The gap key of the record just parsed. */
    private int key;
    /** Primitive array classes by element type, once looked up. */
    private final HprofClass[] primitiveArrays = new HprofClass[12];
    private double refsPerByte = 1.0 / 20;
    /** What the last large block held per byte, to size the next one's lists: Strings, byte[] and char[] arrays, their kept bytes. */
    private double stringsPerByte = 1.0 / 400;
    private double textsPerByte = 1.0 / 400;
    private double textBytesPerByte = 1.0 / 20;

    BlockParser(ClassRegistry classes, Tables tables, int idSize, int valueChars) {
        this.classes = classes;
        this.tables = tables;
        this.idSize = idSize;
        this.valueChars = valueChars;
        this.chars = new char[valueChars];
    }

    /**
     * Parses the sub-records in {@code ranges} (pairs of from, to) of {@code b}, whose byte 0 is at
     * file offset {@code base}.
     */
    HprofChunk parse(int seq, byte[] b, int[] ranges, long base) {
        int bytes = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            bytes += ranges[i + 1] - ranges[i];
        }
        HprofChunk out = new HprofChunk(seq, guess(bytes, recordsPerByte), guess(bytes, refsPerByte),
                guess(bytes, stringsPerByte), guess(bytes, textsPerByte), guess(bytes, textBytesPerByte));
        long prevAddress = -1;
        int prevKey = -1;
        int p = 0;
        try {
            for (int i = 0; i < ranges.length; i += 2) {
                p = ranges[i];
                int to = ranges[i + 1];
                while (p < to) {
                    int tag = b[p] & 0xff;
                    long id = Bytes.id(b, p + 1, idSize);
                    if (tag == Hprof.INSTANCE_DUMP) {
                        p = instance(b, p, out);
                    } else if (tag == Hprof.OBJ_ARRAY_DUMP) {
                        p = objectArray(b, p, out);
                    } else if (tag == Hprof.PRIM_ARRAY_DUMP) {
                        p = primitiveArray(b, p, out);
                    } else {
                        throw new Problem(p, "unexpected sub-record tag " + Hprof.hex(tag) + " in an object block");
                    }
                    if (prevKey >= 0) {
                        gap(prevKey, id - prevAddress);
                    }
                    prevAddress = id;
                    prevKey = key;
                }
            }
        } catch (Problem problem) {
            out.fail(base + problem.at, problem.getMessage());
        } catch (IllegalStateException full) {
            out.fail(base + p, full.getMessage());
        }
        int strings = out.stringRecord.size();
        int texts = out.textArray.size();
        int textBytes = out.text.size;
        if (out.error == null) {
            joinTable = out.joinLocalStrings(joinTable, tables.strings, chars, valueChars);
        }
        if (bytes >= 1 << 20) {
            recordsPerByte = (double) out.records() / bytes;
            refsPerByte = (double) out.out.refs.size() / bytes;
            stringsPerByte = (double) strings / bytes;
            textsPerByte = (double) texts / bytes;
            textBytesPerByte = (double) textBytes / bytes;
        }
        return out;
    }

    /** A list size for {@code bytes} of sub-records at {@code perByte}, with a tenth to spare. */
    private static int guess(int bytes, double perByte) {
        return (int) Math.min(Integer.MAX_VALUE - 16, bytes * perByte * 1.1) + 16;
    }

    /**
     * Notes that an object (of {@link #key}) is followed {@code gap} bytes later by the next: per
     * key, the smallest such distance and how often it was seen, as {@code gap << 8 | times (at
     * most 255)}. The key is {@code class index << 4 | slot}, slot the length of an array shorter
     * than 8, 15 for an instance, -1 (not noted) for longer arrays.
     */
    private void gap(int key, long gap) {
        if (gap <= 0 || gap > (1 << 22)) {
            return;
        }
        if (key >= gaps.length) {
            gaps = Arrays.copyOf(gaps, Math.max(key + 1, gaps.length * 2));
        }
        int old = gaps[key];
        int oldGap = old >>> 8;
        if (old == 0 || gap < oldGap) {
            gaps[key] = (int) gap << 8 | 1;
        } else if (gap == oldGap && (old & 0xff) < 255) {
            gaps[key] = old + 1;
        }
    }

    /** This parser's smallest distances from one object to the next, added to {@code all} (same encoding, key as a long). */
    void addGapsTo(Long2IntOpenHashMap all) {
        for (int k = 0; k < gaps.length; k++) {
            int v = gaps[k];
            if (v == 0) {
                continue;
            }
            int old = all.getOrDefault(k, 0);
            if (old == 0 || (v >>> 8) < (old >>> 8)) {
                all.put(k, v);
            } else if ((v >>> 8) == (old >>> 8)) {
                all.put(k, old + Math.min(255 - (old & 0xff), v & 0xff));
            }
        }
    }

    private int instance(byte[] b, int p, HprofChunk out) throws Problem {
        int at = p + 1;
        long id = Bytes.id(b, at, idSize);
        at += idSize + 4;
        long classId = Bytes.id(b, at, idSize);
        at += idSize;
        long n = Bytes.u4(b, at);
        at += 4;
        InstancePlan plan = plan(classId, p);
        if (n != plan.bytes) {
            throw new Problem(p, "instance " + Hprof.hex(id) + " has " + n + " bytes of fields but its class "
                    + plan.cls.typeName + " declares " + plan.bytes);
        }
        out.ref(classId);
        int k = 1;
        codes[0] = CLASS_CODE;
        long mask = 0;
        int[] offsets = plan.refOffsets;
        for (int f = 0; f < offsets.length; f++) {
            long ref = Bytes.id(b, at + offsets[f], idSize);
            if (ref != 0) {
                out.ref(ref);
                if (k == codes.length) {
                    codes = Arrays.copyOf(codes, k * 2);
                }
                codes[k++] = plan.refCodes[f];
                mask |= f < 64 ? 1L << f : 0;
            }
        }
        int value = ValueTable.NONE;
        if (plan.kind != InstancePlan.PLAIN) {
            value = value(b, at, plan, out);
        }
        ParsedChunk o = out.out;
        out.address(id);
        o.type.add(plan.cls.index); // the class index until HprofFinish sizes the record
        o.length.add(-1);
        o.value.add(value);
        o.shape.add(offsets.length <= 64 ? shape(plan.cls.index, mask, k) : tables.shapes.intern(codes, 0, k));
        o.refCount.add(k);
        key = plan.cls.index << 4 | 15;
        return at + (int) n;
    }

    private int value(byte[] b, int at, InstancePlan plan, HprofChunk out) {
        int v = at + plan.valueOffset;
        switch (plan.kind) {
            case InstancePlan.STRING:
                long array = Bytes.id(b, v, idSize);
                if (array != 0) {
                    out.stringRecord.add(out.records());
                    out.stringArray.add(array);
                    out.stringCoder.add(plan.coderOffset < 0 ? -1 : b[at + plan.coderOffset]);
                }
                return ValueTable.NONE;
            case InstancePlan.BOX_INT:
                return tables.values.ofLong(Bytes.value(b, v, plan.valueType, idSize));
            case InstancePlan.BOX_FLOAT:
                return plan.valueType == Hprof.FLOAT
                        ? tables.values.ofDouble(Float.intBitsToFloat(Bytes.i4(b, v)))
                        : tables.values.ofDouble(Double.longBitsToDouble(Bytes.i8(b, v)));
            case InstancePlan.BOX_BOOLEAN:
                return ValueTable.ofBoolean(b[v] != 0);
            case InstancePlan.BOX_CHAR:
                return ValueTable.ofString(tables.strings.intern(new char[] {(char) Bytes.u2(b, v)}, 0, 1));
            default:
                return ValueTable.NONE;
        }
    }

    private int shape(int index, long mask, int count) {
        if (index >= shapesByMask.length) {
            shapesByMask = Arrays.copyOf(shapesByMask, Math.max(index + 1, shapesByMask.length * 2));
        }
        Long2IntOpenHashMap byMask = shapesByMask[index];
        if (byMask == null) {
            byMask = shapesByMask[index] = new Long2IntOpenHashMap();
            byMask.defaultReturnValue(Integer.MIN_VALUE);
        }
        int shape = byMask.get(mask);
        if (shape == Integer.MIN_VALUE) {
            shape = tables.shapes.intern(codes, 0, count);
            byMask.put(mask, shape);
        }
        return shape;
    }

    private int objectArray(byte[] b, int p, HprofChunk out) throws Problem {
        int at = p + 1;
        long id = Bytes.id(b, at, idSize);
        at += idSize + 4;
        int len = Bytes.i4(b, at);
        at += 4;
        long classId = Bytes.id(b, at, idSize);
        at += idSize;
        HprofClass cls = classes.get(classId);
        if (cls == null) {
            throw new Problem(p, "object array " + Hprof.hex(id) + " names class " + Hprof.hex(classId) + ", which has no CLASS_DUMP");
        }
        out.ref(classId);
        if (codes.length < len + 1) {
            codes = new int[Math.max(len + 1, codes.length * 2)];
        }
        codes[0] = CLASS_CODE;
        int k = 1;
        for (int e = 0; e < len; e++, at += idSize) {
            long ref = Bytes.id(b, at, idSize);
            if (ref != 0) {
                out.ref(ref);
                codes[k++] = e;
            }
        }
        ParsedChunk o = out.out;
        out.address(id);
        o.type.add(cls.index);
        o.length.add(len);
        o.value.add(ValueTable.NONE);
        o.shape.add(k == 1 ? classOnly() : tables.shapes.intern(codes, 0, k));
        o.refCount.add(k);
        key = len < 8 ? cls.index << 4 | len : -1;
        return at;
    }

    private int classOnly() {
        if (classOnlyShape < 0) {
            classOnlyShape = tables.shapes.intern(new int[] {CLASS_CODE}, 0, 1);
        }
        return classOnlyShape;
    }

    private int primitiveArray(byte[] b, int p, HprofChunk out) throws Problem {
        int at = p + 1;
        long id = Bytes.id(b, at, idSize);
        at += idSize + 4;
        int len = Bytes.i4(b, at);
        at += 4;
        int type = b[at++];
        HprofClass cls = type >= 0 && type < primitiveArrays.length ? primitiveArrays[type] : null;
        if (cls == null && (cls = classes.primitiveArray(type)) == null) {
            throw new Problem(p, "primitive array " + Hprof.hex(id) + " of element type " + type
                    + ", whose array class has no CLASS_DUMP");
        }
        primitiveArrays[type] = cls;
        int bytes = len * Hprof.valueSize(type, idSize);
        if (type == Hprof.BYTE || type == Hprof.CHAR) {
            keepText(out, id, len, type, b, at, bytes);
        }
        ParsedChunk o = out.out;
        out.address(id);
        o.type.add(cls.index);
        o.length.add(len);
        o.value.add(ValueTable.NONE);
        out.ref(cls.id);
        o.shape.add(classOnly());
        o.refCount.add(1);
        key = len < 8 ? cls.index << 4 | len : -1;
        return at + bytes;
    }

    /** Keeps the first bytes of a byte[] or char[]: enough for a String's value of {@code valueChars} chars. */
    void keepText(HprofChunk out, long id, int len, int type, byte[] b, int at, int bytes) {
        int keep = Math.min(bytes, 2 * valueChars + 2);
        out.textArray.add(id);
        out.textLength.add(len);
        out.textType.add(type);
        out.textStart.add(out.text.size);
        out.text.add(b, at, keep);
    }

    private InstancePlan plan(long classId, int p) throws Problem {
        InstancePlan plan = plans.get(classId);
        if (plan == null) {
            HprofClass cls = classes.get(classId);
            if (cls == null) {
                throw new Problem(p, "instance names class " + Hprof.hex(classId) + ", which has no CLASS_DUMP");
            }
            try {
                plan = classes.plan(cls);
            } catch (IllegalStateException e) {
                throw new Problem(p, e.getMessage());
            }
            plans.put(classId, plan);
        }
        return plan;
    }

    /** A problem at a position in the block. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;
        final int at;

        Problem(int at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }
}
