package dev.ashwood.scanner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ashwood.scanner.app.GraphTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Runs GraphTarget in a real child JVM with the real agent and checks its dumps exactly. One
 * target serves most tests of a JDK: it is dumped once per trigger up front (signal via jcmd,
 * attach, API) and the tests read those files; the tests that dump it again run in a fixed order
 * (by name). Tests that compare whole heaps get a quiescent target of their own. Subclasses
 * choose the JDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class)
abstract class AgentTestBase {
    static final String T = "dev.ashwood.scanner.app.GraphTarget$";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Made by hand: JUnit's @TempDir is not injected before a per-class @BeforeAll. */
    Path dir;

    TargetProcess target;
    DumpFile signalDump, attachDump, apiDump;
    Path signalFile, attachFile, apiFile;
    final Map<String, Boolean> answeredAfter = new LinkedHashMap<>();

    /** The JDK the target runs on; implementations skip (with a reason) when it is absent. */
    abstract Path javaHome();

    @BeforeAll
    void dumpTheTargetOncePerTrigger() throws Exception {
        dir = Files.createTempDirectory("ashwood-agent-test-");
        target = TargetProcess.start(javaHome(), "out=" + dir + "/signal-%p-%t.jsonl", dir, 0);
        target.jcmd(javaHome(), "JVMTI.data_dump");
        signalFile = awaitCompleteDump(dir, "signal-");
        awaitLogLines(target, "ashwood: dumped ", 1);
        answeredAfter.put("signal", target.responsive());
        attachFile = dir.resolve("attach.jsonl");
        DumpResult attached = RemoteDump.dump(target.pid, attachFile, TIMEOUT);
        answeredAfter.put("attach", target.responsive());
        apiFile = dir.resolve("api.jsonl");
        String api = target.ask("dump " + apiFile);
        answeredAfter.put("api", target.responsive());
        assertTrue(api.startsWith("dumped "), "the API dump succeeds: " + api);
        signalDump = new DumpFile(signalFile);
        attachDump = new DumpFile(attachFile);
        apiDump = new DumpFile(apiFile);
        assertEquals(attachDump.records.size(), attached.objects(), "RemoteDump reports the objects written");
    }

    @AfterAll
    void stopTarget() {
        if (target != null) {
            target.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // leftovers in /tmp are harmless; the test result matters more
        }
    }

