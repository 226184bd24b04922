package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * identity=keep on a real JVM: a cache of known size grows and shrinks between dumps taken by each
 * trigger (signal, attach, API), with full GCs moving every object in between; the ids of the
 * survivors stay, the new objects are exactly the ones made, the gone ones exactly the ones dropped.
 * The expected sets come from the target's own labels ("grown-17"), read back from the dumps'
 * String values, not from ids.
 */
class IdentityKeepTest {
    static final String GROWN = "dev.ashwood.scanner.app.GraphTarget$Grown";

    @TempDir
    Path dir;

    @Test
    void jdk17() throws Exception {
        run(Path.of(System.getProperty("java.home")));
    }

    @Test
    void jdk25() throws Exception {
        String home = System.getProperty("ashwood.jdk25.home", "");
        assumeTrue(!home.isEmpty() && Files.isExecutable(Path.of(home, "bin/java")),
                "no JDK 25 at '" + home + "' (set -Dashwood.jdk25.home)");
        run(Path.of(home));
    }

    private void run(Path javaHome) throws Exception {
        try (TargetProcess t = TargetProcess.start(javaHome, "identity=keep,out=" + dir + "/signal-%p-%t.jsonl", dir, 0)) {
            assertEquals("grown 100", t.ask("grow 100"));
            t.jcmd(javaHome, "JVMTI.data_dump");
            Path first = AgentTestBase.awaitCompleteDump(dir, "signal-");
            AgentTestBase.awaitLogLines(t, "ashwood: dumped ", 1);

            assertEquals("grown 350", t.ask("grow 250"));
            assertEquals("dropped 320", t.ask("drop 30"));
            assertEquals("gc", t.ask("gc"));
            Path second = dir.resolve("attach.jsonl");
            RemoteDump.dump(t.pid, second, AgentTestBase.TIMEOUT, "identity=keep");

            assertEquals("grown 390", t.ask("grow 70"));
            assertEquals("gc", t.ask("gc"));
            Path third = dir.resolve("api.jsonl");
            assertTrue(t.ask("dump " + third + " identity=keep").startsWith("dumped "));

            // An ordinary dump in between the kept ones: its own ids, and the kept series goes on.
            Path plain = dir.resolve("plain.jsonl");
            assertTrue(t.ask("dump " + plain).startsWith("dumped "));

            DumpFile d1 = new DumpFile(first);
            DumpFile d2 = new DumpFile(second);
            DumpFile d3 = new DumpFile(third);
            DumpFile dp = new DumpFile(plain);
            String series = (String) d1.header.get("series");
            assertTrue(series != null && series.matches("[0-9a-f]{16}"), "the header names the series: " + d1.header);
            assertEquals("stable", d1.header.get("ids"));
            assertEquals(series, d2.header.get("series"), "every trigger writes the same series");
            assertEquals(series, d3.header.get("series"));
            assertEquals(List.of(1L, 2L, 3L), List.of(seq(d1), seq(d2), seq(d3)), "dumps are numbered in the series");
            assertEquals(List.of("signal", "attach", "api"),
                    List.of(d1.header.get("trigger"), d2.header.get("trigger"), d3.header.get("trigger")));
            assertEquals(null, dp.header.get("series"), "a dump without identity=keep names no series");

            Map<Long, String> g1 = grown(d1);
            Map<Long, String> g2 = grown(d2);
            Map<Long, String> g3 = grown(d3);
            assertEquals(100, g1.size());
            assertEquals(320, g2.size());
            assertEquals(390, g3.size());
            checkStep(g1, g2, 30, 250, "signal -> attach");
            checkStep(g2, g3, 0, 70, "attach -> api");

            // Survivors keep the id of every object they hold (the label String and its byte[]).
            for (Map.Entry<Long, String> e : g1.entrySet()) {
                if (g3.containsKey(e.getKey())) {
                    assertEquals(labelIds(d1, e.getKey()), labelIds(d3, e.getKey()),
                            "the label of " + e.getValue() + " keeps its ids through two GCs");
                }
            }
            // Nothing else changed: every object of dump 1 not dropped is in dump 3 with the same type
            // (the JVM's own churn aside, which the counts of JDK types would show; the target's
            // classes and their mirrors are exact).
            Set<Long> gone13 = new HashSet<>(g1.keySet());
            gone13.removeAll(g3.keySet());
            assertEquals(30, gone13.size());
            for (Map<String, Object> r : d1.records) {
                String type = DumpFile.type(r);
                if (type.startsWith("dev.ashwood.scanner.app.GraphTarget") && !type.equals(GROWN)) {
                    Map<String, Object> same = d3.byId.get(DumpFile.id(r));
                    assertTrue(same != null && DumpFile.type(same).equals(type),
                            "object " + DumpFile.id(r) + " (" + type + ") keeps its id across dumps");
                }
            }
            long maxId1 = d1.records.stream().mapToLong(DumpFile::id).max().orElseThrow();
            for (long id : g2.keySet()) {
                if (!g1.containsKey(id)) {
                    assertTrue(id > maxId1, "a new object's id " + id + " is above every id of the earlier dump");
                }
            }
            assertNotEquals(d1.records.size(), 0);
            assertTrue(t.responsive(), "the application runs on after kept-identity dumps");
        }
    }

    private static long seq(DumpFile d) {
        return ((Number) d.header.get("sequence")).longValue();
    }

    /** The Grown objects of a dump: id to label text. */
    private static Map<Long, String> grown(DumpFile d) {
        Map<Long, String> out = new HashMap<>();
        for (Map<String, Object> r : d.records) {
            if (DumpFile.type(r).equals(GROWN)) {
                Map<String, Object> label = d.byId.get(DumpFile.ref(r, "label"));
                out.put(DumpFile.id(r), (String) label.get("value"));
            }
        }
        return out;
    }

    private static List<Long> labelIds(DumpFile d, long grownId) {
        long label = DumpFile.ref(d.byId.get(grownId), "label");
        return List.of(label, DumpFile.ref(d.byId.get(label), "value"));
    }

    /** Between two dumps: the same id always carries the same label; exactly `gone` left, `made` came. */
    private static void checkStep(Map<Long, String> before, Map<Long, String> after, int gone, int made, String what) {
        int kept = 0;
        for (Map.Entry<Long, String> e : after.entrySet()) {
            String was = before.get(e.getKey());
            if (was != null) {
                assertEquals(was, e.getValue(), what + ": id " + e.getKey() + " names the same object in both dumps");
                kept++;
            }
        }
        assertEquals(before.size() - gone, kept, what + ": every item not dropped kept its id");
        assertEquals(made, after.size() - kept, what + ": exactly the items made since are new");
        Set<String> labelsBefore = new HashSet<>(before.values());
        long newLabels = after.values().stream().filter(l -> !labelsBefore.contains(l)).count();
        assertEquals(made, newLabels, what + ": the new ids are exactly the new items (by label)");
    }
}
