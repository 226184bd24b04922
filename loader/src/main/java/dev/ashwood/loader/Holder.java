package dev.ashwood.loader;

import java.util.List;

/**
 * An object of the older dump that holds objects new in the newer one: for every new object, the
 * nearest object above it on its dominator chain in the newer dump that existed already (the
 * older object whose removal would free it), lifted along that chain from a container's internals
 * (its arrays, its nested-class entries) to the container itself. New objects that no older
 * object dominates are grouped under {@link #NO_HOLDER}, {@link #UNREACHED} or
 * {@link #AWAITING_FINALIZATION} instead.
 *
 * @param address    the holder's id (the same in both dumps), or {@link #NO_HOLDER} / {@link #UNREACHED} /
 *                   {@link #AWAITING_FINALIZATION}
 * @param type       its type
 * @param label      where it hangs: {@code "LeakyCache.SESSIONS"} (class and static field, or
 *                   type and field of the object above it), null when there is nothing above it or
 *                   the dump names no fields
 * @param newClass   when the holder is itself new, held by a static field of a class loaded
 *                   between the dumps (which dominates it): that class's name, and {@code label}
 *                   is its static field ({@code "Big.DATA"}); else null
 * @param newObjects new objects it holds, of every type
 * @param newBytes   their shallow bytes
 * @param topType    the type of the new objects directly under the holder's own structure that
 *                   carry the most bytes ({@code LeakyCache$Session} under a HashMap), or null
 * @param topCount   how many new objects of {@code topType} sit directly under it
 * @param path       a shortest path from a GC root to the holder in the newer dump, root first,
 *                   holder last (strong references preferred, as {@code Heap.path}); empty for
 *                   the groups
 */
public record Holder(long address, String type, String label, String newClass, long newObjects, long newBytes,
                     String topType, long topCount, List<PathStep> path) {
    /**
     * The address of the group of new objects that no single older object dominates: GC roots
     * themselves, objects held from more than one root, and what only such new objects hold.
     */
    public static final long NO_HOLDER = -1;
    /** The address of the group of new objects that no GC root reaches (garbage not yet collected). */
    public static final long UNREACHED = -2;
    /**
     * The address of the group of new objects awaiting finalization: only a
     * {@code java.lang.ref.Finalizer}'s referent leads the roots to them, so they go once
     * {@code finalize()} has run, whatever held them before.
     */
    public static final long AWAITING_FINALIZATION = -3;

    /** True for a real older object; false for the groups ({@link #NO_HOLDER}, {@link #UNREACHED}, {@link #AWAITING_FINALIZATION}). */
    public boolean isObject() {
        return address >= 0;
    }

    public Holder {
        path = List.copyOf(path);
    }
}
