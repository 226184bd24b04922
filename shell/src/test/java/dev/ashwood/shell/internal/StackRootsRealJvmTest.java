package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.GcRoot;
import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JVM whose thread "ashwood-holder" keeps the only Holder$Held in a local variable while it
 * waits, dumped by the agent (JSONL) and by HotSpot ({@code jcmd GC.heap_dump}, HPROF): both loaded
 * models say the Held is a stack root of that thread, at the frame depth {@code jcmd Thread.print}
 * shows for Holder.hold, as a plain reading of the JSONL file does; converting the HPROF file to
 * JSONL and collapsing keep it; show and path print it.
 */
class StackRootsRealJvmTest {
    private static final String THREAD = "ashwood-holder";
    private static final String HELD = "Holder$Held";
    private static final String PROGRAM = """
            import java.lang.ref.Reference;

            public class Holder {
                static final class Held {
                    final byte[] payload = new byte[4096];
                }

                /** A class of its own, not a lambda: a lambda's hidden frame would be counted by some tools and not others. */
                static final class HolderThread extends Thread {
                    HolderThread() {
                        super("%s");
                        setDaemon(true);
                    }

                    @Override
                    public void run() {
                        hold();
                    }
                }

                static final Object PARK = new Object();
                static volatile boolean parked;

                static void hold() {
                    Held held = new Held();
                    synchronized (PARK) {
                        parked = true;
                        try {
                            PARK.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    Reference.reachabilityFence(held);
                }

                public static void main(String[] args) throws Exception {
                    new HolderThread().start();
                    while (!parked) {
                        Thread.sleep(10);
                    }
                    synchronized (PARK) {
                        // taken once the holder waits (wait released it)
                    }
                    System.out.println("ready");
                    System.out.flush();
                    Thread.sleep(170_000);
                }
            }
            """.formatted(THREAD);

