package dev.ashwood.loader;

import dev.ashwood.loader.analysis.Paths;
import dev.ashwood.loader.analysis.DominatorTree;
import dev.ashwood.loader.analysis.Reach;
import dev.ashwood.loader.analysis.Retention;
import dev.ashwood.loader.analysis.Roots;
import dev.ashwood.loader.analysis.Summarizer;
import dev.ashwood.loader.analysis.TypeIndex;
import dev.ashwood.loader.diff.Differ;
import dev.ashwood.loader.diff.Holders;
import dev.ashwood.loader.model.Model;
import dev.ashwood.loader.runtime.Rebuilt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A loaded heap. Objects are numbered 0..{@link #objectCount()}-1 in address order; every
 * accessor taking an index throws IndexOutOfBoundsException for one outside that range. Accessors
 * are O(1) unless their doc says otherwise and build their result on demand (nothing per object
 * is kept as a Java object).
 *
 * <p>{@link #collapse()} and {@link #removeExpensiveReferences()} change the heap. Collapse removes
 * objects and renumbers the rest, so indexes taken before it are invalid afterwards (addresses stay
 * valid); dropping references keeps every index. Long operations check
 * {@link Thread#interrupted()} every few thousand objects and throw
 * {@link java.util.concurrent.CancellationException}, leaving the heap as it was. Thread-safe:
 * changes are serialized and readers see either the old or the new heap.
 */
public final class Heap {
    private volatile Model model;
    /** The dominator tree of one model state, computed on first use. */
    private volatile Retention.Of retention;
    private final Object retentionLock = new Object();
    private final boolean complete;
    private final List<String> warnings;
    private final DumpOrigin origin;
    /** The changes made since loading, in order ("collapse", "prune"); a new list on each change. */
    private volatile List<String> rewrites = List.of();

    Heap(Model model, boolean complete, List<String> warnings) {
        this(model, complete, warnings, DumpOrigin.NONE);
    }

    Heap(Model model, boolean complete, List<String> warnings, DumpOrigin origin) {
        this.model = model;
        this.complete = complete;
        this.warnings = List.copyOf(warnings);
        this.origin = origin;
    }

    /**
     * Whether {@code a} was dumped after {@code b} by the same agent series ({@code identity=keep}),
     * as the headers' sequence numbers say; false when they are not of one series.
     */
    public static boolean dumpedAfter(Heap a, Heap b) {
        DumpOrigin x = a.origin;
        DumpOrigin y = b.origin;
        return x.stableIds() && y.stableIds() && x.series().equals(y.series()) && x.sequence() > y.sequence();
    }

    /** What the dump's header says about where it came from ({@link DumpOrigin#NONE} for Meliae dumps). */
    public DumpOrigin origin() {
        return origin;
    }

    public DumpKind kind() {
        return model.format;
    }

    /** False when the dump was cut short (no footer, a cut last line or a cut gzip stream). */
    public boolean complete() {
        return complete;
    }

    /** One-line warnings from loading, each naming the file. */
    public List<String> warnings() {
        return warnings;
    }

    public int objectCount() {
        return model.count;
    }

    /** References, repeats included (those naming no record were left out at load). */
    public long referenceCount() {
        return model.totalRefs();
    }

    /** Sum of all shallow sizes. */
    public long totalBytes() {
        return model.totalBytes;
    }

    /** Memory held by the model's arrays and tables, in bytes (referrers included once built). */
    public long modelBytes() {
        return model.bytes();
    }

    /** The index of the object at {@code address}, -1 when absent. O(1) for ashwood ids, O(log n) for Meliae's pointers. */
    public int indexOf(long address) {
        return model.addresses.indexOf(address);
    }

    /** The index of the object at {@code address}; throws NoSuchObjectException when absent. */
    public int find(long address) {
        int i = model.addresses.indexOf(address);
        if (i < 0) {
            throw new NoSuchObjectException(address);
        }
        return i;
    }

    public long address(int index) {
        Model m = checked(index);
        return m.addresses.address(index);
    }

    public String type(int index) {
        return checked(index).typeName(index);
    }

    public long size(int index) {
        return checked(index).size(index);
    }

    /** The record's len (array length, string length, container size), -1 when it had none. */
    public int length(int index) {
        return (int) checked(index).length.get(index);
    }

    /** String, Long, Double, Boolean or null. */
    public Object value(int index) {
        Model m = checked(index);
        return m.tables.values.value(m.value[index]);
    }

    /** The record's name (class name of a java.lang.Class, name of a Python type or module), or null. */
    public String name(int index) {
        Model m = checked(index);
        int id = m.names.getOrDefault(index, -1);
        return id < 0 ? null : m.tables.strings.get(id);
    }

    /** Outgoing references as indexes, repeats kept, in dump order. Copies: O(refs). */
    public int[] refs(int index) {
        Model m = checked(index);
        return Arrays.copyOfRange(m.refs, m.refStart[index], m.refStart[index + 1]);
    }

    /**
     * What {@code refs(index)[k]} is: a field name, a pseudo-field such as {@code "<class>"}, or an
     * array index in decimal; null for Meliae dumps, which name no fields.
     */
    public String field(int index, int k) {
        Model m = checked(index);
        if (k < 0 || k >= m.refCount(index)) {
            throw new IndexOutOfBoundsException("object " + index + " has " + m.refCount(index) + " refs, not " + k);
        }
        return m.field(index, k);
    }

    /**
     * The distinct objects referring to this one, in index order. The first call builds the
     * referrers of every object (two passes over all references: seconds for tens of millions;
     * 4 bytes per distinct reference) and may throw CancellationException.
     */
    public int[] referrers(int index) {
        Model m = checked(index);
        return m.referrers().of(index);
    }

    /** The kinds of GC roots holding this object ({@code "jni_global"}, ...), empty when none. */
    public List<String> roots(int index) {
        Model m = checked(index);
        List<String> kinds = new ArrayList<>(1);
        for (int r = m.firstRoot(index); r < m.roots.length && (int) (m.roots[r] >>> 32) == index; r++) {
            kinds.add(m.tables.rootKinds.get((int) m.roots[r]));
        }
        return kinds;
    }

    /**
     * The GC roots holding this object, by kind as {@link #roots} orders them; a stack or JNI local
     * root once per thread and frame holding it, with the thread's name when the dump has it.
     * Empty when none. O(log roots) plus the thread objects' refs.
     */
    public List<GcRoot> gcRoots(int index) {
        return Roots.of(checked(index), index);
    }

    /** Every type name present, sorted. O(objects). */
    public List<String> typeNames() {
        return TypeIndex.presentTypes(model);
    }

    /**
     * Per-type counts and sizes over the whole heap (O(objects), allocation-free per object) or
     * over what is reachable from {@code options.root()} without passing through the excluded
     * objects (O(reachable objects + their refs)). May throw CancellationException.
     */
    public Summary summarize(SummaryOptions options) {
        Model m = model;
        if (options.root() >= m.count) {
            throw new IndexOutOfBoundsException("no object with index " + options.root());
        }
        return Summarizer.summarize(m, options);
    }

    /**
     * Count and bytes of everything reachable from the object, itself included, each object
     * once (Meliae's compute_total_size). O(reachable objects + refs); may throw
     * CancellationException.
     */
    public Total total(int index) {
        Model m = checked(index);
        long[] countAndBytes = Reach.total(m, index);
        return new Total(m.addresses.address(index), countAndBytes[0], countAndBytes[1]);
    }

    /** Every object of the type, largest first (then more refs first, then lower address). O(objects). */
    public int[] all(String type) {
        return TypeIndex.all(model, type);
    }

    /**
     * A shortest path from a GC root to the object (for Meliae dumps, from an object with no
     * referrers), root first, the object last; empty when none exists. Builds referrers if
     * needed; O(objects + refs) at worst; may throw CancellationException.
     */
    public List<PathStep> path(int index) {
        return Paths.shortest(checked(index), index);
    }

    /**
     * Folds private parts into their owners: for Meliae dumps exactly Meliae's
     * collapse_instance_dicts; for JVM dumps the rule in docs/architecture.md (arrays held by one
     * owner's field, and nested-class entries of such an owner). Returns how many objects were
     * folded away. Rebuilds the model: O(objects + refs), and about one model's worth of memory
     * while it runs; may throw CancellationException (the heap is then unchanged; its dominator
     * tree, if it was built, is built again on next use).
     */
    public synchronized int collapse() {
        // The tree describes the heap before the rebuild and goes anyway: drop it first, so its 12
        // bytes per object (20 once its children lists are built) are free for the rebuild (at
        // 30 M objects, 360-600 MB of a 2.5 GB heap).
        retention = null;
        Rebuilt r = model.runtime.collapse(model);
        model = r.model();
        retention = null;
        rewrites = append(rewrites, COLLAPSE);
        return r.changed();
    }

    /**
     * Drops the references that make everything reach everything: for Meliae dumps Meliae's rule
     * (refs to modules, frames and types; a function's globals and module); for JVM dumps every
     * {@code <class>} reference and the class-to-loader, -protection-domain, -signers and
     * -superclass edges. Returns how many references were dropped. O(objects + refs).
     */
    public synchronized int removeExpensiveReferences() {
        retention = null; // as in collapse: the rebuild gets the tree's room
        Rebuilt r = model.runtime.removeExpensiveReferences(model);
        model = r.model();
        retention = null;
        rewrites = append(rewrites, PRUNE);
        return r.changed();
    }

    /** The name of {@link #collapse()} in {@link #rewrites()}. */
    public static final String COLLAPSE = "collapse";
    /** The name of {@link #removeExpensiveReferences()} in {@link #rewrites()}. */
    public static final String PRUNE = "prune";

    /**
     * The changes made to the heap since it was loaded, in order: {@link #COLLAPSE} and
     * {@link #PRUNE}; empty for a heap as loaded. Two heaps compare alike ({@link #diff}) only
     * after the same changes.
     */
    public List<String> rewrites() {
        return rewrites;
    }

    /**
     * Makes the changes {@code other} had since loading that this heap has not had yet, in order,
     * so that the two compare alike ({@link #diff}). Costs what those changes cost.
     *
     * @throws IllegalArgumentException when this heap's own changes are not the first of other's
     */
    public synchronized void rewriteLike(Heap other) {
        List<String> mine = rewrites;
        List<String> theirs = other.rewrites;
        if (mine.size() > theirs.size() || !theirs.subList(0, mine.size()).equals(mine)) {
            throw new IllegalArgumentException("this heap was changed (" + describe(mine) + ") in a way the other ("
                    + describe(theirs) + ") was not");
        }
        for (String change : theirs.subList(mine.size(), theirs.size())) {
            if (change.equals(COLLAPSE)) {
                collapse();
            } else {
                removeExpensiveReferences();
            }
        }
    }

    private static List<String> append(List<String> list, String change) {
        List<String> out = new ArrayList<>(list);
        out.add(change);
        return List.copyOf(out);
    }

    private static String describe(List<String> changes) {
        return changes.isEmpty() ? "as loaded" : String.join(", then ", changes);
    }

    /**
     * What changed since {@code older}, this heap being the newer dump: per type counts and bytes;
     * when both dumps share an identity (two dumps of one agent series written with
     * {@code identity=keep}, or two Meliae dumps, matched by address) also which objects are new,
     * which are gone, and which older objects hold the new ones ({@link HeapDiff#note()} says which
     * case applies and why). Builds both heaps' dominator trees (see {@link #computeRetained}), for
     * the retained bytes per type and the holders. O(objects + references of both); may throw
     * CancellationException.
     *
     * @throws IllegalArgumentException when the two heaps were not changed alike since loading (one
     *                                  collapsed, the other not: see {@link #rewrites()})
     */
    public HeapDiff diff(Heap older) {
        List<String> mine = rewrites;
        List<String> theirs = older.rewrites;
        if (!mine.equals(theirs)) {
            throw new IllegalArgumentException("the heaps were changed differently since loading (the newer: "
                    + describe(mine) + "; the older: " + describe(theirs) + "), so their types do not compare; "
                    + "apply the same changes to both (see rewrites())");
        }
        Model o = older.model;
        Model n = model;
        Differ.Match match = Differ.match(o.format, older.origin, n.format, origin);
        Differ.Result r = Differ.compare(o, older.tree(o, ProgressListener.NONE), n, tree(n, ProgressListener.NONE), match);
        List<Holder> holders = r.newMask() == null ? List.of() : Holders.find(n, tree(n, ProgressListener.NONE), r.newMask());
        return new HeapDiff(older, this, r.identity(), r.note(), r.types(), holders, r.newMask(), r.goneMask());
    }

    /**
     * Builds the dominator tree of the heap as it is now, unless it is built already: the first
     * call after loading, {@link #collapse()} or {@link #removeExpensiveReferences()} takes
     * O(objects + refs) (about a second per 3 M objects), 24 bytes per object while it runs (plus
     * the referrers, if not built yet) and keeps 12 bytes per object. The tree's virtual root holds
     * the dump's GC roots (for a dump without roots, the objects nobody refers to) and then every
     * object they do not reach; every reference counts, {@code Reference.referent} included.
     * {@code progress} gets steps done of steps in all. May throw CancellationException (nothing
     * is kept; the next call starts again). Every retained-size method below calls this first.
     */
    public void computeRetained(ProgressListener progress) {
        tree(model, progress);
    }

    /** Whether the dominator tree of the heap as it is now is built (retained-size calls are then O(1) or O(objects)). */
    public boolean retainedComputed() {
        Retention.Of r = retention;
        return r != null && r.model() == model;
    }

    /**
     * Bytes the dominator tree keeps (12 per object, 20 once a command has needed its children
     * lists), 0 when it is not built for the heap as it is now.
     */
    public long retainedTreeBytes() {
        Retention.Of r = retention;
        return r != null && r.model() == model ? r.tree().bytes() : 0;
    }

    /** What the object retains and its immediate dominator. O(1) once the tree is built. */
    public Retained retained(int index) {
        Model m = checked(index);
        DominatorTree t = tree(m, ProgressListener.NONE);
        return new Retained(index, t.retainedCount(index), t.retainedBytes(index), t.dominator(index));
    }

    /**
     * Whether the GC roots reach the object (for a dump without roots, Meliae's: whether an object
     * nothing refers to reaches it). One the roots do not reach is garbage the dump kept (see
     * {@link #unreached()}); it hangs directly under the virtual root and retains only itself.
     * O(1) once the dominator tree is built.
     */
    public boolean reached(int index) {
        Model m = checked(index);
        return tree(m, ProgressListener.NONE).reached(index);
    }

    /**
     * The objects {@code index} immediately dominates, largest retained bytes first (then lower
     * index); {@link Retained#VIRTUAL_ROOT} for the top of the tree (the biggest retainers).
     * O(objects) the first time per heap state (the tree's children lists), then O(children log children).
     */
    public int[] dominated(int index) {
        Model m = index == Retained.VIRTUAL_ROOT ? model : checked(index);
        return tree(m, ProgressListener.NONE).children(index);
    }

    /**
     * Per type, the objects and bytes retained by all its objects together (each retained object
     * counted once), largest retained bytes first, then more objects, then type name. O(objects).
     */
    public List<RetainedRow> summarizeRetained() {
        Model m = model;
        return Retention.byType(m, tree(m, ProgressListener.NONE));
    }

    /** Every object of the type, largest retained bytes first, then lower index. O(objects). */
    public int[] allByRetained(String type) {
        Model m = model;
        return Retention.allByRetained(m, tree(m, ProgressListener.NONE), type);
    }

    /**
     * Objects, and groups of same-type objects under one dominator, retaining more than
     * {@code share} (0 to 1) of the heap's bytes, largest first; see {@link Suspect}. When the dump
     * records GC roots, garbage ({@link #unreached()}) is left out, so are objects awaiting
     * finalization ({@link #awaitingFinalization()}), and roots hanging straight under
     * the virtual root (classes, threads) form no group. O(objects) plus a path search per suspect;
     * may throw CancellationException.
     */
    public List<Suspect> suspects(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be above 0 and at most 1, not " + share);
        }
        Model m = model;
        return Retention.suspects(m, tree(m, ProgressListener.NONE), share);
    }

    /**
     * The objects that await finalization (see {@link AwaitingFinalization}); {@link #suspects}
     * leaves them out, and no Finalizer retains them. O(objects) once the tree is built.
     */
    public AwaitingFinalization awaitingFinalization() {
        Model m = model;
        return Retention.awaitingFinalization(m, tree(m, ProgressListener.NONE));
    }

    /**
     * Whether the object awaits finalization: only a {@code java.lang.ref.Finalizer}'s
     * {@code referent} leads the GC roots to it. O(1) once the dominator tree is built.
     */
    public boolean awaitingFinalization(int index) {
        Model m = checked(index);
        return tree(m, ProgressListener.NONE).awaitingFinalization(index);
    }

    /**
     * The objects the roots do not reach (see {@link Unreached}); {@link #suspects} leaves them out
     * when the dump records GC roots. O(objects) once the tree is built.
     */
    public Unreached unreached() {
        Model m = model;
        long[] u = Retention.unreached(m, tree(m, ProgressListener.NONE));
        return new Unreached(u[0], u[1], m.runtime.recordsRoots() && m.roots.length > 0);
    }

    private DominatorTree tree(Model m, ProgressListener progress) {
        Retention.Of r = retention;
        if (r != null && r.model() == m) {
            return r.tree();
        }
        synchronized (retentionLock) {
            r = retention;
            if (r == null || r.model() != m) {
                retention = null;
                r = new Retention.Of(m, Retention.tree(m, progress::onProgress));
                if (m == model) {
                    retention = r;
                }
            }
            return r.tree();
        }
    }

    private Model checked(int index) {
        Model m = model;
        if (index < 0 || index >= m.count) {
            throw new IndexOutOfBoundsException("no object with index " + index + " (the heap has " + m.count + ")");
        }
        return m;
    }
}
