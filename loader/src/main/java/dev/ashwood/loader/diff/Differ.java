package dev.ashwood.loader.diff;

import dev.ashwood.loader.DumpKind;
import dev.ashwood.loader.DumpOrigin;
import dev.ashwood.loader.HeapDiff.Identity;
import dev.ashwood.loader.RetainedRow;
import dev.ashwood.loader.TypeDelta;
import dev.ashwood.loader.analysis.DominatorTree;
import dev.ashwood.loader.analysis.Retention;
import dev.ashwood.loader.model.Cancel;
import dev.ashwood.loader.model.Model;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two models type by type (count, shallow bytes, and retained bytes from each model's
 * dominator tree) and, when they share an identity, object by object: an object of the newer dump
 * is the same as one of the older when both have the same address and the same type. O(objects of
 * both), no per-object Java objects: two bit sets.
 */
public final class Differ {
    private Differ() {
    }

    /** What {@link #compare} found; the masks are null without identity. */
    public record Result(Identity identity, String note, List<TypeDelta> types, BitSet newMask, BitSet goneMask) {
    }

    /** How the two dumps' objects can be matched, and the line that says so. */
    public record Match(Identity identity, String note) {
    }

    public static Match match(DumpKind oldKind, DumpOrigin oldOrigin, DumpKind newKind, DumpOrigin newOrigin) {
        if (oldKind != newKind) {
            return new Match(Identity.NONE, "per type only: one dump is " + describeOne(oldKind) + " and the other "
                    + describeOne(newKind) + ", so no object can be the same");
        }
        if (oldKind == DumpKind.MELIAE) {
            return new Match(Identity.ADDRESSES, "objects matched by address (Meliae dumps; Python objects do not move): "
                    + "an object freed and another of the same type allocated at its address between the dumps "
                    + "counts as the same object, so new and gone can each miss such reuse; Meliae dumps do not say "
                    + "which process they are from, so dumps of two processes show nearly everything as new");
        }
        if (oldKind != DumpKind.ASHWOOD) {
            return new Match(Identity.NONE, "per type only: " + describe(oldKind)
                    + " have no identity across dumps (an HPROF id is the object's address, and objects move)");
        }
        if (!oldOrigin.stableIds() || !newOrigin.stableIds()) {
            if (oldOrigin.pid() > 0 && newOrigin.pid() > 0 && oldOrigin.pid() != newOrigin.pid()) {
                // identity=keep would not help here: the cause to name is the two processes
                return new Match(Identity.NONE, "per type only: the dumps are of two processes (pids " + oldOrigin.pid()
                        + " and " + newOrigin.pid() + "), so no object can be the same");
            }
            String which = !oldOrigin.stableIds() && !newOrigin.stableIds() ? "neither dump was"
                    : !oldOrigin.stableIds() ? "the older dump was not" : "the newer dump was not";
            return new Match(Identity.NONE, "per type only: " + which
                    + " written with the agent option identity=keep, so ids are per dump and name no object across dumps");
        }
        if (!oldOrigin.series().equals(newOrigin.series())) {
            return new Match(Identity.NONE, "per type only: the dumps belong to different series (" + oldOrigin.series()
                    + ", " + newOrigin.series() + "): different JVMs, or different lives of the agent"
                    + (oldOrigin.pid() != newOrigin.pid() ? " (pids " + oldOrigin.pid() + " and " + newOrigin.pid() + ")" : ""));
        }
        if (oldOrigin.sequence() == newOrigin.sequence()) {
            return new Match(Identity.STABLE_IDS, "objects matched by id: the same dump (" + oldOrigin.sequence()
                    + " of series " + oldOrigin.series() + ") twice");
        }
        return new Match(Identity.STABLE_IDS, "objects matched by id: dumps " + oldOrigin.sequence() + " and "
                + newOrigin.sequence() + " of series " + oldOrigin.series() + " (identity=keep)"
                + (oldOrigin.sequence() > newOrigin.sequence() ? "; the older dump was taken after the newer one" : ""));
    }

