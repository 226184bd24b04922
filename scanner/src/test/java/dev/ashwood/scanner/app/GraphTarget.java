package dev.ashwood.scanner.app;

import dev.ashwood.scanner.Ashwood;
import dev.ashwood.scanner.DumpException;
import dev.ashwood.scanner.DumpResult;
import dev.ashwood.scanner.RecursiveSize;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM with a known object graph, driven line by line over stdin/stdout by the agent
 * tests. Every object of the classes below is created here and nowhere else, so a dump must
 * show exactly these counts, fields and values.
 */
public final class GraphTarget {
    /** Hostile string contents, checked byte for byte in the dump. */
    public static final String HOSTILE = "quote\" backslash\\ newline\n tab\t nul\0 bell\u0007 emoji\uD83D\uDE00 lone\uD800 end";
    /** 250 units: the dump keeps the first 100. */
    public static final String LONG = "0123456789".repeat(25);
    /** 99 'a' then an emoji: a cut at 100 units would split the pair, so 99 are kept. */
    public static final String STRADDLE = "a".repeat(99) + "\uD83D\uDE00";

    /** A constant in an interface: JVMTI numbers its field before every class field. */
    public interface Tagged {
        Marker MARKER = new Marker();
    }

    public static final class Marker {}

    public static class Base {
        Object baseRef;
        long baseNumber = 7;
    }

    /** Inherits baseRef and implements Tagged: its own field's index is shifted by both. */
    public static final class Derived extends Base implements Tagged {
        Object ownRef;
        int ownNumber = 3;
    }

    public static final class Node {
        Node next;
        Object payload;
        int weight;
    }

    public static final class Parked {}

    public static final class Holder {
        static Holder instance;
        final Node head;
        final String[] names;
        final Object[] boxes;
        final int[] numbers = new int[1000];
        final Derived derived;
        final Object[] sized;
        final int[][] grid = new int[2][3];
        /** Its "fields" text (about 2 MB) outgrows the agent's 1 MB buffer and spills to a file. */
        final Object[] wide = new Object[300_000];

        Holder() {
            Node a = new Node();
            Node b = new Node();
            Node c = new Node();
            a.next = b;
            b.next = c;
            c.next = a;
            a.payload = "node payload";
            head = a;
            names = new String[] {HOSTILE, LONG, null, STRADDLE};
            boxes = new Object[] {Integer.valueOf(123456), Long.valueOf(-5000000000L), Double.valueOf(2.5),
                Double.valueOf(Double.NaN), Float.valueOf(0.1f), Character.valueOf('"'), Short.valueOf((short) -300),
                Byte.valueOf((byte) 7), Boolean.TRUE};
            derived = new Derived();
            derived.baseRef = new Marker();
            derived.ownRef = a;
            sized = new Object[] {new long[10], new long[10], LONG, LONG};
            java.util.Arrays.fill(wide, derived);
        }
    }

    public static Holder root;

    /** A cache that grows on command ("grow N", "drop N"): the identity=keep tests' known structure. */
    public static final class Cache {
        public static final java.util.ArrayList<Grown> ITEMS = new java.util.ArrayList<>();
        static int made;
    }

    /** One cached item: the Grown, its label String and the label's byte[] (3 objects). */
    public static final class Grown {
        final String label;

        Grown(String label) {
            this.label = label;
        }
    }

    private GraphTarget() {}

    public static void main(String[] args) throws Exception {
        int extra = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        if (Tagged.MARKER == null) {  // initializes the interface, which creates the second Marker
            throw new AssertionError();
        }
        root = new Holder();
        Holder.instance = root;
        List<long[]> ballast = new ArrayList<>();
        Object[] bulk = new Object[extra];
        for (int i = 0; i < extra; i++) {
            bulk[i] = new Object();  // many small objects, for the memory test
        }
        CountDownLatch parkedReady = new CountDownLatch(1);
        Thread parker = new Thread(() -> {
            Parked onlyHere = new Parked();  // reachable only from this frame's local variable
            parkedReady.countDown();
            while (true) {
                LockSupport.park(onlyHere);
                // keep onlyHere live across the park
                if (onlyHere.hashCode() == 42 && ballast.isEmpty()) {
                    System.out.print("");
                }
            }
        }, "ashwood-parker");
        parker.setDaemon(true);
        parker.start();
        parkedReady.await();
        System.gc();
        System.out.println("ready " + ProcessHandle.current().pid());
        serve(bulk);
    }

    /** Commands may start with "#N "; the answer then starts with the same "#N ", so the driver
     *  can tell a late answer to an earlier command from the one it waits for. */
    private static void serve(Object[] keepAlive) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String seq = "";
            if (line.startsWith("#") && line.indexOf(' ') > 0) {
                seq = line.substring(0, line.indexOf(' ') + 1);
                line = line.substring(seq.length());
            }
            String[] cmd = line.split(" ", 3);
            String answer = switch (cmd[0]) {
                case "ping" -> "pong " + keepAlive.length;
                case "dump" -> dump(Path.of(cmd[1]), cmd.length > 2 ? cmd[2] : "");
                case "size" -> {
                    RecursiveSize s = Ashwood.recursiveSize(root.sized);
                    yield "size " + s.objects() + " " + s.bytes();
                }
                case "grow" -> {
                    int n = Integer.parseInt(cmd[1]);
                    for (int k = 0; k < n; k++) {
                        Cache.ITEMS.add(new Grown("grown-" + Cache.made++));
                    }
                    yield "grown " + Cache.ITEMS.size();
                }
                case "drop" -> {
                    Cache.ITEMS.subList(0, Integer.parseInt(cmd[1])).clear();
                    yield "dropped " + Cache.ITEMS.size();
                }
                case "gc" -> {
                    // Full collections compact the heap (SerialGC): survivors move, tags follow them.
                    System.gc();
                    System.gc();
                    yield "gc";
                }
                case "exit" -> {
                    System.exit(0);
                    yield "";
                }
                default -> "unknown command " + cmd[0];
            };
            System.out.println(seq + answer);
        }
    }

    private static String dump(Path file, String options) {
        try {
            DumpResult r = Ashwood.dumpAllObjects(file, options);
            return "dumped " + r.objects() + " " + r.refs() + " " + r.bytes() + " " + r.roots();
        } catch (DumpException e) {
            return "error " + e.getMessage();
        }
    }
}
