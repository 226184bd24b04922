package dev.ashwood.loader;

/**
 * The objects of a heap that its roots do not reach, as the dominator tree sees them.
 *
 * @param objects   how many
 * @param bytes     their shallow bytes
 * @param fromRoots true when the dump records GC roots, so these objects are garbage the dump kept
 *                  (an HPROF dump written without {@code live}); false for a dump without roots
 *                  (Meliae's), where they are what no object without referrers leads to (reference
 *                  cycles), which may be a leak
 */
public record Unreached(long objects, long bytes, boolean fromRoots) {
}
