package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to read an instance record of one class: its field values come in the class's order, then
 * its superclass's, up to {@code java.lang.Object}. The plan lists where the references sit and
 * their field names (as shape codes), and where a String's or a box's value is.
 */
final class InstancePlan {
    static final int PLAIN = 0;
    static final int STRING = 1;
    static final int BOX_INT = 2;
    static final int BOX_FLOAT = 3;
    static final int BOX_BOOLEAN = 4;
    static final int BOX_CHAR = 5;

    final HprofClass cls;
    /** Bytes of field values in an instance record (the whole chain). */
    final int bytes;
    final int[] refOffsets;
    final int[] refCodes;
    final int kind;
    /** STRING: offset of {@code value}; boxes: offset of {@code value}. */
    final int valueOffset;
    /** Basic type of the box's value. */
    final int valueType;
    /** STRING: offset of {@code coder}, -1 when absent (JDK 8: char[] values). */
    final int coderOffset;

    private InstancePlan(HprofClass cls, int bytes, int[] refOffsets, int[] refCodes, int kind, int valueOffset,
            int valueType, int coderOffset) {
        this.cls = cls;
        this.bytes = bytes;
        this.refOffsets = refOffsets;
        this.refCodes = refCodes;
        this.kind = kind;
        this.valueOffset = valueOffset;
        this.valueType = valueType;
        this.coderOffset = coderOffset;
    }

    /**
     * Builds the plan of {@code cls}, or throws {@link IllegalStateException} naming the
     * superclass that has no class dump, or saying the chain loops (it reached more classes than
     * there are: the walk would never reach java.lang.Object).
     */
    static InstancePlan of(HprofClass cls, Map<Long, HprofClass> classes, int idSize, Tables tables) {
        List<Integer> offsets = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        int at = 0;
        int valueOffset = -1;
        int valueType = -1;
        int coderOffset = -1;
        boolean own = true;
        int steps = 0;
        for (HprofClass c = cls; c != null; ) {
            if (++steps > classes.size()) {
                throw new IllegalStateException("class " + cls.typeName + " (CLASS_DUMP at byte " + cls.offset
                        + ") is its own superclass (its superclass chain loops)");
            }
            for (int f = 0; f < c.fieldTypes.length; f++) {
                int type = c.fieldTypes[f];
                if (type == Hprof.OBJECT) {
                    offsets.add(at);
                    codes.add(ShapeTable.nameCode(tables.fieldNames.intern(c.fieldNames[f])));
                }
                if (own && c.fieldNames[f].equals("value")) {
                    valueOffset = at;
                    valueType = type;
                }
                if (own && c.fieldNames[f].equals("coder")) {
                    coderOffset = at;
                }
                at += Hprof.valueSize(type, idSize);
            }
            own = false;
            if (c.superId == 0) {
                break;
            }
            HprofClass sup = classes.get(c.superId);
            if (sup == null) {
                throw new IllegalStateException("class " + cls.typeName + " (CLASS_DUMP at byte " + cls.offset
                        + ") names superclass " + Hprof.hex(c.superId) + ", which has no CLASS_DUMP");
            }
            c = sup;
        }
        int kind = kindOf(cls.typeName, valueType);
        if (kind == PLAIN) {
            valueOffset = -1;
        }
        return new InstancePlan(cls, at, offsets.stream().mapToInt(Integer::intValue).toArray(),
                codes.stream().mapToInt(Integer::intValue).toArray(), kind, valueOffset, valueType, coderOffset);
    }

    private static int kindOf(String type, int valueType) {
        if (valueType < 0) {
            return PLAIN;
        }
        switch (type) {
            case "java.lang.String":
                return valueType == Hprof.OBJECT ? STRING : PLAIN;
            case "java.lang.Integer": case "java.lang.Long": case "java.lang.Short": case "java.lang.Byte":
                return valueType == Hprof.OBJECT ? PLAIN : BOX_INT;
            case "java.lang.Float": case "java.lang.Double":
                return valueType == Hprof.FLOAT || valueType == Hprof.DOUBLE ? BOX_FLOAT : PLAIN;
            case "java.lang.Boolean":
                return valueType == Hprof.BOOLEAN ? BOX_BOOLEAN : PLAIN;
            case "java.lang.Character":
                return valueType == Hprof.CHAR ? BOX_CHAR : PLAIN;
            default:
                return PLAIN;
        }
    }
}
