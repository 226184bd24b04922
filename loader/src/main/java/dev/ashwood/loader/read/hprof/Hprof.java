package dev.ashwood.loader.read.hprof;

import java.nio.charset.StandardCharsets;

/**
 * Constants of the HPROF 1.0.2 format as HotSpot writes it (the header comment of HotSpot's
 * {@code heapDumper.cpp}): record tags, heap sub-record tags, basic types, and the helpers that
 * every part of the reader shares (lengths of sub-records, type names).
 */
final class Hprof {
    static final String MAGIC_102 = "JAVA PROFILE 1.0.2";
    static final String MAGIC_101 = "JAVA PROFILE 1.0.1";
    /** Android's variant: its own heap sub-records (0x89-0x90, 0xc3, 0xfe) and class dumps after instances. */
    static final String MAGIC_ANDROID = "JAVA PROFILE 1.0.3";

    // Top-level records.
    static final int UTF8 = 0x01;
    static final int LOAD_CLASS = 0x02;
    static final int UNLOAD_CLASS = 0x03;
    static final int FRAME = 0x04;
    static final int TRACE = 0x05;
    static final int ALLOC_SITES = 0x06;
    static final int HEAP_SUMMARY = 0x07;
    static final int START_THREAD = 0x0A;
    static final int END_THREAD = 0x0B;
    static final int HEAP_DUMP = 0x0C;
    static final int CPU_SAMPLES = 0x0D;
    static final int CONTROL_SETTINGS = 0x0E;
    static final int HEAP_DUMP_SEGMENT = 0x1C;
    static final int HEAP_DUMP_END = 0x2C;

    // Heap dump sub-records.
    static final int ROOT_UNKNOWN = 0xFF;
    static final int ROOT_JNI_GLOBAL = 0x01;
    static final int ROOT_JNI_LOCAL = 0x02;
    static final int ROOT_JAVA_FRAME = 0x03;
    static final int ROOT_NATIVE_STACK = 0x04;
    static final int ROOT_STICKY_CLASS = 0x05;
    static final int ROOT_THREAD_BLOCK = 0x06;
    static final int ROOT_MONITOR_USED = 0x07;
    static final int ROOT_THREAD_OBJECT = 0x08;
    static final int CLASS_DUMP = 0x20;
    static final int INSTANCE_DUMP = 0x21;
    static final int OBJ_ARRAY_DUMP = 0x22;
    static final int PRIM_ARRAY_DUMP = 0x23;

    // Basic types.
    static final int OBJECT = 2;
    static final int BOOLEAN = 4;
    static final int CHAR = 5;
    static final int FLOAT = 6;
    static final int DOUBLE = 7;
    static final int BYTE = 8;
    static final int SHORT = 9;
    static final int INT = 10;
    static final int LONG = 11;

    private Hprof() {
    }

    static boolean knownRecord(int tag) {
        switch (tag) {
            case UTF8: case LOAD_CLASS: case UNLOAD_CLASS: case FRAME: case TRACE: case ALLOC_SITES:
            case HEAP_SUMMARY: case START_THREAD: case END_THREAD: case HEAP_DUMP: case CPU_SAMPLES:
            case CONTROL_SETTINGS: case HEAP_DUMP_SEGMENT: case HEAP_DUMP_END:
                return true;
            default:
                return false;
        }
    }

    /** Bytes of a value of basic type {@code type} in the file; -1 for an unknown type. */
    static int valueSize(int type, int idSize) {
        switch (type) {
            case OBJECT: return idSize;
            case BOOLEAN: case BYTE: return 1;
            case CHAR: case SHORT: return 2;
            case FLOAT: case INT: return 4;
            case DOUBLE: case LONG: return 8;
            default: return -1;
        }
    }

    /** Bytes of a value of basic type {@code type} in the VM (object references aside). */
    static int primitiveSize(int type) {
        return valueSize(type, 8);
    }

    /** The Java name of a primitive array's element type, by basic type. */
    static String primitiveName(int type) {
        switch (type) {
            case BOOLEAN: return "boolean";
            case CHAR: return "char";
            case FLOAT: return "float";
            case DOUBLE: return "double";
            case BYTE: return "byte";
            case SHORT: return "short";
            case INT: return "int";
            case LONG: return "long";
            default: return null;
        }
    }

    /** The JVM's name of the array class of a primitive element type ("[I"). */
    static String primitiveArrayClass(int type) {
        switch (type) {
            case BOOLEAN: return "[Z";
            case CHAR: return "[C";
            case FLOAT: return "[F";
            case DOUBLE: return "[D";
            case BYTE: return "[B";
            case SHORT: return "[S";
            case INT: return "[I";
            case LONG: return "[J";
            default: return null;
        }
    }

    /**
     * A class name as HotSpot writes it ({@code java/lang/String}, {@code [I},
     * {@code [[Ljava/lang/Object;}) as {@code Class.getTypeName()} prints it ({@code java.lang.String},
     * {@code int[]}, {@code java.lang.Object[][]}). A hidden class keeps its {@code /0x...} suffix,
     * as the scanner writes it.
     */
    static String typeName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        String element;
        if (dims == 0) {
            element = dotted(jvmName);
        } else if (dims == jvmName.length()) {
            return jvmName; // malformed: keep it visible as is
        } else {
            char c = jvmName.charAt(dims);
            switch (c) {
                case 'Z': element = "boolean"; break;
                case 'B': element = "byte"; break;
                case 'C': element = "char"; break;
                case 'S': element = "short"; break;
                case 'I': element = "int"; break;
                case 'J': element = "long"; break;
                case 'F': element = "float"; break;
                case 'D': element = "double"; break;
                case 'L':
                    int end = jvmName.endsWith(";") ? jvmName.length() - 1 : jvmName.length();
                    element = dotted(jvmName.substring(dims + 1, end));
                    break;
                default:
                    return jvmName;
            }
        }
        return dims == 0 ? element : element + "[]".repeat(dims);
    }

    /** {@code a/b/C} to {@code a.b.C}; a hidden class's {@code +0x...} or {@code /0x...} suffix stays {@code /0x...}. */
    private static String dotted(String name) {
        int hidden = name.lastIndexOf("+0x");
        if (hidden < 0) {
            int slash = name.lastIndexOf("/0x");
            hidden = slash > 0 && name.indexOf('/', slash + 1) < 0 ? slash : -1;
        }
        if (hidden < 0) {
            return name.replace('/', '.');
        }
        return name.substring(0, hidden).replace('/', '.') + "/" + name.substring(hidden + 1);
    }

    static String utf8(byte[] b, int off, int len) {
        // HotSpot writes symbols in modified UTF-8; the common case is plain ASCII.
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
