package dev.ashwood.loader.read.hprof;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes small HPROF files for tests, record by record, the way HotSpot lays them out (names,
 * LOAD_CLASS records, then one heap dump segment: class dumps, roots, objects). Ids are
 * addresses: multiples of 8 unless a test says otherwise.
 */
public final class HprofBuilder {
    private final int idSize;
    private final ByteArrayOutputStream top = new ByteArrayOutputStream();
    private final ByteArrayOutputStream heap = new ByteArrayOutputStream();
    private final Map<String, Long> names = new HashMap<>();
    private final Map<Long, String> classNames = new HashMap<>();
    private long nextName = 1_000_000;
    private int serial;

    public HprofBuilder(int idSize) {
        this.idSize = idSize;
    }

    public static HprofBuilder jdk17() {
        HprofBuilder b = new HprofBuilder(8);
        b.standardClasses();
        return b;
    }

    /** Classes most dumps need: Object, Class, String, byte[], int[], Object[], Integer. */
    public HprofBuilder standardClasses() {
        klass(OBJECT, "java/lang/Object", 0).done();
        klass(CLASS, "java/lang/Class", OBJECT).field("name", Hprof.OBJECT).field("classLoader", Hprof.OBJECT).done();
        klass(STRING, "java/lang/String", OBJECT).field("value", Hprof.OBJECT).field("hash", Hprof.INT)
                .field("coder", Hprof.BYTE).field("hashIsZero", Hprof.BOOLEAN).done();
        klass(BYTES, "[B", OBJECT).done();
        klass(INTS, "[I", OBJECT).done();
        klass(CHARS, "[C", OBJECT).done();
        klass(OBJECTS, "[Ljava/lang/Object;", OBJECT).done();
        klass(INTEGER, "java/lang/Integer", OBJECT).field("value", Hprof.INT).done();
        return this;
    }

    public static final long OBJECT = 0x1000;
    public static final long CLASS = 0x1008;
    public static final long STRING = 0x1010;
    public static final long BYTES = 0x1018;
    public static final long INTS = 0x1020;
    public static final long OBJECTS = 0x1028;
    public static final long INTEGER = 0x1030;
    public static final long CHARS = 0x1038;

    private long name(String s) {
        return names.computeIfAbsent(s, k -> {
            long id = nextName += 8;
            byte[] text = k.getBytes(StandardCharsets.UTF_8);
            record(top, Hprof.UTF8, out -> {
                id(out, id);
                out.write(text);
            });
            return id;
        });
    }

    /** Starts a CLASS_DUMP (and its LOAD_CLASS and name); finish it with {@link ClassDump#done()}. */
    public ClassDump klass(long id, String jvmName, long superId) {
        long nameId = name(jvmName);
        classNames.put(id, jvmName);
        record(top, Hprof.LOAD_CLASS, out -> {
            out.writeInt(++serial);
            id(out, id);
            out.writeInt(0);
            id(out, nameId);
        });
        return new ClassDump(id, superId);
    }

    public final class ClassDump {
        private final long id;
        private final long superId;
        private long loader;
        private final ByteArrayOutputStream statics = new ByteArrayOutputStream();
        private final ByteArrayOutputStream fields = new ByteArrayOutputStream();
        private int staticCount;
        private int fieldCount;

        ClassDump(long id, long superId) {
            this.id = id;
            this.superId = superId;
        }

        public ClassDump loader(long loaderId) {
            this.loader = loaderId;
            return this;
        }

        public ClassDump field(String name, int type) {
            run(fields, out -> {
                id(out, name(name));
                out.writeByte(type);
            });
            fieldCount++;
            return this;
        }

        public ClassDump staticField(String name, int type, long value) {
            run(statics, out -> {
                id(out, name(name));
                out.writeByte(type);
                value(out, type, value);
            });
            staticCount++;
            return this;
        }

        public HprofBuilder done() {
            sub(Hprof.CLASS_DUMP, out -> {
                id(out, id);
                out.writeInt(0);
                id(out, superId);
                id(out, loader);
                id(out, 0);
                id(out, 0);
                id(out, 0);
                id(out, 0);
                out.writeInt(0);
                out.writeShort(0);
                out.writeShort(staticCount);
                out.write(statics.toByteArray());
                out.writeShort(fieldCount);
                out.write(fields.toByteArray());
            });
            return HprofBuilder.this;
        }
    }

