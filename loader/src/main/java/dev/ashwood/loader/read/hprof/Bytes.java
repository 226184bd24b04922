package dev.ashwood.loader.read.hprof;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads from a byte array (HPROF is big-endian throughout). */
final class Bytes {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static int u1(byte[] b, int p) {
        return b[p] & 0xff;
    }

    static int u2(byte[] b, int p) {
        return (short) SHORT.get(b, p) & 0xffff;
    }

    static int i4(byte[] b, int p) {
        return (int) INT.get(b, p);
    }

    static long u4(byte[] b, int p) {
        return i4(b, p) & 0xffffffffL;
    }

    static long i8(byte[] b, int p) {
        return (long) LONG.get(b, p);
    }

    static long id(byte[] b, int p, int idSize) {
        return idSize == 8 ? i8(b, p) : u4(b, p);
    }

    /** A value of basic type {@code type} as raw bits (sign-extended for the integral types). */
    static long value(byte[] b, int p, int type, int idSize) {
        switch (type) {
            case Hprof.OBJECT: return id(b, p, idSize);
            case Hprof.BOOLEAN: return b[p] != 0 ? 1 : 0;
            case Hprof.BYTE: return b[p];
            case Hprof.CHAR: return u2(b, p);
            case Hprof.SHORT: return (short) u2(b, p);
            case Hprof.FLOAT: case Hprof.INT: return i4(b, p);
            case Hprof.DOUBLE: case Hprof.LONG: return i8(b, p);
            default: throw new IllegalArgumentException("basic type " + type);
        }
    }
}
