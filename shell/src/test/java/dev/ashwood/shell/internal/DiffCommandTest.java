package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ashwood diff OLD NEW, and diff / new / gone in the shell's command table. */
class DiffCommandTest {
    @TempDir
    Path dir;

    private static String header(String series, int sequence) {
        return "{\"format\":\"ashwood-heap\",\"version\":1,\"vm\":\"OpenJDK 64-Bit Server VM\",\"vm_version\":\"17\","
                + "\"pid\":7,\"time\":\"2026-12-02T05:00:00Z\",\"trigger\":\"api\",\"options\":{\"values\":100,"
                + "\"identity\":\"keep\"}" + (series == null ? "" : ",\"ids\":\"stable\",\"series\":\"" + series
                + "\",\"sequence\":" + sequence) + "}";
    }

    /** A static map Cache.ITEMS with {@code items} Item objects, each holding a 100-byte array; ids from 100. */
    private Path dump(String name, String series, int sequence, int items, boolean extraOld) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(header(series, sequence));
        lines.add("{\"root\":\"system_class\",\"ref\":1}");
        lines.add("{\"address\":1,\"type\":\"java.lang.Class\",\"size\":96,\"name\":\"Cache\",\"refs\":[10"
                + (extraOld ? ",2" : "") + "],\"fields\":[\"ITEMS\"" + (extraOld ? ",\"OLD\"" : "") + "]}");
        if (extraOld) {
            lines.add("{\"address\":2,\"type\":\"Leftover\",\"size\":16,\"refs\":[]}");
        }
        StringBuilder refs = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        for (int k = 0; k < items; k++) {
            refs.append(k == 0 ? "" : ",").append(100 + 2 * k);
            fields.append(k == 0 ? "" : ",").append(k);
        }
        lines.add("{\"address\":10,\"type\":\"java.util.ArrayList\",\"size\":24,\"refs\":[11],\"fields\":[\"elementData\"]}");
        lines.add("{\"address\":11,\"type\":\"java.lang.Object[]\",\"size\":" + (16 + 4 * items) + ",\"len\":" + items
                + ",\"refs\":[" + refs + "],\"fields\":[" + fields + "]}");
        for (int k = 0; k < items; k++) {
            lines.add("{\"address\":" + (100 + 2 * k) + ",\"type\":\"Cache$Item\",\"size\":24,\"refs\":[" + (101 + 2 * k)
                    + "],\"fields\":[\"data\"]}");
            lines.add("{\"address\":" + (101 + 2 * k) + ",\"type\":\"byte[]\",\"size\":120,\"len\":100,\"refs\":[]}");
        }
        lines.add("{\"footer\":{\"objects\":" + (lines.size() - 2) + "}}");
        Path file = dir.resolve(name);
        Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        return file;
    }

    @Test
    void twoDumpsOfOneSeriesNameTheHolderOnTheFirstLine() throws IOException {
        Path old = dump("old.jsonl", "c0ffee", 1, 3, true);
        Path now = dump("new.jsonl", "c0ffee", 2, 8, false);
        Run run = Run.ashwood("diff", old.toString(), now.toString());
        assertEquals(0, run.exit(), run.toString());
        String[] lines = run.out().split("\n");
        assertEquals("java.util.ArrayList 10 (Cache.ITEMS) holds 5 new Cache$Item objects, 720 bytes in 10 new objects",
                lines[0], "the answer comes first: the holder, its field, what it holds\n" + run);
        assertTrue(run.out().contains("dumps 1 and 2 of series c0ffee"), run.toString());
        assertTrue(run.out().contains("5 -> 17 objects (+12: 10 new, 1 gone)") || run.out().contains("objects (+"), run.toString());

        Run json = Run.ashwood("diff", old.toString(), now.toString(), "--json");
        assertEquals(0, json.exit(), json.toString());
        JsonParser p = new JsonFactory().createParser(json.out());
        assertEquals(JsonToken.START_OBJECT, p.nextToken());
        String text = json.out();
        assertTrue(text.contains("\"holders\":[{\"id\":10,\"type\":\"java.util.ArrayList\",\"label\":\"Cache.ITEMS\","
                + "\"new_objects\":10,\"new_bytes\":720,\"top_type\":\"Cache$Item\",\"top_count\":5,\"path\":[{\"id\":1,"
                + "\"type\":\"java.lang.Class\",\"root\":\"system_class\"},{\"id\":10,\"type\":\"java.util.ArrayList\","
                + "\"field\":\"ITEMS\"}]}]"), text);
        assertTrue(text.contains("{\"type\":\"Cache$Item\",\"count_delta\":5,\"bytes_delta\":120,\"old_count\":3,"
                + "\"new_count\":8,\"old_bytes\":72,\"new_bytes\":192,\"retained_delta\":720,\"old_retained\":432,"
                + "\"new_retained\":1152,"), "per type: retained bytes in each dump (items and their arrays)\n" + text);
        assertTrue(text.contains("\"freed_objects\":1"), text);
    }

    /**
     * The cache as a local variable of thread 3 ("worker-1") at frame 4 instead of a static: diff's
     * holder path names that root as path does, in the same JSON keys.
     */
    @Test
    void aHolderHeldByALocalVariableHasThePathOfPath() throws IOException {
        String root = "{\"root\":\"system_class\",\"ref\":1}";
        String local = "{\"root\":\"thread\",\"ref\":3}\n{\"root\":\"stack_local\",\"ref\":10,\"thread\":3,\"depth\":4}\n"
                + "{\"address\":3,\"type\":\"java.lang.Thread\",\"size\":120,\"refs\":[4],\"fields\":[\"name\"]}\n"
                + "{\"address\":4,\"type\":\"java.lang.String\",\"size\":24,\"len\":8,\"value\":\"worker-1\",\"refs\":[]}";
        Path old = dir.resolve("old-local.jsonl");
        Files.writeString(old, Files.readString(dump("old.jsonl", "c0ffee", 1, 3, false)).replace(root, local));
        Path now = dir.resolve("new-local.jsonl");
        Files.writeString(now, Files.readString(dump("new.jsonl", "c0ffee", 2, 8, false)).replace(root, local));
        String rootStep = "[{\"id\":10,\"type\":\"java.util.ArrayList\",\"root\":\"stack_local\",\"thread\":3,"
                + "\"thread_name\":\"worker-1\",\"depth\":4}]";

        Run diff = Run.ashwood("diff", old.toString(), now.toString(), "--json");
        assertEquals(0, diff.exit(), diff.toString());
        assertTrue(diff.out().contains("\"holders\":[{\"id\":10,") && diff.out().contains("\"path\":" + rootStep + "}]"),
                "the holder's path starts at the local with its thread, thread name and frame\n" + diff);
        Run path = Run.ashwood("query", now.toString(), "-e", "path 10", "--json");
        assertEquals(0, path.exit(), path.toString());
        assertTrue(path.out().contains("\"path\":" + rootStep), "path 10 gives the same step\n" + path);
        Run text = Run.ashwood("query", now.toString(), "-e", "path 10");
        assertTrue(text.out().contains("[stack_local (thread 3 \"worker-1\", frame 4)] 10 java.util.ArrayList"), text.toString());
    }

    /**
     * A new Foo that only its Finalizer refers to (and Foo's buffer) is the group "awaiting
     * finalization", in text and JSON; the new Finalizer itself is held by Finalizer.unfinalized.
     */
    @Test
    void newObjectsAwaitingFinalizationAreTheirOwnGroup() throws IOException {
        String finalizerClass = "{\"root\":\"system_class\",\"ref\":1}\n"
                + "{\"address\":1,\"type\":\"java.lang.Class\",\"size\":96,\"name\":\"java.lang.ref.Finalizer\",";
        Path old = dir.resolve("old-fin.jsonl");
        Files.writeString(old, header("f1a1", 1) + "\n" + finalizerClass + "\"refs\":[]}\n{\"footer\":{\"objects\":1}}\n");
        Path now = dir.resolve("new-fin.jsonl");
        Files.writeString(now, header("f1a1", 2) + "\n" + finalizerClass + "\"refs\":[20],\"fields\":[\"unfinalized\"]}\n"
                + "{\"address\":20,\"type\":\"java.lang.ref.Finalizer\",\"size\":40,\"refs\":[30],\"fields\":[\"referent\"]}\n"
                + "{\"address\":30,\"type\":\"Foo\",\"size\":24,\"refs\":[31],\"fields\":[\"buf\"]}\n"
                + "{\"address\":31,\"type\":\"byte[]\",\"size\":1016,\"len\":1000,\"refs\":[]}\n"
                + "{\"footer\":{\"objects\":4}}\n");
        Run run = Run.ashwood("diff", old.toString(), now.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().startsWith("awaiting finalization (held only by java.lang.ref.Finalizer.referent; they go once "
                + "finalize() has run): 1 new Foo object, 1.0 KiB in 2 new objects\n"), "the group, largest first\n" + run);
        assertFalse(run.out().contains("no single older object holds them"), "no object is left for that group\n" + run);
        Run json = Run.ashwood("diff", old.toString(), now.toString(), "--json");
        assertEquals(0, json.exit(), json.toString());
        assertTrue(json.out().contains("{\"id\":null,\"type\":null,\"group\":\"awaiting_finalization\",\"new_objects\":2,"
                + "\"new_bytes\":1040,\"top_type\":\"Foo\",\"top_count\":1,\"path\":[]}"), json.toString());
    }

    @Test
    void newAndGoneListTheObjectsAfterADiffInTheShell() throws IOException {
        Path old = dump("old.jsonl", "c0ffee", 1, 3, true);
        Path now = dump("new.jsonl", "c0ffee", 2, 8, false);
        Run run = Run.ashwood("query", now.toString(), "-e", "diff " + old, "-e", "new Cache$Item", "-e", "gone Leftover",
                "-e", "show 104");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("5 new objects of type Cache$Item (not in " + old + "), largest first:"), run.toString());
        for (int id = 106; id <= 114; id += 2) {
            assertTrue(run.out().contains(String.format("%20d %10d", id, 24)), "new lists item " + id + "\n" + run);
        }
        assertFalse(run.out().contains(String.format("%20d %10d", 104, 24)), "item 104 existed already\n" + run);
        assertTrue(run.out().contains("1 objects of type Leftover gone since " + old), run.toString());

        Run before = Run.ashwood("query", now.toString(), "-e", "new Cache$Item");
        assertEquals(1, before.exit(), "new without a diff is an error\n" + before);
        assertTrue(before.err().contains("run diff FILE first"), before.toString());
    }

    @Test
    void dumpsGivenInTheWrongOrderAreComparedAsTheirHeadersSay() throws IOException {
        Path old = dump("old.jsonl", "c0ffee", 1, 3, true);
        Path now = dump("new.jsonl", "c0ffee", 2, 8, false);
        Run run = Run.ashwood("diff", now.toString(), old.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals("java.util.ArrayList 10 (Cache.ITEMS) holds 5 new Cache$Item objects, 720 bytes in 10 new objects",
                run.out().lines().findFirst().orElse(""), "the same answer as in the right order\n" + run);
        assertTrue(run.out().contains("OLD " + now + " is the later dump (2 of series c0ffee; NEW is 1): compared "
                + old + " -> " + now), "a line says the order was taken from the headers\n" + run);
        assertTrue(run.out().contains(old + " -> " + now + ": 10 -> 19 objects (+9: 10 new, 1 gone)"), run.toString());

        // In the shell, diff FILE with FILE the later dump: new lists FILE's objects, gone the loaded heap's.
        Run shell = Run.ashwood("query", old.toString(), "-e", "diff " + now, "-e", "new Cache$Item", "-e", "gone Leftover");
        assertEquals(0, shell.exit(), shell.toString());
        assertTrue(shell.out().startsWith("java.util.ArrayList 10 (Cache.ITEMS) holds 5 new Cache$Item objects"), shell.toString());
        assertTrue(shell.out().contains(now + " is the later dump (2 of series c0ffee; the loaded heap is 1): compared the loaded heap -> "
                + now), shell.toString());
        assertTrue(shell.out().contains("5 new objects of type Cache$Item (not in the loaded heap; ids of " + now + "), largest first:"),
                shell.toString());
        for (int id = 106; id <= 114; id += 2) {
            assertTrue(shell.out().contains(String.format("%20d %10d", id, 24)), "new lists item " + id + " of the later dump\n" + shell);
        }
        assertTrue(shell.out().contains("1 objects of type Leftover of the loaded heap gone by " + now), shell.toString());
    }

    /**
     * After collapse the loaded heap's arrays are folded into their owners; FILE is collapsed too
     * before comparing, so the diff shows the items grow by their folded size and no array "gone".
     */
    @Test
    void diffAfterCollapseCollapsesTheFileAlike() throws IOException {
        Path old = dump("old.jsonl", "c0ffee", 1, 3, true);
        Path now = dump("new.jsonl", "c0ffee", 2, 8, false);
        Run run = Run.ashwood("query", now.toString(), "-e", "collapse", "-e", "diff " + old + " --top 0");
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains(old + " collapsed as the loaded heap was, so that their types compare alike"), run.toString());
        assertTrue(run.out().contains("          +720           +720         +5          8          5          0  Cache$Item"),
                "each item now carries its 120-byte array: 5 new items of 144 bytes\n" + run);
        assertFalse(run.out().contains(" byte[]\n"), "no byte[] row: the arrays are folded in both heaps\n" + run);
        assertTrue(run.out().contains("\njava.util.ArrayList 10 (Cache.ITEMS) holds 5 new Cache$Item objects, 720 bytes\n"),
                "the holder line comes right after collapse's own line\n" + run);
    }

    @Test
    void unrelatedDumpsArePerTypeAndSaySo() throws IOException {
        Path old = dump("old.jsonl", "aaaa", 1, 3, true);
        Path now = dump("new.jsonl", "bbbb", 1, 8, false);
        Run run = Run.ashwood("diff", old.toString(), now.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().startsWith("per type only: the dumps belong to different series (aaaa, bbbb)"), run.toString());
        assertTrue(run.out().contains("          +600           +600         +5          8            960  byte[]"),
                "bytes, retained bytes (each array retains itself: 3 -> 8 arrays of 120 bytes), count\n" + run);
        assertTrue(run.out().contains("          +120           +720         +5          8            192  Cache$Item"),
                "an item retains itself and its array: 3 -> 8 items of 24 + 120 bytes\n" + run);
        Run plain = Run.ashwood("diff", dump("p1.jsonl", null, 0, 1, false).toString(), now.toString());
        assertTrue(plain.out().startsWith("per type only: the older dump was not written with the agent option identity=keep"),
                plain.toString());
        Path otherJvm = dir.resolve("other-pid.jsonl");
        Files.writeString(otherJvm, Files.readString(dump("p2.jsonl", null, 0, 1, false)).replace("\"pid\":7,", "\"pid\":8,"));
        Run twoJvms = Run.ashwood("diff", otherJvm.toString(), now.toString());
        assertTrue(twoJvms.out().startsWith("per type only: the dumps are of two processes (pids 8 and 7), so no object can be the same\n"),
                "dumps of two JVMs name that, not a missing identity=keep\n" + twoJvms);
        Run shell = Run.ashwood("query", now.toString(), "-e", "diff " + old, "-e", "new byte[]");
        assertEquals(1, shell.exit(), shell.toString());
        assertTrue(shell.err().contains("new: the last diff is per type only"), shell.toString());
    }

    @Test
    void aMissingOrBadFileIsOneLineAndExitOne() throws IOException {
        Path now = dump("new.jsonl", "c0ffee", 2, 2, false);
        Run run = Run.ashwood("diff", dir.resolve("nope.jsonl").toString(), now.toString());
        assertEquals(1, run.exit(), run.toString());
        assertEquals("ashwood: " + dir.resolve("nope.jsonl") + ": no such file\n", run.err(), run.toString());
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"format\":\"ashwood-heap\",\"version\":1}\nnot json\n");
        Run broken = Run.ashwood("query", now.toString(), "-e", "diff " + bad);
        assertEquals(1, broken.exit(), broken.toString());
        String last = broken.err().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("ashwood: -e #1 (diff ") && last.contains("bad.jsonl:2: not JSON"), broken.toString());
        Run top = Run.ashwood("diff", now.toString(), now.toString(), "--top", "-1");
        assertEquals(1, top.exit(), top.toString());
    }
}
