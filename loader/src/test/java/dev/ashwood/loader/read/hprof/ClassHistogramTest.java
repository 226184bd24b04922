package dev.ashwood.loader.read.hprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real JVM's heap through `jcmd PID GC.heap_dump`, against `jcmd PID GC.class_histogram` of the
 * same quiescent process: per type, counts and bytes equal. HPROF records no sizes, so this checks
 * the field layouts and the inferred VM settings. The histogram is taken before and after the
 * dump; a type whose two histograms differ is changing under jcmd's own work and is left out
 * (counted in the message). Principled differences, also left out: {@code int[]} and
 * {@code jdk.internal.vm.FillerElement[]}, the dead space HotSpot fills with arrays (counted by the
 * histogram; JDK 25's dump writes its fillers as int[]), and on JDK 24+ {@code java.lang.Class},
 * whose archived mirrors of classes not loaded yet are in the heap but not in the dump.
 */
class ClassHistogramTest {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/temurin-25-jdk-amd64"})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void perTypeCountsAndBytesEqualTheClassHistogram(String home) throws Exception {
        Path javaHome = Path.of(home);
        Assumptions.assumeTrue(Files.isExecutable(javaHome.resolve("bin/java")), "no JDK at " + home);
        try (TargetJvm target = TargetJvm.start(javaHome, dir.resolve("target.err"), HistogramTarget.class, "-Xmx256m",
                "-XX:+UseSerialGC")) {
            target.jcmd("VM.version"); // the attach listener's own first-use objects come before what we compare
            Map<String, long[]> before = histogram(target.jcmd("GC.class_histogram"));
            Path file = dir.resolve("heap.hprof");
            target.jcmd("GC.heap_dump", file.toString());
            Map<String, long[]> after = histogram(target.jcmd("GC.class_histogram"));

            Heap heap = HeapLoader.load(file);
            Map<String, long[]> ours = new HashMap<>();
            for (int i = 0; i < heap.objectCount(); i++) {
                long[] cb = ours.computeIfAbsent(heap.type(i), k -> new long[2]);
                cb[0]++;
                cb[1] += heap.size(i);
            }
            boolean archivedMirrors = !home.contains("-17-");
            Map<String, String> expected = new TreeMap<>();
            Map<String, String> actual = new TreeMap<>();
            int unstable = 0;
            for (String type : after.keySet()) {
                long[] a = after.get(type);
                long[] b = before.getOrDefault(type, new long[2]);
                if (a[0] != b[0] || a[1] != b[1]) {
                    unstable++;
                    continue;
                }
                if (type.equals("int[]") || type.equals("jdk.internal.vm.FillerElement[]")
                        || (archivedMirrors && type.equals("java.lang.Class"))) {
                    continue;
                }
                long[] o = ours.getOrDefault(type, new long[2]);
                expected.put(type, a[0] + " objects, " + a[1] + " bytes");
                actual.put(type, o[0] + " objects, " + o[1] + " bytes");
            }
            assertTrue(expected.size() > 200 && unstable < 20, expected.size() + " types compared, " + unstable + " left out as unstable");
            assertTrue(expected.containsKey(HistogramTarget.class.getName() + "$Deeper")
                    && expected.containsKey("java.util.concurrent.atomic.Striped64$Cell")
                    && expected.containsKey("java.lang.Thread"), "the target's classes and contended JDK classes are compared");
            assertEquals(expected, actual, "per-type counts and bytes match GC.class_histogram (" + expected.size()
                    + " types; " + unstable + " changed between the two histograms and were left out)");
        }
    }

    private static Map<String, long[]> histogram(String text) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                rows.put(Hprof.typeName(m.group(3).replace('.', '/')), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
            }
        }
        return rows;
    }
}