    /** An INSTANCE_DUMP; {@code values} are the field values in class-then-superclass order, typed by {@code types}. */
    public HprofBuilder instance(long id, long classId, int[] types, long... values) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        run(data, out -> {
            for (int i = 0; i < types.length; i++) {
                value(out, types[i], values[i]);
            }
        });
        return instanceRaw(id, classId, data.toByteArray());
    }

    public HprofBuilder instanceRaw(long id, long classId, byte[] data) {
        sub(Hprof.INSTANCE_DUMP, out -> {
            id(out, id);
            out.writeInt(0);
            id(out, classId);
            out.writeInt(data.length);
            out.write(data);
        });
        return this;
    }

    /** A java.lang.String (JDK 9+ layout of {@link #standardClasses}) with its byte[] value. */
    public HprofBuilder string(long id, long arrayId, String text) {
        boolean latin1 = text.chars().allMatch(c -> c < 256);
        byte[] bytes = new byte[latin1 ? text.length() : 2 * text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (latin1) {
                bytes[i] = (byte) c;
            } else {
                bytes[2 * i] = (byte) c; // little-endian, as x86 HotSpot keeps UTF-16 strings
                bytes[2 * i + 1] = (byte) (c >> 8);
            }
        }
        primitiveArray(arrayId, Hprof.BYTE, bytes);
        return instance(id, STRING, new int[] {Hprof.OBJECT, Hprof.INT, Hprof.BYTE, Hprof.BOOLEAN},
                arrayId, 0, latin1 ? 0 : 1, 0);
    }

    public HprofBuilder objectArray(long id, long classId, long... elements) {
        sub(Hprof.OBJ_ARRAY_DUMP, out -> {
            id(out, id);
            out.writeInt(0);
            out.writeInt(elements.length);
            id(out, classId);
            for (long e : elements) {
                id(out, e);
            }
        });
        return this;
    }

    public HprofBuilder primitiveArray(long id, int type, byte[] raw) {
        int size = Hprof.valueSize(type, idSize);
        sub(Hprof.PRIM_ARRAY_DUMP, out -> {
            id(out, id);
            out.writeInt(0);
            out.writeInt(raw.length / size);
            out.writeByte(type);
            out.write(raw);
        });
        return this;
    }

    public HprofBuilder root(int tag, long id, int... extra) {
        sub(tag, out -> {
            id(out, id);
            if (tag == Hprof.ROOT_JNI_GLOBAL) {
                id(out, 0);
            }
            for (int e : extra) {
                out.writeInt(e);
            }
        });
        return this;
    }

    /** Any bytes as a heap sub-record (for tests of bad input). */
    public HprofBuilder rawSub(byte[] bytes) {
        heap.writeBytes(bytes);
        return this;
    }

    private void sub(int tag, Body body) {
        heap.write(tag);
        run(heap, body);
    }

    /** The whole file: header, names and classes, one HEAP_DUMP_SEGMENT, HEAP_DUMP_END. */
    public byte[] bytes() {
        return bytes(true);
    }

    public byte[] bytes(boolean end) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        run(all, out -> {
            out.write(Hprof.MAGIC_102.getBytes(StandardCharsets.US_ASCII));
            out.writeByte(0);
            out.writeInt(idSize);
            out.writeLong(1_700_000_000_000L);
            out.write(top.toByteArray());
        });
        byte[] h = heap.toByteArray();
        record(all, Hprof.HEAP_DUMP_SEGMENT, out -> out.write(h));
        if (end) {
            record(all, Hprof.HEAP_DUMP_END, out -> { });
        }
        return all.toByteArray();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    public Path writeGzip(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(bytes());
        }
        return file;
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void run(ByteArrayOutputStream to, Body body) {
        try {
            DataOutputStream out = new DataOutputStream(to);
            body.write(out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(ByteArrayOutputStream to, int tag, Body body) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        run(data, body);
        run(to, out -> {
            out.writeByte(tag);
            out.writeInt(0);
            out.writeInt(data.size());
            out.write(data.toByteArray());
        });
    }

    private void id(DataOutputStream out, long id) throws IOException {
        if (idSize == 8) {
            out.writeLong(id);
        } else {
            out.writeInt((int) id);
        }
    }

    private void value(DataOutputStream out, int type, long v) throws IOException {
        switch (type) {
            case Hprof.OBJECT: id(out, v); break;
            case Hprof.BOOLEAN: case Hprof.BYTE: out.writeByte((int) v); break;
            case Hprof.CHAR: case Hprof.SHORT: out.writeShort((int) v); break;
            case Hprof.FLOAT: case Hprof.INT: out.writeInt((int) v); break;
            default: out.writeLong(v);
        }
    }
}
