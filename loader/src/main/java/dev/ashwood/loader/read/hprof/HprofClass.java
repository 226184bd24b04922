package dev.ashwood.loader.read.hprof;

/**
 * One CLASS_DUMP record, its names resolved: what the reader needs to decode the class's
 * instances (field types in file order) and to size them (field sizes per class in the chain).
 * Written by the reading thread before any block that may hold an instance is handed to a parser
 * (HotSpot writes every class dump before the objects), read by the parsers afterwards.
 */
final class HprofClass {
    final long id;
    final long superId;
    final long loaderId;
    final long signersId;
    final long domainId;
    /** Bytes of field values an instance record carries for this class alone. */
    final int ownBytes;
    final String jvmName;
    final String typeName;
    final String[] staticNames;
    final byte[] staticTypes;
    /** Raw values of the statics (an id for a reference). */
    final long[] staticValues;
    final String[] fieldNames;
    final byte[] fieldTypes;
    /** Byte offset of the CLASS_DUMP record, for messages. */
    final long offset;
    /** Dense number of this class in the dump, in class-dump order. */
    final int index;
    /** Type id in the model's type table. */
    final int typeId;
    /** Set when a parser first meets an instance (every class of the chain is known by then). */
    volatile InstancePlan plan;

    HprofClass(long id, long superId, long loaderId, long signersId, long domainId, int ownBytes, String jvmName,
            String typeName, String[] staticNames, byte[] staticTypes, long[] staticValues, String[] fieldNames,
            byte[] fieldTypes, long offset, int index, int typeId) {
        this.id = id;
        this.superId = superId;
        this.loaderId = loaderId;
        this.signersId = signersId;
        this.domainId = domainId;
        this.ownBytes = ownBytes;
        this.jvmName = jvmName;
        this.typeName = typeName;
        this.staticNames = staticNames;
        this.staticTypes = staticTypes;
        this.staticValues = staticValues;
        this.fieldNames = fieldNames;
        this.fieldTypes = fieldTypes;
        this.offset = offset;
        this.index = index;
        this.typeId = typeId;
    }

    boolean isArray() {
        return jvmName.startsWith("[");
    }

    /** For an array class: the element's basic type ({@link Hprof#OBJECT} for references). */
    int elementType() {
        switch (jvmName.length() == 2 ? jvmName.charAt(1) : 'L') {
            case 'Z': return Hprof.BOOLEAN;
            case 'B': return Hprof.BYTE;
            case 'C': return Hprof.CHAR;
            case 'S': return Hprof.SHORT;
            case 'I': return Hprof.INT;
            case 'J': return Hprof.LONG;
            case 'F': return Hprof.FLOAT;
            case 'D': return Hprof.DOUBLE;
            default: return Hprof.OBJECT;
        }
    }
}