    /** Waits for a file named prefix* in dir, other than those in `old`, to end with its footer line. */
    static Path awaitCompleteDump(Path dir, String prefix, Path... old) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Set<Path> skip = Set.of(old);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith(prefix) && !skip.contains(f)).toList()) {
                    String text = Files.readString(p);
                    if (text.endsWith("\n") && text.substring(text.lastIndexOf('\n', text.length() - 2) + 1).startsWith("{\"footer\"")) {
                        return p;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no complete " + prefix + "* dump in " + dir + " within " + TIMEOUT);
    }

    /** Waits until the target's stderr holds `count` lines starting with prefix: a signal dump is
     *  over (memory given back, a new dump may start) when it logs its outcome. */
    static void awaitLogLines(TargetProcess t, String prefix, int count) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (t.stderrText().lines().filter(l -> l.startsWith(prefix)).count() >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + count + " lines '" + prefix + "' in the target's stderr within " + TIMEOUT);
    }

    @Test
    void theAppAnswersAfterEveryTrigger() {
        assertEquals(Map.of("signal", true, "attach", true, "api", true), answeredAfter,
                "the target answers on stdin/stdout after each dump");
    }

    @Test
    void sigquitDumpsLikeJcmd() throws Exception {
        long logged = target.stderrText().lines().filter(l -> l.startsWith("ashwood: dumped ")).count();
        TargetProcess.run(List.of("kill", "-QUIT", Long.toString(target.pid)), Duration.ofSeconds(10));
        Path second = awaitCompleteDump(dir, "signal-", signalFile);
        awaitLogLines(target, "ashwood: dumped ", (int) logged + 1);
        assertEquals(targetSubgraph(signalDump), targetSubgraph(new DumpFile(second)),
                "SIGQUIT dumps the same target objects and edges as jcmd JVMTI.data_dump");
        assertTrue(target.responsive(), "the app answers after SIGQUIT (its thread dump went to stdout too)");
    }

    @Test
    void allThreeTriggersGiveEquivalentDumps() {
        Map<String, Integer> signal = targetSubgraph(signalDump);
        assertEquals(signal, targetSubgraph(attachDump), "attach dump shows the same target objects and edges as the signal dump");
        assertEquals(signal, targetSubgraph(apiDump), "API dump shows the same target objects and edges as the signal dump");
        assertEquals("signal", signalDump.header.get("trigger"), "the header names the trigger");
        assertEquals("attach", attachDump.header.get("trigger"), "the header names the trigger");
        assertEquals("api", apiDump.header.get("trigger"), "the header names the trigger");
    }

    /**
     * The target's own objects and class records as a multiset of id-free descriptions: type,
     * value and each edge as field -> target type (and value). Constant-pool edges are left out:
     * running the API call resolves more of GraphTarget's constant pool between dumps.
     */
    static Map<String, Integer> targetSubgraph(DumpFile d) {
        Map<String, Integer> out = new TreeMap<>();
        for (Map<String, Object> r : d.records) {
            String type = DumpFile.type(r);
            String name = (String) r.get("name");
            boolean mine = type.startsWith(T) || (name != null && name.startsWith("dev.ashwood.scanner.app."));
            if (!mine || type.contains("Lambda") || (name != null && name.contains("Lambda"))) {
                continue;
            }
            List<String> edges = new ArrayList<>();
            List<Object> fields = DumpFile.fields(r);
            for (int i = 0; i < fields.size(); i++) {
                if (!"<constant_pool>".equals(fields.get(i))) {
                    Map<String, Object> to = d.byId.get(DumpFile.refs(r).get(i));
                    edges.add(fields.get(i) + "->" + DumpFile.type(to) + ":" + to.get("name") + ":" + to.get("value"));
                }
            }
            edges.sort(null);
            out.merge(type + ":" + name + ":" + r.get("value") + ":" + r.get("size") + edges, 1, Integer::sum);
        }
        return out;
    }

    @Test
    void countsPerTypeOfTheTargetsClassesAreExact() {
        Map<String, Integer> expected = new TreeMap<>(Map.of(T + "Node", 3, T + "Derived", 1, T + "Marker", 2,
                T + "Holder", 1, T + "Parked", 1));
        Map<String, Integer> actual = new TreeMap<>();
        for (Map<String, Object> r : apiDump.records) {
            String type = DumpFile.type(r);
            if (type.startsWith(T) && !type.contains("Lambda")) {
                actual.merge(type, 1, Integer::sum);
            }
        }
        assertEquals(expected, actual, "each target class has exactly the instances GraphTarget made");
    }

    @Test
    void referencesCarryFieldNames() {
        DumpFile d = apiDump;
        Map<String, Object> holder = d.single(T + "Holder");
        Map<String, Object> holderClass = d.classNamed(T + "Holder");
        assertEquals(DumpFile.id(holder), DumpFile.ref(holderClass, "instance"), "a static field is named on its class's record");
        assertEquals(DumpFile.id(holder), DumpFile.ref(d.classNamed("dev.ashwood.scanner.app.GraphTarget"), "root"),
                "a static field of the outer class");
        assertEquals(DumpFile.id(d.classNamed(T + "Holder")), DumpFile.ref(holder, "<class>"), "every object refers to its class first");
        assertEquals("<class>", DumpFile.fields(holder).get(0), "<class> is the first field");

        Map<String, Object> a = d.byId.get(DumpFile.ref(holder, "head"));
        Map<String, Object> b = d.byId.get(DumpFile.ref(a, "next"));
        Map<String, Object> c = d.byId.get(DumpFile.ref(b, "next"));
        assertEquals(DumpFile.id(a), DumpFile.ref(c, "next"), "the three nodes form a cycle through 'next'");
        assertEquals("node payload", d.byId.get(DumpFile.ref(a, "payload")).get("value"), "an Object-typed field is named");

        Map<String, Object> derived = d.single(T + "Derived");
        assertEquals(T + "Marker", DumpFile.type(d.byId.get(DumpFile.ref(derived, "baseRef"))),
                "an inherited field keeps its name although an interface constant is numbered first");
        assertEquals(DumpFile.id(a), DumpFile.ref(derived, "ownRef"), "the class's own field comes after the inherited ones");
        Map<String, Object> tagged = d.classNamed(T + "Tagged");
        assertEquals(T + "Marker", DumpFile.type(d.byId.get(DumpFile.ref(tagged, "MARKER"))), "an interface constant is named on the interface");

        Map<String, Object> names = d.byId.get(DumpFile.ref(holder, "names"));
        assertEquals("java.lang.String[]", DumpFile.type(names), "array types read like Class.getTypeName()");
        assertEquals(List.of("<class>", 0L, 1L, 3L), DumpFile.fields(names), "array elements are named by index; null elements have no entry");
        assertEquals(4L, names.get("len"), "an array has its length");

        Map<String, Object> grid = d.byId.get(DumpFile.ref(holder, "grid"));
        assertEquals("int[][]", DumpFile.type(grid), "a two-dimensional array's type name");
        assertEquals("int[]", DumpFile.type(d.byId.get(DumpFile.ref(grid, 1))), "its rows are int[]");
        assertEquals(3L, d.byId.get(DumpFile.ref(grid, 1)).get("len"), "a row's length");
    }

    @Test
    void aHugeArrayKeepsEveryIndexThroughTheSpillFile() {
        Map<String, Object> wide = apiDump.byId.get(DumpFile.ref(apiDump.single(T + "Holder"), "wide"));
        List<Object> fields = DumpFile.fields(wide);
        assertEquals(300_001, fields.size(), "one field per element plus <class>");
        long derived = DumpFile.id(apiDump.single(T + "Derived"));
        boolean allIndexes = true;
        for (int i = 1; i < fields.size(); i++) {
            allIndexes &= ((Number) fields.get(i)).longValue() == i - 1 && DumpFile.refs(wide).get(i) == derived;
        }
        assertTrue(allIndexes, "indexes 0..299999 in order, each referring to the Derived object");
    }

    @Test
    void hiddenClassesKeepTheirSlashSuffix() {
        assertTrue(apiDump.records.stream().map(DumpFile::type)
                        .anyMatch(t -> t.matches("dev\\.ashwood\\.scanner\\.app\\.GraphTarget\\$\\$Lambda.*/0x[0-9a-f]+")),
                "the parker thread's lambda is written GraphTarget$$Lambda.../0x... as Class.getName() has it");
    }

    @Test
    void valuesNoneLeavesEveryValueOut() throws Exception {
        Path file = dir.resolve("no-values.jsonl");
        assertTrue(target.ask("dump " + file + " values=none").startsWith("dumped "), "the API dump with values=none succeeds");
        DumpFile d = new DumpFile(file);
        assertEquals(List.of(), d.records.stream().filter(r -> r.containsKey("value")).map(DumpFile::id).toList(),
                "no record carries a value");
        Map<String, Object> names = d.byId.get(DumpFile.ref(d.single(T + "Holder"), "names"));
        assertEquals((long) GraphTarget.HOSTILE.length(), d.byId.get(DumpFile.ref(names, 0)).get("len"), "strings keep their len");
        assertEquals(Map.of("values", "none"), d.header.get("options"), "the header records the option");
    }

    @Test
    void stringValuesAreExactAndCut() {
        Map<String, Object> names = apiDump.byId.get(DumpFile.ref(apiDump.single(T + "Holder"), "names"));
        Map<String, Object> hostile = apiDump.byId.get(DumpFile.ref(names, 0));
        assertEquals(GraphTarget.HOSTILE, hostile.get("value"), "quotes, backslashes, controls, emoji and lone surrogates survive");
        assertEquals((long) GraphTarget.HOSTILE.length(), hostile.get("len"), "len counts UTF-16 units");
        Map<String, Object> lng = apiDump.byId.get(DumpFile.ref(names, 1));
        assertEquals(GraphTarget.LONG.substring(0, 100), lng.get("value"), "a long string is cut at values=100");
        assertEquals(250L, lng.get("len"), "a cut string keeps its full length");
        Map<String, Object> straddle = apiDump.byId.get(DumpFile.ref(names, 3));
        assertEquals("a".repeat(99), straddle.get("value"), "a cut never splits a surrogate pair");
    }

    @Test
    void boxedPrimitivesCarryTheirValues() {
        Map<String, Object> boxes = apiDump.byId.get(DumpFile.ref(apiDump.single(T + "Holder"), "boxes"));
        List<Object> values = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            Map<String, Object> box = apiDump.byId.get(DumpFile.ref(boxes, i));
            values.add(box.get("value"));
            types.add(DumpFile.type(box).substring("java.lang.".length()));
        }
        assertEquals(List.of("Integer", "Long", "Double", "Double", "Float", "Character", "Short", "Byte", "Boolean"), types,
                "the boxes array holds one of each box");
        assertEquals(List.of(123456L, -5000000000L, 2.5, "NaN", 0.1, "\"", -300L, 7L, true), values,
                "boxed values are JSON numbers, NaN a string, a char a one-character string, a Boolean true/false");
    }

    @Test
    void primitiveArraysHaveLengthAndExactSize() {
        Map<String, Object> numbers = apiDump.byId.get(DumpFile.ref(apiDump.single(T + "Holder"), "numbers"));
        assertEquals("int[]", DumpFile.type(numbers), "primitive array type name");
        assertEquals(1000L, numbers.get("len"), "array length");
        assertEquals(16L + 4000L, numbers.get("size"), "size from the measured layout: 16-byte header + 4 bytes per int");
    }

    @Test
    void recordsKeepMeliaesKeyOrderAndTheFooterAddsUp() {
        List<String> order = List.of("address", "type", "size", "name", "len", "value", "refs", "fields");
        for (List<String> keys : apiDump.keyOrders) {
            List<String> expected = order.stream().filter(keys::contains).toList();
            assertEquals(expected, keys, "record keys follow Meliae's order, then fields");
        }
        long refs = apiDump.records.stream().mapToLong(r -> DumpFile.refs(r).size()).sum();
        long bytes = apiDump.records.stream().mapToLong(r -> ((Number) r.get("size")).longValue()).sum();
        assertEquals(List.of((long) apiDump.records.size(), refs, bytes, (long) apiDump.roots.size()),
                List.of(apiDump.footer.get("objects"), apiDump.footer.get("refs"), apiDump.footer.get("bytes"), apiDump.footer.get("roots")),
                "the footer counts what the file holds");
        assertEquals("ashwood-heap", apiDump.header.get("format"), "the header comes first");
        for (DumpFile d : List.of(signalDump, attachDump, apiDump)) {
            assertEquals(0L, d.footer.get("unknown_class_objects"),
                    "a quiescent target loads no class during the dump, so every object's type is named (" + d.header.get("trigger") + ")");
        }
        assertEquals(1L, apiDump.header.get("version"), "format version 1");
    }

    @Test
    void everyReferencedObjectHasARecordAndIdsAreDense() {
        Set<Long> missing = new HashSet<>();
        for (Map<String, Object> r : apiDump.records) {
            for (long id : DumpFile.refs(r)) {
                if (!apiDump.byId.containsKey(id)) {
                    missing.add(id);
                }
            }
        }
        assertEquals(Set.of(), missing, "every id in a refs list has its own record");
        for (Map<String, Object> root : apiDump.roots) {
            assertTrue(apiDump.byId.containsKey(((Number) root.get("ref")).longValue()), "every root names a record: " + root);
        }
        long max = apiDump.records.stream().mapToLong(DumpFile::id).max().orElse(0);
        assertTrue(max < apiDump.records.size() + 20_000, "ids are dense from 1 (classes that the walk did not reach leave gaps)");
    }

    /** docs/format.md: a stack or JNI local root always names its thread, on every JDK. */
    @Test
    void everyStackAndJniLocalRootNamesAThreadRecord() {
        List<Map<String, Object>> locals = apiDump.roots.stream()
                .filter(r -> "stack_local".equals(r.get("root")) || "jni_local".equals(r.get("root"))).toList();
        assertTrue(!locals.isEmpty(), "the target's threads hold stack locals");
        for (Map<String, Object> root : locals) {
            assertNotNull(root.get("thread"), "the root names its thread: " + root);
            Map<String, Object> thread = apiDump.byId.get(((Number) root.get("thread")).longValue());
            assertNotNull(thread, "the thread has its record: " + root);
        }
    }

    @Test
    void anObjectHeldOnlyByAParkedThreadsLocalIsAStackLocalRootOfThatThread() {
        long parked = DumpFile.id(apiDump.single(T + "Parked"));
        List<Map<String, Object>> roots = apiDump.roots.stream()
                .filter(r -> ((Number) r.get("ref")).longValue() == parked).toList();
        assertTrue(!roots.isEmpty(), "the Parked object is held by a root");
        for (Map<String, Object> root : roots) {
            assertEquals("stack_local", root.get("root"), "it is held by stack locals only (the lambda's and park's frames): " + roots);
            Map<String, Object> thread = apiDump.byId.get(((Number) root.get("thread")).longValue());
            assertNotNull(thread, "the root names its thread");
            assertEquals("ashwood-parker", apiDump.byId.get(DumpFile.ref(thread, "name")).get("value"),
                    "the root's thread is the parked thread");
        }
    }

    @Test
    void recursiveSizeAgreesWithTheDump() throws IOException {
        String[] answer = target.ask("size").split(" ");
        Map<String, Object> sized = apiDump.byId.get(DumpFile.ref(apiDump.single(T + "Holder"), "sized"));
        Set<Long> seen = new HashSet<>();
        List<Long> todo = new ArrayList<>(List.of(DumpFile.id(sized)));
        long bytes = 0;
        while (!todo.isEmpty()) {
            long id = todo.remove(todo.size() - 1);
            if (seen.add(id)) {
                Map<String, Object> r = apiDump.byId.get(id);
                bytes += ((Number) r.get("size")).longValue();
                List<Object> fields = DumpFile.fields(r);
                for (int i = 0; i < fields.size(); i++) {
                    if (!(fields.get(i) instanceof String s && s.startsWith("<"))) {
                        todo.add(DumpFile.refs(r).get(i));
                    }
                }
            }
        }
        assertEquals(List.of("size", Long.toString(seen.size()), Long.toString(bytes)), List.of(answer),
                "recursiveSize counts each object reachable through fields and elements once, with its dump size");
    }

    @Test
    void dumpFilesAre0600AndNeverOverwritten() throws Exception {
        for (Path p : List.of(signalFile, attachFile, apiFile)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), "dump files are private: " + p);
        }
        Path precious = dir.resolve("precious.jsonl");
        Files.writeString(precious, "precious");
        DumpException e = assertThrows(DumpException.class, () -> RemoteDump.dump(target.pid, precious, TIMEOUT));
        assertTrue(e.getMessage().contains("already exists"), "attach refuses an existing file: " + e.getMessage());
        String api = target.ask("dump " + precious);
        assertTrue(api.startsWith("error ") && api.contains("already exists"), "the API refuses an existing file: " + api);
        assertEquals("precious", Files.readString(precious), "the existing file is untouched");
        assertTrue(target.responsive(), "the app carries on");
    }

    @Test
    void aBadPathIsOneErrorAndTheAppCarriesOn() throws Exception {
        Path bad = dir.resolve("no-such-dir/x.jsonl");
        DumpException e = assertThrows(DumpException.class, () -> RemoteDump.dump(target.pid, bad, TIMEOUT));
        assertTrue(e.getMessage().contains("cannot create") && !e.getMessage().contains("\n"),
                "attach reports the file it cannot create in one line: " + e.getMessage());
        String api = target.ask("dump " + bad);
        assertTrue(api.startsWith("error cannot create " + bad), "the API names the file it cannot create: " + api);
        assertTrue(target.stderrText().contains("ashwood: attach refused: cannot create " + bad),
                "the target logs one ashwood: line");
        assertTrue(target.responsive(), "the app carries on");
    }

    @Test
    void remoteDumpErrorsAreOneLine() throws IOException {
        DumpException noPid = assertThrows(DumpException.class, () -> RemoteDump.dump(999_999_999L, dir.resolve("n.jsonl"), TIMEOUT));
        assertEquals("no process with pid 999999999", noPid.getMessage(), "a missing pid is named");
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long started = System.nanoTime();
            DumpException notAJvm = assertThrows(DumpException.class, () -> RemoteDump.dump(sleeper.pid(), dir.resolve("n.jsonl"), TIMEOUT));
            assertEquals("pid " + sleeper.pid() + " is not a JVM that accepts attach (it does not handle SIGQUIT, which every JVM"
                    + " does unless started with -Xrs)", notAJvm.getMessage(), "a process that is not a JVM is named");
            assertTrue(System.nanoTime() - started < 5_000_000_000L, "without waiting for the attach API's 10 s timeout");
            assertTrue(sleeper.isAlive(), "and without sending it SIGQUIT, which would kill it");
        } finally {
            sleeper.destroy();
        }
    }

    /**
     * The JVM sets the C library's locale from the environment; under a German one printf writes
     * 2.5 as "2,5". A dump made there, by the API and by attach, must still be JSON on every line
     * (DumpFile parses each strictly) with its boxed doubles and floats exact.
     */
    @Test
    void dumpsUnderAGermanLocaleAreJsonOnEveryLine() throws Exception {
        Path own = Files.createDirectory(dir.resolve("german"));
        Path locales = Files.createDirectory(own.resolve("locale"));
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/localedef")), "no localedef to build a de_DE.UTF-8 locale");
        TargetProcess.run(List.of("/usr/bin/localedef", "-i", "de_DE", "-f", "UTF-8", locales.resolve("de_DE.UTF-8").toString()),
                Duration.ofSeconds(60));
        List<String> german = List.of("env", "LOCPATH=" + locales, "LANG=de_DE.UTF-8", "LC_ALL=de_DE.UTF-8");
        try (TargetProcess t = TargetProcess.start(german, javaHome(), "", own, 0)) {
            String language = t.jcmd(javaHome(), "VM.system_properties");
            assertTrue(language.contains("user.language=de"), "the target runs under the German locale");
            Path api = own.resolve("api.jsonl");
            assertTrue(t.ask("dump " + api).startsWith("dumped "), "the API dump succeeds");
            Path attach = RemoteDump.dump(t.pid, own.resolve("attach.jsonl"), TIMEOUT).file();
            for (Path file : List.of(api, attach)) {
                DumpFile d = new DumpFile(file);
                Map<String, Object> boxes = d.byId.get(DumpFile.ref(d.single(T + "Holder"), "boxes"));
                assertEquals(List.of(2.5, 0.1), List.of(d.byId.get(DumpFile.ref(boxes, 2)).get("value"),
                        d.byId.get(DumpFile.ref(boxes, 4)).get("value")),
                        "boxed Double 2.5 and Float 0.1 are JSON numbers with a decimal point (" + file.getFileName() + ")");
            }
        }
    }

    /** out=...gz, dump=...gz and the API with a .gz name write one complete gzip stream holding the same dump. */
    @Test
    void aGzNameGivesAGzipDumpOfTheSameObjects() throws Exception {
        Path api = dir.resolve("api.jsonl.gz");
        assertTrue(target.ask("dump " + api).startsWith("dumped "), "the API dump to .gz succeeds");
        Path attach = dir.resolve("attach.jsonl.gz");
        DumpResult attached = RemoteDump.dump(target.pid, attach, TIMEOUT);
        for (Path p : List.of(api, attach)) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(p), 2);
            assertEquals(List.of((byte) 0x1f, (byte) 0x8b), List.of(head[0], head[1]), "a gzip file: " + p);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), "private: " + p);
        }
        DumpFile gzApi = new DumpFile(api);
        DumpFile gzAttach = new DumpFile(attach);
        assertEquals(targetSubgraph(apiDump), targetSubgraph(gzApi), "the gzip API dump holds the target's objects and edges");
        assertEquals(targetSubgraph(attachDump), targetSubgraph(gzAttach), "the gzip attach dump holds them too");
        assertEquals(attached.objects(), (long) gzAttach.records.size(), "RemoteDump reports the objects of the gzip dump");
        assertEquals((long) gzApi.records.size(), gzApi.footer.get("objects"), "the footer, inside the stream, counts its records");
        assertTrue(Files.size(api) * 4 < Files.size(apiFile), "gzip makes the dump at least 4x smaller: "
                + Files.size(api) + " against " + Files.size(apiFile) + " bytes");
    }

    /** Count and bytes of every type in a dump. */
    static Map<String, long[]> perType(DumpFile d) {
        Map<String, long[]> out = new TreeMap<>();
        for (Map<String, Object> r : d.records) {
            long[] cb = out.computeIfAbsent(DumpFile.type(r), k -> new long[2]);
            cb[0]++;
            cb[1] += ((Number) r.get("size")).longValue();
        }
        return out;
    }

    /** perType as text, for assertEquals to show the types that differ. */
    static Map<String, String> perTypeText(DumpFile d) {
        Map<String, String> out = new TreeMap<>();
        perType(d).forEach((type, cb) -> out.put(type, cb[0] + " objects, " + cb[1] + " bytes"));
        return out;
    }

    /**
     * Attach learns its outcome from files, without running Java code in the target: a signal
     * dump and two attach dumps in a row of the same quiescent process hold the same objects,
     * type by type, and the target keeps no trace (no system property, no outcome file).
     */
    @Test
    void attachAndSignalDumpsOfAQuiescentProcessAgreeTypeByType() throws Exception {
        Path own = Files.createDirectory(dir.resolve("quiescent"));
        try (TargetProcess quiet = TargetProcess.start(javaHome(), "out=" + own + "/signal-%p.jsonl", own, 0)) {
            quiet.jcmd(javaHome(), "JVMTI.data_dump");
            DumpFile signal = new DumpFile(awaitCompleteDump(own, "signal-"));
            DumpFile first = new DumpFile(RemoteDump.dump(quiet.pid, own.resolve("attach-1.jsonl"), TIMEOUT).file());
            DumpFile second = new DumpFile(RemoteDump.dump(quiet.pid, own.resolve("attach-2.jsonl"), TIMEOUT).file());
            assertEquals(perTypeText(signal), perTypeText(first), "an attach dump holds what a signal dump of the same quiescent process holds");
            assertEquals(perTypeText(first), perTypeText(second), "a second attach dump holds what the first held: the first left nothing behind");
            String properties = quiet.jcmd(javaHome(), "VM.system_properties");
            assertEquals(List.of(), properties.lines().filter(l -> l.startsWith("ashwood")).toList(),
                    "no ashwood system property in the target");
            try (Stream<Path> files = Files.list(own)) {
                assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".outcome")).toList(),
                        "no outcome file is left beside the dumps");
            }
            assertTrue(quiet.responsive(), "the app answers after the dumps");
        }
    }

    /**
     * Compared for the target's classes and JDK types that the two diagnostic commands do not
     * create themselves. Principled differences elsewhere: the histogram also counts the dead
     * space HotSpot fills with int[] (JDK 25: jdk.internal.vm.FillerElement[]) objects, and the
     * temporary objects (String, byte[], reflection) of the jcmd operation running while it counts,
     * which are unreachable by the time the dump walks the heap.
     */
    @Test
    void perTypeCountsAndBytesAgreeWithTheClassHistogram() throws Exception {
        // A target of its own: the shared one has run API dumps and answered pings, whose
        // garbage and caches are not what this compares.
        String histogram;
        Path file = dir.resolve("after-histogram.jsonl");
        try (TargetProcess quiet = TargetProcess.start(javaHome(), "", dir, 0)) {
            histogram = quiet.jcmd(javaHome(), "GC.class_histogram");
            RemoteDump.dump(quiet.pid, file, TIMEOUT);
        }
        Map<String, long[]> ours = perType(new DumpFile(file));
        Map<String, long[]> theirs = Histogram.parse(histogram);
        List<String> types = new ArrayList<>(List.of(T + "Node", T + "Derived", T + "Marker", T + "Holder", T + "Parked",
                "long[]", "java.lang.Integer", "java.lang.Long", "java.lang.Class",
                "java.util.HashMap", "java.util.HashMap$Node", "java.util.concurrent.ConcurrentHashMap"));
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (String type : types) {
            long[] h = theirs.getOrDefault(type, new long[2]);
            long[] o = ours.getOrDefault(type, new long[2]);
            expected.put(type, h[0] + " objects, " + h[1] + " bytes");
            actual.put(type, o[0] + " objects, " + o[1] + " bytes");
        }
        assertEquals(expected, actual, "per-type counts and bytes match GC.class_histogram on a quiescent target");
    }
}
