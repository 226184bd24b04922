package dev.ashwood.loader.read.hprof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.Heap;
import dev.ashwood.loader.HeapLoader;
import dev.ashwood.loader.SummaryOptions;
import dev.ashwood.loader.TargetJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real JDK 17 heap dump (`jcmd PID GC.heap_dump`, plain and gzip) of {@link HistogramTarget}
 * with the default collector (G1, which maps the CDS archive's heap objects): what HPROF does not
 * say directly (primitive mirrors' names, the archive's objects that HotSpot leaves out), and
 * reading from a pipe.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HotSpotDumpTest {
    private static final Path JDK = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

    @TempDir
    static Path dir;
    static Path plain;
    static Path gzip;
    static Heap heap;

    @BeforeAll
    static void dump() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(JDK.resolve("bin/java")), "no JDK 17 at " + JDK);
        plain = dir.resolve("heap.hprof");
        gzip = dir.resolve("heap.hprof.gz");
        try (TargetJvm target = TargetJvm.start(JDK, dir.resolve("target.err"), HistogramTarget.class, "-Xmx256m")) {
            target.jcmd("GC.heap_dump", plain.toString());
            target.jcmd("GC.heap_dump", "-gz=1", gzip.toString());
        }
        heap = HeapLoader.load(plain);
    }

    @AfterAll
    static void release() {
        heap = null;
    }

    @Test
    void referencesToTheSharedArchivesObjectsAreCountedAndSaidToBeSo() {
        List<String> missing = heap.warnings().stream().filter(w -> w.contains(" references ")).toList();
        assertEquals(1, missing.size(), "HotSpot leaves the archived heap objects out, and the load says how many: " + heap.warnings());
        assertTrue(missing.get(0).matches(".*: \\d+ references name objects that are not in the dump \\(left out of the model\\): "
                + "most likely objects of the JVM's shared class-data archive \\(CDS\\), which HotSpot does not write into heap dumps"),
                "worded as what it is, not as corruption: " + missing.get(0));
    }

    @Test
    void primitiveMirrorsAreNamed() {
        Map<String, String> byBox = new TreeMap<>();
        Map<String, String> expected = new TreeMap<>();
        String[][] boxes = {{"java.lang.Boolean", "boolean"}, {"java.lang.Byte", "byte"}, {"java.lang.Character", "char"},
            {"java.lang.Short", "short"}, {"java.lang.Integer", "int"}, {"java.lang.Long", "long"},
            {"java.lang.Float", "float"}, {"java.lang.Double", "double"}, {"java.lang.Void", "void"}};
        for (String[] box : boxes) {
            expected.put(box[0], box[1]);
        }
        for (int i = 0; i < heap.objectCount(); i++) {
            if (heap.type(i).equals("java.lang.Class") && expected.containsKey(heap.name(i))) {
                int[] refs = heap.refs(i);
                for (int k = 0; k < refs.length; k++) {
                    if (heap.field(i, k).equals("TYPE")) {
                        byBox.put(heap.name(i), heap.type(refs[k]) + " " + heap.name(refs[k]));
                    }
                }
            }
        }
        expected.replaceAll((box, primitive) -> "java.lang.Class " + primitive);
        assertEquals(expected, byBox, "each box class's TYPE is the mirror of its primitive type, named as Class.getTypeName() prints it");
    }

    @Test
    void aPipeReadsAsTheFileDoes() throws Exception {
        String whole = heap.summarize(SummaryOptions.all()).toString();
        assertEquals(whole, throughFifo(plain).summarize(SummaryOptions.all()).toString(), "HPROF recognised by content in a FIFO");
        // The gzip dump is a second dump of the process (jcmd's own objects differ): compared with its file.
        assertEquals(HeapLoader.load(gzip).summarize(SummaryOptions.all()).toString(),
                throughFifo(gzip).summarize(SummaryOptions.all()).toString(), "gzip HPROF recognised by content in a FIFO");
    }

    /** Loads {@code file} through a named FIFO that a thread fills: read once, front to back, as a pipe or stdin is. */
    private static Heap throughFifo(Path file) throws Exception {
        Path fifo = dir.resolve("fifo-" + System.nanoTime());
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                Files.copy(file, out);
            } catch (IOException e) {
                // the reader failed first; its assertion says why
            }
        });
        writer.setDaemon(true);
        writer.start();
        try {
            return HeapLoader.load(fifo);
        } finally {
            writer.join(10_000);
        }
    }
}
