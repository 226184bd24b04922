package dev.ashwood.loader;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * What changed between two dumps ({@link Heap#diff}): per type counts and bytes, and, when the
 * dumps share an identity, which objects are new, which are gone and what holds the new ones.
 * Object indexes it returns are those of the heaps at the time of the diff: collapsing either
 * heap afterwards invalidates them.
 */
public final class HeapDiff {
    /** How objects of the two dumps are matched. */
    public enum Identity {
        /** Two dumps of one agent series ({@code identity=keep}): an id names the same object in both. */
        STABLE_IDS,
        /** Two Meliae dumps: the address names the object (Python objects do not move). */
        ADDRESSES,
        /** Nothing matches objects across the dumps: per type only. */
        NONE
    }

    private final Heap older;
    private final Heap newer;
    private final Identity identity;
    private final String note;
    private final List<TypeDelta> types;
    private final List<Holder> holders;
    private final BitSet newMask;
    private final BitSet goneMask;
    private final long newTotal;
    private final long newTotalBytes;
    private final long goneTotal;
    private final long goneTotalBytes;

    /** Built by {@link Heap#diff}; {@code newMask}/{@code goneMask} null without identity. */
    public HeapDiff(Heap older, Heap newer, Identity identity, String note, List<TypeDelta> types,
                    List<Holder> holders, BitSet newMask, BitSet goneMask) {
        this.older = older;
        this.newer = newer;
        this.identity = identity;
        this.note = note;
        this.types = List.copyOf(types);
        this.holders = List.copyOf(holders);
        this.newMask = newMask;
        this.goneMask = goneMask;
        long n = 0, nb = 0, g = 0, gb = 0;
        for (TypeDelta t : types) {
            if (t.newObjects() > 0) {
                n += t.newObjects();
            }
            if (t.goneObjects() > 0) {
                g += t.goneObjects();
            }
        }
        if (newMask != null) {
            for (int i = newMask.nextSetBit(0); i >= 0; i = newMask.nextSetBit(i + 1)) {
                nb += newer.size(i);
            }
            for (int i = goneMask.nextSetBit(0); i >= 0; i = goneMask.nextSetBit(i + 1)) {
                gb += older.size(i);
            }
        }
        this.newTotal = n;
        this.newTotalBytes = nb;
        this.goneTotal = g;
        this.goneTotalBytes = gb;
    }

    public Heap older() {
        return older;
    }

    public Heap newer() {
        return newer;
    }

    public Identity identity() {
        return identity;
    }

    /** True when objects were matched: new, gone and holders are known. */
    public boolean hasIdentity() {
        return identity != Identity.NONE;
    }

    /** One line: how objects were matched, or why the diff is per type only. */
    public String note() {
        return note;
    }

    /** Every type present in either dump, most bytes gained first (then most objects gained, then name). */
    public List<TypeDelta> types() {
        return types;
    }

    /** Holders of new objects, most new bytes first; empty without identity. */
    public List<Holder> holders() {
        return holders;
    }

    /** Objects new in the newer dump (-1 without identity). */
    public long newObjects() {
        return hasIdentity() ? newTotal : -1;
    }

    public long newBytes() {
        return hasIdentity() ? newTotalBytes : -1;
    }

    /** Objects of the older dump gone from the newer one (-1 without identity). */
    public long goneObjects() {
        return hasIdentity() ? goneTotal : -1;
    }

    public long goneBytes() {
        return hasIdentity() ? goneTotalBytes : -1;
    }

    /** Whether object {@code index} of the newer heap is new; false without identity. */
    public boolean isNew(int index) {
        return newMask != null && newMask.get(index);
    }

    /**
     * The new objects of a type, as indexes of the newer heap, largest first (as {@link Heap#all});
     * empty without identity. O(objects).
     */
    public int[] newObjects(String type) {
        return newMask == null ? new int[0] : filter(newer.all(type), newMask);
    }

    /** The objects of a type gone since the older dump, as indexes of the older heap, largest first. */
    public int[] goneObjects(String type) {
        return goneMask == null ? new int[0] : filter(older.all(type), goneMask);
    }

    private static int[] filter(int[] all, BitSet mask) {
        int n = 0;
        int[] out = new int[all.length];
        for (int i : all) {
            if (mask.get(i)) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
