package dev.ashwood.loader.read.hprof;

import dev.ashwood.loader.model.RootFrames;
import dev.ashwood.loader.model.ShapeTable;
import dev.ashwood.loader.model.Tables;
import dev.ashwood.loader.model.ValueTable;
import dev.ashwood.loader.read.jsonl.ParsedChunk;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Completes what {@link HprofReader} parsed into the model builder's chunks: decides the VM's
 * settings (given, or inferred from the distances between objects), fills in every object's size
 * from its class's field layout or its array length and its type id (the parsers left the class
 * index there), joins the few Strings whose value array is in another block, names the primitive
 * types' mirrors, and adds a record for every class object. Ids are address / 8 when every id is a
 * multiple of 8 (HotSpot's), as the parsers kept them.
 */
public final class HprofFinish {
    private final HprofReader.Result read;
    private final Tables tables;
    private final ClassRegistry classes;
    private VmSettings vm;
    private long[] instanceSize;
    /** Per class index: an array class's element size in bytes. */
    private int[] elementSizes;
    /** Per class index: its type name's id. */
    private int[] typeIds;
    /** The mirrors of the primitive types ({@code int.class} ...) by id as kept, to the string id of their name. */
    private final Long2IntOpenHashMap mirrorIds = new Long2IntOpenHashMap();
    /** Each box class's static TYPE holds the mirror of its primitive type. */
    private static final String[][] BOXES = {{"java/lang/Boolean", "boolean"}, {"java/lang/Byte", "byte"},
        {"java/lang/Character", "char"}, {"java/lang/Short", "short"}, {"java/lang/Integer", "int"}, {"java/lang/Long", "long"},
        {"java/lang/Float", "float"}, {"java/lang/Double", "double"}, {"java/lang/Void", "void"}};

    /** Per thread: a String's first chars, before they are interned. */
    private final ThreadLocal<char[]> buffer;
    private FieldLayout[] layouts;
    private int shift;
    private String inferred;
    private int corrected;

    public HprofFinish(HprofReader.Result read, Tables tables, VmSettings given) {
        this.read = read;
        this.tables = tables;
        this.classes = read.classes();
        this.vm = given;
        this.buffer = ThreadLocal.withInitial(() -> new char[read.valueChars()]);
    }

    /** The settings used for sizes. */
    public VmSettings settings() {
        return vm;
    }

    /** How the settings were decided, for a note to the user. */
    public String settingsSource() {
        return inferred;
    }

    public List<ParsedChunk> run() {
        List<HprofChunk> all = new ArrayList<>(read.chunks());
        all.add(0, read.own());
        read.chunks().clear(); // each chunk goes once its records are in the builder's hands
        Long2IntOpenHashMap gaps = read.gaps();
        if (vm == null) {
            vm = infer(gaps);
            inferred = "inferred from the distances between objects";
        } else {
            inferred = "as given";
        }
        int n = classes.size();
        layouts = new FieldLayout[n];
        instanceSize = new long[n];
        elementSizes = new int[n];
        typeIds = new int[n];
        for (int i = 0; i < n; i++) {
            HprofClass c = classes.at(i);
            instanceSize[i] = c.isArray() ? -1 : checked(c, layout(c, vm).instanceSize(vm), gaps);
            elementSizes[i] = c.isArray() ? elementSize(c, vm) : 0;
            typeIds[i] = c.typeId;
        }
        shift = allAligned(all) ? 3 : 0;
        if (shift == 0) {
            all.forEach(HprofChunk::toRaw);
        }
        Long2LongOpenHashMap texts = textIndex(all);
        List<ParsedChunk> out = new ArrayList<>(all.size() + 1);
        out.add(classObjects());
        primitiveMirrors();
        IntStream.range(0, all.size()).parallel().forEach(i -> finish(all.get(i), all, texts));
        for (HprofChunk c : all) {
            out.add(c.out);
            c.releaseText();
        }
        return out;
    }

    /**
     * The settings under which no object is larger than the distance to the next one and the most
     * objects fill that distance exactly (in a compacted heap most objects are followed directly
     * by the next).
     */
    private VmSettings infer(Long2IntOpenHashMap gaps) {
        long g = 0;
        for (int v : gaps.values()) {
            g = gcd(g, v >>> 8);
        }
        int align = (int) Math.max(8, Math.min(256, Long.lowestOneBit(Math.max(g, 8))));
        VmSettings best = null;
        long bestScore = Long.MIN_VALUE;
        for (VmSettings s : candidates(align)) {
            FieldLayout[] memo = new FieldLayout[classes.size()];
            long score = 0;
            for (Long2IntOpenHashMap.Entry e : gaps.long2IntEntrySet()) {
                int index = (int) (e.getLongKey() >>> 4);
                int slot = (int) (e.getLongKey() & 15);
                long gap = e.getIntValue() >>> 8;
                HprofClass c = classes.at(index);
                long size;
                if (slot == 15) {
                    if (c.isArray()) {
                        continue;
                    }
                    size = layout(c, s, memo).instanceSize(s);
                } else {
                    if (!c.isArray()) {
                        continue;
                    }
                    size = s.arraySize(elementSize(c, s), slot);
                }
                if (size > gap) {
                    score -= 2; // impossible, objects do not overlap: this class's layout or these settings are wrong
                } else if (size == gap) {
                    score++;
                }
            }
            if (System.getenv("ASHWOOD_HPROF_DEBUG") != null) {
                System.err.println("settings " + s + " score " + score);
            }
            if (score > bestScore) {
                bestScore = score;
                best = s;
            }
        }
        return best;
    }

    /**
     * The layout's size, unless the distances between objects say otherwise: an object is never
     * larger than the distance to the next one, and when several of a class's objects are followed
     * at the same smallest distance, that distance is its size (in a compacted heap objects
     * touch). This covers what HPROF hides from the layout: fields HotSpot injects that
     * {@link Injected} does not know, and {@code @Contended} padding.
     */
    private long checked(HprofClass c, long computed, Long2IntOpenHashMap gaps) {
        int evidence = gaps.get((long) c.index << 4 | 15);
        if (evidence == 0) {
            return computed;
        }
        long gap = evidence >>> 8;
        int seen = evidence & 0xff;
        if (gap != computed && (gap < computed || seen >= 2)) {
            corrected++;
            if (System.getenv("ASHWOOD_HPROF_DEBUG") != null) {
                System.err.println("size of " + c.typeName + ": layout " + computed + ", distance " + gap + " (" + seen + " times)");
            }
            return gap;
        }
        return computed;
    }

    /** Classes whose size came from the distances between objects rather than the layout. */
    public int corrected() {
        return corrected;
    }

    private static List<VmSettings> candidates(int align) {
        List<VmSettings> list = new ArrayList<>();
        boolean[] tf = {true, false};
        for (boolean wordBase : tf) {
            for (boolean coops : tf) {
                for (boolean ccp : tf) {
                    list.add(new VmSettings(coops, ccp, false, align, wordBase));
                }
            }
        }
        list.add(new VmSettings(true, true, true, align, false));
        list.add(new VmSettings(false, true, true, align, false));
        return list;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private FieldLayout layout(HprofClass c, VmSettings s) {
        return layout(c, s, layouts);
    }

    /** The field layout of {@code c} (iteratively up the superclass chain, memoized by class index). */
    private FieldLayout layout(HprofClass c, VmSettings s, FieldLayout[] memo) {
        if (memo[c.index] != null) {
            return memo[c.index];
        }
        List<HprofClass> chain = new ArrayList<>();
        for (HprofClass k = c; k != null && memo[k.index] == null; k = k.superId == 0 ? null : classes.get(k.superId)) {
            chain.add(k);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            HprofClass k = chain.get(i);
            HprofClass sup = k.superId == 0 ? null : classes.get(k.superId);
            IntArrayList plain = new IntArrayList();
            IntArrayList contended = new IntArrayList();
            for (int f = 0; f < k.fieldTypes.length; f++) {
                int size = k.fieldTypes[f] == Hprof.OBJECT ? 0 : Hprof.primitiveSize(k.fieldTypes[f]);
                (Injected.contendedField(k, f) ? contended : plain).add(size);
            }
            plain.addElements(plain.size(), Injected.of(k));
            memo[k.index] = sup == null
                    ? FieldLayout.root(s.instanceHeader(), plain.toIntArray(), s.oopSize())
                    : FieldLayout.extend(memo[sup.index], s.instanceHeader(), plain.toIntArray(), contended.toIntArray(),
                            Injected.contendedClass(k), s.oopSize());
        }
        return memo[c.index];
    }

    private static int elementSize(HprofClass c, VmSettings s) {
        int type = c.elementType();
        return type == Hprof.OBJECT ? s.oopSize() : Hprof.primitiveSize(type);
    }

    private long size(int index, int length) {
        long s = instanceSize[index];
        if (s >= 0) {
            return s;
        }
        return vm.arraySize(elementSizes[index], Math.max(length, 0));
    }

    /** Every id is a multiple of 8: objects' and refs' (no chunk went raw), classes', roots', and those classes name. */
    private boolean allAligned(List<HprofChunk> chunks) {
        for (HprofChunk c : chunks) {
            if (c.raw) {
                return false;
            }
            for (int i = 0; i < c.rootRef.size(); i++) {
                if ((c.rootRef.getLong(i) & 7) != 0) {
                    return false;
                }
            }
        }
        for (int i = 0; i < classes.size(); i++) {
            HprofClass c = classes.at(i);
            long any = c.id | c.superId | c.loaderId | c.signersId | c.domainId;
            for (int f = 0; f < c.staticTypes.length; f++) {
                if (c.staticTypes[f] == Hprof.OBJECT) {
                    any |= c.staticValues[f];
                }
            }
            if ((any & 7) != 0) {
                return false;
            }
        }
        return true;
    }

    private long id(long raw) {
        return raw >>> shift;
    }

    /**
     * Where the value arrays of the Strings not joined in their own chunk kept their first bytes:
     * array id to chunk << 32 | entry. Few (a String whose array is in another block), so the
     * map holds only those, found by one pass over the arrays' ids.
     */
    private static Long2LongOpenHashMap textIndex(List<HprofChunk> chunks) {
        LongOpenHashSet wanted = new LongOpenHashSet();
        for (HprofChunk c : chunks) {
            for (int s = 0; s < c.stringArray.size(); s++) {
                wanted.add(c.stringArray.getLong(s));
            }
        }
        Long2LongOpenHashMap index = new Long2LongOpenHashMap(wanted.size());
        index.defaultReturnValue(-1);
        if (wanted.isEmpty()) {
            return index;
        }
        for (int k = 0; k < chunks.size(); k++) {
            HprofChunk c = chunks.get(k);
            for (int i = 0; i < c.textArray.size(); i++) {
                long id = c.textArray.getLong(i);
                if (wanted.contains(id)) {
                    index.put(id, (long) k << 32 | i);
                }
            }
            // An array a String of its own block took: its entry in that block's joined lists.
            for (int i = 0; i < c.joinedArray.size(); i++) {
                long id = c.joinedArray.getLong(i);
                if (wanted.contains(id)) {
                    index.put(id, (long) k << 32 | JOINED | i);
                }
            }
        }
        return index;
    }

    /** Marks an entry of {@link #textIndex} as one of a chunk's joined arrays, not one of its texts. */
    private static final long JOINED = 1L << 31;

    /**
     * Names the primitive types' mirrors ({@code int.class} ...). HPROF writes them as plain
     * instances of java.lang.Class, not as class dumps, so nothing names them; the box classes'
     * static {@code TYPE} fields point at them.
     */
    private void primitiveMirrors() {
        mirrorIds.defaultReturnValue(-1);
        for (String[] box : BOXES) {
            HprofClass c = classes.named(box[0]);
            for (int f = 0; c != null && f < c.staticNames.length; f++) {
                if (c.staticNames[f].equals("TYPE") && c.staticTypes[f] == Hprof.OBJECT && c.staticValues[f] != 0) {
                    mirrorIds.put(id(c.staticValues[f]), tables.strings.intern(box[1]));
                }
            }
        }
    }

    /** One record per class: its mirror, sized with its static fields; names, superclass, loader, statics as refs. */
    private ParsedChunk classObjects() {
        int n = classes.size();
        HprofClass javaLangClass = classes.named("java/lang/Class");
        long classInstance = javaLangClass != null ? instanceSize[javaLangClass.index] : vm.alignObject(vm.instanceHeader());
        int classType = tables.types.intern("java.lang.Class");
        ParsedChunk out = new ParsedChunk(0, n + 1, 4 * n + 16, true);
        IntArrayList codes = new IntArrayList();
        for (int i = 0; i < n; i++) {
            HprofClass c = classes.at(i);
            codes.clear();
            int start = out.refs.size();
            if (javaLangClass != null) {
                ref(out, codes, javaLangClass.id, "<class>");
            }
            ref(out, codes, c.superId, "<superclass>");
            ref(out, codes, c.loaderId, "<loader>");
            ref(out, codes, c.signersId, "<signers>");
            ref(out, codes, c.domainId, "<protection_domain>");
            IntArrayList sizes = new IntArrayList();
            for (int f = 0; f < c.staticNames.length; f++) {
                boolean pseudo = c.staticNames[f].startsWith("<");
                if (c.staticTypes[f] == Hprof.OBJECT) {
                    ref(out, codes, c.staticValues[f], c.staticNames[f]);
                    if (!pseudo) {
                        sizes.add(0);
                    }
                } else if (!pseudo) {
                    sizes.add(Hprof.primitiveSize(c.staticTypes[f]));
                }
            }
            out.nameRecord.add(out.records());
            out.nameId.add(tables.strings.intern(c.typeName));
            out.address.add(id(c.id));
            out.type.add(classType);
            out.size.add(c.isArray() ? classInstance : FieldLayout.mirrorSize(classInstance, sizes.toIntArray(), vm.oopSize(), vm));
            out.length.add(-1);
            out.value.add(ValueTable.NONE);
            out.shape.add(tables.shapes.intern(codes.elements(), 0, codes.size()));
            out.refCount.add(out.refs.size() - start);
        }
        HprofChunk own = read.own();
        for (int j = 0; j < own.rootRef.size(); j++) {
            out.rootRef.add(id(own.rootRef.getLong(j)));
            out.rootKind.add(own.rootKind.getInt(j));
            int serial = own.rootThreadSerial.getInt(j);
            long thread = serial == -1 ? 0 : own.threadObjects.get(serial);
            out.rootThread.add(thread == 0 ? RootFrames.NO_THREAD : id(thread));
            out.rootDepth.add(own.rootDepth.getInt(j));
        }
        return out;
    }

    private void ref(ParsedChunk out, IntArrayList codes, long target, String field) {
        if (target != 0) {
            out.refs.add(id(target));
            codes.add(ShapeTable.nameCode(tables.fieldNames.intern(field)));
        }
    }

    /** Each record's size, and each String's value and length from its array (found in any chunk). */
    private void finish(HprofChunk c, List<HprofChunk> all, Long2LongOpenHashMap texts) {
        ParsedChunk out = c.out;
        char[] chars = buffer.get();
        for (int s = 0; s < c.stringRecord.size(); s++) {
            long where = texts.get(c.stringArray.getLong(s));
            if (where >= 0 && (where & JOINED) != 0) {
                HprofChunk t = all.get((int) (where >>> 32));
                int e = (int) (where & (JOINED - 1));
                out.length.set(c.stringRecord.getInt(s), t.joinedLength.getInt(e));
                out.value.set(c.stringRecord.getInt(s), t.joinedValue.getInt(e));
            } else if (where >= 0) {
                c.joinString(c.stringRecord.getInt(s), c.stringCoder.getInt(s), all.get((int) (where >>> 32)), (int) where,
                        tables.strings, chars, read.valueChars());
            }
        }
        int n = c.records();
        if (!mirrorIds.isEmpty()) {
            for (int r = 0; r < n; r++) {
                int name = mirrorIds.get(out.address.get(r));
                if (name >= 0) {
                    out.nameRecord.add(r);
                    out.nameId.add(name);
                }
            }
        }
        int[] type = out.type.elements();
        for (int r = 0; r < n; r++) {
            int cls = type[r];
            out.size.add(size(cls, (int) out.length.get(r)));
            type[r] = typeIds[cls];
        }
    }
}
