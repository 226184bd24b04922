package dev.ashwood.scanner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A dump read into plain maps for assertions: small dumps only, independent of the loader. */
final class DumpFile {
    private static final JsonFactory JSON = new JsonFactory();

    final Map<String, Object> header;
    final Map<String, Object> footer;
    final List<Map<String, Object>> roots = new ArrayList<>();
    final List<Map<String, Object>> records = new ArrayList<>();
    final Map<Long, Map<String, Object>> byId = new HashMap<>();
    /** Keys of each record in file order, to check Meliae's key order. */
    final List<List<String>> keyOrders = new ArrayList<>();

    @SuppressWarnings("unchecked")
    DumpFile(Path file) throws IOException {
        List<String> lines;
        if (file.getFileName().toString().endsWith(".gz")) {
            try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            }
        } else {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        header = parse(lines.get(0), null);
        Map<String, Object> last = parse(lines.get(lines.size() - 1), null);
        footer = (Map<String, Object>) last.get("footer");
        for (String line : lines.subList(1, lines.size() - 1)) {
            List<String> keys = new ArrayList<>();
            Map<String, Object> r = parse(line, keys);
            if (r.containsKey("root")) {
                roots.add(r);
            } else {
                List<Long> refs = new ArrayList<>();
                for (Object o : (List<Object>) r.get("refs")) {
                    refs.add(((Number) o).longValue());
                }
                r.put("refs", refs);  // converted once: huge arrays are looked up per element
                records.add(r);
                keyOrders.add(keys);
                if (byId.put(id(r), r) != null) {
                    throw new IOException("id " + id(r) + " has two records");
                }
            }
        }
    }

    static long id(Map<String, Object> r) {
        return ((Number) r.get("address")).longValue();
    }

    static String type(Map<String, Object> r) {
        return (String) r.get("type");
    }

    @SuppressWarnings("unchecked")
    static List<Long> refs(Map<String, Object> r) {
        return (List<Long>) r.get("refs");
    }

    @SuppressWarnings("unchecked")
    static List<Object> fields(Map<String, Object> r) {
        Object f = r.get("fields");
        return f == null ? List.of() : (List<Object>) f;
    }

    /** The id a record's field (name or array index) refers to, or null when absent. */
    static Long ref(Map<String, Object> r, Object field) {
        List<Object> fields = fields(r);
        List<Long> refs = refs(r);
        for (int i = 0; i < fields.size(); i++) {
            Object f = fields.get(i);
            if (f.equals(field) || (f instanceof Number n && field instanceof Number m && n.longValue() == m.longValue())) {
                return refs.get(i);
            }
        }
        return null;
    }

    List<Map<String, Object>> ofType(String type) {
        return records.stream().filter(r -> type.equals(type(r))).toList();
    }

    Map<String, Object> single(String type) {
        List<Map<String, Object>> all = ofType(type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + all.size());
        }
        return all.get(0);
    }

    Map<String, Object> classNamed(String name) {
        return records.stream().filter(r -> "java.lang.Class".equals(type(r)) && name.equals(r.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no class record named " + name));
    }

    private static Map<String, Object> parse(String line, List<String> keys) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object: " + line);
            }
            Map<String, Object> m = readObject(p, keys);
            if (p.nextToken() != null) {
                throw new IOException("trailing text: " + line);
            }
            return m;
        }
    }

    private static Map<String, Object> readObject(JsonParser p, List<String> keys) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            if (keys != null) {
                keys.add(k);
            }
            p.nextToken();
            m.put(k, readValue(p));
        }
        return m;
    }

    private static Object readValue(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> readObject(p, null);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }
}
