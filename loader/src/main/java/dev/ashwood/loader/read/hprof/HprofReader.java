package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.DumpFormatException;
import dev.ashwood.loader.LoadOptions;
import dev.ashwood.loader.read.DumpInput;
import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.Tables;
import dev.ashwood.loader.model.ValueTable;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads an HPROF file in one pass without holding it: this thread reads (or inflates) it into
 * blocks, walks the records (names, class dumps and GC roots are handled here, they are few), and
 * hands each block's runs of object sub-records to a pool of parser threads
 * ({@link BlockParser}). A sub-record larger than a block (a huge array) is read here, streamed.
 * At most two blocks per parser are in flight, so memory stays bounded whatever the file size.
 */
public final class HprofReader {
    private static final int[] ANDROID_TAGS = {0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x90, 0xc3, 0xfe};

    private final Path path;
    private final DumpInput opened;
    private final String file;
    private final LoadOptions options;
    private final Tables tables;
    private final int blockSize;
    private final int valueChars;

    private DumpInput in;
    private byte[] buf;
    private int pos;
    private int limit;
    /** Offset in the (inflated) stream of {@code buf[0]}. */
    private long base;
    private boolean eof;
    private int idSize;
    /** Runs of object sub-records in the current block: pairs (from, to). */
    private final IntArrayList ranges = new IntArrayList();
    private int rangeStart = -1;

    private final Long2ObjectOpenHashMap<byte[]> utf8 = new Long2ObjectOpenHashMap<>();
    private final Long2LongOpenHashMap classNames = new Long2LongOpenHashMap();
    private ClassRegistry classes;
    private HprofChunk own;
    private final List<HprofChunk> chunks = new ArrayList<>();
    private ExecutorService pool;
    private Semaphore inFlight;
    private BlockingQueue<byte[]> free;
    private ThreadLocal<BlockParser> parsers;
    private final List<BlockParser> allParsers = new ArrayList<>();
    private final AtomicReference<Throwable> crash = new AtomicReference<>();
    private int seq;
    private int parserThreads;
    private long total;

    /**
     * What reading produced, before sizes and string values are filled in; {@code trailing} is the
     * warning about bytes after the gzip data ({@link DumpInput#trailing}), or null.
     */
    public record Result(ClassRegistry classes, HprofChunk own, List<HprofChunk> chunks, Long2IntOpenHashMap gaps, int idSize,
            String incomplete, String trailing, long bytes, int valueChars) {
    }

    public HprofReader(Path path, LoadOptions options, Tables tables, int valueChars) {
        this(path, options, tables, valueChars, null);
    }

    /** Reads {@code opened} (already open on {@code path}: a pipe or standard input, peeked at) instead of opening the path. */
    public HprofReader(Path path, LoadOptions options, Tables tables, int valueChars, DumpInput opened) {
        this.opened = opened;
        this.path = path;
        this.file = path.toString();
        this.options = options;
        this.tables = tables;
        this.valueChars = valueChars;
        int byHeap = Integer.highestOneBit((int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 48));
        // Tests set a small block to exercise block boundaries and streamed records.
        // 4 MiB: up to 2 per parser thread are in flight plus the one being read, each with its parsed
        // lists; 16 MiB blocks cost 190 MB more peak RSS on the 5 M-object benchmark and were no faster.
        this.blockSize = Integer.getInteger("ashwood.hprof.blockBytes", Math.max(1 << 20, Math.min(4 << 20, byHeap)));
    }

