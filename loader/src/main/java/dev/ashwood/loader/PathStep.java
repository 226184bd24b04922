package dev.ashwood.loader;

/**
 * One step of a path from a GC root to an object.
 *
 * @param address    the object at this step
 * @param type       its type name
 * @param field      the field, pseudo-field or array index that leads from the previous step to this
 *                   one; null on the first step and for Meliae dumps (which name no fields)
 * @param root       on the first step, the root kind holding the object ({@code "no referrers"} for
 *                   Meliae dumps, which record no roots); null on the other steps
 * @param thread     on the first step, when the root is a stack or JNI local: the address of the thread
 *                   holding it; else -1 (as {@link GcRoot#thread})
 * @param threadName that thread's name, null when unknown
 * @param depth      the root's frame depth (0 the top frame), -1 when none
 */
public record PathStep(long address, String type, String field, String root, long thread, String threadName, int depth) {
    /** A step whose root, if any, names no thread or frame. */
    public PathStep(long address, String type, String field, String root) {
        this(address, type, field, root, -1, null, -1);
    }

    /** The first step of a path: the object {@code root} holds, with the root's thread and frame. */
    public static PathStep atRoot(long address, String type, GcRoot root) {
        return new PathStep(address, type, null, root.kind(), root.thread(), root.threadName(), root.depth());
    }
}
