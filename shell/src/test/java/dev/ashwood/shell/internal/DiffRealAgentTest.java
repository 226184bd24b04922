package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ashwood diff} on two dumps of a real JVM taken by attach with {@code --identity keep}, a
 * few seconds apart while the example caches a session a second: the new and gone objects, the new
 * sessions and the holder (the map in LeakyCache.SESSIONS) equal what a plain reading of the two
 * files says (ids and types per record, and the class's static field).
 */
class DiffRealAgentTest {
    private static final Pattern RECORD = Pattern.compile("^\\{\"address\":(\\d+),\"type\":\"([^\"]*)\"");
    private static final String SESSION = "LeakyCache$Session";

    /** One dump read line by line: id to type, and the id LeakyCache.SESSIONS refers to. */
    private record Plain(Map<Long, String> types, long sessionsMap) {
        static Plain read(Path file) throws IOException {
            Map<Long, String> types = new HashMap<>();
            long map = -1;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    Matcher m = RECORD.matcher(line);
                    if (!m.find()) {
                        continue;
                    }
                    types.put(Long.parseLong(m.group(1)), m.group(2));
                    if (m.group(2).equals("java.lang.Class") && line.contains(",\"name\":\"LeakyCache\",")) {
                        List<String> refs = Arrays.asList(between(line, "\"refs\":[", "]").split(","));
                        List<String> fields = Arrays.asList(between(line, "\"fields\":[", "]").split(","));
                        map = Long.parseLong(refs.get(fields.indexOf("\"SESSIONS\"")));
                    }
                }
            }
            return new Plain(types, map);
        }

        private static String between(String line, String start, String end) {
            int from = line.indexOf(start) + start.length();
            return line.substring(from, line.indexOf(end, from));
        }

        long count(String type) {
            return types.values().stream().filter(type::equals).count();
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void newObjectsAndTheHolderMatchAPlainReadingOfTwoAttachDumps(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("d1.jsonl");
        Path second = dir.resolve("d2.jsonl");
        try (LeakyCacheApp app = LeakyCacheApp.start(100)) {
            String pid = Long.toString(app.pid());
            Run d1 = Run.ashwood("dump", pid, "--identity", "keep", "-o", first.toString());
            assertEquals(0, d1.exit(), d1.toString());
            Thread.sleep(2500);   // the example caches a session a second
            Run d2 = Run.ashwood("dump", pid, "--identity", "keep", "-o", second.toString());
            assertEquals(0, d2.exit(), d2.toString());
        }
        Plain old = Plain.read(first);
        Plain now = Plain.read(second);
        long fresh = 0;
        long freshSessions = 0;
        for (Map.Entry<Long, String> e : now.types().entrySet()) {
            if (!e.getValue().equals(old.types().get(e.getKey()))) {
                fresh++;
                freshSessions += e.getValue().equals(SESSION) ? 1 : 0;
            }
        }
        long gone = 0;
        for (Map.Entry<Long, String> e : old.types().entrySet()) {
            if (!e.getValue().equals(now.types().get(e.getKey()))) {
                gone++;
            }
        }
        assertTrue(freshSessions >= 1, "the example cached sessions between the dumps: " + freshSessions);
        assertEquals(old.sessionsMap(), now.sessionsMap(), "the cache map keeps its id across dumps");

        Run json = Run.ashwood("diff", first.toString(), second.toString(), "--json", "--top", "0");
        assertEquals(0, json.exit(), json.toString());
        String out = json.out();
        assertTrue(out.contains("\"identity\":\"stable_ids\""), out);
        Matcher totals = Pattern.compile("\"new_objects\":(\\d+),\"new_bytes\":\\d+,\"freed_objects\":(\\d+),").matcher(out);
        assertTrue(totals.find(), out);
        assertEquals(fresh, Long.parseLong(totals.group(1)), "new: every id of the second dump the first lacks (or has with another type)");
        assertEquals(gone, Long.parseLong(totals.group(2)), "gone: every id of the first dump the second lacks");
        assertTrue(out.contains("{\"type\":\"" + SESSION + "\",\"count_delta\":" + (now.count(SESSION) - old.count(SESSION)) + ","),
                "the session count grew by what the files say");
        Matcher session = Pattern.compile("\\{\"type\":\"" + Pattern.quote(SESSION) + "\",[^}]*\"new_objects\":(\\d+),\"freed_objects\":(\\d+)\\}")
                .matcher(out);
        assertTrue(session.find(), out);
        assertEquals(freshSessions, Long.parseLong(session.group(1)), "exactly the sessions made since are new");
        assertEquals(0, Long.parseLong(session.group(2)), "the cache never evicts: no session is gone");

        Matcher holder = Pattern.compile("\"holders\":\\[\\{\"id\":(\\d+),\"type\":\"java.util.HashMap\",\"label\":\"LeakyCache.SESSIONS\","
                + "\"new_objects\":\\d+,\"new_bytes\":\\d+,\"top_type\":\"" + Pattern.quote(SESSION) + "\",\"top_count\":(\\d+),").matcher(out);
        assertTrue(holder.find(), "the first holder is the map in LeakyCache.SESSIONS, holding the new sessions\n" + out);
        assertEquals(now.sessionsMap(), Long.parseLong(holder.group(1)), "the holder is the map the class's static field names");
        assertEquals(freshSessions, Long.parseLong(holder.group(2)), "it holds every new session");
        long held = 0;
        Matcher each = Pattern.compile("\\{\"(?:id\":\\d+,\"type\":\"[^\"]*\"|id\":null,\"type\":null,\"group\":\"[a-z_]+\")"
                + "(?:,\"label\":\"[^\"]*\")?,\"new_objects\":(\\d+),").matcher(out.substring(out.indexOf("\"holders\":[")));
        while (each.find()) {
            held += Long.parseLong(each.group(1));
        }
        assertEquals(fresh, held, "every new object is counted under exactly one holder or group");
    }
}