    /** True when {@code head} (the first bytes of the content, inflated) starts like an HPROF file. */
    public static boolean looksLikeHprof(byte[] head, int len) {
        byte[] prefix = "JAVA PROFILE ".getBytes(StandardCharsets.US_ASCII);
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    public Result read() throws IOException {
        parserThreads = options.threads();
        pool = Executors.newFixedThreadPool(parserThreads, r -> {
            Thread t = new Thread(r, "ashwood-hprof-parser");
            t.setDaemon(true);
            return t;
        });
        inFlight = new Semaphore(2 * parserThreads);
        free = new ArrayBlockingQueue<>(2 * parserThreads + 2);
        String incomplete = null;
        DumpFormatException failure = null;
        try (DumpInput input = opened != null ? opened : new DumpInput(path)) {
            in = input;
            total = in.size();
            buf = new byte[blockSize];
            limit = 0;
            header();
            classes = new ClassRegistry(tables, idSize);
            own = new HprofChunk(0, 64, 64);
            parsers = ThreadLocal.withInitial(() -> {
                BlockParser parser = new BlockParser(classes, tables, idSize, valueChars);
                synchronized (allParsers) {
                    allParsers.add(parser);
                }
                return parser;
            });
            try {
                incomplete = records();
            } catch (Failure f) {
                failure = atByte(f.offset, f.getMessage());
            }
            closeRange();
            if (failure == null && !ranges.isEmpty()) {
                handOff();
            }
            awaitAll();
            Throwable t = crash.get();
            if (t instanceof Error) {
                throw (Error) t;
            } else if (t != null) {
                throw (RuntimeException) t;
            }
            for (HprofChunk c : chunks) {
                if (c.error != null && (failure == null || c.errorOffset < failure.offset())) {
                    failure = atByte(c.errorOffset, c.error);
                    break;
                }
            }
            if (failure != null) {
                throw failure;
            }
            superclassLoops();
            if (in.corrupt() != null) {
                throw atByte(base + pos, "corrupt gzip data (" + in.corrupt().getMessage() + ")");
            }
            if (incomplete == null && in.cut()) {
                incomplete = "the gzip stream is cut short";
            }
            options.progress().onProgress(total < 0 ? in.consumed() : total, total);
            Long2IntOpenHashMap gaps = new Long2IntOpenHashMap();
            synchronized (allParsers) {
                allParsers.forEach(p -> p.addGapsTo(gaps));
            }
            return new Result(classes, own, chunks, gaps, idSize, incomplete, in.trailing(file), total, valueChars);
        } catch (ClosedByInterruptException e) {
            Thread.interrupted();
            throw new CancellationException("loading " + file + " was interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A class that is its own superclass, directly or further up: the layout and instance plans
     * walk the chain to java.lang.Object, and would walk a loop forever.
     */
    private void superclassLoops() throws DumpFormatException {
        int n = classes.size();
        byte[] state = new byte[n]; // 0 not seen, 1 on the chain being walked, 2 ends well
        for (int i = 0; i < n; i++) {
            List<HprofClass> chain = new ArrayList<>();
            HprofClass k = classes.at(i);
            while (k != null && state[k.index] == 0) {
                state[k.index] = 1;
                chain.add(k);
                k = k.superId == 0 ? null : classes.get(k.superId);
            }
            if (k != null && state[k.index] == 1) {
                throw atByte(k.offset, "class " + k.typeName + " is its own superclass (through " + (chain.size() - chain.indexOf(k))
                        + " CLASS_DUMP records)");
            }
            chain.forEach(c -> state[c.index] = 2);
        }
    }

    private DumpFormatException atByte(long offset, String problem) {
        return DumpFormatException.atByte(file, offset, problem);
    }

    private void header() throws IOException {
        fill(64);
        int nul = -1;
        for (int i = 0; i < Math.min(limit, 40); i++) {
            if (buf[i] == 0) {
                nul = i;
                break;
            }
        }
        String magic = nul > 0 ? new String(buf, 0, nul, StandardCharsets.ISO_8859_1) : "";
        if (magic.equals(Hprof.MAGIC_ANDROID)) {
            throw atByte(0, "an Android heap dump (" + magic + "): Android's HPROF variant is not supported");
        }
        if (!magic.equals(Hprof.MAGIC_102) && !magic.equals(Hprof.MAGIC_101)) {
            throw atByte(0, "not an HPROF heap dump: it does not start with \"" + Hprof.MAGIC_102 + "\"");
        }
        if (limit < nul + 13) {
            throw atByte(limit, "the file ends inside the HPROF header: nothing to load");
        }
        int ids = Bytes.i4(buf, nul + 1);
        if (ids != 4 && ids != 8) {
            throw atByte(nul + 1, "unknown identifier size " + ids + " (HPROF uses 4 or 8)");
        }
        idSize = ids;
        pos = nul + 13;
    }

    /** Reads until {@code n} bytes are in the buffer or the input ends. */
    private void fill(int n) throws IOException {
        while (limit < n && !eof) {
            int r = in.readFully(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
    }

    /**
     * Makes {@code n} bytes from {@code pos} available, handing the block over first when it holds
     * object runs. False when the input ends first, or {@code n} exceeds a block.
     */
    private boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        closeRange();
        byte[] next = buf;
        if (!ranges.isEmpty()) {
            handOff();
            next = freeBlock();
        }
        int tail = limit - pos;
        System.arraycopy(buf, pos, next, 0, tail);
        buf = next;
        base += pos;
        pos = 0;
        limit = tail;
        if (n > buf.length) {
            return false;
        }
        fill(n);
        options.progress().onProgress(in.consumed(), total);
        return limit >= n;
    }

    private byte[] freeBlock() {
        byte[] b = free.poll();
        return b != null ? b : new byte[blockSize];
    }

    private void closeRange() {
        if (rangeStart >= 0) {
            if (pos > rangeStart) {
                ranges.add(rangeStart);
                ranges.add(pos);
            }
            rangeStart = -1;
        }
    }

    private void handOff() {
        if (Thread.interrupted()) {
            throw new CancellationException("loading " + file + " was interrupted");
        }
        byte[] block = buf;
        int[] runs = ranges.toIntArray();
        long at = base;
        int s = ++seq;
        ranges.clear();
        inFlight.acquireUninterruptibly();
        synchronized (chunks) {
            chunks.add(null);
        }
        pool.execute(() -> {
            try {
                HprofChunk chunk = parsers.get().parse(s, block, runs, at);
                synchronized (chunks) {
                    chunks.set(s - 1, chunk);
                }
            } catch (RuntimeException | Error e) {
                crash.compareAndSet(null, e);
            } finally {
                free.offer(block);
                inFlight.release();
            }
        });
    }

    private void awaitAll() {
        inFlight.acquireUninterruptibly(2 * parserThreads);
        inFlight.release(2 * parserThreads);
    }

    /** Walks the top-level records; returns why the dump is incomplete, or null when it is not. */
    private String records() throws IOException, Failure {
        long segmentLeft = 0;
        long segmentStart = 0;
        long segmentEnd = 0;
        int segmentTag = 0;
        boolean sawHeap = false;
        boolean sawEnd = false;
        while (true) {
            if (crash.get() != null) {
                return null;
            }
            if (segmentLeft == 0) {
                closeRange();
                if (!ensure(9)) {
                    if (limit == pos) {
                        if (!sawHeap && in.cut()) {
                            // Cut where a record ends, as a cut inside one is: incomplete, not a file of no heap.
                            return "the gzip stream is cut short before any heap dump record (after byte " + (base + pos) + ")";
                        }
                        if (!sawHeap) {
                            throw new Failure(base + pos, "the file holds no heap dump (no HEAP_DUMP or HEAP_DUMP_SEGMENT record)");
                        }
                        return sawEnd ? null : "it has no HEAP_DUMP_END record (the file was cut after byte " + (base + pos) + ")";
                    }
                    return cut(base + pos, "a record header");
                }
                int tag = buf[pos] & 0xff;
                long length = Bytes.u4(buf, pos + 5);
                long at = base + pos;
                if (!Hprof.knownRecord(tag)) {
                    throw new Failure(at, "unknown record tag " + Hprof.hex(tag));
                }
                pos += 9;
                switch (tag) {
                    case Hprof.HEAP_DUMP:
                    case Hprof.HEAP_DUMP_SEGMENT:
                        sawHeap = true;
                        segmentLeft = length;
                        segmentStart = at;
                        segmentEnd = at + 9 + length;
                        segmentTag = tag;
                        break;
                    case Hprof.HEAP_DUMP_END:
                        sawEnd = true;
                        skip(length, at);
                        break;
                    case Hprof.UTF8:
                    case Hprof.LOAD_CLASS:
                        if (length > blockSize / 2 || !ensure((int) length)) {
                            if (length > blockSize / 2 && !eof) {
                                throw new Failure(at, "a " + (tag == Hprof.UTF8 ? "UTF8" : "LOAD_CLASS") + " record of " + length + " bytes: too long");
                            }
                            return cut(at, "a " + (tag == Hprof.UTF8 ? "UTF8" : "LOAD_CLASS") + " record");
                        }
                        if (tag == Hprof.UTF8) {
                            if (length < idSize) {
                                throw new Failure(at, "a UTF8 record of " + length + " bytes, shorter than its id");
                            }
                            long id = Bytes.id(buf, pos, idSize);
                            byte[] text = new byte[(int) length - idSize];
                            System.arraycopy(buf, pos + idSize, text, 0, text.length);
                            utf8.put(id, text);
                        } else {
                            if (length < 8 + 2L * idSize) {
                                throw new Failure(at, "a LOAD_CLASS record of " + length + " bytes, shorter than its fields");
                            }
                            classNames.put(Bytes.id(buf, pos + 4, idSize), Bytes.id(buf, pos + 8 + idSize, idSize));
                        }
                        pos += (int) length;
                        break;
                    default:
                        if (!skip(length, at)) {
                            return cut(at, "a record");
                        }
                }
                continue;
            }
            long at = base + pos;
            if (!ensure(1)) {
                return cut(at, "a heap dump sub-record");
            }
            int tag = buf[pos] & 0xff;
            long length;
            switch (tag) {
                case Hprof.INSTANCE_DUMP: {
                    int header = 1 + 2 * idSize + 8;
                    if (!ensure(header)) {
                        return cut(at, "an INSTANCE_DUMP record");
                    }
                    length = header + Bytes.u4(buf, pos + header - 4);
                    break;
                }
                case Hprof.OBJ_ARRAY_DUMP: {
                    int header = 1 + 2 * idSize + 8;
                    if (!ensure(header)) {
                        return cut(at, "an OBJ_ARRAY_DUMP record");
                    }
                    long n = Bytes.u4(buf, pos + 1 + idSize + 4);
                    if (n > Integer.MAX_VALUE) {
                        throw new Failure(at, "an array of " + n + " elements: more than a Java array holds");
                    }
                    length = header + n * idSize;
                    break;
                }
                case Hprof.PRIM_ARRAY_DUMP: {
                    int header = 1 + idSize + 9;
                    if (!ensure(header)) {
                        return cut(at, "a PRIM_ARRAY_DUMP record");
                    }
                    long n = Bytes.u4(buf, pos + 1 + idSize + 4);
                    if (n > Integer.MAX_VALUE) {
                        throw new Failure(at, "an array of " + n + " elements: more than a Java array holds");
                    }
                    int type = buf[pos + header - 1];
                    int size = Hprof.primitiveName(type) == null ? -1 : Hprof.valueSize(type, idSize);
                    if (size < 0) {
                        throw new Failure(at, "primitive array of unknown element type " + type);
                    }
                    length = header + n * size;
                    break;
                }
                case Hprof.CLASS_DUMP:
                    length = classDumpLength(at);
                    if (length < 0) {
                        return cut(at, "a CLASS_DUMP record");
                    }
                    break;
                case Hprof.ROOT_UNKNOWN:
                case Hprof.ROOT_STICKY_CLASS:
                case Hprof.ROOT_MONITOR_USED:
                    length = 1 + idSize;
                    break;
                case Hprof.ROOT_JNI_GLOBAL:
                    length = 1 + 2 * idSize;
                    break;
                case Hprof.ROOT_JNI_LOCAL:
                case Hprof.ROOT_JAVA_FRAME:
                case Hprof.ROOT_THREAD_OBJECT:
                    length = 1 + idSize + 8;
                    break;
                case Hprof.ROOT_NATIVE_STACK:
                case Hprof.ROOT_THREAD_BLOCK:
                    length = 1 + idSize + 4;
                    break;
                default:
                    for (int android : ANDROID_TAGS) {
                        if (tag == android) {
                            throw new Failure(at, "heap sub-record " + Hprof.hex(tag)
                                    + " is Android's: Android's HPROF variant is not supported");
                        }
                    }
                    throw new Failure(at, "unknown heap dump sub-record tag " + Hprof.hex(tag));
            }
            if (length > segmentLeft) {
                throw new Failure(at, "a sub-record of " + length + " bytes runs past the end of its "
                        + (segmentTag == Hprof.HEAP_DUMP ? "HEAP_DUMP" : "HEAP_DUMP_SEGMENT") + " record (which starts at byte "
                        + segmentStart + " and ends at byte " + segmentEnd + ")");
            }
            boolean object = tag == Hprof.INSTANCE_DUMP || tag == Hprof.OBJ_ARRAY_DUMP || tag == Hprof.PRIM_ARRAY_DUMP;
            if (object && length > blockSize / 2) {
                closeRange();
                if (!streamArray(tag, at, length)) {
                    return cut(at, "an array record of " + length + " bytes");
                }
            } else {
                if (!ensure((int) length)) {
                    return cut(at, "a heap dump sub-record");
                }
                if (object) {
                    if (rangeStart < 0) {
                        rangeStart = pos;
                    }
                } else {
                    closeRange();
                    if (tag == Hprof.CLASS_DUMP) {
                        classDump(at);
                    } else {
                        root(tag);
                    }
                }
                pos += (int) length;
            }
            segmentLeft -= length;
        }
    }

    private String cut(long at, String what) {
        long end = base + limit;
        return "the file ends at byte " + end + " inside " + what + " that starts at byte " + at
                + " (cut short, or a length in it is wrong)";
    }

    /** Skips {@code length} bytes; false when the input ends first. */
    private boolean skip(long length, long at) throws IOException {
        long left = length;
        while (left > 0) {
            if (pos == limit && !ensure(1)) {
                return false;
            }
            int take = (int) Math.min(left, limit - pos);
            pos += take;
            left -= take;
        }
        return true;
    }

    /** The length of the CLASS_DUMP at {@code pos}, reading as far as needed; -1 when the input ends. */
    private long classDumpLength(long at) throws IOException, Failure {
        int q = 1 + 7 * idSize + 8;
        if (!ensure(q + 2)) {
            return -1;
        }
        int constants = Bytes.u2(buf, pos + q);
        q += 2;
        for (int i = 0; i < constants; i++) {
            if (!ensure(q + 3)) {
                return -1;
            }
            int size = Hprof.valueSize(buf[pos + q + 2], idSize);
            if (size < 0) {
                throw new Failure(at, "a constant pool entry of unknown type " + buf[pos + q + 2] + " in a CLASS_DUMP");
            }
            q += 3 + size;
        }
        if (!ensure(q + 2)) {
            return -1;
        }
        int statics = Bytes.u2(buf, pos + q);
        q += 2;
        for (int i = 0; i < statics; i++) {
            if (!ensure(q + idSize + 1)) {
                return -1;
            }
            int size = Hprof.valueSize(buf[pos + q + idSize], idSize);
            if (size < 0) {
                throw new Failure(at, "a static field of unknown type " + buf[pos + q + idSize] + " in a CLASS_DUMP");
            }
            q += idSize + 1 + size;
        }
        if (!ensure(q + 2)) {
            return -1;
        }
        int fields = Bytes.u2(buf, pos + q);
        q += 2;
        for (int i = 0; i < fields; i++) {
            if (!ensure(q + idSize + 1)) {
                return -1;
            }
            if (Hprof.valueSize(buf[pos + q + idSize], idSize) < 0) {
                throw new Failure(at, "an instance field of unknown type " + buf[pos + q + idSize] + " in a CLASS_DUMP");
            }
            q += idSize + 1;
        }
        return q;
    }

    private void classDump(long at) throws Failure {
        int p = pos + 1;
        long id = Bytes.id(buf, p, idSize);
        p += idSize + 4;
        long superId = Bytes.id(buf, p, idSize);
        long loader = Bytes.id(buf, p + idSize, idSize);
        long signers = Bytes.id(buf, p + 2 * idSize, idSize);
        long domain = Bytes.id(buf, p + 3 * idSize, idSize);
        p += 6 * idSize + 4;
        int constants = Bytes.u2(buf, p);
        p += 2;
        for (int i = 0; i < constants; i++) {
            p += 3 + Hprof.valueSize(buf[p + 2], idSize);
        }
        int statics = Bytes.u2(buf, p);
        p += 2;
        String[] staticNames = new String[statics];
        byte[] staticTypes = new byte[statics];
        long[] staticValues = new long[statics];
        for (int i = 0; i < statics; i++) {
            staticNames[i] = name(Bytes.id(buf, p, idSize));
            int type = buf[p + idSize];
            staticTypes[i] = (byte) type;
            staticValues[i] = Bytes.value(buf, p + idSize + 1, type, idSize);
            p += idSize + 1 + Hprof.valueSize(type, idSize);
        }
        int fields = Bytes.u2(buf, p);
        p += 2;
        String[] fieldNames = new String[fields];
        byte[] fieldTypes = new byte[fields];
        int own = 0;
        for (int i = 0; i < fields; i++) {
            fieldNames[i] = name(Bytes.id(buf, p, idSize));
            fieldTypes[i] = buf[p + idSize];
            own += Hprof.valueSize(fieldTypes[i], idSize);
            p += idSize + 1;
        }
        if (classes.get(id) != null) {
            throw new Failure(at, "a second CLASS_DUMP for class " + Hprof.hex(id));
        }
        long nameId = classNames.getOrDefault(id, 0L);
        byte[] nameBytes = nameId != 0 ? utf8.get(nameId) : null;
        String jvmName = nameBytes != null ? Hprof.utf8(nameBytes, 0, nameBytes.length) : "<unknown>";
        String typeName = nameBytes != null ? Hprof.typeName(jvmName) : "<unknown>";
        HprofClass c = new HprofClass(id, superId, loader, signers, domain, own, jvmName, typeName, staticNames,
                staticTypes, staticValues, fieldNames, fieldTypes, at, classes.size(), tables.types.intern(typeName));
        classes.add(c);
    }

    private String name(long id) {
        byte[] b = utf8.get(id);
        return b != null ? Hprof.utf8(b, 0, b.length) : "<unknown>";
    }

    private void root(int tag) {
        long id = Bytes.id(buf, pos + 1, idSize);
        if (id == 0) {
            return;
        }
        String kind;
        switch (tag) {
            case Hprof.ROOT_JNI_GLOBAL: kind = "jni_global"; break;
            case Hprof.ROOT_JNI_LOCAL: kind = "jni_local"; break;
            case Hprof.ROOT_JAVA_FRAME: kind = "stack_local"; break;
            case Hprof.ROOT_STICKY_CLASS: kind = "system_class"; break;
            case Hprof.ROOT_MONITOR_USED: kind = "monitor"; break;
            case Hprof.ROOT_THREAD_OBJECT: kind = "thread"; break;
            default: kind = "other";
        }
        own.rootRef.add(id);
        own.rootKind.add(tables.rootKinds.intern(kind));
        // A frame's local and a JNI local: thread serial and frame number (0 the top frame; -1,
        // "empty", for the JNI locals of a thread with no Java frame), resolved to the thread
        // object ROOT_THREAD_OBJECT names for that serial once all roots are read.
        boolean local = tag == Hprof.ROOT_JAVA_FRAME || tag == Hprof.ROOT_JNI_LOCAL;
        own.rootThreadSerial.add(local ? Bytes.i4(buf, pos + 1 + idSize) : -1);
        own.rootDepth.add(local ? Math.max(-1, Bytes.i4(buf, pos + 1 + idSize + 4)) : -1);
        if (tag == Hprof.ROOT_THREAD_OBJECT) {
            own.threadObjects.put(Bytes.i4(buf, pos + 1 + idSize), id);
        }
    }

    /** Reads an array sub-record larger than half a block here, streaming; false when the input ends first. */
    private boolean streamArray(int tag, long at, long length) throws IOException, Failure {
        int header = tag == Hprof.PRIM_ARRAY_DUMP ? 1 + idSize + 9 : 1 + 2 * idSize + 8;
        if (!ensure(header)) {
            return false;
        }
        long id = Bytes.id(buf, pos + 1, idSize);
        int len = Bytes.i4(buf, pos + 1 + idSize + 4);
        if (len < 0) {
            throw new Failure(at, "an array of " + (len & 0xffffffffL) + " elements: more than a Java array holds");
        }
        if (tag == Hprof.PRIM_ARRAY_DUMP) {
            int type = buf[pos + header - 1];
            HprofClass cls = classes.primitiveArray(type);
            if (cls == null) {
                throw new Failure(at, "a primitive array of element type " + type + ", whose array class has no CLASS_DUMP");
            }
            pos += header;
            long bytes = length - header;
            if (type == Hprof.BYTE || type == Hprof.CHAR) {
                int keep = (int) Math.min(bytes, 2L * valueChars + 2);
                if (!ensure(keep)) {
                    return false;
                }
                parsers.get().keepText(own, id, len, type, buf, pos, keep);
            }
            if (!skip(bytes, at)) {
                return false;
            }
            own.address(id);
            own.out.type.add(cls.index);
            own.out.length.add(len);
            own.out.value.add(ValueTable.NONE);
            own.ref(cls.id);
            own.out.shape.add(tables.shapes.intern(new int[] {ShapeTable.nameCode(ShapeTable.CLASS_FIELD)}, 0, 1));
            own.out.refCount.add(1);
            return true;
        }
        long classId = Bytes.id(buf, pos + 1 + idSize + 8, idSize);
        HprofClass cls = classes.get(classId);
        if (cls == null) {
            throw new Failure(at, "object array " + Hprof.hex(id) + " names class " + Hprof.hex(classId) + ", which has no CLASS_DUMP");
        }
        pos += header;
        int start = own.out.refs.size();
        own.ref(classId);
        IntArrayList codes = new IntArrayList();
        codes.add(ShapeTable.nameCode(ShapeTable.CLASS_FIELD));
        for (int e = 0; e < len; e++) {
            if (!ensure(idSize)) {
                own.out.refs.truncate(start);
                return false;
            }
            long ref = Bytes.id(buf, pos, idSize);
            pos += idSize;
            if (ref != 0) {
                own.ref(ref);
                codes.add(e);
            }
        }
        own.address(id);
        own.out.type.add(cls.index);
        own.out.length.add(len);
        own.out.value.add(ValueTable.NONE);
        own.out.shape.add(tables.shapes.intern(codes.elements(), 0, codes.size()));
        own.out.refCount.add(codes.size());
        return true;
    }

    /** A problem at a byte offset, found by the reading thread. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final long offset;

        Failure(long offset, String message) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }
}
