package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ashwood diff} of two real agent dumps ({@code --identity keep}) between which a class is
 * loaded whose static field holds 5000 new {@code int[100]}: the first line names the arrays and
 * the static field of the new class, not "new java.lang.Class". The count is checked against a
 * plain reading of the two files (ids, types and lengths per record).
 */
class DiffNewClassTest {
    private static final String PROGRAM = """
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.ArrayList;
            import java.util.List;

            public class Grow {
                static final class Big {
                    static final List<int[]> DATA = new ArrayList<>();

                    static {
                        for (int i = 0; i < 5000; i++) {
                            DATA.add(new int[100]);
                        }
                    }
                }

                public static void main(String[] args) throws Exception {
                    Path go = Path.of(args[0]);
                    System.out.println("ready");
                    System.out.flush();
                    long end = System.nanoTime() + 120_000_000_000L;
                    while (!Files.exists(go) && System.nanoTime() < end) {
                        Thread.sleep(20);
                    }
                    Files.writeString(Path.of(args[1]), "loaded " + Big.DATA.size());
                    Thread.sleep(120_000);
                }
            }
            """;
    private static final Pattern RECORD = Pattern.compile("^\\{\"address\":(\\d+),\"type\":\"([^\"]*)\",\"size\":\\d+(?:,\"len\":(\\d+))?");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void theFirstLineNamesTheArraysAndTheStaticFieldOfTheNewClass(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("Grow.java"), PROGRAM);
        Path go = dir.resolve("go");
        Path loaded = dir.resolve("loaded");
        Path first = dir.resolve("d1.jsonl");
        Path second = dir.resolve("d2.jsonl");
        try (LeakyCacheApp app = LeakyCacheApp.startSource(source, go.toString(), loaded.toString())) {
            String pid = Long.toString(app.pid());
            Run d1 = Run.ashwood("dump", pid, "--identity", "keep", "-o", first.toString());
            assertEquals(0, d1.exit(), d1.toString());
            Files.writeString(go, "go");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.exists(loaded) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(loaded), "the program loaded its class within 30 s");
            Run d2 = Run.ashwood("dump", pid, "--identity", "keep", "-o", second.toString());
            assertEquals(0, d2.exit(), d2.toString());
        }
        Map<Long, String> old = records(first);
        long newArrays = records(second).entrySet().stream()
                .filter(e -> e.getValue().equals("int[] 100") && !"int[] 100".equals(old.get(e.getKey()))).count();
        assertEquals(5000, newArrays, "the plain reading finds the 5000 new int[100]");

        Run text = Run.ashwood("diff", first.toString(), second.toString());
        assertEquals(0, text.exit(), text.toString());
        String line = text.out().lines().findFirst().orElse("");
        assertTrue(line.matches("5000 new int\\[\\] objects, 2\\.0 MiB in 500[0-9] new objects, held by static field "
                + "Grow\\$Big\\.DATA of new class Grow\\$Big \\(java\\.util\\.ArrayList \\d+\\)"),
                "the first line names what grew and where it hangs, not the new class object\n" + text);

        Run json = Run.ashwood("diff", first.toString(), second.toString(), "--json");
        assertEquals(0, json.exit(), json.toString());
        Matcher holder = Pattern.compile("\"holders\":\\[\\{\"id\":\\d+,\"type\":\"java.util.ArrayList\",\"label\":\"Grow\\$Big.DATA\","
                + "\"new_class\":\"Grow\\$Big\",\"new_objects\":\\d+,\"new_bytes\":\\d+,\"top_type\":\"int\\[\\]\",\"top_count\":(\\d+),")
                .matcher(json.out());
        assertTrue(holder.find(), "the first holder is the list in the new class's static field\n" + json);
        assertEquals(newArrays, Long.parseLong(holder.group(1)), "it holds every new int[100]");
    }

    /** One dump read line by line: id to "type" (and " len" for arrays). */
    private static Map<Long, String> records(Path file) throws IOException {
        Map<Long, String> out = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher m = RECORD.matcher(line);
                if (m.find()) {
                    out.put(Long.parseLong(m.group(1)), m.group(2) + (m.group(3) == null ? "" : " " + m.group(3)));
                }
            }
        }
        return out;
    }
}
