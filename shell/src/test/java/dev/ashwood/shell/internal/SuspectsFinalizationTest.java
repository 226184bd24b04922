package dev.ashwood.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code suspects} on a real agent dump of a JVM whose finalizer thread is stuck, with 150
 * finalizable objects of 64 KiB each queued behind it (as the 41 zip file systems of a Maven
 * build were): they are one "await finalization" line, not a suspect made of the Finalizer
 * class and its list. What awaits finalization is computed here from a plain reading of the file
 * (no loader): two breadth-first walks from the GC roots, with and without the
 * {@code Finalizer.referent} edges.
 */
class SuspectsFinalizationTest {
    private static final String PROGRAM = """
            import java.lang.ref.WeakReference;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.CountDownLatch;

            @SuppressWarnings({"deprecation", "removal"}) // finalize(), on purpose; a compiler note would come before "ready"
            public class Stuck {
                static final CountDownLatch STUCK = new CountDownLatch(1);
                static int finalized;

                static final class Blocker {
                    @Override
                    protected void finalize() throws InterruptedException {
                        STUCK.countDown();
                        new CountDownLatch(1).await(); // the finalizer thread runs nothing else
                    }
                }

                static final class Zipped {
                    final byte[] buffer = new byte[64 * 1024];

                    @Override
                    protected void finalize() {
                        finalized++; // not empty: HotSpot registers no Finalizer for an empty finalize()
                    }
                }

                public static void main(String[] args) throws Exception {
                    new Blocker();
                    long end = System.nanoTime() + 30_000_000_000L;
                    while (STUCK.getCount() > 0 && System.nanoTime() < end) {
                        System.gc();
                        Thread.sleep(20);
                    }
                    List<WeakReference<Zipped>> dropped = new ArrayList<>();
                    for (int i = 0; i < 150; i++) {
                        dropped.add(new WeakReference<>(new Zipped()));
                    }
                    // Cleared weak references: the objects were found finalizable and their Finalizers queued.
                    while (dropped.stream().anyMatch(w -> w.get() != null) && System.nanoTime() < end) {
                        System.gc();
                        Thread.sleep(20);
                    }
                    System.out.println(STUCK.getCount() == 0 ? "ready" : "stuck finalizer thread never ran");
                    System.out.flush();
                    Thread.sleep(120_000);
                }
            }
            """;

    private static final Pattern ROOT = Pattern.compile("^\\{\"root\":\"[^\"]*\",\"ref\":(\\d+)");
    private static final Pattern OBJECT = Pattern.compile("^\\{\"address\":(\\d+),\"type\":\"([^\"]*)\",\"size\":(\\d+)");
    private static final Pattern REFS = Pattern.compile("\"refs\":\\[([\\d,]*)\\]");
    private static final Pattern FIELDS = Pattern.compile("\"fields\":\\[([^\\]]*)\\]");

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void objectsAwaitingFinalizationAreOneLineAndTheFinalizerListIsNoSuspect(@TempDir Path dir) throws Exception {
        Path dump = LeakyCacheApp.dumpOf(dir, "Stuck", PROGRAM);
        Plain plain = Plain.read(dump);
        Set<Long> all = plain.reach(false);
        Set<Long> strong = plain.reach(true);
        long objects = 0;
        long bytes = 0;
        int zipped = 0;
        for (long id : all) {
            if (!strong.contains(id)) {
                objects++;
                bytes += plain.size.get(id);
                zipped += plain.type.get(id).equals("Stuck$Zipped") ? 1 : 0;
            }
        }
        assertEquals(150, zipped, "the 150 dropped objects are reached only through Finalizer.referent");

        Run json = Run.ashwood("query", dump.toString(), "-e", "suspects", "--json");
        assertEquals(0, json.exit(), json.toString());
        assertTrue(json.out().contains("\"finalization_objects\":" + objects + ",\"finalization_bytes\":" + bytes
                + ",\"finalization_types\":[{\"type\":\"Stuck$Zipped\",\"count\":150,"),
                "what awaits finalization is counted exactly, the Finalizers' referents named by type (" + objects
                        + " objects, " + bytes + " bytes)\n" + json);

        Run text = Run.ashwood("query", dump.toString(), "-e", "suspects");
        assertEquals(0, text.exit(), text.toString());
        assertTrue(text.out().contains("left out: " + objects + " objects, ")
                        && text.out().contains(" await finalization (held only by java.lang.ref.Finalizer.referent; "
                        + "they go once finalize() has run): 150 objects of type Stuck$Zipped retain "),
                "one line says what awaits finalization\n" + text);
        assertFalse(text.out().lines().anyMatch(l -> l.matches("\\d+\\. .*java\\.lang\\.ref\\.Finalizer.*")),
                "neither the Finalizer class nor a Finalizer is a suspect\n" + text);
    }

    /** The dump read line by line, without the loader: roots, and per object its type, size, refs and fields. */
    private record Plain(List<Long> roots, Map<Long, String> type, Map<Long, Long> size, Map<Long, long[]> refs,
                         Map<Long, String[]> fields) {
        static Plain read(Path file) throws IOException {
            Plain p = new Plain(new ArrayList<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher root = ROOT.matcher(line);
                Matcher object = OBJECT.matcher(line);
                if (root.find()) {
                    p.roots.add(Long.parseLong(root.group(1)));
                } else if (object.find()) {
                    long id = Long.parseLong(object.group(1));
                    p.type.put(id, object.group(2));
                    p.size.put(id, Long.parseLong(object.group(3)));
                    Matcher refs = REFS.matcher(line);
                    Matcher fields = FIELDS.matcher(line);
                    boolean hasRefs = refs.find() && !refs.group(1).isEmpty();
                    p.refs.put(id, hasRefs ? Arrays.stream(refs.group(1).split(",")).mapToLong(Long::parseLong).toArray() : new long[0]);
                    p.fields.put(id, hasRefs && fields.find() ? fields.group(1).replace("\"", "").split(",") : new String[0]);
                }
            }
            return p;
        }

        /** Ids the roots reach, following every reference or all but a Finalizer's referent. */
        Set<Long> reach(boolean skipFinalizerReferents) {
            Set<Long> seen = new HashSet<>(roots);
            ArrayDeque<Long> queue = new ArrayDeque<>(seen);
            while (!queue.isEmpty()) {
                long x = queue.poll();
                boolean finalizer = skipFinalizerReferents && "java.lang.ref.Finalizer".equals(type.get(x));
                long[] to = refs.getOrDefault(x, new long[0]);
                for (int k = 0; k < to.length; k++) {
                    if (!(finalizer && fields.get(x)[k].equals("referent")) && seen.add(to[k])) {
                        queue.add(to[k]);
                    }
                }
            }
            return seen;
        }
    }
}
