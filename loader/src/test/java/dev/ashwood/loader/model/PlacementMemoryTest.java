package dev.ashwood.loader.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.read.DumpReader;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jol.info.GraphLayout;

/**
 * Pins what loading holds while the parsed chunks become the model, on a dump of the benchmark's
 * generator (ids out of file order, 2.3 refs per object, as in the 30 M-object benchmark that ran
 * out of memory): measured with JOL at every step of {@link Placement}, not computed.
 *
 * <p>The 30 M-object failure was not more bytes but where they were: each chunk's refs in one
 * array of 1.4 MB, a G1 humongous object that a JDK 17 full collection does not move, left no run
 * of free regions for the model's refs array. So the parsed refs and addresses must stay in small
 * pages, and the loading peak in bytes must stay where docs/performance.md puts it.
 */
class PlacementMemoryTest {
    static final Path GENERATOR = Path.of("..", "test-fixtures", "generate", "GenerateDump.java");
    /** Half of G1's smallest region (1 MiB): an array this large or larger is humongous. */
    static final long HUMONGOUS = 512 << 10;

    @TempDir
    static Path dir;
    static Path dump;

    @BeforeAll
    static void generate() throws IOException, InterruptedException {
        // JOL walks records (ParsedChunk.origin), whose field offsets Unsafe does not give.
        System.setProperty("jol.magicFieldOffset", "true");
        dump = dir.resolve("gen.jsonl");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, GENERATOR.toString(), "--format", "ashwood", "--objects", "200000",
                "-o", dump.toString()).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the generator did not finish in 120 s");
        }
        assertEquals(0, p.exitValue(), "the generator succeeds: " + new String(p.getInputStream().readAllBytes()));
    }

    private static List<ParsedChunk> read(Tables tables) throws IOException {
        DumpReader.Result read = new DumpReader(dump, LoadOptions.defaults(), DumpReader.defaultMaxLineBytes()).read(tables);
        return new ArrayList<>(read.chunks());
    }

    /** The index the builder makes: dense here, since the generator writes ids 1..n. */
    private static AddressIndex index(List<ParsedChunk> chunks) {
        int records = chunks.stream().mapToInt(ParsedChunk::records).sum();
        long[] all = new long[records];
        int o = 0;
        for (ParsedChunk c : chunks) {
            for (int r = 0; r < c.records(); r++) {
                all[o++] = c.address.get(r);
            }
        }
        Arrays.sort(all);
        return AddressIndex.of(all);
    }

    @Test
    void parsedRefsAndAddressesAreSmallPages() throws IOException {
        List<ParsedChunk> chunks = read(new Tables());
        long refs = 0;
        long largest = 0;
        for (ParsedChunk c : chunks) {
            refs += c.refs.size();
            for (Object list : new Object[] {c.refs, c.address}) {
                GraphLayout layout = GraphLayout.parseInstance(list);
                for (long a : layout.addresses()) {
                    largest = Math.max(largest, layout.record(a).size());
                }
            }
        }
        assertTrue(refs > 3 * CompactLongs.PAGE, "the dump fills several pages: " + refs + " refs");
        assertTrue(largest < HUMONGOUS / 2, "the parsed refs and addresses are held in arrays a G1 full "
                + "collection can move (under " + HUMONGOUS / 2 + " bytes), the largest is " + largest);
    }

    @Test
    void placingPeaksWithinBudget() throws IOException {
        Tables tables = new Tables();
        List<ParsedChunk> chunks = read(tables);
        int chunkCount = chunks.size();
        AddressIndex index = index(chunks);
        long baseline = GraphLayout.parseInstance(tables.shapes, index).totalSize();
        Placement[] placement = new Placement[1];
        List<String> steps = new ArrayList<>();
        long[] held = new long[32];
        // Placement allocates each column just before the step that fills it, so the start of a
        // step sees the most it holds then; the end of run is the model alone.
        Placement.Runner measuring = (ids, task) -> {
            held[steps.size()] = GraphLayout.parseInstance(placement[0]).totalSize() - baseline;
            steps.add("step " + steps.size());
            ids.forEach(task);
        };
        placement[0] = new Placement(chunks, index, DumpKind.ASHWOOD, tables.shapes, false);
        assertTrue(placement[0].run(measuring), "placed");
        long model = GraphLayout.parseInstance(placement[0]).totalSize() - baseline;
        long objects = index.count();
        long refs = placement[0].refStart[index.count()];
        long peak = 0;
        int at = 0;
        for (int s = 0; s < steps.size(); s++) {
            if (held[s] > peak) {
                peak = held[s];
                at = s;
            }
        }
        // By design: the parsed records (type, value, shape ints, size, length and ref count as
        // two-byte values: 18 bytes) plus each record's index (4) and the offsets (4), with the
        // presized lists' room (at most a 16th: ParsedChunk.trimSlack), and the refs twice (parsed
        // and placed: 8 per ref), with a partly filled page of parsed refs per chunk.
        long budget = (long) (1.07 * 26 * objects) + 8 * refs + 4L * CompactLongs.PAGE * chunkCount;
        System.out.printf("placement: %d objects, %d refs; peak %.1f bytes/object at step %d of %d (budget %.1f), "
                + "model %.1f bytes/object, peak/model %.2f%n", objects, refs, (double) peak / objects, at, steps.size(),
                (double) budget / objects, (double) model / objects, (double) peak / model);
        assertTrue(peak <= budget, "placing holds at most the parsed records, their indexes, the offsets and the refs "
                + "twice (26 bytes per object with 7% room, 8 per ref, a page of refs per chunk): " + peak + " > " + budget);
        assertTrue(peak < 2 * model, "the loading peak stays under twice the final model (docs/performance.md): "
                + peak + " >= 2 x " + model);
    }
}