    private static String describeOne(DumpKind kind) {
        return switch (kind) {
            case ASHWOOD -> "an ashwood dump (JVM)";
            case MELIAE -> "a Meliae dump (Python)";
            case HPROF -> "an HPROF file";
            default -> "a " + kind.name().toLowerCase() + " dump";
        };
    }

    private static String describe(DumpKind kind) {
        return switch (kind) {
            case ASHWOOD -> "ashwood dumps (JVM)";
            case MELIAE -> "Meliae dumps (Python)";
            case HPROF -> "HPROF files";
            default -> kind.name().toLowerCase() + " dumps";
        };
    }

    /**
     * @param olderTree the older model's dominator tree, for retained bytes per type
     * @param newerTree the newer model's
     */
    public static Result compare(Model older, DominatorTree olderTree, Model newer, DominatorTree newerTree, Match match) {
        // Per type: count, bytes of the older dump, count, bytes of the newer, retained of each.
        Map<String, long[]> rows = new LinkedHashMap<>();
        count(older, rows, 0);
        count(newer, rows, 2);
        for (RetainedRow row : Retention.byType(older, olderTree)) {
            rows.get(row.type())[4] = row.retainedBytes();
        }
        for (RetainedRow row : Retention.byType(newer, newerTree)) {
            rows.get(row.type())[5] = row.retainedBytes();
        }
        BitSet newMask = null;
        BitSet goneMask = null;
        long[] newByType = null;
        long[] goneByType = null;
        if (match.identity() != Identity.NONE) {
            newMask = new BitSet(newer.count);
            goneMask = new BitSet(older.count);
            newByType = new long[newer.tables.types.size()];
            goneByType = new long[older.tables.types.size()];
            int[] oldTypeOf = new int[newByType.length];
            for (int t = 0; t < oldTypeOf.length; t++) {
                oldTypeOf[t] = older.tables.types.find(newer.tables.types.get(t));
            }
            BitSet kept = new BitSet(older.count);
            for (int i = 0; i < newer.count; i++) {
                if ((i & 0xffff) == 0) {
                    Cancel.check();
                }
                int j = older.addresses.indexOf(newer.addresses.address(i));
                if (j >= 0 && older.type[j] == oldTypeOf[newer.type[i]]) {
                    kept.set(j);
                } else {
                    newMask.set(i);
                    newByType[newer.type[i]]++;
                }
            }
            for (int j = kept.nextClearBit(0); j < older.count; j = kept.nextClearBit(j + 1)) {
                goneMask.set(j);
                goneByType[older.type[j]]++;
            }
        }
        List<TypeDelta> types = new ArrayList<>(rows.size());
        for (Map.Entry<String, long[]> e : rows.entrySet()) {
            long[] r = e.getValue();
            long made = -1;
            long gone = -1;
            if (newByType != null) {
                int nt = newer.tables.types.find(e.getKey());
                int ot = older.tables.types.find(e.getKey());
                made = nt < 0 ? 0 : newByType[nt];
                gone = ot < 0 ? 0 : goneByType[ot];
            }
            types.add(new TypeDelta(e.getKey(), r[0], r[1], r[2], r[3], made, gone, r[4], r[5]));
        }
        types.sort(Comparator.comparingLong(TypeDelta::bytesDelta).reversed()
                .thenComparing(Comparator.comparingLong(TypeDelta::countDelta).reversed())
                .thenComparing(TypeDelta::type));
        return new Result(match.identity(), match.note(), types, newMask, goneMask);
    }

    /** Adds each present type's count and bytes at {@code at} and {@code at + 1} of its row. */
    private static void count(Model m, Map<String, long[]> rows, int at) {
        int types = m.tables.types.size();
        long[] count = new long[types];
        long[] bytes = new long[types];
        for (int i = 0; i < m.count; i++) {
            if ((i & 0xffff) == 0) {
                Cancel.check();
            }
            count[m.type[i]]++;
            bytes[m.type[i]] += m.size(i);
        }
        for (int t = 0; t < types; t++) {
            if (count[t] > 0) {
                long[] row = rows.computeIfAbsent(m.tables.types.get(t), k -> new long[6]);
                row[at] = count[t];
                row[at + 1] = bytes[t];
            }
        }
    }
}
