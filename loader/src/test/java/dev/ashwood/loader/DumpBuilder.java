package dev.ashwood.loader;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * A small DSL that writes dumps for tests, line by line, so each test shows the records it is
 * about (shark's dump DSL is the model). {@link #ashwood()} starts with a header; records are
 * added with {@link #obj}, refs with {@link Obj#ref}; {@link #footer()} adds a footer with the
 * right counts.
 */
final class DumpBuilder {
    private final boolean jvm;
    private final List<String> lines = new ArrayList<>();
    private Obj open;
    private long objects;
    private long refs;
    private long bytes;
    private long roots;

    private DumpBuilder(boolean jvm) {
        this.jvm = jvm;
    }

    static DumpBuilder ashwood() {
        DumpBuilder b = new DumpBuilder(true);
        b.lines.add("{\"format\": \"ashwood-heap\", \"version\": 1, \"vm\": \"OpenJDK 64-Bit Server VM\", "
                + "\"vm_version\": \"17.0.15+6\", \"pid\": 4242, \"time\": \"2026-11-21T02:40:00Z\", "
                + "\"trigger\": \"api\", \"options\": {\"values\": 100}}");
        return b;
    }

    /** An ashwood dump written with identity=keep: dump {@code sequence} of agent series {@code series}. */
    static DumpBuilder ashwoodSeries(String series, int sequence, long pid) {
        DumpBuilder b = new DumpBuilder(true);
        b.lines.add("{\"format\":\"ashwood-heap\",\"version\":1,\"vm\":\"OpenJDK 64-Bit Server VM\","
                + "\"vm_version\":\"17.0.15+6\",\"pid\":" + pid + ",\"time\":\"2026-11-21T02:40:00Z\","
                + "\"trigger\":\"signal\",\"options\":{\"values\":100,\"identity\":\"keep\"},"
                + "\"ids\":\"stable\",\"series\":\"" + series + "\",\"sequence\":" + sequence + "}");
        return b;
    }

    /** An ashwood dump without the header line (for tests of a missing or bad header). */
    static DumpBuilder ashwoodWithoutHeader() {
        return new DumpBuilder(true);
    }

    static DumpBuilder meliae() {
        return new DumpBuilder(false);
    }

    Obj obj(long address, String type, long size) {
        close();
        open = new Obj(address, type, size);
        return open;
    }

    DumpBuilder root(String kind, long ref) {
        close();
        lines.add("{\"root\": " + quote(kind) + ", \"ref\": " + ref + "}");
        roots++;
        return this;
    }

    /** A stack or JNI local root with its thread's id and frame depth (each left out when negative). */
    DumpBuilder root(String kind, long ref, long thread, int depth) {
        close();
        lines.add("{\"root\": " + quote(kind) + ", \"ref\": " + ref + (thread < 0 ? "" : ", \"thread\": " + thread)
                + (depth < 0 ? "" : ", \"depth\": " + depth) + "}");
        roots++;
        return this;
    }

    /** A line as is. */
    DumpBuilder raw(String line) {
        close();
        lines.add(line);
        return this;
    }

    DumpBuilder footer() {
        close();
        lines.add("{\"footer\": {\"objects\": " + objects + ", \"refs\": " + refs + ", \"bytes\": " + bytes
                + ", \"roots\": " + roots + ", \"elapsed_ms\": 3}}");
        return this;
    }

    List<String> lines() {
        close();
        return List.copyOf(lines);
    }

    String text() {
        return String.join("\n", lines()) + "\n";
    }

    Path write(Path dir, String name) {
        return writeBytes(dir.resolve(name), text().getBytes(StandardCharsets.UTF_8));
    }

    Path writeGzip(Path dir, String name) {
        try {
            Path file = dir.resolve(name);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text().getBytes(StandardCharsets.UTF_8));
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path writeBytes(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void close() {
        if (open != null) {
            lines.add(open.line());
            objects++;
            refs += open.refs.size();
            bytes += open.size;
            open = null;
        }
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (Character.isSurrogate(c) && !paired)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** One object record being written; ends when the next record starts. */
    final class Obj {
        private final long address;
        private final String type;
        private final long size;
        private String name;
        private Long len;
        private String value;
        private final List<Long> refs = new ArrayList<>();
        private final List<String> fields = new ArrayList<>();

        private Obj(long address, String type, long size) {
            this.address = address;
            this.type = type;
            this.size = size;
        }

        Obj name(String n) {
            name = n;
            return this;
        }

        Obj len(long n) {
            len = n;
            return this;
        }

        /** A string value. */
        Obj value(String v) {
            value = quote(v);
            return this;
        }

        /** A value written as a raw JSON token (number, true, false). */
        Obj rawValue(String token) {
            value = token;
            return this;
        }

        /** A ref named by a field ({@code "<class>"}, a field name) or an array index in decimal. */
        Obj ref(String field, long to) {
            refs.add(to);
            fields.add(field.chars().allMatch(Character::isDigit) ? field : quote(field));
            return this;
        }

        /** Refs without field names (Meliae dumps). */
        Obj refs(long... to) {
            for (long t : to) {
                refs.add(t);
                fields.add("0");
            }
            return this;
        }

        Obj obj(long a, String t, long s) {
            return DumpBuilder.this.obj(a, t, s);
        }

        DumpBuilder root(String kind, long ref) {
            return DumpBuilder.this.root(kind, ref);
        }

        DumpBuilder footer() {
            return DumpBuilder.this.footer();
        }

        DumpBuilder raw(String line) {
            return DumpBuilder.this.raw(line);
        }

        DumpBuilder done() {
            DumpBuilder.this.close();
            return DumpBuilder.this;
        }

        private String line() {
            StringBuilder s = new StringBuilder();
            s.append("{\"address\": ").append(address).append(", \"type\": ").append(quote(type))
                    .append(", \"size\": ").append(size);
            if (name != null) {
                s.append(", \"name\": ").append(quote(name));
            }
            if (len != null) {
                s.append(", \"len\": ").append(len);
            }
            if (value != null) {
                s.append(", \"value\": ").append(value);
            }
            s.append(", \"refs\": [");
            for (int k = 0; k < refs.size(); k++) {
                s.append(k == 0 ? "" : ", ").append(refs.get(k));
            }
            s.append(']');
            if (jvm && !refs.isEmpty()) {
                s.append(", \"fields\": [").append(String.join(", ", fields)).append(']');
            }
            return s.append('}').toString();
        }
    }
}
