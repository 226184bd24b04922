package dev.ashwood.loader;

import java.util.List;

/**
 * An object of the older dump that holds objects new in the newer one: for every new object, the
 * nearest object above it on its shortest path from a GC root that existed already, lifted from a
 * container's internals (its arrays, its nested-class entries) to the container itself.
 *
 * @param address    the holder's id (the same in both dumps)
 * @param type       its type
 * @param label      where it hangs: {@code "LeakyCache.SESSIONS"} (class and static field, or
 *                   type and field of the object above it), null when there is nothing above it or
 *                   the dump names no fields
 * @param newObjects new objects it holds, of every type
 * @param newBytes   their shallow bytes
 * @param topType    the type of the new objects directly under the holder's own structure that
 *                   carry the most bytes ({@code LeakyCache$Session} under a HashMap), or null
 * @param topCount   how many new objects of {@code topType} sit directly under it
 * @param path       the holder's path from a GC root in the newer dump, root first, holder last
 */
public record Holder(long address, String type, String label, long newObjects, long newBytes,
                     String topType, long topCount, List<PathStep> path) {
    public Holder {
        path = List.copyOf(path);
    }
}
