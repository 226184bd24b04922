package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.Retained;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code suspects} on a real HotSpot dump written without {@code --live}: the garbage it keeps
 * (unreached objects, such as HotSpot's filler arrays) is one "left out" line, not a suspect or a
 * group, and no group under the virtual root is made of GC roots (every class, every thread). The
 * garbage is counted here by a breadth-first walk from the GC roots over the loaded heap.
 */
class SuspectsNoiseTest {
    private static final Pattern GROUP = Pattern.compile(
            "\\{\"kind\":\"group\",\"id\":null,\"type\":\"([^\"]+)\",\"members\":(\\d+),");
    private static final Pattern OBJECT = Pattern.compile("\\{\"kind\":\"object\",\"id\":(\\d+),");

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void garbageIsOneLineAndRootsFormNoGroupOnARealHprofDump(@TempDir Path dir) throws Exception {
        Path hprof = dir.resolve("all.hprof");
        try (LeakyCacheApp app = LeakyCacheApp.start(300)) {
            Run dump = Run.ashwood("dump", Long.toString(app.pid()), "--hprof", "-o", hprof.toString());
            assertEquals(0, dump.exit(), "HotSpot's own dump, unreachable objects included\n" + dump);
        }
        double percent = 0.5;
        Run json = Run.ashwood("query", hprof.toString(), "-e", "suspects --threshold " + percent, "--json");
        assertEquals(0, json.exit(), json.toString());
        String out = json.out();

        Heap heap = HeapLoader.load(hprof);
        int n = heap.objectCount();
        boolean[] reached = reachedFromRoots(heap, false);
        long garbage = 0;
        long garbageBytes = 0;
        for (int i = 0; i < n; i++) {
            if (!reached[i]) {
                garbage++;
                garbageBytes += heap.size(i);
            }
        }
        assertTrue(garbage > 0, "a dump without --live keeps some garbage (else this test shows nothing)");
        assertTrue(out.contains("\"unreached_objects\":" + garbage + ",\"unreached_bytes\":" + garbageBytes
                + ",\"unreached_left_out\":true"), "the garbage is counted exactly, once (" + garbage + " objects, "
                + garbageBytes + " bytes)\n" + out);

        Matcher object = OBJECT.matcher(out);
        while (object.find()) {
            int i = heap.indexOf(Long.parseLong(object.group(1)));
            assertTrue(reached[i], "no garbage object is a suspect: " + object.group(1) + " " + heap.type(i));
        }
        // A group under the virtual root holds exactly the live, non-root objects of its type that
        // no single object holds, each under the threshold.
        long threshold = (long) Math.floor(percent / 100 * heap.totalBytes());
        Map<String, Integer> eligible = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Retained r = heap.retained(i);
            if (r.dominator() == Retained.VIRTUAL_ROOT && reached[i] && heap.roots(i).isEmpty() && r.bytes() <= threshold) {
                eligible.merge(heap.type(i), 1, Integer::sum);
            }
        }
        Matcher groups = GROUP.matcher(out);
        while (groups.find()) {
            Matcher group = groups;
            assertEquals(eligible.getOrDefault(group.group(1), 0).longValue(), Long.parseLong(group.group(2)),
                    "the group of " + group.group(1) + " under the virtual root counts no root and no garbage\n" + out);
        }

        Run text = Run.ashwood("query", hprof.toString(), "-e", "suspects --threshold " + percent);
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().contains("left out: " + garbage + " objects, "), "one line says how much garbage was left out\n" + text);

        // dominators marks the garbage at the top of the tree, exactly the objects the walk did not reach,
        // and the objects awaiting finalization: those the roots reach only through a Finalizer's referent.
        boolean[] strong = reachedFromRoots(heap, true);
        Run top = Run.ashwood("query", hprof.toString(), "-e", "dominators --top 0", "--json");
        assertEquals(0, top.exit(), top.toString());
        Matcher row = Pattern.compile("\\{\"id\":(\\d+),\"type\":\"[^\"]*\",\"size\":\\d+,\"retained_objects\":\\d+,"
                + "\"retained_bytes\":\\d+(,\"awaiting_finalization\":true)?(,\"unreached\":true)?\\}").matcher(top.out());
        long marked = 0;
        long rows = 0;
        int someGarbage = -1;
        while (row.find()) {
            rows++;
            int i = heap.indexOf(Long.parseLong(row.group(1)));
            assertEquals(reached[i] && !strong[i], row.group(2) != null,
                    "dominators marks " + row.group(1) + " awaiting finalization iff only a Finalizer's referent leads the roots to it");
            assertEquals(!reached[i], row.group(3) != null, "dominators marks " + row.group(1) + " unreached iff no root reaches it");
            if (row.group(3) != null) {
                marked++;
                someGarbage = i;
            }
        }
        assertEquals(Pattern.compile("\\{\"id\":\\d").matcher(top.out()).results().count(), rows,
                "the pattern reads every row of the JSON");
        assertEquals(garbage, marked, "every unreached object sits at the top of the tree, marked");
        Run marks = Run.ashwood("query", hprof.toString(), "-e", "dominators --top 0", "-e", "show " + heap.address(someGarbage));
        assertEquals(garbage, marks.out().lines().filter(l -> l.endsWith("  (garbage: no GC root reaches it)")).count(),
                "the text marks the same rows");
        assertTrue(marks.out().contains("  immediate dominator: none: no GC root reaches it (garbage the dump kept)"),
                "show says why a garbage object has no dominator");

        // A count before a type reads as an object's id ("below it: 2 java.util.HashMap$Node"): every count says what it counts.
        Matcher below = Pattern.compile("(?m)^   below it: (.*)$").matcher(text.out());
        int belowLines = 0;
        while (below.find()) {
            belowLines++;
            assertTrue(below.group(1).matches("(1 object of type \\S+ retains|\\d+ objects of type \\S+ retain) .*"),
                    "a 'below it' line says 'N objects of type T': " + below.group() + "\n" + text);
        }
        assertTrue(belowLines > 0, "the leaking cache's suspect says what lies below it\n" + text);
        Matcher group = GROUP.matcher(out);
        while (group.find()) {
            assertTrue(text.out().contains(". " + group.group(2) + (group.group(2).equals("1") ? " object" : " objects")
                    + " of type " + group.group(1) + " under the virtual root"), "a group's count says what it counts\n" + text);
        }
    }

    /** Which objects the GC roots reach (optionally never through a java.lang.ref.Finalizer's referent): a breadth-first walk. */
    private static boolean[] reachedFromRoots(Heap heap, boolean skipFinalizerReferents) {
        boolean[] seen = new boolean[heap.objectCount()];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int i = 0; i < seen.length; i++) {
            if (!heap.roots(i).isEmpty()) {
                seen[i] = true;
                queue.add(i);
            }
        }
        while (!queue.isEmpty()) {
            int from = queue.poll();
            boolean finalizer = skipFinalizerReferents && heap.type(from).equals("java.lang.ref.Finalizer");
            int[] refs = heap.refs(from);
            for (int k = 0; k < refs.length; k++) {
                if (!seen[refs[k]] && !(finalizer && heap.field(from, k).equals("referent"))) {
                    seen[refs[k]] = true;
                    queue.add(refs[k]);
                }
            }
        }
        return seen;
    }
}
