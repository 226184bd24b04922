import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a synthetic dump of about N objects with the shape of a real application heap, in
 * ashwood or Meliae format, for the loader benchmark and for trying the shell on big heaps.
 *
 * <pre>
 * java test-fixtures/generate/GenerateDump.java --format ashwood|meliae --objects 3000000 -o FILE [--gzip] [--seed N]
 *     [--pid N] [--time ISO-8601]
 * </pre>
 *
 * The heap: a registry of maps (1000 accounts each); an account has a name (a String shared with
 * the map's key, with its own bytes), a boxed balance and a history list of 0-6 transactions whose
 * memos come from a small shared set, as interned strings do; plus classes with statics (JVM) or
 * types and modules with their dicts (Python). About 11 objects and 12 references per account.
 * --pid and --time set the ashwood header's (default 1 and 2026-11-21T00:00:00Z), so a set of
 * files can stand for dumps of several processes over time (the Spark benchmark's fleet).
 * The same seed gives the same file. The file is created 0600 and never overwrites one.
 */
public final class GenerateDump {
    private static final int ACCOUNTS_PER_MAP = 1000;
    private static final int MEMOS = 50;

    private final Random random;
    private final Out out;
    private final boolean jvm;
    private final long target;
    private long nextId = 1;
    private long objects;
    private long refs;
    private long bytes;

    private long pid = 1;
    private String time = "2026-11-21T00:00:00Z";

    private GenerateDump(OutputStream sink, boolean jvm, long target, long seed) {
        this.jvm = jvm;  // before Out, which picks its separators from it
        this.out = new Out(sink);
        this.target = target;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        String format = "ashwood";
        long count = 3_000_000;
        Path file = null;
        boolean gzip = false;
        long seed = 42;
        long pid = 1;
        String time = "2026-11-21T00:00:00Z";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--format" -> format = args[++i];
                case "--objects" -> count = Long.parseLong(args[++i].replace("_", ""));
                case "-o" -> file = Path.of(args[++i]);
                case "--gzip" -> gzip = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                case "--time" -> time = java.time.Instant.parse(args[++i]).toString();
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (file == null || !(format.equals("ashwood") || format.equals("meliae")) || count < 1000) {
            usage("need --format ashwood|meliae, --objects (at least 1000) and -o FILE");
        }
        if (Files.exists(file)) {
            usage(file + " exists; not overwriting it");
        }
        long start = System.nanoTime();
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.WRITE);
                OutputStream sink = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw) {
            GenerateDump g = new GenerateDump(sink, format.equals("ashwood"), count, seed);
            g.pid = pid;
            g.time = time;
            if (g.jvm) {
                g.jvmHeap();
            } else {
                g.pythonHeap();
            }
            g.out.flush();
            System.err.printf("wrote %s: %d objects, %d refs, %d bytes of heap, in %.1f s%n", file, g.objects,
                    g.refs, g.bytes, (System.nanoTime() - start) / 1e9);
        }
    }

    private static void usage(String problem) {
        System.err.println("GenerateDump: " + problem);
        System.err.println("usage: java GenerateDump.java --format ashwood|meliae --objects N -o FILE [--gzip] [--seed N] [--pid N] [--time ISO-8601]");
        System.exit(2);
    }

    // ---- JVM heap ----

    private long classString;
    private long classBytes;
    private long classLong;
    private long classAccount;
    private long classTransaction;
    private long classArrayList;
    private long classObjects;
    private long classMap;
    private long classNode;
    private long classNodes;

    private void jvmHeap() throws IOException {
        out.text("{\"format\":\"ashwood-heap\",\"version\":1,\"vm\":\"synthetic\",\"vm_version\":\"17\","
                + "\"pid\":" + pid + ",\"time\":\"" + time + "\",\"trigger\":\"api\",\"options\":{\"values\":100}}\n");
        String[] names = {"java.lang.String", "byte[]", "java.lang.Long", "app.Account", "app.Transaction",
            "java.util.ArrayList", "java.lang.Object[]", "java.util.HashMap", "java.util.HashMap$Node",
            "java.util.HashMap$Node[]", "app.Registry"};
        int fillerClasses = 1500;
        long firstClass = nextId;
        nextId += names.length + fillerClasses;
        long registry = nextId++;
        long memoBase = nextId;
        nextId += 2L * MEMOS;
        for (long c = firstClass; c < registry; c++) {
            out.text("{\"root\":\"system_class\",\"ref\":").num(c).text("}\n");
        }
        classString = firstClass;
        classBytes = firstClass + 1;
        classLong = firstClass + 2;
        classAccount = firstClass + 3;
        classTransaction = firstClass + 4;
        classArrayList = firstClass + 5;
        classObjects = firstClass + 6;
        classMap = firstClass + 7;
        classNode = firstClass + 8;
        classNodes = firstClass + 9;
        for (int i = 0; i < names.length; i++) {
            long c = firstClass + i;
            if (names[i].equals("app.Registry")) {
                record(c, "java.lang.Class", 160).name(names[i]).refs(new long[] {registry}, "\"MAPS\"").end();
            } else {
                record(c, "java.lang.Class", 160).name(names[i]).noRefs().end();
            }
        }
        for (int i = 0; i < fillerClasses; i++) {
            record(firstClass + names.length + i, "java.lang.Class", 96 + 8 * (i % 20)).name("lib.pkg" + i % 40 + ".Type" + i)
                    .noRefs().end();
        }
        for (int m = 0; m < MEMOS; m++) {
            jvmString(memoBase + 2L * m, "memo number " + m + " of the shared set");
        }
        List<Long> maps = new ArrayList<>();
        while (objects < target - 20) {
            maps.add(jvmMap());
        }
        long[] mapRefs = new long[maps.size() + 1];
        String[] fields = new String[maps.size() + 1];
        mapRefs[0] = classObjects;
        fields[0] = "\"<class>\"";
        for (int i = 0; i < maps.size(); i++) {
            mapRefs[i + 1] = maps.get(i);
            fields[i + 1] = Integer.toString(i);
        }
        record(registry, "java.lang.Object[]", 16 + 4L * maps.size()).len(maps.size()).refs(mapRefs, fields).end();
        out.text("{\"root\":\"jni_global\",\"ref\":").num(registry).text("}\n");
        out.text("{\"footer\":{\"objects\":").num(objects).text(",\"refs\":").num(refs).text(",\"bytes\":")
                .num(bytes).text(",\"roots\":").num(registry - firstClass + 1).text(",\"elapsed_ms\":0}}\n");
    }

    private void jvmString(long id, String value) throws IOException {
        record(id, "java.lang.String", 24).len(value.length()).value(value)
                .refs(new long[] {classString, id + 1}, "\"<class>\"", "\"value\"").end();
        record(id + 1, "byte[]", 16 + (value.length() + 7) / 8 * 8).len(value.length())
                .refs(new long[] {classBytes}, "\"<class>\"").end();
    }

    /** A HashMap of accounts keyed by their names; returns the map's id. */
    private long jvmMap() throws IOException {
        int slots = 2048;
        long map = nextId++;
        long table = nextId++;
        long[] tableRefs = new long[ACCOUNTS_PER_MAP + 1];
        String[] tableFields = new String[ACCOUNTS_PER_MAP + 1];
        tableRefs[0] = classNodes;
        tableFields[0] = "\"<class>\"";
        // Nodes go to distinct random buckets, in bucket order, as a real table holds them.
        int[] buckets = random.ints(0, slots).distinct().limit(ACCOUNTS_PER_MAP).sorted().toArray();
        long[] nodes = new long[ACCOUNTS_PER_MAP];
        for (int i = 0; i < ACCOUNTS_PER_MAP; i++) {
            nodes[i] = nextId;
            nextId += 2; // the node and its key's String, whose byte[] follows
            nextId += 1;
            tableRefs[i + 1] = nodes[i];
            tableFields[i + 1] = Integer.toString(buckets[i]);
        }
        record(map, "java.util.HashMap", 48).refs(new long[] {classMap, table}, "\"<class>\"", "\"table\"").end();
        record(table, "java.util.HashMap$Node[]", 16 + 4L * slots).len(slots).refs(tableRefs, tableFields).end();
        for (int i = 0; i < ACCOUNTS_PER_MAP; i++) {
            long node = nodes[i];
            long name = node + 1;
            long account = nextId++;
            record(node, "java.util.HashMap$Node", 32)
                    .refs(new long[] {classNode, name, account}, "\"<class>\"", "\"key\"", "\"value\"").end();
            jvmString(name, "account-" + String.format("%08d", account));
            jvmAccount(account, name);
        }
        return map;
    }

    private void jvmAccount(long account, long name) throws IOException {
        long balance = nextId++;
        long history = nextId++;
        long elements = nextId++;
        int n = random.nextInt(7);
        record(account, "app.Account", 32).refs(new long[] {classAccount, name, balance, history},
                "\"<class>\"", "\"name\"", "\"balance\"", "\"history\"").end();
        record(balance, "java.lang.Long", 16).number(random.nextInt(1_000_000)).refs(new long[] {classLong}, "\"<class>\"").end();
        record(history, "java.util.ArrayList", 24).refs(new long[] {classArrayList, elements}, "\"<class>\"", "\"elementData\"").end();
        long[] txRefs = new long[n + 1];
        String[] txFields = new String[n + 1];
        txRefs[0] = classObjects;
        txFields[0] = "\"<class>\"";
        for (int i = 0; i < n; i++) {
            txRefs[i + 1] = nextId + 2L * i;
            txFields[i + 1] = Integer.toString(i);
        }
        record(elements, "java.lang.Object[]", 16 + 4L * 10).len(10).refs(txRefs, txFields).end();
        long memoBase = classString + 11 + 1500 + 1;
        for (int i = 0; i < n; i++) {
            long tx = nextId++;
            long amount = nextId++;
            long memo = memoBase + 2L * random.nextInt(MEMOS);
            record(tx, "app.Transaction", 24).refs(new long[] {classTransaction, amount, memo},
                    "\"<class>\"", "\"amount\"", "\"memo\"").end();
            record(amount, "java.lang.Long", 16).number(random.nextInt(10_000) - 5000).refs(new long[] {classLong}, "\"<class>\"").end();
        }
    }

    // ---- Python heap ----

    /** Python objects live at scattered 16-byte-aligned pointers, not dense ids. */
    private long pointer(long id) {
        return 0x7f3a00000000L + id * 48 + (id % 7) * 16;
    }

    private void pythonHeap() throws IOException {
        long typeType = nextId++;
        long typeAccount = nextId++;
        long keyName = nextId++;
        long keyBalance = nextId++;
        long keyHistory = nextId++;
        long smallInts = nextId;
        nextId += 256;
        record(pointer(typeType), "type", 920).name("type").noRefs().end();
        record(pointer(typeAccount), "type", 1072).name("Account").refs(new long[] {pointer(typeType)}).end();
        pyStr(keyName, "name");
        pyStr(keyBalance, "balance");
        pyStr(keyHistory, "history");
        for (int i = 0; i < 256; i++) {
            record(pointer(smallInts + i), "int", 28).number(i - 5).noRefs().end();
        }
        for (int m = 0; m < 60; m++) {
            long module = nextId++;
            long dict = nextId++;
            long[] members = new long[20];
            for (int k = 0; k < 20; k++) {
                members[k] = pointer(nextId++);
                record(members[k], k % 2 == 0 ? "function" : "str", k % 2 == 0 ? 152 : 60).noRefs().end();
            }
            record(pointer(module), "module", 72).name("pkg.module" + m).refs(new long[] {pointer(dict)}).end();
            record(pointer(dict), "dict", 1200).len(10).refs(members).end();
        }
        List<Long> lists = new ArrayList<>();
        while (objects < target - 20) {
            long[] accounts = new long[ACCOUNTS_PER_MAP];
            for (int a = 0; a < accounts.length; a++) {
                accounts[a] = pointer(pyAccount(typeAccount, keyName, keyBalance, keyHistory, smallInts));
            }
            long list = nextId++;
            record(pointer(list), "list", 56 + 8L * accounts.length).len(accounts.length).refs(accounts).end();
            lists.add(pointer(list));
        }
        long module = nextId++;
        long globals = nextId++;
        record(pointer(module), "module", 72).name("app.registry").refs(new long[] {pointer(globals)}).end();
        record(pointer(globals), "dict", 96 + 24L * lists.size()).len(lists.size())
                .refs(lists.stream().mapToLong(Long::longValue).toArray()).end();
    }

    /** An instance with a __dict__ of name, balance and a history list of (amount, code) tuples. */
    private long pyAccount(long typeAccount, long keyName, long keyBalance, long keyHistory, long smallInts)
            throws IOException {
        long account = nextId++;
        long dict = nextId++;
        long name = nextId++;
        long balance = nextId++;
        long history = nextId++;
        int n = random.nextInt(7);
        record(pointer(account), "Account", 48).refs(new long[] {pointer(dict), pointer(typeAccount)}).end();
        record(pointer(dict), "dict", 232).len(3).refs(new long[] {pointer(keyName), pointer(name), pointer(keyBalance),
            pointer(balance), pointer(keyHistory), pointer(history)}).end();
        pyStr(name, "account-" + String.format("%08d", account));
        record(pointer(balance), "int", 32).number(random.nextInt(1_000_000)).noRefs().end();
        long[] txs = new long[n];
        for (int i = 0; i < n; i++) {
            txs[i] = pointer(nextId + 2L * i);
        }
        record(pointer(history), "list", 56 + 8L * n).len(n).refs(txs).end();
        for (int i = 0; i < n; i++) {
            long tuple = nextId++;
            long amount = nextId++;
            record(pointer(tuple), "tuple", 56).len(2)
                    .refs(new long[] {pointer(amount), pointer(smallInts + random.nextInt(256))}).end();
            record(pointer(amount), "int", 28).number(random.nextInt(10_000)).noRefs().end();
        }
        return account;
    }

    private void pyStr(long id, String value) throws IOException {
        record(pointer(id), "str", 49 + value.length()).len(value.length()).value(value).noRefs().end();
    }

    // ---- records ----

    private Out record(long address, String type, long size) throws IOException {
        objects++;
        bytes += size;
        return out.text("{\"address\"").text(out.colon).num(address).key("type").text("\"").text(type).text("\"").key("size").num(size);
    }

    /** Buffered ASCII output with the record syntax as methods. */
    private final class Out {
        private final OutputStream sink;
        private final byte[] buf = new byte[1 << 16];
        private int used;

        /** Meliae writes "key": value, ", " between items; the scanner writes no optional whitespace. */
        private final String colon = jvm ? ":" : ": ";
        private final String comma = jvm ? "," : ", ";

        Out(OutputStream sink) {
            this.sink = sink;
        }

        /** The separator before a key, the key and its colon. */
        Out key(String k) throws IOException {
            return text(comma).text("\"").text(k).text("\"").text(colon);
        }

        Out text(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (used + b.length > buf.length) {
                flush();
            }
            if (b.length > buf.length) {
                sink.write(b);
            } else {
                System.arraycopy(b, 0, buf, used, b.length);
                used += b.length;
            }
            return this;
        }

        Out num(long n) throws IOException {
            return text(Long.toString(n));
        }

        Out name(String n) throws IOException {
            return key("name").text("\"").text(n).text("\"");
        }

        Out len(long n) throws IOException {
            return key("len").num(n);
        }

        Out value(String v) throws IOException {
            return key("value").text("\"").text(v).text("\"");
        }

        Out number(long v) throws IOException {
            return key("value").num(v);
        }

        Out noRefs() throws IOException {
            return key("refs").text("[]");
        }

        /** Refs, with their fields for JVM dumps (fields as JSON tokens). */
        Out refs(long[] to, String... fields) throws IOException {
            refs += to.length;
            key("refs").text("[");
            for (int i = 0; i < to.length; i++) {
                if (i > 0) {
                    text(comma);
                }
                num(to[i]);
            }
            text("]");
            if (jvm && to.length > 0) {
                key("fields").text("[").text(String.join(comma, fields)).text("]");
            }
            return this;
        }

        void end() throws IOException {
            text("}\n");
        }

        void flush() throws IOException {
            sink.write(buf, 0, used);
            used = 0;
        }
    }
}