    /** The depth of Holder.hold in the holder thread's stack as jcmd Thread.print lists it (0 the top frame). */
    private static int holdDepth(Path javaHome, long pid) throws IOException, InterruptedException {
        Path jcmd = javaHome.resolve("bin/jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        String block = out.substring(out.indexOf("\"" + THREAD + "\""));
        block = block.substring(0, block.indexOf("\n\n"));
        List<String> frames = block.lines().filter(l -> l.startsWith("\tat ")).toList();
        for (int d = 0; d < frames.size(); d++) {
            if (frames.get(d).startsWith("\tat Holder.hold(")) {
                return d;
            }
        }
        throw new AssertionError("no Holder.hold frame in\n" + block);
    }

    /** What a plain line-by-line reading of a JSONL dump says: Held's id, and its stack roots' thread ids and depths. */
    private record Plain(long held, List<long[]> stackRoots, String threadName) {
        static Plain read(Path file) throws IOException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            long held = -1;
            for (String l : lines) {
                if (l.contains("\"type\":\"" + HELD + "\"")) {
                    assertEquals(-1, held, "one Held in the heap");
                    held = number(l, "address");
                }
            }
            List<long[]> roots = new ArrayList<>();
            for (String l : lines) {
                if (l.startsWith("{\"root\":\"stack_local\",\"ref\":" + held + ",")) {
                    roots.add(new long[] {number(l, "thread"), number(l, "depth")});
                }
            }
            assertEquals(1, roots.size(), "one frame holds the Held: " + file);
            long thread = roots.get(0)[0];
            String threadLine = lines.stream().filter(l -> l.startsWith("{\"address\":" + thread + ",")).findFirst().orElseThrow();
            List<String> refs = List.of(between(threadLine, "\"refs\":[", "]").split(","));
            List<String> fields = List.of(between(threadLine, "\"fields\":[", "]").split(","));
            String name = refs.get(fields.indexOf("\"name\""));
            String nameLine = lines.stream().filter(l -> l.startsWith("{\"address\":" + name + ",")).findFirst().orElseThrow();
            return new Plain(held, roots, between(nameLine, "\"value\":\"", "\""));
        }

        private static long number(String line, String key) {
            Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(line);
            assertTrue(m.find(), key + " in " + line);
            return Long.parseLong(m.group(1));
        }

        private static String between(String line, String start, String end) {
            int from = line.indexOf(start) + start.length();
            return line.substring(from, line.indexOf(end, from));
        }
    }

    private static List<GcRoot> stackRoots(Heap h, int index) {
        return h.gcRoots(index).stream().filter(r -> r.kind().equals("stack_local")).toList();
    }

    /**
     * Every root of every object by address, sorted: what collapse and conversion must keep (an
     * object's roots come in the order the file first named each kind, which conversion may change).
     */
    private static List<String> allRoots(Heap h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.objectCount(); i++) {
            for (GcRoot r : h.gcRoots(i)) {
                out.add(h.address(i) + " " + r);
            }
        }
        out.sort(null);
        return out;
    }

    /** Equal lists, or a message naming the first few entries only one of them has (thousands of roots). */
    private static void sameRoots(List<String> expected, List<String> actual, String rule) {
        if (!expected.equals(actual)) {
            List<String> missing = expected.stream().filter(r -> !actual.contains(r)).limit(5).toList();
            List<String> extra = actual.stream().filter(r -> !expected.contains(r)).limit(5).toList();
            throw new AssertionError(rule + ": " + expected.size() + " roots before, " + actual.size() + " after; lost "
                    + missing + ", gained " + extra);
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void onThisJdk(@TempDir Path dir) throws Exception {
        aLocalVariableIsAStackRootOfItsNamedThreadInBothDumpsAndStaysOne(Path.of(System.getProperty("java.home")), dir);
    }

    /** JDK 21+ walks stacks differently (the agent tags threads first for it; HotSpot's dumper changed too). */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void onJdk25(@TempDir Path dir) throws Exception {
        String home = System.getProperty("ashwood.jdk25.home", "");
        Assumptions.assumeTrue(!home.isEmpty() && Files.isExecutable(Path.of(home, "bin", "jcmd")),
                "no JDK 25 at '" + home + "' (set -Dashwood.jdk25.home)");
        aLocalVariableIsAStackRootOfItsNamedThreadInBothDumpsAndStaysOne(Path.of(home), dir);
    }

    private void aLocalVariableIsAStackRootOfItsNamedThreadInBothDumpsAndStaysOne(Path javaHome, Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("Holder.java"), PROGRAM);
        Path jsonl = dir.resolve("holder.jsonl");
        Path hprof = dir.resolve("holder.hprof");
        int depth;
        try (LeakyCacheApp app = LeakyCacheApp.startSource(javaHome, source)) {
            String pid = Long.toString(app.pid());
            depth = holdDepth(javaHome, app.pid());
            Run agent = Run.ashwood("dump", pid, "-o", jsonl.toString(), "--timeout", "60");
            assertEquals(0, agent.exit(), agent.toString());
            Run hotspot = Run.ashwood("dump", pid, "--hprof", "-o", hprof.toString());
            assertEquals(0, hotspot.exit(), hotspot.toString());
            assertEquals(depth, holdDepth(javaHome, app.pid()), "the holder did not move between the dumps");
        }

        Plain plain = Plain.read(jsonl);
        assertEquals(THREAD, plain.threadName(), "the agent's root names the holder thread");
        assertEquals(depth, plain.stackRoots().get(0)[1], "the agent's depth is Holder.hold's frame in Thread.print");

        Heap agent = HeapLoader.load(jsonl);
        GcRoot expected = new GcRoot("stack_local", plain.stackRoots().get(0)[0], THREAD, depth);
        assertEquals(List.of(expected), stackRoots(agent, agent.find(plain.held())),
                "the loaded JSONL dump: a stack root of the holder thread, named, at Holder.hold's frame");

        Heap hotspot = HeapLoader.load(hprof);
        int[] held = hotspot.all(HELD);
        assertEquals(1, held.length, "one Held in the HPROF dump");
        List<GcRoot> fromHprof = stackRoots(hotspot, held[0]);
        assertEquals(1, fromHprof.size(), "one frame holds it: " + fromHprof);
        GcRoot h = fromHprof.get(0);
        assertEquals(THREAD, h.threadName(), "the HPROF dump's root names the holder thread: " + h);
        assertEquals(depth, h.depth(), "HotSpot's frame number is Holder.hold's frame in Thread.print: " + h);
        assertEquals("Holder$HolderThread", hotspot.type(hotspot.find(h.thread())), "the thread is the holder's Thread object");

        Path converted = dir.resolve("converted.jsonl");
        Run convert = Run.ashwood("convert", hprof.toString(), "-o", converted.toString());
        assertEquals(0, convert.exit(), convert.toString());
        Plain plainConverted = Plain.read(converted);
        assertEquals(THREAD, plainConverted.threadName(), "the converted file's root names the holder thread");
        assertEquals(List.of(hotspot.address(held[0]), h.thread(), (long) depth),
                List.of(plainConverted.held(), plainConverted.stackRoots().get(0)[0], plainConverted.stackRoots().get(0)[1]),
                "the converted file writes the root's thread and depth as format.md says");
        Heap back = HeapLoader.load(converted);
        sameRoots(allRoots(hotspot), allRoots(back), "HPROF -> JSONL -> load keeps every root with its thread and frame");

        for (Heap heap : List.of(agent, hotspot)) {
            List<String> before = allRoots(heap);
            assertTrue(heap.collapse() > 0, "collapse folds something (each Held's private payload at least)");
            List<String> after = allRoots(heap);
            sameRoots(before, after, "collapse keeps every root with its thread and frame");
        }

        String id = Long.toString(plain.held());
        Run show = Run.ashwood("query", jsonl.toString(), "-e", "show " + id);
        assertEquals(0, show.exit(), show.toString());
        String text = "stack_local (thread " + expected.thread() + " \"" + THREAD + "\", frame " + depth + ")";
        assertTrue(show.out().contains("  GC root: " + text), "show names the thread and frame\n" + show);
        Run json = Run.ashwood("query", jsonl.toString(), "-e", "show " + id, "-e", "path " + id, "--json");
        assertEquals(0, json.exit(), json.toString());
        String keys = "\"root\":\"stack_local\",\"thread\":" + expected.thread() + ",\"thread_name\":\"" + THREAD + "\",\"depth\":" + depth;
        assertTrue(json.out().contains("\"stack_roots\":[{" + keys + "}]"), "show --json lists the stack root\n" + json);
        assertTrue(json.out().contains("\"path\":[{\"id\":" + id + ",\"type\":\"" + HELD + "\"," + keys + "}]"),
                "path --json: the Held is its own root, with thread and frame\n" + json);
        Run path = Run.ashwood("query", jsonl.toString(), "-e", "path " + id);
        assertTrue(path.out().contains("[" + text + "] " + id + " " + HELD), "path names the thread and frame\n" + path);
    }
}
