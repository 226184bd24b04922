package dev.ashwood.loader;

/**
 * What one object retains: the objects that would be freed if it went away (its subtree in the
 * dominator tree), itself included.
 *
 * @param index     the object
 * @param objects   how many objects it retains
 * @param bytes     the sum of their shallow sizes
 * @param dominator its immediate dominator (the nearest object every path from a root to it passes
 *                  through), or -1 when only the virtual root dominates it
 */
public record Retained(int index, long objects, long bytes, int dominator) {
    /** The {@link #dominator} of an object that only the virtual root dominates. */
    public static final int VIRTUAL_ROOT = -1;
}
