package dev.ashwood.loader;

/**
 * A GC root holding an object.
 *
 * @param kind       the root kind ({@code "jni_global"}, {@code "stack_local"}, ...)
 * @param thread     for a stack or JNI local, the address (id) of the {@code java.lang.Thread} whose
 *                   stack holds it; -1 when the dump names none (other kinds, a thread the agent could not
 *                   tag, an HPROF thread serial without its thread object)
 * @param threadName that thread's {@code name} string as the dump holds it, null when unknown
 * @param depth      the frame depth, 0 the top frame; -1 when the dump names none (HotSpot's JNI locals
 *                   of a thread with no Java frame)
 */
public record GcRoot(String kind, long thread, String threadName, int depth) {
    /** A root of this kind with no thread and no frame. */
    public GcRoot(String kind) {
        this(kind, -1, null, -1);
    }
}
